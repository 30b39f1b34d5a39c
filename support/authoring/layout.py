"""Feature files laid out alike, without ever changing what they say.

reformat-gherkin lays the files out. It reads table cells as Gherkin does (a backslash
escapes), behave reads them as written, so a cell such as ``C:\\Shop\\new.txt`` would come
back meaning something else. Here every backslash in a table cell is handed to the
formatter as a character it leaves alone and put back afterwards, and every result is
read again with behave's parser: a file whose meaning would change is never written.

``python -m support.authoring.layout format [FILES]`` lays the files out (``make format``);
the check of ``make lint`` (support.authoring.check) reports, instead, each line that
would change.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from behave.model import ScenarioOutline
from behave.parser import parse_feature
from behave.parser import ParserError

from support import ROOT

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


def step_lines(text: str) -> set[int]:
    """The numbers of the lines behave reads as steps; none if it cannot read the text."""
    try:
        feature = parse_feature(text)
    except ParserError:
        return set()
    if feature is None:
        return set()
    backgrounds = [feature.background] + [r.background for r in feature.rules]
    steps = [s for b in backgrounds if b is not None for s in b.steps]
    steps += [s for sc in feature.walk_scenarios(with_outlines=True) for s in sc.steps]
    return {step.line for step in steps}


def capitalised_keywords(text: str) -> str:
    """English step keywords written in lower case (``given``) given their capital."""
    if re.search(r"^\s*#\s*language:\s*(?!en\b)", text, re.MULTILINE):
        return text  # another language's keywords have no capitals to give
    lines = text.split("\n")
    for number in step_lines(text):
        line = lines[number - 1]
        word = line.split()[0] if line.split() else ""
        if word in STEP_KEYWORDS:
            lines[number - 1] = line.replace(word, word.capitalize(), 1)
    return "\n".join(lines)


def laid_out(texts: dict[Path, str]) -> dict[Path, str]:
    """Each text as reformat-gherkin lays it out (one run over copies of all of them)."""
    formatter = shutil.which("reformat-gherkin", path=str(Path(sys.executable).parent))
    if formatter is None:
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
    def keeps_meaning(self) -> bool:
        try:
            return reading(self.after) == reading(self.before)
        except ParserError:
            return False

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
    return [Change(path, texts[path], after[path]) for path in texts]


def where(path: Path) -> str:
    return os.path.relpath(path, ROOT)


def layout_problems(paths: Iterable[Path]) -> list[str]:
    """A message for each line a file would change when laid out."""
    messages = []
    for change in changes(paths):
        if not change.changes_layout:
            continue
        if not change.keeps_meaning:
            messages.append(
                f"{where(change.path)}:1: laying this file out would change what it says; "
                "lay it out by hand like the other feature files"
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
        if not change.changes_layout:
            continue
        if change.keeps_meaning:
            change.path.write_text(change.after.rstrip("\n") + "\n", encoding="utf-8")
            print(f"laid out {where(change.path)}")
        else:
            refused += 1
            print(
                f"{where(change.path)}: left as it is: laying it out would change what it "
                "says (make lint says where)",
                file=sys.stderr,
            )
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
