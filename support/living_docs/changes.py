"""What changed in the feature files since an earlier commit, in words a reader follows.

The old feature files are read through git (``git ls-tree``, ``git show``) and parsed
with behave's parser, as the site parses the current ones; nothing is run. A capability
is matched by its file's path, a rule or an example by its name within its capability:
the same name with other steps, tables or description is reworded. A rule or an example
whose name alone changed (every other word the same, and no other like it) is renamed;
any other new name is a removal and an addition.
"""

from __future__ import annotations

import difflib
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any
from typing import Protocol

from behave.model import Feature
from behave.model import Rule
from behave.model import ScenarioOutline
from behave.model import Step
from behave.parser import parse_feature


class GitError(Exception):
    """git could not answer: no repository, or no such commit."""


def git(folder: Path, *args: str) -> str:
    """What ``git args`` prints, run in ``folder``."""
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=folder,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise GitError(f"git could not run: {error}") from error
    if done.returncode != 0:
        raise GitError(done.stderr.strip() or f"git {args[0]} exited {done.returncode}")
    return done.stdout


def default_since(features: Path) -> str | None:
    """The latest tag; else the commit before the latest one that changed the features (so
    the page says what that change did); None when git knows neither."""
    try:
        tags = git(features, "describe", "--tags", "--abbrev=0", "HEAD").strip()
    except GitError:
        tags = ""
    if tags:
        return tags
    try:
        last = git(features, "log", "-1", "--format=%H", "HEAD", "--", ".").strip()
        return git(features, "rev-parse", "--verify", "--quiet", f"{last}^").strip() or None
    except GitError:
        return None


@dataclass(frozen=True)
class Baseline:
    """The feature files at an earlier commit: their text by path within the features."""

    ref: str  # as the reader was told: "v1.2" or "commit 5d9f401"
    date: str  # the commit's date, 2026-11-28
    texts: dict[str, str]


def read_baseline(features: Path, ref: str) -> Baseline:
    """The ``*.feature`` files under ``features`` as they were at ``ref``."""
    top = Path(git(features, "rev-parse", "--show-toplevel").strip())
    commit = git(features, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip()
    if not commit:
        raise GitError(f"no commit {ref!r}")
    prefix = features.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else f"{prefix}/"
    listed = git(top, "ls-tree", "-r", "--name-only", "-z", commit, "--", prefix or ".")
    texts = {}
    for name in filter(None, listed.split("\0")):
        if name.endswith(".feature"):
            texts[name[len(prefix) :]] = git(top, "show", f"{commit}:{name}")
    try:
        git(top, "rev-parse", "--verify", "--quiet", f"refs/tags/{ref}")
        said = ref
    except GitError:
        said = f"commit {git(top, 'rev-parse', '--short', commit).strip()}"
    date = git(top, "log", "-1", "--format=%cs", commit).strip()
    return Baseline(said, date, texts)


@dataclass(frozen=True)
class Part:
    """A capability, rule or example as a reader compares it: its name and its words."""

    kind: str  # "Capability", "Rule", "Example"
    name: str
    lines: tuple[str, ...]  # everything written in it but its name and its examples
    rule: str = ""  # an example's rule, if any
    examples: tuple[str, ...] = ()  # a rule's examples' names
    anchor: str = ""  # its place on its capability's page, on the current site


#: A capability's file that the site cannot read now: what changed in it is unknown.
UNREADABLE = "cannot be read now"


@dataclass
class Change:
    """One change, said in words: "Rule 'X' added to Posting"."""

    kind: str  # "added", "removed", "reworded", "renamed", or UNREADABLE
    part: str  # "Capability", "Rule", "Example"
    name: str
    capability: str
    href: str | None  # where it is now (or, removed, where it was); None if nowhere
    before: list[tuple[str, str]] = field(default_factory=list)  # the lines, from wording()
    after: list[tuple[str, str]] = field(default_factory=list)
    old_name: str = ""
    note: str = ""


@dataclass
class CapabilityChanges:
    """The changes to one feature file."""

    name: str
    source: str  # its path within the features
    anchor: str  # its section on the What changed page
    page: str | None  # its page on the current site; None if it was removed
    changes: list[Change]
    language: str = "en"  # the language of its names


@dataclass
class Changes:
    """Everything that changed since ``since``, capability by capability."""

    since: Baseline
    capabilities: list[CapabilityChanges]
    unreadable: list[str]  # the old files behave could not read, with why

    def of(self, page: str) -> CapabilityChanges | None:
        """The changes to the capability on ``page``, if any."""
        return next((c for c in self.capabilities if c.page == page and c.changes), None)

    @property
    def count(self) -> int:
        return sum(len(c.changes) for c in self.capabilities)

    @property
    def summary(self) -> str:
        """ "1 example added, 1 removed and 1 reworded"."""
        counts: dict[str, int] = {}
        for capability in self.capabilities:
            for change in capability.changes:
                key = f"{change.part.lower()} {change.kind}"
                counts[key] = counts.get(key, 0) + 1
        said = []
        for part in ("capability", "rule", "example"):
            kinds = [
                (counts[f"{part} {k}"], k)
                for k in ("added", "removed", "reworded", "renamed", UNREADABLE)
                if counts.get(f"{part} {k}")
            ]
            if kinds:
                plural = "capabilities" if part == "capability" else f"{part}s"
                first = f"{kinds[0][0]} {part if kinds[0][0] == 1 else plural} {kinds[0][1]}"
                rest = [f"{n} {k}" for n, k in kinds[1:]]
                said.append(", ".join([first, *rest]))
        return "; ".join(said)


class Shown(Protocol):
    """What the site knows of a current capability (site.Capability)."""

    feature: Feature
    path: Path
    page: str
    sections: list[Any]
    translations: list[Any]


class NotRead(Protocol):
    """A current feature file the site could not read (site.Unreadable)."""

    path: Path
    page: str


def step_lines(steps: Iterable[Step]) -> list[str]:
    """Steps as written, with their tables and doc strings."""
    lines = []
    for step in steps:
        lines.append(f"{step.keyword.strip()} {step.name}")
        if step.table:
            lines += table_lines(step.table.headings, [row.cells for row in step.table.rows])
        if step.text:
            lines += ['"""', *str(step.text).splitlines(), '"""']
    return lines


def table_lines(headings: list[str], rows: list[list[str]]) -> list[str]:
    """A table as Gherkin writes it, not aligned: a wider cell changes its row alone."""
    every = [list(headings), *(list(r) for r in rows)]
    return ["| " + " | ".join(row) + " |" for row in every]


def paragraphs(description: list[str]) -> list[str]:
    """A description, one line per paragraph: rewrapping a paragraph changes nothing."""
    text = "\n".join(description)
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def narrative(feature: Feature) -> tuple[list[str], list[str]]:
    """A feature's description: its "As a / I want / So that" lines (the first three), and
    the rest in paragraphs."""
    return list(feature.description[:3]), paragraphs(feature.description[3:])


def example_part(scenario: Any, rule: str, anchor: str = "") -> Part:
    lines = paragraphs(scenario.description)
    lines += step_lines(scenario.steps)
    if isinstance(scenario, ScenarioOutline):
        for examples in scenario.examples:
            lines.append(f"{examples.keyword}: {examples.name}".rstrip(": "))
            if examples.table:
                rows = [row.cells for row in examples.table.rows]
                lines += table_lines(examples.table.headings, rows)
    return Part("Example", scenario.name, tuple(lines), rule, anchor=anchor)


def rule_part(rule: Rule, anchor: str = "") -> Part:
    lines = paragraphs(rule.description)
    if rule.background:
        lines += [f"{rule.background.keyword}:", *step_lines(rule.background.steps)]
    names = tuple(s.name for s in rule.scenarios)
    return Part("Rule", rule.name, tuple(lines), examples=names, anchor=anchor)


def capability_part(feature: Feature) -> Part:
    said, rest = narrative(feature)
    lines = [f"{feature.keyword}: {feature.name}"]
    lines += [" ".join(line.split()) for line in said] + rest
    if feature.background:
        lines += [f"{feature.background.keyword}:", *step_lines(feature.background.steps)]
    return Part("Capability", feature.name, tuple(lines))


def parts_of(feature: Feature, anchors: dict[int, str] | None = None) -> list[Part]:
    """A feature's rules and examples in its order; ``anchors``, their places by the id of
    the rule or scenario behave made."""
    anchors = anchors or {}
    parts = []
    for item in feature.run_items:
        if isinstance(item, Rule):
            parts.append(rule_part(item, anchors.get(id(item), "")))
            parts += [example_part(s, item.name, anchors.get(id(s), "")) for s in item.scenarios]
        else:
            parts.append(example_part(item, "", anchors.get(id(item), "")))
    return parts


#: Unchanged lines shown on each side of a changed one; the others are said in a count.
CONTEXT = 1


def wording(old: Iterable[str], new: Iterable[str]) -> tuple[list[tuple[str, str]], ...]:
    """The old and the new lines, each marked "changed" where it is not in the other, else
    "same"; a run of unchanged lines away from any change becomes one "gap" line."""
    old, new = list(old), list(new)
    before = [[line, "changed"] for line in old]
    after = [[line, "changed"] for line in new]
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for i in range(size):
            before[a + i][1] = after[b + i][1] = "same"
    return shortened(before), shortened(after)


def shortened(lines: list[list[str]]) -> list[tuple[str, str]]:
    """``lines`` with each run of "same" lines more than CONTEXT lines from a change said
    as one line: "(3 lines as before)"."""
    near = {
        j
        for i, (_, state) in enumerate(lines)
        if state == "changed"
        for j in range(i - CONTEXT, i + CONTEXT + 1)
    }
    kept: list[tuple[str, str]] = []
    left_out: list[str] = []
    for i, (line, state) in enumerate([*lines, ["", "end"]]):
        if state == "same" and i not in near:
            left_out.append(line)
            continue
        if len(left_out) == 1:  # the line itself is as short as its count
            kept.append((left_out[0], "same"))
        elif left_out:
            kept.append((f"({len(left_out)} lines as before)", "gap"))
        left_out = []
        if state != "end":
            kept.append((line, state))
    return kept


def paired(old: list[Part], new: list[Part]) -> list[tuple[Part | None, Part | None]]:
    """Parts of one kind matched by name (the n-th of a name with the n-th), then a removed
    one with an added one whose words alone are the same; the rest stand alone."""
    pairs: list[tuple[Part | None, Part | None]] = []
    left = list(old)
    for part in new:
        same = next((o for o in left if o.name == part.name), None)
        if same is not None:
            left.remove(same)
        pairs.append((same, part))
    added = [n for o, n in pairs if o is None and n is not None]
    for gone in list(left):
        words = (gone.lines, gone.examples)
        like = [n for n in added if (n.lines, n.examples) == words]
        alike = [o for o in left if (o.lines, o.examples) == words]
        if len(like) == 1 and len(alike) == 1 and any(words):
            pairs[pairs.index((None, like[0]))] = (gone, like[0])
            added.remove(like[0])
            left.remove(gone)
    return pairs + [(o, None) for o in left]


def compared(old: Feature, shown: Shown, name: str) -> list[Change]:
    """The changes between a feature at the old commit and as the site shows it now."""
    anchors = {id(s.rule): s.anchor for s in shown.sections if s.rule is not None}
    anchors.update({id(e.scenario): e.anchor for s in shown.sections for e in s.examples})
    changes = []
    before, now = capability_part(old), capability_part(shown.feature)
    if before.lines != now.lines:
        lines = wording(before.lines, now.lines)
        changes.append(Change("reworded", "Capability", name, name, shown.page, *lines))
    old_parts, new_parts = parts_of(old), parts_of(shown.feature, anchors)
    for kind in ("Rule", "Example"):
        pairs = paired(
            [p for p in old_parts if p.kind == kind], [p for p in new_parts if p.kind == kind]
        )
        for was, is_ in pairs:
            if is_ is None:
                assert was is not None
                changes.append(Change("removed", kind, was.name, name, shown.page))
                continue
            href = f"{shown.page}#{is_.anchor}"
            if was is None:
                changes.append(Change("added", kind, is_.name, name, href))
                continue
            change = Change("reworded", kind, is_.name, name, href)
            if was.name != is_.name:
                change.kind, change.old_name = "renamed", was.name
            elif was.lines != is_.lines:
                change.before, change.after = wording(was.lines, is_.lines)
            if kind == "Example" and was.rule != is_.rule:
                where = f"rule '{is_.rule}'" if is_.rule else "no rule"
                change.note = f"now under {where}"
            if change.kind == "renamed" or change.before or change.note:
                changes.append(change)
    return changes


def parsed(text: str, filename: str) -> Feature | None:
    """A feature file's text as behave reads it; None for a file with no feature."""
    return parse_feature(text, filename=filename)


def changes_since(
    baseline: Baseline, shown: list[Shown], features: Path, not_read: Iterable[NotRead] = ()
) -> Changes:
    """Every capability, rule and example added, removed, reworded or renamed between
    ``baseline`` and the capabilities the site shows, in the site's reading order; a file
    the site cannot read now (``not_read``) is said so, not removed."""
    found, unreadable = [], []
    seen = set()
    for capability in shown:
        source = capability.path.resolve().relative_to(features.resolve()).as_posix()
        seen.add(source)
        name = capability.feature.name
        anchor = f"changes-{capability.page.removesuffix('.html')}"
        language = capability.feature.language or "en"
        text = baseline.texts.get(source)
        if text is None:
            added = Change("added", "Capability", name, name, capability.page)
            found.append(
                CapabilityChanges(name, source, anchor, capability.page, [added], language)
            )
            continue
        try:
            old = parsed(text, source)
        except Exception as error:  # noqa: BLE001 - any file behave cannot read is said so
            unreadable.append(f"{source}: {error}")
            continue
        if old is None:
            changes = [Change("added", "Capability", name, name, capability.page)]
        else:
            changes = compared(old, capability, name)
        found.append(CapabilityChanges(name, source, anchor, capability.page, changes, language))
    for entry in not_read:
        source = entry.path.resolve().relative_to(features.resolve()).as_posix()
        if source not in baseline.texts:
            continue
        seen.add(source)
        try:
            old = parsed(baseline.texts[source], source)
        except Exception:  # noqa: BLE001 - unreadable then and now: nothing to compare
            old = None
        name = old.name if old is not None else source
        language = (old.language if old is not None else None) or "en"
        anchor = f"changes-{entry.page.removesuffix('.html')}"
        cannot = Change(UNREADABLE, "Capability", name, name, entry.page)
        found.append(CapabilityChanges(name, source, anchor, entry.page, [cannot], language))
    for source in sorted(set(baseline.texts) - seen):
        try:
            old = parsed(baseline.texts[source], source)
        except Exception as error:  # noqa: BLE001
            unreadable.append(f"{source}: {error}")
            continue
        if old is None:
            continue
        gone = Change("removed", "Capability", old.name, old.name, None, note=f"was {source}")
        anchor = f"changes-removed-{len(found)}"
        language = old.language or "en"
        found.append(CapabilityChanges(old.name, source, anchor, None, [gone], language))
    return Changes(baseline, found, unreadable)
