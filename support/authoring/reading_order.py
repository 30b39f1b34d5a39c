"""The reading order of the capabilities, declared once in features/reading-order.yaml.

The living documentation presents the features in this order; ``make lint`` names any
feature file the order leaves out, or any name in it that is not a feature file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from support import ROOT
from support import shown

FEATURES = ROOT / "features"
ORDER_FILE = FEATURES / "reading-order.yaml"
#: Where features the order leaves out are shown, after all the others.
UNPLACED = "Not yet placed in the reading order"


@dataclass(frozen=True)
class Placed:
    """A feature file in its place: its group and, for a translation, its English twin."""

    path: Path
    group: str
    twin: Path | None = None


def declared(order_file: Path = ORDER_FILE) -> dict[str, list[str]]:
    """The groups and their feature file names, as the file lists them."""
    text = order_file.read_text(encoding="utf-8") if order_file.exists() else ""
    groups = yaml.safe_load(text) or {}
    if not isinstance(groups, dict) or not all(
        isinstance(names, list) and all(isinstance(n, str) for n in names)
        for names in groups.values()
    ):
        raise ValueError(
            f"{shown(order_file)}: expected groups, each a list of feature "
            "file names, such as 'For operators:' followed by '  - configuration.feature'"
        )
    return groups


def arrange(folder: Path = FEATURES, order_file: Path = ORDER_FILE) -> list[Placed]:
    """Every feature file under ``folder`` in reading order; each translation right after
    its English twin; the ones the order leaves out at the end."""
    everything = sorted(folder.rglob("*.feature"))
    english = {p.name: p for p in everything if p.parent == folder}
    translations = [p for p in everything if p.parent != folder]
    placed: list[Placed] = []
    for group, names in declared(order_file).items():
        for name in names:
            if name in english:
                placed.append(Placed(english.pop(name), group))
                placed += [Placed(t, group, folder / name) for t in translations if t.name == name]
            elif folder / name in translations:  # a translation with no English twin
                placed.append(Placed(folder / name, group))
    for left in english.values():
        placed.append(Placed(left, UNPLACED))
        placed += [Placed(t, UNPLACED, left) for t in translations if t.name == left.name]
    shown = {p.path for p in placed}
    placed += [Placed(t, UNPLACED) for t in translations if t not in shown]
    return placed


def group_for(groups: dict[str, list[str]], path: Path) -> str:
    """The group a feature file the order leaves out joins: its twin's (a file of the
    same name in another folder), or else the last."""
    twins = [g for g, names in groups.items() for n in names if Path(n).name == path.name]
    return twins[0] if twins else next(reversed(groups), "For readers")


def group_with(groups: dict[str, list[str]], group: str, name: str) -> str:
    """``group`` of the order with ``name`` added at its end, as lines to paste over it."""
    return "\n".join([f"{group}:"] + [f"  - {n}" for n in [*groups.get(group, []), name]])


def order_problems(folder: Path = FEATURES, order_file: Path = ORDER_FILE) -> list[str]:
    """A message for every feature file left out of the order and every name in it that
    is no feature file."""
    where = shown(order_file)
    try:
        groups = declared(order_file)
    except ValueError as error:
        return [str(error)]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or "not valid YAML"
        return [f"{where}{line}: {problem}: write each group as 'Name:' followed by lines "
                "'  - file.feature'"]  # fmt: skip
    listed = [name for names in groups.values() for name in names]
    messages = [
        f"{where}: '{name}' is not a feature file in {shown(folder)}/"
        for name in listed
        if not (folder / name).is_file()
    ]
    messages += [
        f"{where}: '{name}' is listed {listed.count(name)} times; keep it in one place"
        for name in sorted(set(listed))
        if listed.count(name) > 1
    ]
    for placed in arrange(folder, order_file):
        twin_unplaced = (folder / placed.path.name).is_file() and placed.path.parent != folder
        if placed.group == UNPLACED and not twin_unplaced:  # placing the twin places it
            name = placed.path.relative_to(folder).as_posix()
            group = group_for(groups, placed.path)
            messages.append(
                f"{shown(placed.path)}: not in the reading order; add "
                f"'{name}' to {where} where a reader should meet it; at the end of "
                f"'{group}' (as 'make format' places it), that group becomes:\n"
                f"{group_with(groups, group, name)}"
            )
            groups.setdefault(group, []).append(name)  # the next one is pasted after it
    return messages


def place_unlisted(folder: Path = FEATURES, order_file: Path = ORDER_FILE) -> list[str]:
    """Add each feature file the order leaves out at the end of a group (its twin's in
    another folder, or else the last) and say so, one line for each; the file's own
    comments and layout are kept. Nothing is added to an order that cannot be read."""
    try:
        groups = declared(order_file)
    except (ValueError, yaml.YAMLError):
        return []  # make lint says what is wrong with it
    if not groups:
        return []
    where = shown(order_file)
    said = []
    for placed in arrange(folder, order_file):
        name = placed.path.relative_to(folder).as_posix()
        if placed.group != UNPLACED or placed.twin is not None:
            continue  # placed, or placed with its English twin
        group = group_for(groups, placed.path)
        lines = order_file.read_text(encoding="utf-8").split("\n")
        heading = next((n for n, line in enumerate(lines) if line.rstrip() == f"{group}:"), None)
        if heading is None:  # a heading written otherwise (quoted): left to the reader
            said.append(
                f"{shown(placed.path)}: not in the reading order; add "
                f"'  - {name}' under '{group}:' in {where}"
            )
            continue
        end = heading + 1
        while end < len(lines) and lines[end].lstrip().startswith("- "):
            end += 1
        items = lines[heading + 1 : end]
        indent = items[-1][: len(items[-1]) - len(items[-1].lstrip())] if items else "  "
        before = order_file.read_text(encoding="utf-8")
        lines.insert(end, f"{indent}- {name}")
        order_file.write_text("\n".join(lines), encoding="utf-8")
        try:  # written as the file writes its items; read back as meant, or left as it was
            placed_right = declared(order_file).get(group, [])[-1:] == [name]
        except (ValueError, yaml.YAMLError):
            placed_right = False
        if not placed_right:
            order_file.write_text(before, encoding="utf-8")
            said.append(
                f"{shown(placed.path)}: not in the reading order; add "
                f"'- {name}' under '{group}:' in {where}"
            )
            continue
        groups[group].append(name)
        said.append(
            f"{shown(placed.path)}: added to {where} at the end of "
            f"'{group}'; move it where a reader should meet it"
        )
    return said
