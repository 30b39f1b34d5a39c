"""The advice ``make lint`` gives beyond naming a mistake: the cases around each kind in
tests/test_mistakes.py, and what must not be called a mistake."""

from __future__ import annotations

from pathlib import Path

from support.authoring.advice import case_twins
from support.authoring.expectations import is_opening_a_page
from support.authoring.expectations import is_reading_the_page_shown
from support.authoring.sentences import load_sentences
from tests.test_mistakes import check_files
from tests.test_mistakes import GOOD
from tests.test_mistakes import instead
from tests.test_mistakes import OUTLINE

POSTS = '    When the admin posts an entry titled "Opening hours" with the text "Open at nine."\n'
TOLD = '    Then they are told "You were logged in"\n'


def lint(tmp_path: Path, text: str) -> str:
    path = tmp_path / "trial.feature"
    path.write_text(text, encoding="utf-8")
    return check_files(path).stderr


def test_a_column_in_capitals_and_its_placeholder_in_lower_case_is_one_problem(
    tmp_path: Path,
) -> None:
    converse = instead("| day    | hours ", "| day    | Hours ", OUTLINE)
    said = lint(tmp_path, converse)
    assert "trial.feature:8: “<hours>” has no column" in said
    assert "did you mean <Hours>?" in said
    assert "used nowhere" not in said
    assert "1 problem found." in said


def test_a_placeholder_without_any_column_keeps_the_plain_advice() -> None:
    assert case_twins(["hour", "day"], ["day", "hours"]) == {}


def test_a_curly_apostrophe_inside_a_quoted_value_is_no_mistake(tmp_path: Path) -> None:
    said = lint(tmp_path, GOOD.replace("Open at nine.", "Jo’s shop opens at nine."))
    assert said == ""


def test_a_curly_quote_in_a_sentence_nobody_knows_still_gets_the_closest(tmp_path: Path) -> None:
    said = lint(tmp_path, instead(POSTS, "    When the admin’s cat posts “Opening hours”\n"))
    assert "you typed ’ (a curly apostrophe) where the sentence has '" in said
    assert 'you typed “ (a curly opening quote) where the sentence has "' in said
    assert "The closest sentences it knows" in said


def test_a_then_about_the_page_after_a_step_that_opens_one_is_no_mistake(tmp_path: Path) -> None:
    after_login = instead(POSTS, "    When the admin logs in\n", instead(
        '    Then the blog shows an entry titled "Opening hours" with the text "Open at nine."\n',
        TOLD,
    ))  # fmt: skip
    assert lint(tmp_path, after_login) == ""


def test_a_page_opened_in_the_background_counts(tmp_path: Path) -> None:
    text = instead(
        "  Scenario: The admin posts the hours\n",
        "  Background:\n    When the admin logs in\n\n  Scenario: The admin posts the hours\n",
        GOOD,
    )
    text = instead(POSTS + text.split(POSTS)[1], TOLD, text)
    assert lint(tmp_path, text) == ""


def test_the_example_given_is_a_when_that_opens_a_page() -> None:
    from support.authoring.advice import opening_examples

    examples = opening_examples(load_sentences())
    assert examples and examples[0].startswith("When ")
    sentences = load_sentences()
    opened = [s for s in sentences if s.examples and s.examples[0] == examples[0]]
    assert opened and is_opening_a_page(opened[0].matcher.func)


def test_only_then_steps_read_the_page_shown_and_none_of_them_opens_one() -> None:
    readers = [s for s in load_sentences() if is_reading_the_page_shown(s.matcher.func)]
    assert readers, "no step declares that it reads the page shown"
    for sentence in readers:
        assert sentence.keyword == "then", sentence.pattern
        assert not is_opening_a_page(sentence.matcher.func), sentence.pattern


def test_a_then_that_looks_at_a_page_itself_counts_as_opening_one(tmp_path: Path) -> None:
    """ "Then the admin is still logged in" opens the front page to see: a page read after
    it is no mistake (a valid scenario the run passes)."""
    looked = instead(POSTS, "", instead(
        '    Then the blog shows an entry titled "Opening hours" with the text "Open at nine."\n',
        '    Then the admin is still logged in\n    And the page says "Log out"\n',
    ))  # fmt: skip
    assert lint(tmp_path, looked) == ""


def test_the_example_given_opens_a_page_for_the_person_the_scenario_is_about(
    tmp_path: Path,
) -> None:
    text = instead(POSTS, "", instead("    Given the admin is logged in\n", "", instead(
        '    Then the blog shows an entry titled "Opening hours" with the text "Open at nine."\n',
        '    Then the page says "Opening hours"\n    When a visitor opens the blog\n',
    )))  # fmt: skip
    said = lint(tmp_path, text)
    assert "such as: When a visitor opens the blog" in said, said


def test_a_sentence_under_the_wrong_keyword_is_one_problem_not_two(tmp_path: Path) -> None:
    """Once "When" starts it, the unknown sentence may open a page: nothing is said of the
    Then after it."""
    text = instead(POSTS, "    Given the admin logs in\n", instead(
        '    Then the blog shows an entry titled "Opening hours" with the text "Open at nine."\n',
        TOLD,
    ))  # fmt: skip
    said = lint(tmp_path, text)
    assert "this is a When sentence" in said and "1 problem found." in said, said


def test_going_back_to_the_newest_entries_after_asking_for_older_ones_is_no_mistake(
    tmp_path: Path,
) -> None:
    """Any step that shows an older page is what going back needs first."""
    text = instead(POSTS, POSTS + '    And a visitor asks for the entries older than "3"\n'
                   "    And the visitor goes back to the newest entries\n")  # fmt: skip
    assert lint(tmp_path, text) == ""


def test_a_then_after_a_given_written_slightly_wrong_is_not_said_to_need_a_page(
    tmp_path: Path,
) -> None:
    """The Given opens a page once its quotes are right: the only problem is its own."""
    text = instead(POSTS, '    Given the admin has typed an entry titled News with the text "x" '
                   "into the form\n", instead(
        '    Then the blog shows an entry titled "Opening hours" with the text "Open at nine."\n',
        TOLD,
    ))  # fmt: skip
    said = lint(tmp_path, text)
    assert "a value is written without its quotes" in said and "1 problem found." in said, said
