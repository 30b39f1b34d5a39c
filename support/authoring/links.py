"""Links from a description to a rule of another capability, as a product owner types them.

A feature's or a rule's description may link to a rule of any feature, in Markdown's form:
``[the lock-out rule](guessing_passwords.feature#Guessing passwords is slowed down)``: the
words a reader sees, then the feature file (as features/reading-order.yaml names it) and
the rule's name as it follows "Rule:". The living documentation shows the words as a link
to that rule; the link is checked when the site is built and by ``make lint``, and one
that names no rule is named with its file, its line and the rules it could mean.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from behave.model import Feature
from behave.model import Rule

from support import shown
from support.authoring import check

LINK = re.compile(r"\[(?P<words>[^\[\]]+)\]\((?P<file>[^()\s#]+\.feature)#(?P<rule>[^()]+)\)")


def plain(text: str) -> str:
    """Words as written, whatever the line breaks and spaces between them."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Link:
    """A link as written in a description, and the line it starts on."""

    words: str
    file: str
    rule: str
    line: int

    @property
    def key(self) -> tuple[str, str]:
        return key(self.file, self.rule)

    def __str__(self) -> str:
        return f"[{self.words}]({self.file}#{self.rule})"


def key(file: str, rule: str) -> tuple[str, str]:
    """What a link and a rule are matched by: the file, the rule's words in any case."""
    return file, plain(rule).casefold()


def pieces(text: str) -> list[tuple[str, tuple[str, str] | None]]:
    """``text`` cut at its links: each piece's words, and for a link what it names."""
    found: list[tuple[str, tuple[str, str] | None]] = []
    start = 0
    for match in LINK.finditer(text):
        if match.start() > start:
            found.append((text[start : match.start()], None))
        found.append((plain(match["words"]), key(match["file"], match["rule"])))
        start = match.end()
    if start < len(text):
        found.append((text[start:], None))
    return found


def described(lines: list[str], after: int, text: list[str]) -> list[tuple[int, str]]:
    """A description's lines with their numbers: ``after`` is the line of the keyword it
    follows, ``text`` the file's lines."""
    numbered, number = [], after
    for line in lines:
        while number < len(text) and text[number].strip() != line.strip():
            number += 1
        numbered.append((number + 1, line))
        number += 1
    return numbered


def links_in(path: Path, feature: Feature) -> list[Link]:
    """Every link of the feature's description and of its rules' descriptions."""
    text = path.read_text(encoding="utf-8").splitlines()
    owners = [feature, *(item for item in feature.run_items if isinstance(item, Rule))]
    found = []
    for owner in owners:
        numbered = described(list(owner.description), owner.line, text)
        joined = "\n".join(line for _, line in numbered)
        for match in LINK.finditer(joined):
            line = numbered[joined.count("\n", 0, match.start())][0]
            found.append(Link(plain(match["words"]), match["file"], plain(match["rule"]), line))
    return found


def rules_of(folder: Path, files: Iterable[Path]) -> dict[tuple[str, str], str]:
    """Every rule of the features, by what a link to it matches, with its name as written."""
    found = {}
    for path in files:
        feature, _ = check.read(path)
        name = path.relative_to(folder).as_posix()
        for rule in feature.rules if feature else []:
            found[key(name, rule.name)] = f"{name}#{plain(rule.name)}"
    return found


def closest(said: str, known: list[str]) -> list[str]:
    """The close matches, or failing those the one nearest."""
    return difflib.get_close_matches(said, known, 3, 0.7) or difflib.get_close_matches(
        said, known, 1, 0.3
    )


def broken(link: Link, path: Path, rules: dict[tuple[str, str], str]) -> str:
    """What is wrong with a link that names no rule, with the rules it could mean."""
    where = f"{shown(path)}:{link.line}"
    same_file = [target for (file, _), target in rules.items() if file == link.file]
    if same_file:
        said = f"no rule “{link.rule}” in {link.file}"
        near = closest(f"{link.file}#{link.rule}", same_file)
    else:
        said = f"no feature file {link.file}"
        near = closest(f"{link.file}#{link.rule}", list(rules.values()))
    meant = f"; it could mean {' or '.join(f'({n})' for n in near)}" if near else ""
    return (
        f"{where}: the link “{link}” names {said}{meant}: after the “#” write the rule's name "
        "as it follows “Rule:”, before it the feature file as reading-order.yaml names it"
    )


def link_problems(folder: Path, files: Iterable[Path]) -> list[str]:
    """A message for every link of these files that names no rule of the features."""
    rules = rules_of(folder, folder.rglob("*.feature"))
    messages = []
    for path in files:
        feature, _ = check.read(path)
        for link in links_in(path, feature) if feature else []:
            if link.key not in rules:
                messages.append(broken(link, path, rules))
    return messages
