"""What a sentence needs besides its words: a data table with given headings, or a doc
string. A step declares it once; ``make lint`` checks every scenario against it before
anything runs, and the step reads its table or text through it, so a mistake that slips
through gets the same plain message at run time.

    ENTRIES = DataTable("title", "text")

    @given("the blog has these entries, oldest first:")
    @ENTRIES.needed
    def blog_has_entries(context):
        for row in ENTRIES.rows(context): ...
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from typing import TypeVar

from behave.model import Table
from behave.runner import Context

from support.authoring.parameter_types import Placeholder

F = TypeVar("F", bound=Callable[..., Any])


def quoted(words: tuple[str, ...] | list[str]) -> str:
    """ "title" and "text"."""
    said = [f'"{w}"' for w in words]
    return " and ".join([", ".join(said[:-1]), said[-1]]) if len(said) > 1 else "".join(said)


@dataclass(frozen=True)
class DataTable:
    """A data table a sentence needs: its headings, and the closed sets some columns'
    cells come from."""

    headings: tuple[str, ...]
    choices: dict[str, Placeholder]

    def __init__(self, *headings: str, **choices: Placeholder) -> None:
        object.__setattr__(self, "headings", headings)
        object.__setattr__(self, "choices", choices)

    def needed(self, func: F) -> F:
        """Mark a step function as needing this table."""
        func.data_table = self  # type: ignore[attr-defined]
        return func

    @property
    def said(self) -> str:
        columns = "columns" if len(self.headings) > 1 else "column"
        said = f"a table whose first row names the {columns} {quoted(self.headings)}"
        for column, placeholder in self.choices.items():
            said += f"; each cell of “{column}” is {placeholder.accepts}"
        return said

    def problems(self, table: Table | None) -> list[str]:
        """What is wrong with ``table`` for this sentence, in words; nothing if all is well."""
        if table is None:
            return [f"this sentence needs {self.said}, under it"]
        found = list(table.headings)
        if sorted(found) != sorted(self.headings):  # in any order
            return [f"the table's first row names the columns {quoted(found)}; "
                    f"this sentence needs {quoted(self.headings)}"]  # fmt: skip
        if not table.rows:
            return ["the table has no rows under its headings"]
        messages = []
        for column, placeholder in self.choices.items():
            for row in table.rows:
                if not placeholder.accepts_word(row[column]):
                    messages.append(
                        f'the cell "{row[column]}" (column "{column}") is not {placeholder.accepts}'
                    )
        return messages

    def rows(self, context: Context) -> list[dict[str, str]]:
        """The step's table as rows of column name to cell, once checked."""
        problems = self.problems(context.table)
        assert not problems, "; ".join(problems)
        headings = list(context.table.headings)
        return [dict(zip(headings, row.cells, strict=True)) for row in context.table.rows]


@dataclass(frozen=True)
class DocString:
    """A doc string a sentence needs (the text between two lines of three quotes)."""

    what: str  # "the username", for the message

    def needed(self, func: F) -> F:
        """Mark a step function as needing this doc string."""
        func.doc_string = self  # type: ignore[attr-defined]
        return func

    def problems(self, text: str | None) -> list[str]:
        if text is None:
            return [f'this sentence needs {self.what} under it, between two lines of """']
        return []

    def text(self, context: Context) -> str:
        """The step's doc string, once checked."""
        problems = self.problems(context.text)
        assert not problems, "; ".join(problems)
        return context.text


def expected_table(func: Callable[..., Any]) -> DataTable | None:
    return getattr(func, "data_table", None)


def expected_doc_string(func: Callable[..., Any]) -> DocString | None:
    return getattr(func, "doc_string", None)


def extras_problems(func: Callable[..., Any], table: Table | None, text: str | None) -> list[str]:
    """What is wrong with the table and doc string a step has, for the sentence it uses."""
    messages = []
    wanted_table, wanted_text = expected_table(func), expected_doc_string(func)
    if wanted_table is not None:
        messages += wanted_table.problems(table)
    elif table is not None:
        messages.append("this sentence takes no table: remove the table under it")
    if wanted_text is not None:
        messages += wanted_text.problems(text)
    elif text is not None:
        messages.append('this sentence takes no text between """ lines: remove it')
    return messages


def needs(what: str, *first: Callable[..., Any]) -> Callable[[F], F]:
    """Mark a step function as needing one of the ``first`` steps earlier in its scenario;
    ``what`` says so in the glossary and in the check's message."""

    def mark(func: F) -> F:
        func.needs = what  # type: ignore[attr-defined]
        func.needs_first = set(first)  # type: ignore[attr-defined]
        return func

    return mark


def prepares_session(func: F) -> F:
    """Mark a step function as preparing its person's own session: a later step must be
    about that person, or nothing shows what the preparation changed."""
    func.prepares_session = True  # type: ignore[attr-defined]
    return func


def outside_the_page(func: F) -> F:
    """Mark a step function as working outside any page: on a file, a command, a process
    starting, a log or a mail, the same code in every driver mode. An example whose every
    step is so marked proves nothing more over HTTP or in Chromium than in-process; the
    living documentation says "Not applicable" there rather than "Passed"."""
    func.outside_the_page = True  # type: ignore[attr-defined]
    return func


def is_outside_the_page(func: Callable[..., Any]) -> bool:
    return bool(getattr(func, "outside_the_page", False))


def opens_a_page(func: F) -> F:
    """Mark a step function as leaving a page shown in its person's browser (it opens,
    follows, presses or sends something): a step that reads the page shown may follow."""
    func.opens_a_page = True  # type: ignore[attr-defined]
    return func


def reads_the_page_shown(func: F) -> F:
    """Mark a step function as reading the page already shown, without opening one: a
    step that opens a page must come before it, or there is nothing to read."""
    func.reads_the_page_shown = True  # type: ignore[attr-defined]
    return func


def quotes_the_blog(name: str) -> Callable[[F], F]:
    """Mark a step function whose placeholder ``name`` holds one of the blog's own
    messages (app/messages.py) word for word, as the step compares it whole: ``make
    lint`` names any other before the run."""

    def mark(func: F) -> F:
        func.quotes_the_blog = name  # type: ignore[attr-defined]
        return func

    return mark


def quoted_message(func: Callable[..., Any]) -> str | None:
    """The placeholder of ``func`` that quotes one of the blog's messages, if any."""
    return getattr(func, "quotes_the_blog", None)


def is_opening_a_page(func: Callable[..., Any]) -> bool:
    return bool(getattr(func, "opens_a_page", False))


def is_reading_the_page_shown(func: Callable[..., Any]) -> bool:
    return bool(getattr(func, "reads_the_page_shown", False))


def step_problems(
    func: Callable[..., Any], table: Table | None, text: str | None, done: list[Any]
) -> list[str]:
    """Everything wrong with a step besides its words: its table and doc string, and a
    step it needs that none of ``done`` (the step functions before it) is."""
    found = extras_problems(func, table, text)
    needed = getattr(func, "needs_first", None)
    if needed and not any(f in needed for f in done):
        found.append(f"this sentence needs a step before it: {func.needs}")  # type: ignore[attr-defined]
    return found
