"""``make format`` keeps what the Gherkin standard reads, and places a new feature file."""

from __future__ import annotations

import shutil
from pathlib import Path

from support.authoring import layout

ROOT = Path(__file__).resolve().parent.parent

#: Doc strings with media types and blank lines holding spaces (one in a
#: description, one between steps), badly indented.
MEDIA = """Feature: Feeds
  As an operator
  \n  I want the feed as XML
  So that readers can follow the blog

  Scenario: The feed is XML
      Given the admin is logged in
    When the admin posts an entry with text:
        \"\"\"xml
        <entry>Hello</entry>
        \"\"\"
    \n    Then the blog holds 1 entries
      \"\"\"json
      {"entries": 1}
      \"\"\"
"""


def formatted(feature: Path, text: str) -> str:
    """``text``, written to ``feature`` and laid out by make format."""
    feature.write_text(text, encoding="utf-8")
    assert layout.main(["format", str(feature)]) == 0
    return feature.read_text(encoding="utf-8")


def test_media_types_are_kept_and_blank_lines_left_empty(tmp_path: Path) -> None:
    after = formatted(tmp_path / "feeds.feature", MEDIA)
    assert '      """xml\n      <entry>Hello</entry>\n      """\n' in after, after
    assert '      """json\n      {"entries": 1}\n      """\n' in after, after
    assert "    Given the admin is logged in\n" in after, after
    assert [n for n, line in enumerate(after.split("\n"), 1) if line != line.rstrip()] == []
    assert layout.gherkin_reading(after) == layout.gherkin_reading(MEDIA)


def test_a_change_the_gherkin_standard_sees_is_refused_at_its_line(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    feature = tmp_path / "feeds.feature"
    feature.write_text(MEDIA, encoding="utf-8")

    def forgetful(texts: dict[Path, str]) -> dict[Path, str]:
        """A formatter that drops media types: behave reads the same, Gherkin does not."""
        return {path: text.replace('"""xml', '"""') for path, text in texts.items()}

    monkeypatch.setattr(layout, "laid_out", forgetful)
    unchanged = lambda before, after: after  # noqa: E731
    monkeypatch.setattr(layout, "with_doc_strings_as_written", unchanged, raising=False)
    assert layout.main(["format", str(feature)]) == 1
    assert feature.read_text(encoding="utf-8") == MEDIA
    said = capsys.readouterr().err
    assert "feeds.feature:10: " in said and "media type 'xml' would be dropped" in said, said
    assert any(":10: " in m and "'xml'" in m for m in layout.layout_problems([feature]))


def test_a_new_feature_file_is_added_to_the_end_of_its_group(tmp_path: Path, capsys) -> None:
    copies = tmp_path / "features"
    shutil.copytree(ROOT / "features", copies)
    shutil.copy(copies / "ko" / "posting.feature", copies / "ko" / "feeds.feature")
    (copies / "feeds.feature").write_text(MEDIA, encoding="utf-8")
    shutil.copy(copies / "posting.feature", copies / "archive.feature")
    order = copies / "reading-order.yaml"
    order.write_text(
        order.read_text(encoding="utf-8").replace(
            "  - configuration.feature\n", "  - configuration.feature\n  - ko/feeds.feature\n"
        ),
        encoding="utf-8",
    )
    layout.main(["format", str(copies)])
    said = capsys.readouterr().out
    text = order.read_text(encoding="utf-8")
    assert "  - database.feature\n  - feeds.feature\nFor developers:" in text, text
    assert text.endswith("  - request_lifecycle.feature\n  - archive.feature\n"), text
    lines = sorted(line for line in said.split("\n") if "reading-order.yaml" in line)
    assert len(lines) == 2, said
    assert "archive.feature: added to" in lines[0] and "'For developers'" in lines[0], lines
    assert "feeds.feature: added to" in lines[1] and "'For operators'" in lines[1], lines
    from support.authoring.reading_order import order_problems

    assert order_problems(copies, order) == []


def test_spaces_on_a_blank_line_after_a_description_are_laid_out(tmp_path: Path) -> None:
    """Trailing spaces are layout, not words: the file is laid out, not refused."""
    feature = tmp_path / "posting.feature"
    text = (ROOT / "features" / "posting.feature").read_text(encoding="utf-8")
    first_blank = text.split("\n").index("")
    lines = text.split("\n")
    lines[first_blank] = "    "
    feature.write_text("\n".join(lines), encoding="utf-8")
    assert layout.main(["format", str(feature)]) == 0
    assert feature.read_text(encoding="utf-8") == text


def test_a_new_file_joins_a_group_written_at_the_margin(tmp_path: Path) -> None:
    """A list written at the heading's own margin is valid YAML: the new item is written
    the same way, and the file still reads."""
    from support.authoring.reading_order import declared
    from support.authoring.reading_order import place_unlisted

    copies = tmp_path / "features"
    copies.mkdir()
    for name in ("reading.feature", "posting.feature"):
        shutil.copy(ROOT / "features" / name, copies / name)
    order = copies / "reading-order.yaml"
    order.write_text("For readers:\n- reading.feature\n", encoding="utf-8")
    said = place_unlisted(copies, order)
    assert declared(order) == {"For readers": ["reading.feature", "posting.feature"]}, said
    assert (
        order.read_text(encoding="utf-8") == "For readers:\n- reading.feature\n- posting.feature\n"
    )


LOWER_CASE = """Feature: Opening hours
  As a reader
  I want to know when the shop is open
  So that I do not come in vain

  Scenario: The admin posts the hours
    when the blog opens, readers see it.

    Given the admin is logged in
    when the admin posts an entry titled "Opening hours" with the text "Open at nine."
    Then they are told "New entry was successfully posted"
"""


def test_a_lower_case_keyword_gets_its_capital_only_on_a_sentence_the_suite_knows(
    tmp_path: Path,
) -> None:
    """A step meant as one is capitalised; a description line that starts with "when" is
    the standard's description, and stays so."""
    after = formatted(tmp_path / "hours.feature", LOWER_CASE)
    assert "    when the blog opens, readers see it.\n" in after, after
    assert '    When the admin posts an entry titled "Opening hours"' in after, after


def test_a_table_out_of_line_is_named_at_its_rows(tmp_path: Path) -> None:
    """Not "this line would read …" at the table's first row: the rows out of line."""
    from tests.test_mistakes import OUTLINE

    feature = tmp_path / "hours.feature"
    feature.write_text(OUTLINE.replace("| Monday | Open at nine. |", "| Monday |  Open at nine. |"))
    said = layout.layout_problems([feature])
    assert len(said) == 1 and ":13: " in said[0], said
    assert "the table's columns are not lined up (line 13)" in said[0], said
