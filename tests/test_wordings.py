"""Every wording a scenario may need is in the glossary, and written as English and
Korean have it: the blog's messages, "1 entry", a Korean file's first line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support.authoring import sentences
from tests.test_suite import behave_project

ROOT = Path(__file__).resolve().parent.parent

ONE_ENTRY = """Feature: Counting
  As an admin
  I want the blog to count its entries
  So that I know what it holds

  Scenario: One entry
    Given the admin is logged in
    When the admin posts an entry titled "Opening hours" with the text "Nine to five."
    Then the blog holds 1 entry
"""


def test_the_glossary_lists_every_message_of_the_blog_with_a_sentence_quoting_it() -> None:
    glossary = (ROOT / "docs" / "steps.md").read_text(encoding="utf-8")
    for _, name, value in sentences.app_messages():
        line = f"- “{sentences.said_message(value)}”: `"
        assert line in glossary, f"{name} is not in the glossary: run make catalogue"
    assert "“New entry was posted. Removed from the text: <removed>.”: `Then they are told" in (
        glossary
    )
    assert "“The form is missing its <field> field.”" in glossary
    # Grouped by where the blog says them; quoted as the others said there are.
    assert "\nSaid by flask init-db, the operator's command that empties the blog" in glossary
    assert '“The blog holds 1 entry. Delete it?”: `Then flask init-db says "<words>"`' in glossary


def test_the_glossary_gives_every_word_the_blog_names_a_removal_with() -> None:
    """What fills <removed> ("a script", "embedded content"…), as app/text.py names it."""
    from app import text

    glossary = (ROOT / "docs" / "steps.md").read_text(encoding="utf-8")
    said = next(line for line in glossary.splitlines() if line.startswith("`<removed>` names"))
    missing = [words for words in [*text.REMOVED, text.OTHER] if f"“{words}”" not in said]
    assert missing == [], f"not in the glossary's <removed> line: {missing}"


def test_the_glossary_gives_the_korean_keywords_from_behave() -> None:
    glossary = (ROOT / "docs" / "steps.md").read_text(encoding="utf-8")
    assert "`# language: ko`" in glossary
    for english, words in (("Feature", "“기능”"), ("Scenario", "“시나리오”"), ("Then", "“그러면”")):
        assert f"- {english}: {words}" in glossary


def behave(tmp_path: Path, feature: str) -> subprocess.CompletedProcess:
    """behave, with the suite's steps, on ``feature`` alone."""
    project, env = behave_project(tmp_path, feature)
    return subprocess.run(
        [sys.executable, "-m", "behave", "-D", "driver=client", "--format", "progress",
         "features"],
        cwd=project, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def lint(folder: Path) -> subprocess.CompletedProcess:
    files = sorted(str(p) for p in folder.glob("*.feature"))
    return subprocess.run(
        [sys.executable, "-m", "support.authoring.check", *files],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_one_entry_is_counted_in_the_singular(tmp_path: Path) -> None:
    run = behave(tmp_path, ONE_ENTRY)
    assert run.returncode == 0 and "1 scenario passed" in run.stdout, run.stdout + run.stderr


def test_a_korean_file_needs_no_blank_line_after_its_language_line(tmp_path: Path) -> None:
    text = (ROOT / "features" / "ko" / "logging_in.feature").read_text(encoding="utf-8")
    assert text.startswith("# language: ko\n\n")
    text = text.replace("# language: ko\n\n", "# language: ko\n", 1)
    run = behave(tmp_path, text)
    assert run.returncode == 0 and "0 failed" in run.stdout, run.stdout + run.stderr
    checked = lint(tmp_path / "project" / "features")
    assert "blank line" not in checked.stdout + checked.stderr, checked.stdout


def test_the_glossary_says_which_sentences_need_a_page_open_before_them() -> None:
    """The sentences that read the page shown, marked so, and no other."""
    from support.authoring.expectations import is_reading_the_page_shown

    glossary = (ROOT / "docs" / "steps.md").read_text(encoding="utf-8")
    entries = {block.split("\n", 1)[0]: block for block in glossary.split("\n### ")[1:]}
    for sentence in sentences.load_sentences():
        if sentence.language != "en" or sentence.said not in entries:
            continue
        needs_page = "a page open, since it reads the page shown" in entries[sentence.said]
        assert needs_page == is_reading_the_page_shown(sentence.matcher.func), sentence.said


EMPTY_TITLE = """Feature: Correcting
  As an admin
  I want a correction without a title refused
  So that every entry keeps a title

  Scenario: An emptied title is refused
    Given the admin is logged in
    When the admin posts an entry titled "Summer hours" with the text "Closed in August."
    And the admin changes the title of "Summer hours" to ""
    Then the entry is refused because "Title is required"

  Scenario: An entry without a text is shown without one
    Given the admin is logged in
    When the admin posts an entry titled "Quiet day" with the text ""
    Then the blog shows an entry titled "Quiet day" with the text ""
"""


def test_an_entrys_title_and_text_may_be_written_empty(tmp_path: Path) -> None:
    """ "" is a title or a text as much as "   ": posting, correcting and what the blog
    shows take it."""
    run = behave(tmp_path, EMPTY_TITLE)
    assert run.returncode == 0 and "2 scenarios passed" in run.stdout, run.stdout + run.stderr


def test_a_group_of_messages_is_headed_by_the_comment_after_a_blank_line() -> None:
    source = (
        '"""Messages."""\n\n# On the front page,\n# when it is empty.\nEMPTY = "x"\n'
        '# a note, not a heading\nOLDER = "y"\n\n# By flask init-db.\nDONE = "z"\n'
    )
    values = {"EMPTY": "x", "OLDER": "y", "DONE": "z"}
    assert sentences.message_groups(source, values) == [
        ("On the front page, when it is empty.", "EMPTY", "x"),
        ("On the front page, when it is empty.", "OLDER", "y"),
        ("By flask init-db.", "DONE", "z"),
    ]


def test_a_message_with_a_part_filled_in_is_the_blogs_own() -> None:
    assert sentences.misquoted("New entry was posted. Removed from the text: a script.") is None
    assert sentences.misquoted("Invalid username or password") is None
    assert "closest it says is “Invalid username or password”" in (
        sentences.misquoted("Invalid username or password.") or ""
    )


def test_the_glossary_gives_every_setting_its_default_and_what_it_must_be() -> None:
    from app.config import CHECKED_KEYS

    glossary = (ROOT / "docs" / "steps.md").read_text(encoding="utf-8")
    for key, (_check, wanted) in CHECKED_KEYS.items():
        assert f"“{key} must be {wanted}”" in glossary, key
    assert "- `MAIL_PORT`: `25` by default" in glossary
    assert "- `DATABASE`: `instance/flaskr.sqlite` by default" in glossary
