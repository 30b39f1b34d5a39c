"""Feature files laid out alike, without ever changing what they say.

reformat-gherkin lays the files out, from an environment of its own (.venv/formatter): it
pins an older Gherkin parser than the checks read with. It reads table cells as Gherkin
does (a backslash escapes), behave reads them as written, so a cell such as
``C:\\Shop\\new.txt`` would come back meaning something else. Here every backslash in a
table cell is handed to the formatter as a character it leaves alone and put back
afterwards. The formatter also forgets doc strings' media types (\"\"\"xml) and indents
blank description lines: both are put back as written. Every result is read again, by the
Gherkin standard's own parser (gherkin-official: steps, tables, doc strings with their
media types, descriptions) and by behave's: a file whose meaning would change is never
written, and the line where it would is named.

``python -m support.authoring.layout format [FILES]`` lays the files out (``make format``);
the check of ``make lint`` (support.authoring.check) reports, instead, each line that
would change.
"""

from __future__ import annotations

import argparse
import difflib
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from behave.model import ScenarioOutline
from behave.model import Step
from behave.parser import parse_feature
from behave.parser import ParserError
from gherkin.pickles.compiler import Compiler

from support import ROOT
from support import shown
from support.authoring import standard
from support.authoring.reading_order import ORDER_FILE
from support.authoring.reading_order import place_unlisted

#: Stands in for a backslash of a table cell while the formatter works (a private-use
#: character: no feature file has it, and the formatter does not treat it specially).
STAND_IN = "\ue000"
#: A backslash in a table row that escapes nothing both readers agree on.
CELL_BACKSLASH = re.compile(r"\\(?!\|)")
STEP_KEYWORDS = ("given", "when", "then", "and", "but")


def protected(text: str) -> str:
    """``text`` with the backslashes of its table cells replaced by the stand-in."""
    lines = text.split("\n")
    return "\n".join(
        CELL_BACKSLASH.sub(STAND_IN, line) if line.lstrip().startswith("|") else line
        for line in lines
    )


def steps_of(text: str) -> list[Step]:
    """The steps behave reads in the text; none if it cannot read it."""
    try:
        feature = parse_feature(text)
    except ParserError:
        return []
    if feature is None:
        return []
    backgrounds = [feature.background] + [r.background for r in feature.rules]
    steps = [s for b in backgrounds if b is not None for s in b.steps]
    return steps + [s for sc in feature.walk_scenarios(with_outlines=True) for s in sc.steps]


def lower_case_steps(text: str) -> list[Step]:
    """The steps of an English file whose keyword is written in lower case (``given``):
    behave runs them, the Gherkin standard reads them as description."""
    if re.search(r"^\s*#\s*language:\s*(?!en\b)", text, re.MULTILINE):
        return []  # another language's keywords have no capitals to give
    lines = text.split("\n")
    return [s for s in steps_of(text) if lines[s.line - 1].split()[0] in STEP_KEYWORDS]


def meant_as_step(step: Step) -> bool:
    """Whether a step written with a lower-case keyword is a sentence the suite knows: a
    step its writer meant, not a description line that happens to start with "and"."""
    from support.authoring.sentences import definitions_matching
    from support.authoring.sentences import load_sentences

    load_sentences()  # the steps, registered once
    return bool(definitions_matching(step))


def capitalised_keywords(text: str) -> str:
    """Lower-case step keywords (``given``) given their capital where the step is a
    sentence the suite knows."""
    lines = text.split("\n")
    for step in lower_case_steps(text):
        if meant_as_step(step):
            line = lines[step.line - 1]
            word = line.split()[0]
            lines[step.line - 1] = line.replace(word, word.capitalize(), 1)
    return "\n".join(lines)


def laid_out(texts: dict[Path, str]) -> dict[Path, str]:
    """Each text as reformat-gherkin lays it out (one run over copies of all of them)."""
    formatter = Path(sys.prefix, "formatter", "bin", "reformat-gherkin")
    if not formatter.exists():
        raise RuntimeError("reformat-gherkin is not installed: run 'make format' via make")
    with tempfile.TemporaryDirectory() as scratch:
        copies = {}
        for number, (path, text) in enumerate(texts.items()):
            copy = Path(scratch) / f"{number}.feature"
            copy.write_text(protected(capitalised_keywords(text)), encoding="utf-8")
            copies[path] = copy
        subprocess.run([formatter, scratch], capture_output=True, text=True)
        # A file the formatter cannot read is left as it was (the check reports why).
        return {
            path: language_line_kept(texts[path], copy.read_text(encoding="utf-8"))
            for path, copy in copies.items()
        }


def language_line_kept(before: str, after: str) -> str:
    """``after`` with no blank line after its ``# language:`` line when ``before`` had
    none (Gherkin and behave read the file the same either way, so both layouts stand),
    and its table cells' backslashes put back."""
    was, will = before.split("\n", 2), after.split("\n", 2)
    if (
        len(was) > 1 and len(will) > 2
        and re.fullmatch(r"\s*#\s*language:.*", was[0])
        and was[1].strip() and not will[1].strip()
    ):  # fmt: skip
        after = f"{will[0]}\n{will[2]}"
    return after.replace(STAND_IN, "\\")


#: What the Gherkin standard records about a file that is not part of what it says.
NOT_MEANING = {"location", "id", "astNodeIds", "delimiter", "uri"}
#: The Gherkin standard's names for the parts of a file, in a product owner's words.
WORDS = {"mediaType": "doc string's media type", "content": "doc string", "cells": "row",
         "description": "description", "keyword": "keyword", "text": "text"}  # fmt: skip
DOC_STRING_OPENING = re.compile(r"^(\s*)(\"\"\"|```)")


def gherkin_document(text: str) -> dict[str, Any] | None:
    """The Gherkin standard's reading of ``text`` (its AST); None if it cannot read it."""
    try:
        document = standard.read(text)
    except standard.Unreadable:
        return None
    document["uri"] = "<feature>"
    return document


def meaning(node: Any) -> Any:
    """``node`` without what does not change what a file says: places, ids, the doc
    string delimiter chosen, the spaces around description lines and comments."""
    if isinstance(node, dict):
        kept = {k: meaning(v) for k, v in node.items() if k not in NOT_MEANING}
        if "description" in kept:
            lines = [p.strip() for p in kept["description"].split("\n")]
            kept["description"] = "\n".join(lines).strip("\n")  # blank lines around: layout
        if set(kept) == {"text"}:  # a comment
            kept["text"] = kept["text"].strip()
        return kept
    if isinstance(node, list):
        return [meaning(item) for item in node]
    return node


def gherkin_reading(text: str) -> Any:
    """What the Gherkin standard reads in ``text``: its AST and its pickles (the scenarios
    as Cucumber runs them, doc strings' media types included), without places and ids."""
    document = gherkin_document(text)
    if document is None:
        return None
    return meaning(document), meaning(Compiler().compile(document))


def first_difference(old: Any, new: Any, line: int = 1) -> tuple[int, str, Any, Any] | None:
    """Where the Gherkin readings ``old`` and ``new`` (raw ASTs) first part: the line in
    the old text, what differs, and its two values; None where they agree."""
    if isinstance(old, dict) and isinstance(new, dict):
        line = old.get("location", {}).get("line", line)
        for key in old.keys() | new.keys():
            if key in NOT_MEANING:
                continue
            a, b = old.get(key), new.get(key)
            if meaning({key: a}) != meaning({key: b}):
                nested = isinstance(a, dict | list) and isinstance(b, dict | list)
                return (nested and first_difference(a, b, line)) or (line, key, a, b)
        return None
    if isinstance(old, list) and isinstance(new, list):
        for a, b in zip(old, new, strict=False):
            if meaning(a) != meaning(b):
                return first_difference(a, b, line)
        if len(old) != len(new):
            return line, "number of items", len(old), len(new)
        return None
    return None if old == new else (line, "", old, new)


def doc_strings(document: Any) -> list[dict[str, Any]]:
    """The doc strings of a Gherkin AST, in the order of the file."""
    found = []
    if isinstance(document, dict):
        if "docString" in document:
            found.append(document["docString"])
        for value in document.values():
            found += doc_strings(value)
    elif isinstance(document, list):
        for item in document:
            found += doc_strings(item)
    return sorted(found, key=lambda d: d["location"]["line"])


def with_doc_strings_as_written(before: str, after: str) -> str:
    """``after`` with each doc string opened and closed as in ``before`` (its delimiter and
    media type, which the formatter drops)."""
    old, new = gherkin_document(before), gherkin_document(after)
    if old is None or new is None or len(doc_strings(old)) != len(doc_strings(new)):
        return after  # the meaning check refuses what does not match
    lines = after.split("\n")
    for was, now in zip(doc_strings(old), doc_strings(new), strict=True):
        opening = now["location"]["line"] - 1
        indent = DOC_STRING_OPENING.match(lines[opening]).group(1)
        closing = next(
            n
            for n in range(opening + 1, len(lines))
            if lines[n].lstrip().startswith(now["delimiter"])
        )
        lines[opening] = indent + was["delimiter"] + was.get("mediaType", "")
        lines[closing] = indent + was["delimiter"]
    return "\n".join(lines)


def with_empty_blank_lines(text: str) -> str:
    """``text`` with its blank lines empty; inside a doc string, a line of spaces keeps
    those beyond the doc string's indentation (they are its content)."""
    lines, inside = text.split("\n"), None
    for number, line in enumerate(lines):
        opening = DOC_STRING_OPENING.match(line)
        if inside is None and opening:
            inside = (opening.group(2), len(opening.group(1)))
        elif inside is not None and line.lstrip().startswith(inside[0]):
            inside = None
        elif not line.strip():
            lines[number] = line[inside[1] :] if inside is not None else ""
    return "\n".join(lines)


def finished(before: str, after: str) -> str:
    """The formatter's ``after`` with what it loses of ``before`` put back."""
    return with_empty_blank_lines(with_doc_strings_as_written(before, after))


def reading(text: str, filename: str = "<feature>") -> Any:
    """What behave reads in ``text``: everything that gives a scenario its meaning."""

    def steps(items: Iterable[Any]) -> list[Any]:
        return [
            (
                s.step_type,
                s.name,
                [list(s.table.headings), *(list(r.cells) for r in s.table.rows)]
                if s.table
                else None,
                s.text,
            )
            for s in items
        ]

    feature = parse_feature(text, filename=filename)
    if feature is None:
        return None
    scenarios = []
    for scenario in feature.walk_scenarios(with_outlines=True):
        examples = []
        if isinstance(scenario, ScenarioOutline):
            for table in scenario.examples:
                rows = [list(r.cells) for r in table.table.rows] if table.table else []
                headings = list(table.table.headings) if table.table else []
                examples.append((table.name, list(table.tags), headings, rows))
        scenarios.append(
            (scenario.keyword, scenario.name, list(scenario.tags), list(scenario.description),
             steps(scenario.steps), examples)
        )  # fmt: skip
    background = steps(feature.background.steps) if feature.background else []
    rules = [(r.name, list(r.tags), list(r.description)) for r in feature.rules]
    return (
        feature.name,
        list(feature.tags),
        list(feature.description),
        background,
        rules,
        scenarios,
    )


def layout_advice(was: str, will: str) -> str:
    """What to do to a line whose words stay but whose spacing changes."""
    if was.lstrip() != will.lstrip():
        return f"space it as {will.strip()!r}"
    if "\t" in was[: len(was) - len(was.lstrip())]:
        return "indent it with spaces, not tabs"
    return f"indent it by {len(will) - len(will.lstrip())} spaces"


def normalised(text: str) -> str:
    """``text`` without spaces at the ends of its lines or blank lines at its end."""
    return "\n".join(line.rstrip() for line in text.rstrip().split("\n"))


@dataclass
class Change:
    """What laying out one file would do."""

    path: Path
    before: str
    after: str

    @property
    def changes_layout(self) -> bool:
        """Whether a line would change (spaces at the ends of lines do not count)."""
        return normalised(self.after) != normalised(self.before)

    @property
    def changes_text(self) -> bool:
        """Whether writing the laid out file changes a character of it."""
        return self.after.rstrip("\n") + "\n" != self.before

    @property
    def keeps_meaning(self) -> bool:
        return self.meaning_change() is None

    def meaning_change(self) -> str | None:
        """Where and how laying the file out would change what it says; None if it would
        not. Capital step keywords are the one change allowed, for a sentence the suite
        knows: behave already reads ``given`` as a step, and the Gherkin standard reads it
        so once it has its capital."""
        old = gherkin_document(capitalised_keywords(self.before))
        new = gherkin_document(self.after)
        if old is not None and (new is None or meaning(old) != meaning(new)):
            found = first_difference(old, new or {})
            if found is not None:
                line, what, was, will = found
                what = WORDS.get(what, what)
                said = f"its {what} {was!r} would be " + (
                    "dropped" if will is None else f"{will!r}")  # fmt: skip
                return f"{line}: laying this file out would change what it says: {said}"
        try:
            if reading(self.after) == reading(self.before):
                return None
        except ParserError:
            pass
        return "1: laying this file out would change what behave reads in it"

    def differences(self, most: int = 3) -> list[tuple[int, str]]:
        """The first changes laying the file out would make: the line, and what to do."""
        old, new = normalised(self.before).split("\n"), normalised(self.after).split("\n")
        found = []
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            was, will = old[i1:i2], new[j1:j2]
            line = i1 + 1
            if tag == "insert" and not any(w.strip() for w in will):
                found.append((line, "add a blank line before this line"))
            elif tag == "delete" and not any(w.strip() for w in was):
                found.append((line, "remove this blank line"))
            elif len(was) == len(will) and [cells_of(w) for w in was] == [
                cells_of(w) for w in will
            ] != [None] * len(was):
                last = line + len(was) - 1
                rows = f"lines {line}-{last}" if last > line else f"line {line}"
                said = f"the table's columns are not lined up ({rows}): pad each cell to "
                found.append((line, said + "its column's widest, a space from each “|”"))
            elif len(was) == len(will) and [w.strip() for w in was] == [w.strip() for w in will]:
                for offset, (a, b) in enumerate(zip(was, will, strict=True)):
                    if a != b:
                        found.append((line + offset, layout_advice(a, b)))
            else:
                shown = will[0].strip() if will else ""
                found.append((line, f"this line would read {shown!r}" if shown else "remove it"))
            if len(found) >= most:
                break
        return found[:most]


def cells_of(line: str) -> list[str] | None:
    """The cells of a table row, as written but for the spaces around them; None for a
    line that is no table row."""
    row = line.strip()
    if not (row.startswith("|") and row.endswith("|")):
        return None
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row[1:-1])]


def readable_text(path: Path) -> str | None:
    """The text of a feature file behave can read; None for one it cannot (the check
    of make lint says why)."""
    try:
        text = path.read_text(encoding="utf-8")
        return text if parse_feature(text) is not None else None
    except (OSError, UnicodeDecodeError, ParserError, KeyError):
        return None


def changes(paths: Iterable[Path]) -> list[Change]:
    """What laying out each of ``paths`` would do (files behave can read, only)."""
    texts = {path: text for path in paths if (text := readable_text(path)) is not None}
    after = laid_out(texts)
    return [Change(path, texts[path], finished(texts[path], after[path])) for path in texts]


def where(path: Path) -> str:
    return shown(path)


def layout_problems(paths: Iterable[Path]) -> list[str]:
    """A message for each line a file would change when laid out."""
    messages = []
    for change in changes(paths):
        if not change.changes_layout:
            continue
        if (problem := change.meaning_change()) is not None:
            messages.append(
                f"{where(change.path)}:{problem}; lay it out by hand like the other feature files"
            )
            continue
        for number, advice in change.differences():
            messages.append(
                f"{where(change.path)}:{number}: the layout differs from the other feature "
                f"files: {advice} ('make format' lays the files out)"
            )
    return messages


def feature_files(paths: Iterable[Path]) -> list[Path]:
    """The feature files named, or found in the folders named."""
    files = []
    for path in paths:
        files += sorted(path.rglob("*.feature")) if path.is_dir() else [path]
    return files


def main(argv: list[str] | None = None) -> int:
    """``format``: lay the feature files out, never changing what one says."""
    parser = argparse.ArgumentParser(prog="python -m support.authoring.layout")
    parser.add_argument("command", choices=["format"])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "features"])
    args = parser.parse_args(argv)
    files = feature_files(args.paths)
    refused = 0
    for path in files:
        if readable_text(path) is None:
            refused += 1
            print(f"{where(path)}: left as it is: behave cannot read it (make lint says why)",
                  file=sys.stderr)  # fmt: skip
    for change in changes(files):
        if not change.changes_text:
            continue
        if (problem := change.meaning_change()) is None:
            change.path.write_text(change.after.rstrip("\n") + "\n", encoding="utf-8")
            print(f"laid out {where(change.path)}")
        else:
            refused += 1
            print(f"{where(change.path)}:{problem}; left as it is: lay it out by hand",
                  file=sys.stderr)  # fmt: skip
    for folder in {path if path.is_dir() else path.parent for path in args.paths}:
        if (folder / ORDER_FILE.name).is_file():
            for said in place_unlisted(folder, folder / ORDER_FILE.name):
                print(said)
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
