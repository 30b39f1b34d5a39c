"""Help for product owners: the glossary and the message for unknown sentences."""

from __future__ import annotations

from pathlib import Path

from behave.step_registry import StepRegistry

from support.authoring import check
from support.authoring import sentences
from support.authoring.check import check as problems_in
from support.authoring.sentences import load_sentences


def problems(paths: list[Path], known: list[sentences.Sentence]) -> list[str]:
    return [str(problem) for problem in problems_in(paths, known)]


NARRATIVE = """Feature: Subscribing
  As a reader
  I want to subscribe
  So that I hear of new entries

"""
UNKNOWN = """Feature: Subscribing
  Scenario: A reader subscribes
    When a visitor opens the blog
    And a visitor subscribes with "reader@example.org"
    Then the blog says "No entries here so far"
"""


def test_an_unknown_sentence_is_named_with_its_place_and_the_closest_known(
    tmp_path: Path,
) -> None:
    feature = tmp_path / "subscribing.feature"
    feature.write_text(UNKNOWN.replace("Feature: Subscribing\n", NARRATIVE))
    messages = problems([feature], load_sentences())
    assert len(messages) == 1
    message = messages[0]
    assert "subscribing.feature:8: the suite does not know the sentence" in message
    assert 'And a visitor subscribes with "reader@example.org"' in message
    assert "When a visitor opens the blog" in message, "the closest sentence is offered"


def test_every_sentence_in_the_features_is_known_once() -> None:
    features = sorted((sentences.ROOT / "features").rglob("*.feature"))
    assert features
    assert problems(features, load_sentences()) == []


def test_the_glossary_lists_every_sentence_with_an_example() -> None:
    known = load_sentences()
    text = sentences.catalogue(known)
    for sentence in known:
        assert f"**{sentence.said}**" in text or f"### {sentence.said}" in text
        assert sentence.examples, f"{sentence.pattern} ({sentence.location}) has no example"
        for example in sentence.examples:
            assert f"Example: `{example}`" in text


def test_a_sentence_whose_docstring_only_repeats_it_has_no_example() -> None:
    registry = StepRegistry()
    registry.add_step_definition("then", 'the blog shows the entry "{title}"', shows_entry)
    registry.add_step_definition("then", 'the blog shows the title "{title:Text}"', shows_title)
    registry.add_step_definition("then", "the blog is open", lambda context: None)
    registry.add_step_definition("then", 'the template "{value}" renders', renders)
    known = load_sentences(registry=registry)
    assert [s.examples for s in known] == [(), (), (), ('Then the template "{{value}}" renders',)]
    messages = sentences.example_problems(known)
    assert len(messages) == 3
    assert "the sentence 'the blog shows the entry \"{title}\"' has no example" in messages[0]


def shows_entry(context: object, title: str) -> None:
    """Then the blog shows the entry "{title}" """


def shows_title(context: object, title: str) -> None:
    """Then the blog shows the title "{title}" """


def renders(context: object, value: str) -> None:
    """Then the template "{{value}}" renders"""


def test_a_stale_catalogue_fails_the_check(tmp_path: Path, monkeypatch, capsys) -> None:
    stale = tmp_path / "steps.md"
    stale.write_text("# an old catalogue\n")
    monkeypatch.setattr(sentences, "CATALOGUE", stale)
    monkeypatch.setattr(check, "CATALOGUE", stale)
    assert check.main([]) == 1
    assert "docs/steps.md does not describe the sentences" in capsys.readouterr().err
    assert sentences.main(["catalogue"]) == 0
    assert check.main([]) == 0


BADLY_SHAPED = """Feature: Reading
  Readers read.

  Scenario: Empty
    When a visitor opens the blog

  Scenario: Empty

  Scenario: Nothing to do
"""


def test_features_that_read_badly_are_named(tmp_path: Path) -> None:
    feature = tmp_path / "reading.feature"
    feature.write_text(BADLY_SHAPED)
    messages = problems([feature], load_sentences())
    assert any("a feature opens with three lines: “As a …”" in m for m in messages)
    assert any(":7: the scenario “Empty” has no steps" in m for m in messages)
    assert any(":7: the scenario name “Empty” is already used at line 4" in m for m in messages)
    assert any(":9: the scenario “Nothing to do” has no steps" in m for m in messages)


def test_a_sentence_two_steps_understand_is_named_with_both(tmp_path: Path) -> None:
    known = load_sentences()

    def opens_anything(context: object, anything: str) -> None:
        """When a visitor opens the door"""

    sentences.global_registry.add_step_definition(
        "when", "a visitor opens {anything}", opens_anything
    )
    try:
        feature = tmp_path / "reading.feature"
        feature.write_text(NARRATIVE + "\n".join(UNKNOWN.splitlines()[1:3]) + "\n")
        messages = problems([feature], known)
    finally:
        sentences.global_registry.steps["when"].pop()
    assert len(messages) == 1
    assert "reading.feature:7: the sentence could mean more than one thing" in messages[0]
    assert "a visitor opens {page:Page}" in messages[0]
    assert "a visitor opens {anything}" in messages[0]


def test_every_sentence_scenarios_could_say_before_is_still_understood() -> None:
    """tests/sentences_before.txt: every step of the features and every example of the
    glossary before the glossary was rewritten for product owners (kind, tab, sentence)."""
    load_sentences()
    lines = (sentences.ROOT / "tests" / "sentences_before.txt").read_text(encoding="utf-8")
    lost = []
    for line in lines.splitlines():
        kind, text = line.split("\t", 1)
        definitions = (
            sentences.global_registry.steps[kind] + sentences.global_registry.steps["step"]
        )
        if not any(d.match(text) for d in definitions):
            lost.append(line)
    assert len(lines.splitlines()) > 250
    assert lost == [], "sentences that ran before and would no longer"


def test_a_glossary_whose_entries_moved_between_sections_is_still_current(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """A product owner's new feature may be the first to use a sentence, which moves its
    entry under that capability: no reason to fail their lint. A changed entry is."""
    text = sentences.catalogue(load_sentences())
    head, first, *rest = text.split("\n## ")
    moved = tmp_path / "moved.md"
    moved.write_text("\n## ".join([head, *rest, first]), encoding="utf-8")
    monkeypatch.setattr(check, "CATALOGUE", moved)
    assert check.main([]) == 0
    moved.write_text(text.replace("- Example: `Given the admin is logged in`", ""), "utf-8")
    assert check.main([]) == 1
    assert "docs/steps.md does not describe the sentences" in capsys.readouterr().err
