"""Which English example each example of a translation translates, as its author says.

A scenario of a translation (features/ko/posting.feature) names the English example it
translates with a tag: ``@translates:`` and the English example's name in lower case, a
hyphen for every run of spaces and signs. "The admin posts an entry" is
``@translates:the-admin-posts-an-entry``. The example is looked for in the English twin
first, then in the other English features (a translation may gather examples that the
English features keep apart). ``make lint`` names a tag that names no English example,
with the tag to write instead; the living documentation links each pair both ways.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from behave.model import Feature
from behave.model import Rule
from behave.model import Scenario
from behave.model import ScenarioOutline

from support import shown
from support.authoring import check

#: The tag's prefix: ``@translates:the-admin-posts-an-entry``.
PREFIX = "translates:"


def slug(text: str) -> str:
    """A name as a tag writes it: "The admin posts an entry" → "the-admin-posts-an-entry"."""
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-")


def tag_for(name: str) -> str:
    """The tag that says an example translates the English example ``name``."""
    return f"@{PREFIX}{slug(name)}"


def is_twin_tag(tag: object) -> bool:
    return str(tag).startswith(PREFIX)


def references(scenario: Scenario | ScenarioOutline) -> list[str]:
    """The English names a scenario's ``@translates:`` tags give, as written."""
    return [str(tag)[len(PREFIX) :] for tag in scenario.tags if is_twin_tag(tag)]


def written(feature: Feature) -> list[Scenario | ScenarioOutline]:
    """The scenarios and outlines as written, the rules' with them."""
    found: list[Scenario | ScenarioOutline] = []
    for item in feature.run_items:
        found += list(item.scenarios) if isinstance(item, Rule) else [item]
    return found


@dataclass(frozen=True)
class Named:
    """An English example: its file, name and line."""

    path: Path
    name: str
    line: int

    def __str__(self) -> str:
        return f"“{self.name}”, {shown(self.path)}:{self.line}"


def english_examples(folder: Path) -> dict[str, list[Named]]:
    """Every example of the English features in ``folder``, by its name as a tag writes it;
    a file behave cannot read is left out (``make lint`` names it on its own)."""
    found: dict[str, list[Named]] = {}
    for path in sorted(folder.glob("*.feature")):
        feature, _ = check.read(path)
        for scenario in written(feature) if feature else []:
            found.setdefault(slug(scenario.name), []).append(
                Named(path, scenario.name, scenario.line)
            )
    return found


def translated(reference: str, examples: dict[str, list[Named]], twin: Path) -> list[Named]:
    """The English examples a reference names: the twin's alone when it has one."""
    found = examples.get(slug(reference), [])
    return [n for n in found if n.path == twin] or found


def twin_problems(folder: Path, translations: Iterable[Path] | None = None) -> list[str]:
    """A message for every ``@translates:`` tag that names no English example, or the
    examples of more than one English feature, with the tag to write instead."""
    examples = english_examples(folder)
    names = [n for found in examples.values() for n in found]
    messages = []
    others = (p for p in folder.rglob("*.feature") if p.parent != folder)
    for path in sorted(translations or others):
        feature, _ = check.read(path)
        twin = folder / path.name
        for scenario in written(feature) if feature else []:
            for reference in references(scenario):
                where = f"{shown(path)}:{scenario.line}"
                found = translated(reference, examples, twin)
                if len(found) > 1:
                    messages.append(
                        f"{where}: “@{PREFIX}{reference}” names an example of more than one "
                        f"English feature ({'; '.join(map(str, found))}): rename one of them"
                    )
                elif not found:
                    # The closest by name, the twin's first.
                    ordered = sorted(names, key=lambda n: n.path != twin)
                    by_name = {slug(n.name).replace("-", " "): n for n in reversed(ordered)}
                    said = slug(reference).replace("-", " ")
                    close = difflib.get_close_matches(said, by_name, 3, 0.8) or (
                        difflib.get_close_matches(said, by_name, 1, 0.4)
                    )
                    advice = (
                        "; the closest: "
                        + "; ".join(f"{tag_for(by_name[c].name)} ({by_name[c]})" for c in close)
                        if close
                        else ""
                    )
                    messages.append(
                        f"{where}: “@{PREFIX}{reference}” names no English example: write "
                        "@translates: and the English example's name in lower case, a hyphen "
                        f"for every space or sign{advice}"
                    )
    return messages
