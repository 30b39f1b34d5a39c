"""The Gherkin standard as ``make lint``'s first judge: broken files named at the line the
standard names, in plain words; valid Gherkin never called a mistake.

tests/gherkin_bad/ holds broken files from Cucumber's own test data (cucumber/gherkin,
testdata/bad, MIT licence), as written there.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.test_mistakes import GOOD
from tests.test_mistakes import instead
from tests.test_mistakes import KOREAN
from tests.test_mistakes import OUTLINE
from tests.test_mistakes import STEP

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "gherkin_bad"

#: Each broken file, the line its first problem is said at, and words the message holds.
#: Cucumber's expected errors name the same lines, except where the file ends (they name
#: the line after the last; the message names the line that starts what is unfinished).
EXPECTED = {
    "backslash_at_end_of_line_in_datatable": (5, "ends with a backslash"),
    "file_ends_with_open_docstring": (4, "never closed (the file ends at line 4)"),
    "inconsistent_cell_count": (6, "this row has 1 cell, the table's first row 2"),
    "invalid_language": (1, "knows no language “no-such”"),
    "multiple_parser_errors": (2, "a feature file starts with “Feature: …”"),
    "not_gherkin": (1, "a feature file starts with “Feature: …”"),
    "repeated_step_docstring": (8, "this step already has a doc string at line 5"),
    "unexpected_end_of_file": (2, "the file ends after tags that tag nothing"),
    "unexpected_eof": (6, "the file ends after tags that tag nothing"),
    "unfinished_datatable": (5, "this table row is not finished"),
    "whitespace_in_tags": (3, "a tag is one word"),
}
GENERIC = ("behave cannot read this line", "the Gherkin standard cannot read this line")


def lint(*paths: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "support.authoring.check", *map(str, paths)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return done.stdout + done.stderr


def linted(tmp_path: Path, name: str, text: str) -> str:
    """What lint says of ``text``, written as the feature file ``name``."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return lint(path)


@pytest.fixture(scope="module")
def said() -> str:
    """What lint says of every broken file, in one run."""
    return lint(*(BAD / f"{name}.feature" for name in EXPECTED))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_broken_file_is_named_at_the_standards_line_in_plain_words(said: str, name: str) -> None:
    line, words = EXPECTED[name]
    place = f"{name}.feature:{line}: "
    assert place in said, f"nothing said at {place!r}:\n{said}"
    assert words in said.split(place, 1)[1].split("\n")[0], said
    mine = [text for text in said.split("\n") if f"{name}.feature:" in text]
    assert not any(generic in text for text in mine for generic in GENERIC), mine
    assert "Traceback" not in said


def test_a_second_error_of_the_same_doc_string_is_not_said_again(said: str) -> None:
    assert "repeated_step_docstring.feature:9:" not in said
    assert "repeated_step_docstring.feature:10:" not in said
    assert "multiple_parser_errors.feature:9: this line is neither a step nor a keyword" in said


def test_no_library_log_line_reaches_lint(said: str) -> None:
    assert "Malformed table row" not in said


@pytest.mark.parametrize("keyword", ["Example", "Scenario"])
def test_a_scenario_keyword_for_examples_under_an_outline_is_one_problem(
    tmp_path: Path, keyword: str
) -> None:
    out = linted(tmp_path, "outline.feature", instead("    Examples:", f"    {keyword}:", OUTLINE))
    assert f"outline.feature:11: “{keyword}:” starts a new scenario" in out
    assert "1 problem found." in out, out


VALID = """Feature: Opening hours
  As a reader
  I want to know when the shop is open
  So that I do not come in vain
  # The hours change in summer: the team rewrites this file then.

  Rule: The hours are shown
    The admin posts them once a week.
    # Readers asked for this in 2025.
    And readers see them at once.

    Scenario Outline: A name is asked for
      Given the admin is logged in
      When someone logs in with this username:
        \"\"\"
        <name>
        \"\"\"
      Then they are not logged in

      Examples:
        | name  |
        | admin |
"""


def test_valid_gherkin_is_no_mistake(tmp_path: Path) -> None:
    """A placeholder used only in a doc string is used; a description line starting with
    "And" is a description; a comment may stand among a description's lines."""
    (tmp_path / "valid.feature").write_text(VALID, encoding="utf-8")
    (tmp_path / "good.feature").write_text(GOOD, encoding="utf-8")
    assert "problem" not in lint(tmp_path)


@pytest.mark.parametrize(
    ("word", "said"),
    [
        # In a scenario Gherkin too reads "And …" as a step; behave refuses it first.
        ("And", "a description line that starts with “And” is read as a step"),
        # The standard's keywords are written as they are: "and …" is description.
        ("and", "this line is description by the Gherkin standard, but behave reads a line"),
    ],
)
def test_a_description_line_behave_takes_for_a_step_says_so(
    tmp_path: Path, word: str, said: str
) -> None:
    path = tmp_path / "and.feature"
    path.write_text(
        instead("    Given the admin", f"    The hours change.\n    {word} readers see it.\n"
                "    Given the admin"),
        encoding="utf-8",
    )  # fmt: skip
    out = lint(path)
    assert said in out and "1 problem found." in out, out


def test_a_feature_missing_from_the_reading_order_gets_lines_to_paste(tmp_path: Path) -> None:
    from support.authoring.reading_order import order_problems

    (tmp_path / "a.feature").write_text(GOOD, encoding="utf-8")
    (tmp_path / "new.feature").write_text(GOOD, encoding="utf-8")
    order = tmp_path / "reading-order.yaml"
    order.write_text("For readers:\n  - a.feature\n", encoding="utf-8")
    [message] = order_problems(tmp_path, order)
    pasted = message.split("\n", 1)[1]
    assert pasted == "For readers:\n  - a.feature\n  - new.feature"
    order.write_text(pasted + "\n", encoding="utf-8")
    assert order_problems(tmp_path, order) == []


def test_two_new_features_in_one_group_get_lines_that_hold_both(tmp_path: Path) -> None:
    """Each block to paste holds the files said before it: the last one pasted is whole."""
    from support.authoring.reading_order import order_problems

    for name in ("a.feature", "new.feature", "newer.feature"):
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
    order = tmp_path / "reading-order.yaml"
    order.write_text("For readers:\n  - a.feature\n", encoding="utf-8")
    *_, last = order_problems(tmp_path, order)
    order.write_text(last.split("\n", 1)[1] + "\n", encoding="utf-8")
    assert order_problems(tmp_path, order) == []


def test_lint_and_format_place_a_new_feature_in_the_same_group(tmp_path: Path) -> None:
    """Its twin's group (the same name in another folder), not the last: lint's lines to
    paste and make format's placing agree."""
    from support.authoring.reading_order import declared
    from support.authoring.reading_order import order_problems
    from support.authoring.reading_order import place_unlisted

    (tmp_path / "ko").mkdir()
    for name in ("ko/hours.feature", "hours.feature", "last.feature"):
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
    order = tmp_path / "reading-order.yaml"
    order.write_text("For readers:\n  - ko/hours.feature\nLast:\n  - last.feature\n")
    [message] = order_problems(tmp_path, order)
    assert "at the end of 'For readers'" in message, message
    pasted = message.split("\n", 1)[1]
    place_unlisted(tmp_path, order)
    assert declared(order) == yaml.safe_load(pasted) | {"Last": ["last.feature"]}


def test_a_mistake_in_a_background_is_said_once_not_once_an_example(tmp_path: Path) -> None:
    background = instead(
        "  Scenario Outline:",
        '  Background:\n    Given the admin’s account is "editor" with the password "x y"\n\n'
        "  Scenario Outline:",
        instead("      | Monday | Open at nine. |\n",
                "      | Monday | Open at nine. |\n      | Sunday | Closed.       |\n", OUTLINE),
    )  # fmt: skip
    path = tmp_path / "hours.feature"
    path.write_text(background, encoding="utf-8")
    said = [line for line in lint(path).splitlines() if "curly apostrophe" in line]
    assert len(said) == 1, said


def test_a_file_the_standard_speaks_of_gets_no_layout_message_besides(tmp_path: Path) -> None:
    """Tags written together: that is the problem; laying the file out is not another."""
    path = tmp_path / "hours.feature"
    path.write_text(instead("  Scenario:", "  @shop@hours\n  Scenario:"), encoding="utf-8")
    said = [line for line in lint(path).splitlines() if "hours.feature:" in line]
    assert len(said) == 1 and "written together" in said[0], said


DOC_STRINGS = '      """\n      admin\n      """\n      """\n      root\n      """\n'


def test_a_korean_step_with_two_doc_strings_is_named_like_an_english_one(tmp_path: Path) -> None:
    """The step keywords are the file's own language's (만일, 그리고 …), read from the
    Gherkin standard's dialects: the first doc string is found under its Korean step."""
    step = '    만일 관리자가 제목이 "영업 시간"이고 본문이 "아홉 시에 엽니다."인 글을 올리면\n'
    path = tmp_path / "korean.feature"
    path.write_text(
        instead(step, step + DOC_STRINGS, KOREAN),
        encoding="utf-8",
    )  # fmt: skip
    assert "korean.feature:14: this step already has a doc string at line 11" in lint(path)


def test_a_tag_with_a_space_is_one_problem(tmp_path: Path) -> None:
    """The standard's second error at the same line follows from the first."""
    path = tmp_path / "tag.feature"
    second = GOOD.split("\n\n", 1)[1].replace("  Scenario:", "  @needs review\n  Scenario:")
    path.write_text(GOOD + "\n" + second.replace("posts the hours", "posts them"), "utf-8")
    said = lint(path)
    assert "a tag is one word that starts with “@”" in said and "1 problem found." in said, said


@pytest.mark.parametrize(
    ("heading", "after_a_scenario"),
    [("Rule:", False), ("Rule:", True), ("규칙:", False), ("규칙:", True)],
)
def test_a_rule_heading_in_a_korean_file_is_named_whichever_word(
    tmp_path: Path, heading: str, after_a_scenario: bool
) -> None:
    """behave reads only "Rule:", the standard only "규칙:": either, first or after a
    scenario's steps, is one problem with the same fix."""
    from tests.test_mistakes import KOREAN

    if after_a_scenario:
        text = (
            KOREAN + f"\n  {heading} 두 번째\n\n  시나리오: 또\n    조건 관리자가 로그인해 있다\n"
        )
    else:
        text = instead("  시나리오:", f"  {heading} 관리자가 시간을 알린다\n\n  시나리오:", KOREAN)
    said = linted(tmp_path, "rule.feature", text)
    assert "make the heading and its description lines comments" in said, said
    assert "1 problem found." in said, said


def test_a_placeholder_only_in_a_media_type_is_named_as_behave_ignores_it(tmp_path: Path) -> None:
    """Not "used nowhere": the standard fills it in; behave, which drops media types,
    never does."""
    text = VALID.replace('        """\n        <name>', '        """<kind>\n        <name>')
    text = text.replace(
        "| name  |\n        | admin |", "| name  | kind  |\n        | admin | plain |"
    )
    said = linted(tmp_path, "media.feature", text)
    assert "“<kind>” stands only in the doc string's media type" in said, said
    assert "used nowhere" not in said and "1 problem found." in said, said


def test_lower_case_step_words_say_step_or_description_as_the_suite_knows_them(
    tmp_path: Path,
) -> None:
    from tests.test_format_standard import LOWER_CASE

    said = linted(tmp_path, "hours.feature", LOWER_CASE)
    assert "hours.feature:7: this line is description by the Gherkin standard" in said, said
    assert "hours.feature:10: write the keyword “When” with a capital letter" in said, said
    assert "2 problems found." in said, said


def test_a_description_under_examples_that_starts_with_a_step_word_is_one_problem(
    tmp_path: Path,
) -> None:
    """behave takes "But here is why." for a step of the outline and loses the rows: the
    cause is said, and nothing that follows from it."""
    text = instead("    Examples:\n", "    Examples:\n      But here is why.\n", OUTLINE)
    said = linted(tmp_path, "why.feature", text)
    assert "behave cannot read a description under “Examples:”" in said, said
    assert "1 problem found." in said, said


def test_behaves_refusal_names_the_keywords_of_the_files_language(tmp_path: Path) -> None:
    from tests.test_mistakes import KOREAN

    said = linted(tmp_path, "and.feature", KOREAN.replace("    조건 ", "    그리고 ", 1))
    assert "“그리고” or “하지만” cannot start a scenario" in said, said
    assert "start with 조건, 만일 or 그러면" in said, said


def test_a_lower_case_keyword_after_a_step_promises_no_help_format_cannot_give(
    tmp_path: Path,
) -> None:
    """After a step the standard cannot read "when …" at all; make format capitalises only
    a sentence the suite knows, so the message does not promise it for this one."""
    path = tmp_path / "typo.feature"
    path.write_text(
        instead(STEP, '    when the admin posts a entry titled "x" with the text "y"\n')
    )
    said = lint(path)
    assert "write the keyword “When” with a capital letter, not “when”" in said, said
    assert "make format" not in said, said


def test_an_english_language_line_with_a_capital_is_no_mistake(tmp_path: Path) -> None:
    """Both read "# Language: en" as English."""
    path = tmp_path / "en.feature"
    path.write_text("# Language: en\n" + GOOD, encoding="utf-8")
    assert "problem" not in lint(path)
