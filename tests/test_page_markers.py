"""The page markers on the step functions are right: ``@reads_the_page_shown`` on exactly
the steps that read the page the browser last showed, found by running them.

``make lint`` trusts the markers to say "a Then about the page shown, but no step before
it opens a page". A step that reads the page but is not marked lets that mistake through
to the run; a step marked but not reading the page makes lint call a valid scenario a
mistake. So every sentence of the glossary runs once, in one behave run, after only the
Givens it needs and no step that opens a page: those whose scenario fails with the
driver's "no page has been opened yet" read the page shown. Each Given runs once more
with a step reading the page after it: those that leave a page open are the ones marked
``@opens_a_page``.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from support.authoring.expectations import is_opening_a_page
from support.authoring.expectations import is_outside_the_page
from support.authoring.expectations import is_reading_the_page_shown
from support.authoring.sentences import load_sentences
from support.authoring.sentences import Sentence
from support.authoring.sentences import under
from support.drivers.base import PageDriver
from tests.test_suite import behave_project
from tests.test_suite import default_sigint

#: What the driver says when a step reads the page shown before any page was opened.
NO_PAGE = "no page has been opened yet"

#: The word a scenario's first step of each kind starts with, in place of "And" or "But".
FIRST_WORDS = {
    "en": {"given": "Given", "when": "When", "then": "Then", "step": "Given"},
    "ko": {"given": "조건", "when": "만일", "then": "그러면", "step": "조건"},
}
CONTINUING = {"And", "But", "그리고", "하지만", "단"}


#: A step that reads the page shown, put after a Given to see whether it left one open:
#: it fails with NO_PAGE if not, and with what the page showed if so.
PROBE = 'Then the page says "a text no page of the blog shows"'


@dataclass(frozen=True)
class Trial:
    """One sentence to run: the steps its scenario holds, the sentence's own last, or
    the PROBE after it (``probed``)."""

    sentence: Sentence
    steps: tuple[str, ...]
    probed: bool = False

    @property
    def func(self) -> Callable[..., Any]:
        assert self.sentence.matcher is not None
        return self.sentence.matcher.func


def example_lines(sentence: Sentence) -> list[str]:
    """The sentence's first example, with the table or doc string its docstring shows
    under it."""
    assert sentence.matcher is not None
    example = sentence.examples[0]
    doc = [line.strip() for line in (inspect.getdoc(sentence.matcher.func) or "").splitlines()]
    word, words = example.split(" ", 1)
    if word in CONTINUING:  # "But the session cookie …" alone in its scenario
        word = FIRST_WORDS[sentence.language][sentence.keyword]
    return [f"{word} {words}", *under(example, doc)]


def preparation(sentence: Sentence, sentences: list[Sentence]) -> list[str] | None:
    """The steps the sentence needs before it, none opening a page: one Given it names as
    needed, or nothing if it needs none. None when only a When or a step that opens a
    page will do: then a page is open before it in any scenario lint passes."""
    assert sentence.matcher is not None
    needed = getattr(sentence.matcher.func, "needs_first", None)
    if not needed:
        return []
    for first in sentences:
        if (
            first.matcher is not None
            and first.matcher.func in needed
            and first.keyword == "given"
            and first.language == sentence.language
            and first.examples
            and not is_opening_a_page(first.matcher.func)
        ):
            return example_lines(first)
    return None


def trials() -> list[Trial]:
    """Every sentence of the glossary with an example, after what it needs (but those
    declared to work outside any page, which never read it)."""
    sentences = load_sentences()
    found = []
    for sentence in sentences:
        if sentence.matcher is not None and is_outside_the_page(sentence.matcher.func):
            continue  # declared to work on a mail, a file or a command: see the test below
        before = preparation(sentence, sentences)
        if sentence.examples and before is not None:
            steps = (*before, *example_lines(sentence))
            found.append(Trial(sentence, steps))
            if sentence.keyword == "given" and sentence.language == "en":
                found.append(Trial(sentence, (*steps, PROBE), probed=True))
    return found


def feature(trials: list[tuple[int, Trial]], language: str) -> str:
    """One feature file, a scenario named by its number for each trial."""
    words = {"en": ("Feature", "Scenario"), "ko": ("기능", "시나리오")}[language]
    lines = [f"# language: {language}", "", f"{words[0]}: Every sentence alone", ""]
    for number, trial in trials:
        lines += [f"  {words[1]}: {number}", *(f"    {step}" for step in trial.steps), ""]
    return "\n".join(lines)


def run(tmp_path: Path, all_trials: list[Trial]) -> dict[int, dict[str, Any]]:
    """Run every trial in one behave run; each trial's number with its last step's result
    (the sentence's), as behave's JSON formatter gives it."""
    numbered = list(enumerate(all_trials))
    english = [(n, t) for n, t in numbered if t.sentence.language == "en"]
    korean = [(n, t) for n, t in numbered if t.sentence.language == "ko"]
    project, env = behave_project(tmp_path, feature(english, "en"))
    (project / "features" / "korean.feature").write_text(feature(korean, "ko"), encoding="utf-8")
    report = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "behave", "--no-color", "-D", "driver=client",
         "--format", "json", "--outfile", str(report), "features"],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
        preexec_fn=default_sigint,
    )  # fmt: skip
    assert report.exists(), done.stdout + done.stderr
    results = {}
    for written in json.loads(report.read_text(encoding="utf-8")):
        for scenario in written.get("elements", []):
            if scenario.get("type") == "scenario":
                last = scenario["steps"][-1]
                results[int(scenario["name"])] = last.get("result", {"status": "skipped"})
    return results


def reads_the_page(result: dict[str, Any]) -> bool:
    """Whether a step's result is the driver's failure for a page not yet opened."""
    error = result.get("error_message") or ""
    said = "\n".join(error) if isinstance(error, list) else error
    return result["status"] == "failed" and NO_PAGE in said


def outcome(result: dict[str, Any]) -> str:
    """What a step did, in a few words: "passed", or "failed: <its first line>"."""
    error = result.get("error_message") or ""
    said = "\n".join(error) if isinstance(error, list) else error
    lines = [line for line in said.splitlines() if line.strip()]
    return f"{result['status']}: {lines[-1].strip()}" if lines else result["status"]


def name(func: Callable[..., Any]) -> str:
    return f"{Path(inspect.getfile(func)).name}: {func.__name__}"


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Trial], dict[int, dict]]:
    all_trials = trials()
    return all_trials, run(tmp_path_factory.mktemp("page_markers"), all_trials)


def test_the_driver_still_says_no_page_has_been_opened() -> None:
    """The words this check looks for are the driver's own."""
    assert NO_PAGE in inspect.getsource(PageDriver)


def test_every_sentence_ran_as_far_as_itself(ran: tuple[list[Trial], dict[int, dict]]) -> None:
    """A sentence whose preparation failed says nothing of what it reads."""
    all_trials, results = ran
    unrun = [
        f"{all_trials[n].sentence.said}: {result['status']}"
        for n, result in sorted(results.items())
        if result["status"] in ("skipped", "untested", "undefined") and not all_trials[n].probed
    ]
    assert len(results) == len(all_trials) and not unrun, "\n".join(unrun)


def test_the_steps_marked_as_reading_the_page_shown_are_those_that_do(
    ran: tuple[list[Trial], dict[int, dict]],
) -> None:
    all_trials, results = ran
    reading: dict[Callable[..., Any], Sentence] = {}
    marked: dict[Callable[..., Any], Sentence] = {}
    found: dict[Callable[..., Any], str] = {}
    # English phrasings first, so that a message names the sentence in English.
    for number, trial in sorted(enumerate(all_trials), key=lambda t: t[1].sentence.language):
        if trial.probed:
            continue
        if reads_the_page(results[number]):
            reading.setdefault(trial.func, trial.sentence)
        if is_reading_the_page_shown(trial.func):
            marked.setdefault(trial.func, trial.sentence)
            found.setdefault(trial.func, outcome(results[number]))
    wrong = [
        f"“{sentence.said}” ({name(func)}) fails with “{NO_PAGE}” when no step before "
        "it opens a page: mark it @reads_the_page_shown, so that make lint says so first"
        for func, sentence in reading.items()
        if func not in marked
    ] + [
        f"“{sentence.said}” ({name(func)}) is marked @reads_the_page_shown, but with no "
        f"page opened before it, it {found[func]}: remove the marker, or make lint calls "
        "a valid scenario a mistake"
        for func, sentence in marked.items()
        if func not in reading
    ]
    assert not wrong, "\n".join(wrong)


def test_no_step_declared_outside_the_page_reads_the_page_shown() -> None:
    """Those are not run above (a mail step waits out its time for a mail that never
    comes): their declaration must not contradict the marker."""
    both = [
        s.said
        for s in load_sentences()
        if s.matcher is not None
        and is_outside_the_page(s.matcher.func)
        and (is_reading_the_page_shown(s.matcher.func) or is_opening_a_page(s.matcher.func))
    ]
    assert not both, f"declared outside the page, yet marked as reading or opening one: {both}"


def test_the_givens_marked_as_opening_a_page_are_those_that_leave_one_open(
    ran: tuple[list[Trial], dict[int, dict]],
) -> None:
    """A Given that leaves a page open unmarked makes lint call a Then after it a mistake;
    one marked that leaves none lets a Then with nothing to read through to the run."""
    all_trials, results = ran
    wrong = []
    checked = 0
    for number, trial in enumerate(all_trials):
        # A Given that cannot run alone (its example needs an outline's row) shows nothing.
        if not trial.probed or results[number]["status"] == "skipped":
            continue
        checked += 1
        left_open, marked = not reads_the_page(results[number]), is_opening_a_page(trial.func)
        if left_open and not marked:
            wrong.append(
                f"“{trial.sentence.said}” ({name(trial.func)}) leaves a page open "
                "(a step reading the page after it found one): mark it @opens_a_page"
            )
        elif marked and not left_open:
            wrong.append(f"“{trial.sentence.said}” ({name(trial.func)}) is marked "
                         "@opens_a_page, but a step reading the page after it found none: "
                         "remove the marker")  # fmt: skip
    assert checked >= 30, f"only {checked} Givens could be tried alone"
    assert not wrong, "\n".join(wrong)
