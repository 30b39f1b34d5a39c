"""The Gherkin standard as the first judge of a feature file (``make lint``).

Every file is read with Cucumber's own parser (gherkin-official) before behave's: its
errors are said at their lines in plain words. A file the standard reads is then checked
for the places where behave would run something other than what the file says (tags
written together, text after a row's last ``|``, escapes in cells). Where the standard
has spoken, the other checks say nothing more at that line: their guesses would mislead.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from behave.i18n import languages as behave_languages
from gherkin.dialect import Dialect
from gherkin.errors import CompositeParserException
from gherkin.errors import ParserError
from gherkin.parser import Parser

from support import shown


class _NoBehaveTableWarning(logging.Filter):
    """behave's parser logs "Malformed table row at <string>" on its own; the standard's
    message says where and why instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Malformed table row")


logging.getLogger("behave").addFilter(_NoBehaveTableWarning())

OPEN_DOC_STRING = ('"""', "```")
#: The "# language:" line as the Gherkin standard reads it (spaces allowed anywhere).
LANGUAGE_LINE = re.compile(r"^\s*#\s*language\s*:\s*([a-zA-Z\-_]+)\s*$")
#: The same, as behave reads it: in any case ("# Language: ko").
ANY_CASE_LANGUAGE_LINE = re.compile(LANGUAGE_LINE.pattern, re.IGNORECASE)
#: What a check gives: each line with its message, and the lines no other check should
#: speak of.
Found = tuple[list[tuple[int, str]], set[int]]


def header(lines: list[str]) -> Iterator[tuple[int, str]]:
    """The numbered lines before the file's first line of Gherkin: blank lines and
    comments, where a "# language:" line stands."""
    for number, line in enumerate(lines, start=1):
        if line.strip() and not line.strip().startswith("#"):
            return
        yield number, line


def language_line(lines: list[str]) -> int | None:
    """The line that names the file's language, if any."""
    return next((number for number, line in header(lines) if LANGUAGE_LINE.match(line)), None)


def language_of(lines: list[str]) -> str:
    """The file's language as the Gherkin standard reads it: the one its "# language:"
    line names, English where it names none or one the standard does not know."""
    line = language_line(lines)
    named = LANGUAGE_LINE.match(lines[line - 1]).group(1) if line else "en"
    return named if Dialect.for_name(named) else "en"


def dialect_of(lines: list[str]) -> Dialect:
    """The keywords of the file's language, from the Gherkin standard's own list."""
    return Dialect.for_name(language_of(lines))


def step_words(dialect: Dialect) -> tuple[str, ...]:
    """What a step line starts with in the dialect: "Given ", "조건 ", "* "…"""
    return tuple(
        {*dialect.given_keywords, *dialect.when_keywords, *dialect.then_keywords,
         *dialect.and_keywords, *dialect.but_keywords}
    )  # fmt: skip


def named(keywords: list[str]) -> str:
    """The first way a dialect writes a keyword ("*" aside), to name it in a message."""
    return next(k for k in keywords if k.strip() != "*").strip()


def step_names(dialect: Dialect) -> list[str]:
    """Given, When, Then, And, But in the file's language."""
    kinds = ("given", "when", "then", "and", "but")
    return [named(getattr(dialect, f"{kind}_keywords")) for kind in kinds]


def tokens(dialect: Dialect) -> dict[str, str]:
    """What the parser's token names mean, to say what the standard expected at a line."""
    steps = ", ".join(step_names(dialect))
    return {
        "#FeatureLine": f"“{named(dialect.feature_keywords)}:”",
        "#RuleLine": f"“{named(dialect.rule_keywords)}:”",
        "#BackgroundLine": f"“{named(dialect.background_keywords)}:”",
        "#ScenarioLine": f"“{named(dialect.scenario_keywords)}:”",
        "#ExamplesLine": f"“{named(dialect.examples_keywords)}:”",
        "#StepLine": f"a step ({steps})",
        "#TableRow": "a table row",
        "#DocStringSeparator": 'a doc string\'s """',
        "#TagLine": "tags",
    }


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
        where = shown(path)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # said by the check that reads the file
        try:
            document = read(text)
            found, lines = differences(text.split("\n"), document)
        except Unreadable as error:
            found, lines = error.found, error.lines
            unreadable.add(where)
        else:
            if any(p.path == where and p.message.startswith(BEHAVE) for p in problems):
                refused, why = refusals(text.split("\n"), document)
                found, lines = found + refused, lines | why
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
        and not (p.path in unreadable and p.message.startswith(BEHAVE))
    ]
    found = kept + [kind(*s) for s in said] if kind else kept
    return sorted(set(found))


#: How check.py begins a line behave's parser refuses.
BEHAVE = "behave cannot read"


class Unreadable(Exception):
    """A file the Gherkin standard cannot read: what it says, and the lines no other
    check should speak of."""

    def __init__(self, found: list[tuple[int, str]], lines: set[int]) -> None:
        super().__init__(found)
        self.found, self.lines = found, lines


def read(text: str) -> dict:
    """The document the Gherkin standard reads in ``text``; ``Unreadable`` if none."""
    lines = text.split("\n")
    if found := capital_language_line(lines):
        raise Unreadable([found], set(range(1, len(lines) + 1)))
    try:
        return Parser().parse(text)
    except CompositeParserException as error:
        raise Unreadable(*parse_errors(lines, error.errors)) from None
    except ParserError as error:
        raise Unreadable(*parse_errors(lines, [error])) from None


def capital_language_line(lines: list[str]) -> tuple[int, str] | None:
    """A "# Language: ko" line: behave reads the file in that language, the Gherkin
    standard, which reads the line only in lower case, in English; every keyword after it
    would be a mistake of its own. Its line, and what to write."""
    for number, line in header(lines):
        named = ANY_CASE_LANGUAGE_LINE.match(line)
        language = named.group(1) if named else "en"
        # Read as English by the standard: a mistake only where behave reads another.
        if not LANGUAGE_LINE.match(line) and language != "en" and Dialect.for_name(language):
            return number, (
                "the Gherkin standard reads the language line only in lower case, so it "
                "reads this file as English (behave reads it in its language): write "
                f"“# language: {language}”"
            )
    return None


def parse_errors(lines: list[str], errors: list[Any]) -> Found:
    """Each error of the parser in plain words; errors that follow from one another said
    once."""
    found: list[tuple[int, str]] = []
    quiet: set[int] = set()
    skip_to = 0
    dialect = dialect_of(lines)
    feature, steps = named(dialect.feature_keywords), step_names(dialect)
    starts = step_words(dialect)
    for error in errors:
        line = error.location["line"]
        if line <= skip_to or any(line == said_at for said_at, _ in found):
            continue  # one message a line: the first error's
        said = str(error.args[0]).split("): ", 1)[-1]
        got = lines[line - 1].strip() if line <= len(lines) else ""
        if "unexpected end of file" in said:
            opened = open_doc_string(lines)
            if opened:
                message = (
                    f"the doc string opened here with {lines[opened - 1].strip()[:3]} is "
                    f"never closed (the file ends at line {last_line(lines)}): end it with a "
                    "line of the same three characters"
                )
                line = opened
                # Its step, and all it swallowed, have nothing more to be said of.
                above = range(opened - 1, 0, -1)
                step = next((n for n in above if lines[n - 1].strip().startswith(starts)), opened)
                quiet |= set(range(step, len(lines) + 1))
            elif said.endswith("#TagLine, #RuleLine, #Comment, #Empty"):
                line = last_line(lines)
                message = (
                    "the file ends after tags that tag nothing: write the "
                    f"{named(dialect.scenario_keywords)}, {named(dialect.rule_keywords)} or "
                    f"{named(dialect.examples_keywords)} they belong to under them, or remove "
                    "the tags"
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
            start = argument_start(lines, line, starts)
            what = "a doc string" if got.startswith(OPEN_DOC_STRING) else "a table"
            message = (
                f"this step already has {argument_name(lines, start)} at line {start}, and "
                f"{what} starts here: a step takes at most one table and one doc string "
                "(behave would keep only the last); give this one a step of its own"
            )
            if got.startswith(OPEN_DOC_STRING):
                skip_to = closing(lines, line)
        elif "#FeatureLine" in said and "#StepLine" not in said:
            message = (
                f"a feature file starts with “{feature}: …” (only comments, tags or a "
                "“# language:” line may come before it): this line is none of them"
            )
        elif (apart := rules_apart(lines)) and rule_heading(got, apart[0]):
            message = rules_message(apart)
        elif "#StepLine" in said and (word := got.split(" ", 1)[0]).capitalize() + " " in starts:
            message = f"write the keyword “{word.capitalize()}” with a capital letter, not “{word}”"
        elif "#StepLine" in said:
            message = (
                f"this line is neither a step nor a keyword: start it with {', '.join(steps[:4])} "
                f"or {steps[4]}, write “# ” before it to make it a comment, or move it to the "
                "description under the scenario's name"
            )
        else:
            meaning = tokens(dialect)
            expected = [meaning[t] for t in re.findall(r"#\w+", said) if t in meaning]
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


def argument_start(lines: list[str], line: int, steps: tuple[str, ...]) -> int:
    """The first line of the table or doc string just above ``line`` (``steps``: what a
    step line starts with in the file's language)."""
    number = line - 1
    while number > 1 and not (lines[number - 2].strip() + " ").startswith(steps):
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


def differences(lines: list[str], document: dict) -> Found:
    """Where behave would run something other than what the standard reads."""
    found: list[tuple[int, str]] = []
    quiet: set[int] = set()
    feature = document.get("feature")
    if not feature:
        return found, quiet
    for kind in (tags_together, rows_read_otherwise, example_for_examples,
                 media_type_placeholders, examples_descriptions, korean_rules):  # fmt: skip
        more, still = kind(lines, feature)
        found += more
        quiet |= still
    return found, quiet


def tags_together(lines: list[str], feature: dict) -> Found:
    """Tags written together ("@shop@hours"), which behave reads as one."""
    found: list[tuple[int, str]] = []
    for line in sorted({tag["location"]["line"] for tag in tags_of(feature)}):
        if together := re.search(r"@[^\s@]+@\S+", lines[line - 1]):
            joined = together.group(0)
            apart = " ".join("@" + t for t in joined.split("@") if t)
            found.append((line, f"the tags “{joined}” are written together: behave reads "
                          f"them as one tag “{joined[1:]}”; put a space between them: "
                          f"“{apart}”"))  # fmt: skip
    return found, {line for line, _ in found}


def rows_read_otherwise(lines: list[str], feature: dict) -> Found:
    """Table rows whose cells behave reads otherwise: words after the last "|", escapes."""
    found: list[tuple[int, str]] = []
    for row in rows_of(feature):
        line = row["location"]["line"]
        text = lines[line - 1]
        if behave_cells(text) == [c["value"] for c in row["cells"]]:
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
    return found, {line for line, _ in found}


def example_for_examples(lines: list[str], feature: dict) -> Found:
    """ "Example:" written where an outline's "Examples:" belongs: a scenario of its own,
    whose description is the rows, after an outline left without any."""
    found: list[tuple[int, str]] = []
    quiet: set[int] = set()
    dialect = dialect_of(lines)
    outline, examples = named(dialect.scenario_outline_keywords), named(dialect.examples_keywords)
    children = scenarios_of(feature)
    for before, after in zip(children, children[1:], strict=False):
        description = after.get("description", "").strip()
        if (
            before["examples"] == []
            and "<" in " ".join(step_texts(before))
            and not after["steps"]
            and description.startswith("|")
        ):
            line = after["location"]["line"]
            plural = " (with an s)" if examples == "Examples" else ""
            found.append((line, f"“{after['keyword']}:” starts a new scenario; the rows of a "
                          f"{outline} go under “{examples}:”{plural}: write “{examples}:” "
                          "here"))  # fmt: skip
            end = line + len(description.split("\n"))
            quiet |= set(range(before["location"]["line"], end + 1))
    return found, quiet


def media_type_placeholders(lines: list[str], feature: dict) -> Found:
    """A placeholder that stands only in a doc string's media type, which behave drops."""
    found: list[tuple[int, str]] = []
    quiet: set[int] = set()
    for scenario in scenarios_of(feature):
        texts = [scenario["name"], *step_texts(scenario)]
        used = {n for text in texts for n in re.findall(r"<([^<>]+)>", text)}
        for step in scenario["steps"] if scenario["examples"] else []:
            media = step.get("docString", {}).get("mediaType", "")
            for name in set(re.findall(r"<([^<>]+)>", media)) - used:
                line = step["docString"]["location"]["line"]
                found.append((line, f"“<{name}>” stands only in the doc string's media type, "
                              "which the Gherkin standard fills in but behave ignores: the "
                              f"column “{name}” changes nothing when the suite runs; write the "
                              "value in the doc string itself, or remove the column"))  # fmt: skip
                quiet |= {line, *(e["location"]["line"] for e in scenario["examples"])}
    return found, quiet


def examples_descriptions(lines: list[str], feature: dict) -> Found:
    """A description under "Examples:": behave refuses it, or takes a line that starts
    with a step word for a step of the outline; either way nothing else said of the
    outline holds."""
    found: list[tuple[int, str]] = []
    quiet: set[int] = set()
    for scenario in scenarios_of(feature):
        for examples in scenario["examples"]:
            if not examples.get("description", "").strip():
                continue
            heading = examples["location"]["line"]
            line = description_lines(lines, heading, examples["description"])[0]
            found.append((line, "behave cannot read a description under "
                          f"“{examples['keyword']}:” (the Gherkin standard can): move the "
                          f"words into the heading (“{examples['keyword']}: …”) or make "
                          "each line a comment (“# …”)"))  # fmt: skip
            rows = examples.get("tableBody") or [examples.get("tableHeader") or examples]
            quiet |= set(range(scenario["location"]["line"], rows[-1]["location"]["line"] + 1))
    return found, quiet


def korean_rules(lines: list[str], feature: dict) -> Found:
    """A rule heading in a language whose words for it behave and the standard do not
    share (Korean), in either reader's word."""
    apart = rules_apart(lines)
    if not apart:
        return [], set()
    headings = [c["rule"]["location"]["line"] for c in feature.get("children", []) if "rule" in c]
    inside = doc_string_lines(lines, feature)
    found = [
        (number, rules_message(apart))
        for number, text in enumerate(lines, start=1)
        if number in headings or (number not in inside and rule_heading(text, apart[0]))
    ]
    return found, {line for line, _ in found}


def scenarios_of(feature: dict) -> list[dict]:
    """The feature's scenarios and outlines, its rules' included, in file order."""
    return [c["scenario"] for c in children_of(feature) if "scenario" in c]


def rules_apart(lines: list[str]) -> tuple[list[str], list[str]] | None:
    """behave's words for a rule and the standard's, in the file's language, when the two
    share none (Korean: "Rule" and "규칙"): each then reads the other's as a description."""
    language = language_of(lines)
    theirs = [w.strip() for w in behave_languages.get(language, {}).get("rule", [])]
    ours = [w.strip() for w in Dialect.for_name(language).rule_keywords]
    return (theirs, ours) if theirs and not set(theirs) & set(ours) else None


def rule_heading(text: str, words: list[str]) -> bool:
    """Whether ``text`` is a rule's heading in one of ``words``: "Rule: …"."""
    return any(text.strip().startswith(f"{word}:") for word in words)


def rules_message(apart: tuple[list[str], list[str]]) -> str:
    theirs, ours = apart
    return (
        f"in this language behave knows a rule only as “{theirs[0]}:” and the Gherkin "
        f"standard only as “{ours[0]}:”, so each would read the other's as a line of "
        f"description: make the heading and its description lines comments (“# {ours[0]}: "
        "…”), and the scenarios stand under the feature (its English twin keeps the rule)"
    )


def doc_string_lines(lines: list[str], feature: dict) -> set[int]:
    """The numbers of the lines inside the file's doc strings."""
    inside: set[int] = set()
    for child in children_of(feature):
        block = child.get("scenario") or child.get("background") or {}
        for step in block.get("steps", []):
            if doc := step.get("docString"):
                opened = doc["location"]["line"]
                inside |= set(range(opened, closing(lines, opened) + 1))
    return inside


def step_texts(scenario: dict) -> list[str]:
    """What a scenario's steps say: their text, their tables' cells, their doc strings."""
    found = []
    for step in scenario["steps"]:
        found.append(step["text"])
        rows = step.get("dataTable", {}).get("rows", [])
        found += [cell["value"] for row in rows for cell in row["cells"]]
        found.append(step.get("docString", {}).get("content", ""))
    return found


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


def refusals(lines: list[str], document: dict) -> Found:
    """Valid Gherkin that behave's parser refuses, each with its cause and fix; and the
    lines where behave stops at it (its own message there says no more than that)."""
    found: list[tuple[int, str]] = []
    quiet: set[int] = set()
    feature = document.get("feature") or {}
    dialect = dialect_of(lines)
    outline = named(dialect.scenario_outline_keywords)
    language = feature.get("language", "en")
    if (
        language != "en"
        and (line := language_line(lines))
        and not behave_reads_language(lines[line - 1])
    ):
        found.append((line, f"behave reads the language line only written as “# language: "
                      f"{language}” (without other spaces), and reads this file as English: "
                      "write it that way"))  # fmt: skip
        quiet |= {line, feature.get("location", {}).get("line", line)}
    known = behave_languages.get(language, {})
    joining = {k.strip().lower() for part in ("and", "but") for k in known.get(part, [])} - {"*"}
    for child in children_of(feature):
        block = child.get("scenario") or child.get("background") or {}
        heading = block.get("location", {}).get("line", 0)
        for line in description_lines(lines, heading, block.get("description", "")):
            word = lines[line - 1].split()[0]
            if word.lower() in joining:
                found.append((line, description_read_as_step(word)))
                quiet.add(line)
                break
    for line, keyword, kind in keywords_of(feature):
        theirs = [k.strip() for part in BEHAVE_KINDS[kind] for k in known.get(part, [])]
        if kind == "rule" and rules_apart(lines):
            continue  # no word works for both: said by differences()
        if theirs and keyword.strip() not in theirs:
            found.append((line, f"behave does not know “{keyword.strip()}” (the Gherkin "
                          f"standard does): write “{theirs[0]}” instead"))  # fmt: skip
            quiet.add(line)
    for child in children_of(feature):
        scenario = child.get("scenario", {})
        if scenario.get("examples") and scenario["keyword"] not in (
            dialect.scenario_outline_keywords
        ):
            for examples in scenario["examples"]:
                line = examples["location"]["line"]
                found.append((line, f"“{examples['keyword']}:” under a “{scenario['keyword']}:” "
                              f"is valid Gherkin, but behave runs “{examples['keyword']}:” only "
                              f"under a “{outline}:”: write “{outline}:” at line "
                              f"{scenario['location']['line']}"))  # fmt: skip
                quiet.add(line)
        block = scenario or child.get("background", {})
        for step in block.get("steps", []):
            doc = step.get("docString")
            if not doc:
                continue
            opened = doc["location"]["line"]
            if doc["delimiter"] == "```":
                media = doc.get("mediaType", "")
                inside = (
                    ', and keep """ out of its text: behave cannot hold """ in a doc string'
                    if '"""' in doc["content"]
                    else ""
                )
                found.append((opened, "behave cannot read a doc string between lines of ```: "
                              f'write """{media} here and """ where it ends{inside}'))  # fmt: skip
                quiet.add(opened)
                continue
            margin = len(lines[opened - 1]) - len(lines[opened - 1].lstrip())
            for line in range(opened + 1, closing(lines, opened)):
                text = lines[line - 1]
                if text.strip() and len(text) - len(text.lstrip()) < margin:
                    found.append((line, "this line of the doc string starts left of the "
                                  f'""" at line {opened} that opens it: behave cannot read '
                                  'it; indent it at least as far as the """'))  # fmt: skip
                    quiet.add(line)
                    break
    return found, quiet


def behave_reads_language(line: str) -> bool:
    """Whether behave's parser takes ``line`` for a language line ("# language: ko")."""
    return line.strip()[1:].strip().lower().startswith("language:")


def description_read_as_step(word: str) -> str:
    """What to say of a description line that starts with a step word in lower case."""
    return (
        f"this line is description by the Gherkin standard, but behave reads a line that "
        f"starts with “{word}” (in any case) as a step: begin the line with another word "
        f"(for a step, write “{word.capitalize()}” with a capital letter)"
    )


def description_lines(lines: list[str], heading: int, description: str) -> list[int]:
    """The numbers of the lines that hold ``description``, under the heading at line
    ``heading`` (comments and blank lines between them left out)."""
    wanted = [text.strip() for text in description.split("\n") if text.strip()]
    found: list[int] = []
    for number in range(heading + 1, len(lines) + 1):
        if len(found) == len(wanted):
            break
        if lines[number - 1].strip() == wanted[len(found)]:
            found.append(number)
    return found


#: Which of behave's keyword lists each kind of Gherkin keyword may come from.
BEHAVE_KINDS = {
    "feature": ("feature",),
    "rule": ("rule",),
    "background": ("background",),
    "scenario": ("scenario", "scenario_outline"),
    "examples": ("examples",),
    "step": ("given", "when", "then", "and", "but"),
}


def keywords_of(feature: dict) -> list[tuple[int, str, str]]:
    """Every keyword the file writes: its line, the keyword, and its kind (BEHAVE_KINDS)."""
    found = [(feature["location"]["line"], feature["keyword"], "feature")] if feature else []
    for child in feature.get("children", []):
        if "rule" in child:
            rule = child["rule"]
            found.append((rule["location"]["line"], rule["keyword"], "rule"))
    for child in children_of(feature):
        kind = "background" if "background" in child else "scenario"
        block = child[kind]
        found.append((block["location"]["line"], block["keyword"], kind))
        found += [
            (e["location"]["line"], e["keyword"], "examples") for e in block.get("examples", [])
        ]
        found += [(s["location"]["line"], s["keyword"], "step") for s in block.get("steps", [])]
    return found
