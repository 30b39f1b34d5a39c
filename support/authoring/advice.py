"""What to write instead, for mistakes whose cause is easy to miss: a curly quote that
looks like a straight one, a singular noun after a number other than 1, a placeholder
that differs from its column only in case, a step that reads the page shown before any
step opened one. ``make lint`` says these (support/authoring/check.py and sentences.py
call them); each message names the cause and the fix."""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Iterable
from typing import Any

from behave.model import Step

from support.authoring.expectations import is_opening_a_page
from support.authoring.expectations import is_reading_the_page_shown
from support.scenarios.people import ADMIN
from support.scenarios.people import subject_of

#: Characters word processors type for quotes, each with its name and the straight one a
#: sentence has.
CURLY = {
    "’": ("a curly apostrophe", "'"),
    "‘": ("a curly opening quote", "'"),
    "“": ("a curly opening quote", '"'),
    "”": ("a curly closing quote", '"'),
}


def straightened(text: str) -> str:
    """``text`` with every curly quote or apostrophe made straight."""
    for curly, (_name, straight) in CURLY.items():
        text = text.replace(curly, straight)
    return text


def curly_quotes(step: Step, known: Callable[[str], bool]) -> tuple[str, bool] | None:
    """When ``step`` holds curly quotes: what was typed beside what the sentence has, the
    sentence as it must be written, and whether that is one ``known`` knows. None without
    curly quotes."""
    typed = [c for c in CURLY if c in step.name]
    if not typed:
        return None
    said = "; ".join(
        f"you typed {c} ({CURLY[c][0]}) where the sentence has {CURLY[c][1]} (a straight one)"
        for c in typed
    )
    fixed = straightened(step.name)
    return f"{said}: write it as\n      {step.keyword.strip()} {fixed}", known(fixed)


def number_agreement(
    step: Step, forms: Iterable[tuple[str, str]], known: Callable[[str], bool]
) -> str | None:
    """When ``step`` counts with the singular after a number other than 1 ("0 entry", "2
    time") and the plural makes it a sentence ``known`` knows: what to write instead."""
    fixed, said = step.name, []
    for one, many in forms:
        for number in re.findall(rf"\b(\d+) {re.escape(one)}\b", fixed):
            if number != "1":
                said.append(f"“{number} {one}”: after a number other than 1 write “{many}”")
                fixed = re.sub(rf"\b{number} {re.escape(one)}\b", f"{number} {many}", fixed)
    if not said or not known(fixed):
        return None
    return "; ".join(said) + f": write it as\n      {step.keyword.strip()} {fixed}"


def case_twins(placeholders: Iterable[str], columns: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Each placeholder with no column of its own but one that differs only in case, with
    that column and what to write: ``<Title>`` and the column "title" give
    {"Title": ("title", "did you mean <title>? …")}."""
    columns = list(columns)
    twins = {}
    for name in placeholders:
        same = [c for c in columns if c.casefold() == name.casefold()]
        if same and name not in columns:
            twins[name] = (same[0], f"did you mean <{same[0]}>? The column is “{same[0]}”, "
                           "and a placeholder is written exactly as its column, capitals "
                           "included")  # fmt: skip
    return twins


def page_problems(
    steps: list[Step], definitions: Callable[[Step], list[Any]], sentences: list[Any]
) -> list[tuple[Step, str]]:
    """A step that reads the page shown with only Givens before it, none of which opens a
    page (in the scenario or its Background): which step it needs first, with an example
    of one from the glossary's ``sentences``."""
    found = []
    # An example that opens a page for the person the scenario is about, if there is one.
    who = next((p for step in steps if (p := subject_of(step.name))), ADMIN)
    openers = sorted(
        opening_examples(sentences), key=lambda e: subject_of(e.split(" ", 1)[-1]) != who
    )
    opened = False
    for step in steps:
        matches = definitions(step)
        if len(matches) != 1:
            # An unknown sentence, said on its own: once written right it may open a page,
            # so nothing is said of the steps after it until it is known.
            opened = True
            continue
        func = matches[0].func
        if is_reading_the_page_shown(func) and not opened:
            such = f", such as: {openers[0]}" if openers else ""
            kind = "a Then" if step.step_type == "then" else "this step"
            found.append(
                (step, f"{kind} about the page shown, but no step before it opens a page, so "
                 f"there is nothing to read yet: add a When that opens a page first{such}")
            )  # fmt: skip
        # A When or a Then may open a page without saying so (a Then that looks at the
        # front page): only Givens, which prepare, are known not to unless marked.
        opened = opened or is_opening_a_page(func) or step.step_type != "given"
    return found


def opening_examples(sentences: Iterable[Any]) -> list[str]:
    """Example sentences from the glossary of When steps that open a page, the shortest
    first (English ones)."""
    found = {
        example
        for sentence in sentences
        if sentence.keyword == "when"
        and sentence.language == "en"
        and sentence.matcher is not None
        and is_opening_a_page(sentence.matcher.func)
        for example in sentence.examples
    }
    return sorted(found, key=lambda e: (len(e), e))
