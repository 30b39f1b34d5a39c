"""The Gherkin standard as the first judge of a feature file (``make lint``).

Every file is read with Cucumber's own parser (gherkin-official) before behave's: its
errors are said at their lines in plain words. A file the standard reads is then checked
for the places where behave would run something other than what the file says (tags
written together, text after a row's last ``|``, escapes in cells). Where the standard
has spoken, the other checks say nothing more at that line: their guesses would mislead.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gherkin.errors import CompositeParserException
from gherkin.errors import ParserError
from gherkin.parser import Parser

from support import ROOT


class _NoBehaveTableWarning(logging.Filter):
    """behave's parser logs "Malformed table row at <string>" on its own; the standard's
    message says where and why instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Malformed table row")


logging.getLogger("behave").addFilter(_NoBehaveTableWarning())

OPEN_DOC_STRING = ('"""', "```")
STEP_WORDS = ("Given", "When", "Then", "And", "But", "*")
#: What the parser's token names mean, to say what the standard expected at a line.
TOKENS = {
    "#FeatureLine": "“Feature:”",
    "#RuleLine": "“Rule:”",
    "#BackgroundLine": "“Background:”",
    "#ScenarioLine": "“Scenario:”",
    "#ExamplesLine": "“Examples:”",
    "#StepLine": "a step (Given, When, Then, And, But)",
    "#TableRow": "a table row",
    "#DocStringSeparator": 'a doc string\'s """',
    "#TagLine": "tags",
}


def relative(path: Path) -> str:
    return os.path.relpath(path, ROOT)


def first(files: Iterable[Path], problems: list[Any], layout: list[Any] = ()) -> list[Any]:
    """The standard's problems of ``files``, and the other checks' problems (``check.Problem``)
    at every line the standard has not spoken of, each once (a Background's mistake is
    found again in every example), sorted; ``layout``'s problems only for files the
    standard has nothing to say of (laid out, a file it speaks of would change anyway)."""
    kind = type(problems[0]) if problems else None
    said: list[tuple[str, int, str]] = []
    quiet: set[tuple[str, int]] = set()
    unreadable: set[str] = set()
    for path in files:
        where = relative(path)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # said by the check that reads the file
        try:
            found, lines = differences(text.split("\n"), read(text))
        except Unreadable as error:
            found, lines = error.found, error.lines
            unreadable.add(where)
        said += [(where, line, message) for line, message in found]
        quiet |= {(where, line) for line in lines}
    if kind is None and said:
        from support.authoring.check import Problem

        kind = Problem
    spoken = {where for where, _, _ in said}
    problems = [*problems, *(p for p in layout if p.path not in spoken)]
    kind = kind or (type(problems[0]) if problems else None)
    kept = [
        p
        for p in problems
        if (p.path, p.line) not in quiet
        and not (p.path in unreadable and p.message.startswith("behave cannot read"))
    ]
    found = kept + [kind(*s) for s in said] if kind else kept
    return sorted(set(found))


class Unreadable(Exception):
    """A file the Gherkin standard cannot read: what it says, and the lines no other
    check should speak of."""

    def __init__(self, found: list[tuple[int, str]], lines: set[int]) -> None:
        super().__init__(found)
        self.found, self.lines = found, lines


def read(text: str) -> dict:
    """The document the Gherkin standard reads in ``text``; ``Unreadable`` if none."""
    lines = text.split("\n")
    try:
        return Parser().parse(text)
    except CompositeParserException as error:
        raise Unreadable(*parse_errors(lines, error.errors)) from None
    except ParserError as error:
        raise Unreadable(*parse_errors(lines, [error])) from None


def parse_errors(lines: list[str], errors: list[Any]) -> tuple[list[tuple[int, str]], set[int]]:
    """Each error of the parser in plain words; errors that follow from one another said
    once."""
    found: list[tuple[int, str]] = []
    quiet: set[int] = set()
    skip_to = 0
    for error in errors:
        line = error.location["line"]
        if line <= skip_to:
            continue
        said = str(error.args[0]).split("): ", 1)[-1]
        got = lines[line - 1].strip() if line <= len(lines) else ""
        if "unexpected end of file" in said:
            opened = open_doc_string(lines)
            if opened:
                message = (
                    f"the doc string opened here with {lines[opened - 1].strip()[:3]} is "
                    f"never closed (the file ends at line {line}): end it with a line of "
                    "the same three characters"
                )
                line = opened
            elif said.endswith("#TagLine, #RuleLine, #Comment, #Empty"):
                line = last_line(lines)
                message = (
                    "the file ends after tags that tag nothing: write the Scenario, Rule or "
                    "Examples they belong to under them, or remove the tags"
                )
            else:
                line = last_line(lines)
                message = (
                    "the file ends in the middle of a scenario: finish what this line starts "
                    "(a step, a table or Examples), or remove it"
                )
        elif "inconsistent cell count" in said:
            message = row_problem(lines, line)
        elif "Language not supported" in said:
            message = (
                f"the Gherkin standard knows no language “{said.split(': ', 1)[1]}” in the "
                "“# language:” line: write “# language: ko” for Korean, or remove the line "
                "for English"
            )
        elif "tag may not contain whitespace" in said:
            message = (
                "a tag is one word that starts with “@”: join its words with “_” "
                "(“@opening_hours”), or start each tag with “@”"
            )
        elif got.startswith(OPEN_DOC_STRING) or got.startswith("|"):
            start = argument_start(lines, line)
            what = "a doc string" if got.startswith(OPEN_DOC_STRING) else "a table"
            message = (
                f"this step already has {argument_name(lines, start)} at line {start}, and "
                f"{what} starts here: a step takes one table or one doc string (behave would "
                "keep only one of them); give this one a step of its own"
            )
            if got.startswith(OPEN_DOC_STRING):
                skip_to = closing(lines, line)
        elif "#FeatureLine" in said and "#StepLine" not in said:
            message = (
                "a feature file starts with “Feature: …” (only comments, tags or a "
                "“# language:” line may come before it): this line is none of them"
            )
        elif "#StepLine" in said:
            message = (
                "this line is neither a step nor a keyword: start it with Given, When, Then, "
                "And or But, write “# ” before it to make it a comment, or move it to the "
                "description under the scenario's name"
            )
        else:
            expected = [TOKENS[t] for t in re.findall(r"#\w+", said) if t in TOKENS]
            message = (
                f"the Gherkin standard cannot read this line: expected {', '.join(expected)}; "
                "check the keyword that starts it and that it stands where it belongs"
            )
        found.append((line, message))
        quiet.add(line)
    return found, quiet


def last_line(lines: list[str]) -> int:
    """The number of the last line that holds something."""
    return max((n for n, line in enumerate(lines, start=1) if line.strip()), default=1)


def open_doc_string(lines: list[str]) -> int | None:
    """The line of a doc string opened and never closed, if any."""
    opened = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if opened is None and stripped.startswith(OPEN_DOC_STRING):
            opened = number
        elif opened is not None and stripped == lines[opened - 1].strip()[:3]:
            opened = None
    return opened


def closing(lines: list[str], opened: int) -> int:
    """The line that closes the doc string opened at ``opened``."""
    mark = lines[opened - 1].strip()[:3]
    for number in range(opened + 1, len(lines) + 1):
        if lines[number - 1].strip() == mark:
            return number
    return len(lines)


def argument_start(lines: list[str], line: int) -> int:
    """The first line of the table or doc string just above ``line``."""
    number = line - 1
    while number > 1 and not lines[number - 2].strip().startswith(STEP_WORDS):
        number -= 1
    return number


def argument_name(lines: list[str], start: int) -> str:
    return "a table" if lines[start - 1].strip().startswith("|") else "a doc string"


def row_problem(lines: list[str], line: int) -> str:
    """Why a row's cells differ in number from the first row's."""
    row = lines[line - 1].rstrip()
    if row.endswith("\\"):
        return (
            "this table row ends with a backslash, which escapes the end of the line: end "
            "the row with “|” (write “\\\\” for a backslash in a cell)"
        )
    if not row.endswith("|"):
        return "this table row is not finished: end it with “|”"
    first_row = row_above(lines, line)
    count, expected = len(cells(row)), len(cells(first_row))
    if count > expected:
        return (
            f"this row has {count} cells, the table's first row {expected}: a “|” ends a "
            "cell, so a “|” typed inside a cell splits it; write “\\|” for a “|” in a cell"
        )
    return (
        f"this row has {count} cell{'s' * (count != 1)}, the table's first row {expected}: "
        "give every row one cell per column"
    )


def row_above(lines: list[str], line: int) -> str:
    number = line
    while number > 1 and lines[number - 2].strip().startswith("|"):
        number -= 1
    return lines[number - 1].strip()


def cells(row: str) -> list[str]:
    """A row's cells as the standard reads them (``\\|``, ``\\\\``, ``\\n`` escaped)."""
    found, cell, chars = [], None, iter(row.strip())
    for char in chars:
        if char == "|":
            if cell is not None:
                found.append(cell.strip())
            cell = ""
        elif char == "\\" and cell is not None:
            after = next(chars, "")
            cell += "\n" if after == "n" else after if after in "|\\" else "\\" + after
        elif cell is not None:
            cell += char
    return found


def behave_cells(row: str) -> list[str]:
    """A row's cells as behave reads them: only ``\\|`` escapes, and the last character
    is taken for the closing ``|`` whatever it is."""
    line = row.strip()
    return [c.replace("\\|", "|").strip() for c in re.split(r"(?<!\\)\|", line[1:-1])]


def differences(lines: list[str], document: dict) -> tuple[list[tuple[int, str]], set[int]]:
    """Where behave would run something other than what the standard reads."""
    found: list[tuple[int, str]] = []
    quiet: set[int] = set()
    feature = document.get("feature")
    if not feature:
        return found, quiet
    for tag in tags_of(feature):
        line = tag["location"]["line"]
        text = lines[line - 1]
        together = re.search(r"@[^\s@]+@\S+", text)
        if together and (line, "tags") not in {(n, "tags") for n, _ in found}:
            joined = together.group(0)
            apart = " ".join("@" + t for t in joined.split("@") if t)
            found.append((line, f"the tags “{joined}” are written together: behave reads "
                          f"them as one tag “{joined[1:]}”; put a space between them: "
                          f"“{apart}”"))  # fmt: skip
            quiet.add(line)
    for row in rows_of(feature):
        line = row["location"]["line"]
        text = lines[line - 1]
        read = [c["value"] for c in row["cells"]]
        if behave_cells(text) == read:
            continue
        if not text.rstrip().endswith("|"):
            after = text.rstrip().rsplit("|", 1)[1].strip()
            message = (f"“{after}” after the row's last “|” is no cell: the Gherkin standard "
                       "leaves it out, behave reads it as one; put it inside the row or "
                       "remove it")  # fmt: skip
        elif (escape := re.search(r"\\[\\n]", text)) and escape.group(0) == "\\n":
            message = (
                "“\\n” in a cell is a new line by the Gherkin standard, but a backslash and "
                "an n for behave: write the text on one line, or give it a doc string"
            )
        else:
            message = (
                "“\\\\” in a cell is one backslash by the Gherkin standard, but two for "
                "behave: write a single “\\” (both read it as a backslash before any letter "
                "but n)"
            )
        found.append((line, message))
        quiet.add(line)
    children = [c["scenario"] for c in children_of(feature) if "scenario" in c]
    for before, after in zip(children, children[1:], strict=False):
        description = after.get("description", "").strip()
        if (
            before["examples"] == []
            and "<" in " ".join(s["text"] for s in before["steps"])
            and not after["steps"]
            and description.startswith("|")
        ):
            line = after["location"]["line"]
            found.append((line, f"“{after['keyword']}:” starts a new scenario; the rows of a "
                          "Scenario Outline go under “Examples:” (with an s): write "
                          "“Examples:” here"))  # fmt: skip
            end = line + len(description.split("\n"))
            quiet |= set(range(before["location"]["line"], end + 1))
    return found, quiet


def children_of(feature: dict) -> list[dict]:
    """The feature's backgrounds and scenarios, and those of its rules, in file order."""
    found = []
    for child in feature.get("children", []):
        found += child["rule"]["children"] if "rule" in child else [child]
    return found


def tags_of(feature: dict) -> list[dict]:
    found = list(feature.get("tags", []))
    for child in feature.get("children", []):
        if "rule" in child:
            found += child["rule"].get("tags", [])
    for child in children_of(feature):
        scenario = child.get("scenario", {})
        found += scenario.get("tags", [])
        for examples in scenario.get("examples", []):
            found += examples.get("tags", [])
    return found


def rows_of(feature: dict) -> list[dict]:
    """Every table row: of steps' tables and of Examples."""
    found = []
    for child in children_of(feature):
        block = child.get("scenario") or child.get("background") or {}
        for step in block.get("steps", []):
            found += step.get("dataTable", {}).get("rows", [])
        for examples in block.get("examples", []):
            found += [examples["tableHeader"]] if examples.get("tableHeader") else []
            found += examples.get("tableBody", [])
    return found
