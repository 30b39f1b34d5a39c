"""Build the living documentation site from the feature files and the recorded runs.

The features are read with behave's own parser, in the order features/reading-order.yaml
declares; each scenario (each Examples row) is joined to its result in every run that
``recorder.RunRecorder`` wrote, by its place and its name; every step is joined to its
sentence in the glossary. Jinja2 templates make the pages: no HTML is assembled here.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import json
import logging
import re
import shutil
import struct
from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

import jinja2
from behave.model import Feature
from behave.model import Rule
from behave.model import Scenario
from behave.model import ScenarioOutline
from behave.model import Step

from support.authoring import standard
from support.authoring.check import Problem
from support.authoring.check import read
from support.authoring.expectations import is_outside_the_page
from support.authoring.links import broken
from support.authoring.links import key
from support.authoring.links import links_in
from support.authoring.links import pieces
from support.authoring.links import rules_of
from support.authoring.reading_order import arrange
from support.authoring.reading_order import ORDER_FILE
from support.authoring.reading_order import ROOT
from support.authoring.sentences import by_capability
from support.authoring.sentences import definitions_matching
from support.authoring.sentences import Entry
from support.authoring.sentences import korean_words
from support.authoring.sentences import load_sentences
from support.authoring.sentences import people
from support.authoring.sentences import removed_words
from support.authoring.sentences import Sentence
from support.authoring.sentences import settings
from support.authoring.sentences import wordings
from support.authoring.twins import english_examples
from support.authoring.twins import is_twin_tag
from support.authoring.twins import references
from support.authoring.twins import translated
from support.pages.words import REFUSALS

from .changes import Baseline
from .changes import changes_since
from .changes import narrative
from .changes import paragraphs
from .recorder import current_commit
from .recorder import where

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Mode:
    """A driver mode, in the words the site uses for it."""

    key: str
    word: str  # a heading or a label: "Over HTTP"
    phrase: str  # inside a sentence: "passed over HTTP"
    detail: str  # how it runs the blog
    proves: str = ""  # what it proves that the modes before it do not


#: The driver modes in the order a reader meets them.
MODES = {
    m.key: m
    for m in (
        Mode(
            "client",
            "In-process",
            "in-process",
            "the app in the suite's own process, through Flask's test client",
            "every rule of the blog, and all that happens outside a page: a configuration"
            " refused at start, a command, a file, a log line, a mail",
        ),
        Mode(
            "http",
            "Over HTTP",
            "over HTTP",
            "the app served on 127.0.0.1 by a real WSGI server, over real HTTP",
            "that the pages and forms work through a real server and real requests",
        ),
        Mode(
            "browser",
            "In Chromium",
            "in Chromium",
            "the same server, driven in a real headless Chromium",
            "that a person sees and can do it all in a real browser",
        ),
    )
}
#: Languages a feature may be written in, by the code of its "# language:" line.
LANGUAGES = {"en": "English", "ko": "Korean (한국어)"}
#: behave's statuses in words a reader knows; anything else counts as failed.
STATUS_WORDS = {
    "passed": "Passed",
    "failed": "Failed",
    "skipped": "Skipped",
    "not run": "Not run",
    "not applicable": "Not applicable",
}
#: Worst first: an example's or a capability's status in a mode is the worst of its parts.
SEVERITY = ["failed", "skipped", "not run", "passed", "not applicable"]
#: The modes an example outside any page applies in (its steps all marked
#: ``outside_the_page``): the others run the same code and prove nothing more.
OUTSIDE_THE_PAGE_MODES = ("client",)
#: An Examples table longer than this shows its first rows and folds the rest.
ROWS_SHOWN = 4
#: Page names the site itself uses.
RESERVED = {"index.html", "glossary.html", "changes.html", "promises.html"}


def outside_the_page_modes() -> list[Mode]:
    """The modes an example outside any page is proven in."""
    return [MODES[key] for key in OUTSIDE_THE_PAGE_MODES]


def applies_to(examples: list[Example]) -> str:
    """In words, the modes a group of examples applies in when every one of them happens
    outside any page (said once for the group, not per example); else empty."""
    if examples and all(e.outside for e in examples):
        return in_words(outside_the_page_modes())
    return ""


def applicable(results: list[Result], outside: bool) -> list[Result]:
    """``results`` as they count: for an example outside any page, a mode that proves
    nothing more reads "not applicable", unless it failed there (a failure is news)."""
    if not outside:
        return results
    return [
        r
        if r.mode.key in OUTSIDE_THE_PAGE_MODES or r.status == "failed"
        else Result(r.mode, "not applicable", "", [], r.step_seconds)
        for r in results
    ]


def mode_of(key: str) -> Mode:
    return MODES.get(key) or Mode(key, key, key, key)


def status_of(behave_status: str) -> str:
    """One of the four words' keys for whatever behave recorded."""
    if behave_status in ("passed", "skipped"):
        return behave_status
    if behave_status in ("untested", "not run"):
        return "not run"
    return "failed"  # failed, error, hook_error, undefined, pending, ...


def worst(statuses: Iterable[str]) -> str:
    """The worst of several statuses; "not run" when there are none."""
    found = set(statuses)
    return next((s for s in SEVERITY if s in found), "not run")


def slug(text: str) -> str:
    """A readable id or file name: words joined by hyphens, any script kept."""
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-") or "x"


def in_words(modes: list[Mode]) -> str:
    """ "in-process, over HTTP and in Chromium"."""
    phrases = [m.phrase for m in modes]
    return (
        " and ".join([", ".join(phrases[:-1]), phrases[-1]])
        if len(phrases) > 1
        else "".join(phrases)
    )


def commit_words(commit: str) -> str:
    """ "5d9f401", or "5d9f401 with uncommitted changes"."""
    return commit.replace("-dirty", " with uncommitted changes")


@dataclass
class Shot:
    """A screenshot a run recorded: its bytes, or the file the recorder wrote them to; what
    page it shows, in words; and its file name on the site (``build`` writes it there)."""

    source: bytes | Path
    shows: str
    name: str

    @property
    def href(self) -> str:
        return f"{SCREENSHOTS}/{self.name}"

    @property
    def data(self) -> bytes:
        return self.source if isinstance(self.source, bytes) else self.source.read_bytes()

    @property
    def size(self) -> tuple[int, int] | None:
        """A PNG's width and height, from its header; None for another image."""
        head = self.data[:24]
        if head[:8] != b"\x89PNG\r\n\x1a\n" or len(head) < 24:
            return None
        width, height = struct.unpack(">II", head[16:24])
        return width, height


#: The site's folder of screenshots: files beside the pages, not data inside them.
SCREENSHOTS = "screenshots"


def shots(attachments: list[dict[str, str]], folder: Path, stem: str) -> list[Shot]:
    """The images among a scenario's attachments, each with the words of the text
    attachment just before it (what page it shows), if any."""
    found, shows = [], ""
    for attachment in attachments:
        kind = attachment["type"]
        if kind.startswith("text/"):
            shows = attachment.get("text", "")
            continue
        if not kind.startswith("image/"):
            continue
        if "file" in attachment:
            source: bytes | Path = folder / attachment["file"]
        else:
            source = base64.b64decode(attachment["base64"])
        suffix = "." + kind.removeprefix("image/").split("+")[0].split(";")[0]
        found.append(Shot(source, shows, f"{stem}-{len(found) + 1}{suffix}"))
        shows = ""
    return found


@dataclass
class Result:
    """A scenario's (or an Examples row's) outcome in one driver mode."""

    mode: Mode
    status: str
    detail: str = ""
    images: list[Shot] = field(default_factory=list)
    step_seconds: dict[int, float] = field(default_factory=dict)


@dataclass
class Outcome:
    """One status shared by one or more modes: "Skipped over HTTP and in Chromium"."""

    status: str
    modes: list[Mode]
    detail: str = ""
    images: list[Shot] = field(default_factory=list)
    row: str = ""

    @property
    def word(self) -> str:
        return STATUS_WORDS[self.status]

    @property
    def where(self) -> str:
        """ "over HTTP and in Chromium"."""
        return in_words(self.modes)


def grouped(results: list[Result], by_detail: bool = False, row: str = "") -> list[Outcome]:
    """Results with the same status (and, if asked, the same detail) said once."""
    outcomes: dict[tuple[str, str], Outcome] = {}
    for result in results:
        key = (result.status, result.detail if by_detail else "")
        if key not in outcomes:
            outcomes[key] = Outcome(result.status, [], key[1], result.images, row)
        outcomes[key].modes.append(result.mode)
    return sorted(outcomes.values(), key=lambda o: SEVERITY.index(o.status))


@dataclass
class Recorded:
    """What a run recorded of one scenario: its name, its result, whether a scenario of
    the features claimed it."""

    name: str
    result: Result
    claimed: bool = False


@dataclass
class Run:
    """One recorded run: its mode, when, on which commit, its results by place."""

    mode: Mode
    started: str
    commit: str
    recorded: dict[str, Recorded]
    #: The places of scenarios outside any page whose result here is not applicable.
    not_applicable: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path) -> Run:
        record = json.loads(path.read_text(encoding="utf-8"))
        mode = mode_of(record["mode"])
        recorded = {}
        for scenario in record["scenarios"]:
            status = status_of(scenario["status"])
            detail = scenario["skip_reason"] if status == "skipped" else scenario["error"]
            stem = f"{mode.key}-{slug(scenario['where'])}"
            images = shots(scenario["attachments"], path.parent, stem)
            seconds = {s["line"]: s["seconds"] for s in scenario["steps"]}
            result = Result(mode, status, detail.strip(), images, seconds)
            recorded[scenario["where"]] = Recorded(scenario["name"], result)
        return cls(mode, record["started"], record["commit"], recorded)

    @property
    def when(self) -> str:
        """When the run started, as a reader writes it: 29 Nov 2026, 04:54 UTC."""
        started = datetime.datetime.fromisoformat(self.started)
        return started.astimezone(datetime.UTC).strftime("%d %b %Y, %H:%M UTC").lstrip("0")

    @property
    def commit_words(self) -> str:
        return commit_words(self.commit)

    def result(self, place: str, name: str) -> Result:
        """The result of the scenario at ``place`` if the run recorded it under the same
        name: a scenario renamed or moved since the run was not run."""
        found = self.recorded.get(place)
        if found is None or found.name.strip() != name.strip():
            return Result(self.mode, "not run")
        found.claimed = True
        return found.result

    def unclaimed(self) -> list[tuple[str, Recorded]]:
        """Results no scenario claimed: of scenarios since removed, moved or renamed."""
        return [(place, r) for place, r in self.recorded.items() if not r.claimed]

    def counts(self) -> str:
        """ "112 passed, 3 skipped, 9 not applicable": the claimed results of the run."""
        statuses = [
            "not applicable"
            if place in self.not_applicable and r.result.status != "failed"
            else r.result.status
            for place, r in self.recorded.items()
            if r.claimed
        ]
        said = [
            f"{statuses.count(s)} {s}"
            for s in ("passed", "failed", "skipped", "not applicable")
            if s in statuses
        ]
        return ", ".join(said) or "nothing"


@dataclass
class StepView:
    """A step as written, with the glossary entry of the sentence it uses; in an outline,
    every sentence its rows use (the first one is linked)."""

    step: Step
    glossary_ids: list[str]
    definition: str | None
    rows: list[list[str]] = field(default_factory=list)  # a data table, headings first
    media_type: str = ""  # a doc string's: """json
    outside: bool = False  # its step function is marked outside_the_page

    @property
    def glossary_id(self) -> str | None:
        return self.glossary_ids[0] if self.glossary_ids else None


@dataclass
class RowView:
    """One row of an Examples table and its results."""

    cells: list[str]
    results: list[Result]
    folded: bool = False  # shown only once the reader asks for every row

    @property
    def outcomes(self) -> list[Outcome]:
        return grouped(self.results)

    @property
    def passed(self) -> bool:
        """Passed in every mode that applies (and in at least one)."""
        statuses = {r.status for r in self.results}
        return "passed" in statuses and statuses <= {"passed", "not applicable"}

    @property
    def problem(self) -> bool:
        """Failed or skipped somewhere: never folded away."""
        return any(r.status in ("failed", "skipped") for r in self.results)


@dataclass
class ExamplesView:
    """An Examples table of an outline, each row with its results."""

    keyword: str
    name: str
    tags: list[str]
    headings: list[str]
    rows: list[RowView]

    def __post_init__(self) -> None:
        for row in self.rows[ROWS_SHOWN:]:
            row.folded = not row.problem

    @property
    def folded(self) -> int:
        """How many rows are folded away."""
        return sum(row.folded for row in self.rows)

    @property
    def all_passed(self) -> bool:
        return bool(self.rows) and all(row.passed for row in self.rows)

    @property
    def outcomes(self) -> list[Outcome]:
        """The table's results by mode, when every row has the same (every row passed)."""
        return grouped(self.rows[0].results) if self.rows else []


@dataclass
class Example:
    """A scenario, or an outline shown once with its Examples tables."""

    scenario: Scenario | ScenarioOutline
    anchor: str
    steps: list[StepView]
    results: list[Result]
    tables: list[ExamplesView]
    outside: bool = False  # every step works outside any page
    #: The English examples a translation's example translates (its @translates: tags),
    #: and for an English example, the examples that translate it.
    translates: list[tuple[Capability, Example]] = field(default_factory=list)
    translations: list[tuple[Capability, Example]] = field(default_factory=list)

    @property
    def applies(self) -> str:
        """The modes an example outside any page applies in, in words; empty otherwise."""
        return in_words(outside_the_page_modes()) if self.outside else ""

    @property
    def own_tags(self) -> list[str]:
        """The tags written on the scenario itself (the feature's are shown once, above);
        @translates: tags are said in words instead."""
        return [str(tag) for tag in self.scenario.tags if not is_twin_tag(tag)]

    @property
    def tags(self) -> list[str]:
        """Every tag that applies: the feature's, the rule's, its own, its Examples'."""
        found = {str(t) for t in self.scenario.effective_tags if not is_twin_tag(t)}
        found.update(tag for table in self.tables for tag in table.tags)
        return sorted(found)

    @property
    def count(self) -> int:
        """How many examples it makes: one, or one per Examples row."""
        return sum(len(t.rows) for t in self.tables) if self.tables else 1

    @property
    def statuses(self) -> list[str]:
        rows = [r for t in self.tables for row in t.rows for r in row.results]
        return sorted({r.status for r in rows or self.results})

    @property
    def outcomes(self) -> list[Outcome]:
        return grouped(self.results)

    @property
    def screenshots(self) -> list[tuple[Shot, Mode, str]]:
        """What the browser showed at the end of each passed run that kept a screenshot
        (of a failed one, ``problems`` has it): with its mode and, in an outline, its row."""
        rows = [
            (r, " | ".join(row.cells)) for t in self.tables for row in t.rows for r in row.results
        ]
        found = rows or [(r, "") for r in self.results]
        return [
            (shot, result.mode, row)
            for result, row in found
            if result.status == "passed"
            for shot in result.images
        ]

    @property
    def problems(self) -> list[Outcome]:
        """Failures and skips with their detail, said once for the modes they share."""
        if not self.tables:
            return [o for o in grouped(self.results, True) if o.status in ("failed", "skipped")]
        found = []
        for table in self.tables:
            for row in table.rows:
                label = " | ".join(row.cells)
                found += [
                    o
                    for o in grouped(row.results, True, label)
                    if o.status in ("failed", "skipped")
                ]
        return found


@dataclass
class Section:
    """A rule and its examples; the examples outside any rule have no rule."""

    rule: Rule | None
    anchor: str
    background: list[StepView]
    examples: list[Example]

    @property
    def applies(self) -> str:
        """The modes every example applies in when all happen outside any page; else empty."""
        return applies_to(self.examples)

    @property
    def paragraphs(self) -> list[str]:
        """The rule's description, one paragraph per run of lines."""
        return paragraphs(self.rule.description if self.rule else [])


@dataclass
class Capability:
    """A feature, as the site presents it."""

    feature: Feature
    path: Path
    group: str
    page: str
    sections: list[Section]
    background: list[StepView]
    statuses: list[Result]
    twin: Capability | None = None
    translations: list[Capability] = field(default_factory=list)

    @property
    def narrative(self) -> list[str]:
        """The "As a / I want / So that" lines."""
        return narrative(self.feature)[0]

    @property
    def promise(self) -> str:
        """The one-line promise: the "I want" line (the second, in other languages)."""
        lines = self.narrative
        wants = [line for line in lines if line.startswith("I want")]
        return wants[0] if wants else (lines[1] if len(lines) > 1 else "")

    @property
    def paragraphs(self) -> list[str]:
        """The description after the narrative, one paragraph per run of lines."""
        return narrative(self.feature)[1]

    @property
    def rules(self) -> list[Rule]:
        return [s.rule for s in self.sections if s.rule is not None]

    @property
    def examples(self) -> list[Example]:
        return [e for s in self.sections for e in s.examples]

    @property
    def tags(self) -> list[str]:
        return sorted({t for e in self.examples for t in e.tags})

    @property
    def source(self) -> str:
        return source_of(self.path)

    @property
    def language(self) -> str:
        return self.feature.language or "en"

    @property
    def language_name(self) -> str:
        return LANGUAGES.get(self.language, self.language)

    @property
    def counts(self) -> str:
        """ "3 rules, 22 examples", or "7 examples" where no Rule: groups them; each
        Examples row of an outline is an example."""
        rules, examples = len(self.rules), sum(e.count for e in self.examples)
        said = f"{examples} example{'s' if examples != 1 else ''}"
        outside = sum(e.count for e in self.examples if e.outside)
        if outside:  # a result for all of them in every mode would claim too much
            every = "all" if outside == examples else f"{outside} of them"
            said += f" ({every} outside any page: {in_words(outside_the_page_modes())} only)"
        return f"{rules} rule{'s' if rules != 1 else ''}, {said}" if rules else said

    @property
    def applies(self) -> str:
        """The modes every example applies in when all happen outside any page; else empty."""
        return applies_to(self.examples)

    @property
    def outcomes(self) -> list[Outcome]:
        return grouped(self.statuses)

    @property
    def twinned(self) -> int:
        """How many of its examples translate, or are translated by, another's."""
        return sum(1 for e in self.examples if e.translates or e.translations)

    @property
    def unproven(self) -> str:
        """The modes that ran but did not prove every example, in words; empty if none."""
        modes = [r.mode for r in self.statuses if r.status not in ("passed", "not applicable")]
        return in_words(modes) if modes else ""


def source_of(path: Path) -> str:
    """A feature file as a reader finds it: its path in the project, else its name."""
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name


@dataclass
class Unreadable:
    """A feature file behave cannot read: where and why, in the words of ``make lint``."""

    path: Path
    group: str
    page: str
    problem: Problem

    @property
    def source(self) -> str:
        return source_of(self.path)

    @property
    def excerpt(self) -> list[tuple[int, str]]:
        """The lines around the one it cannot read, numbered."""
        lines = self.path.read_bytes().decode("utf-8", "replace").splitlines()
        first = max(1, self.problem.line - 3)
        return list(enumerate(lines[first - 1 : self.problem.line + 2], start=first))


@dataclass
class Empty:
    """A feature file with no Feature written yet: an empty document, valid by the Gherkin
    standard, shown as such rather than as a file that cannot be read."""

    path: Path
    group: str

    @property
    def source(self) -> str:
        return source_of(self.path)


@contextlib.contextmanager
def behave_unheard() -> Iterator[None]:
    """behave's parser kept from logging: the build says what it could not read in its
    own words, on the file's card."""
    logger = logging.getLogger("behave")
    was, logger.disabled = logger.disabled, True
    try:
        yield
    finally:
        logger.disabled = was


@dataclass
class Standard:
    """What the Gherkin standard's own parser (gherkin-official) reads where behave reads
    otherwise, by line: table cells (``\\n`` is a line break, ``\\\\`` one backslash)
    and doc strings' media types (behave drops the ``json`` after the quotes)."""

    cells: dict[int, list[str]] = field(default_factory=dict)
    media_types: dict[int, str] = field(default_factory=dict)
    empty: bool = False  # a document with no Feature: valid, nothing written yet

    @classmethod
    def read(cls, path: Path) -> Standard:
        """The file as the standard reads it; nothing where it cannot (behave's reading
        stands)."""
        try:
            document = standard.read(path.read_text(encoding="utf-8"))
        except standard.Unreadable:
            return cls()
        found = cls(empty="feature" not in document)
        found.gather(document)
        return found

    def gather(self, node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                self.gather(item)
        elif isinstance(node, dict):
            line = node.get("location", {}).get("line")
            if "cells" in node:
                self.cells[line] = [cell["value"] for cell in node["cells"]]
            if node.get("docString", {}).get("mediaType"):
                self.media_types[line] = node["docString"]["mediaType"]
            for value in node.values():
                self.gather(value)


class BuildFailed(Exception):
    """The site is written, but a feature file could not be read or a link names no rule:
    ``messages`` say where and what to write instead."""

    def __init__(self, written: list[Path], messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.written = written
        self.messages = messages


class Builder:
    """Reads features and runs, and renders the site."""

    def __init__(self, runs: list[Run], sentences: list[Sentence], features: Path) -> None:
        order = list(MODES)
        self.runs = sorted(
            runs, key=lambda run: order.index(run.mode.key) if run.mode.key in order else len(order)
        )
        self.sentences = sentences
        self.features = features
        self.uses: dict[str, list[Capability]] = {}
        self.pages: set[str] = set(RESERVED)
        self.unreadable: list[Unreadable] = []
        self.empty: list[Empty] = []
        self.reading = Standard()  # the file being read, as the Gherkin standard reads it
        # The glossary's sections, and each phrasing's entry (one per step function).
        self.sections = by_capability(sentences, features)
        self.entry_of = {
            (s.keyword, s.pattern): entry_id(entry)
            for _, group in self.sections
            for entry in group
            for s in entry.sentences
        }

    def step_view(self, step: Step, expanded: Iterable[Step] = ()) -> StepView:
        """``step`` as written; ``expanded``, the same step in each row of an outline."""
        ids, location, outside = [], None, []
        for said in list(expanded) or [step]:
            for definition in definitions_matching(said)[:1]:
                anchor = self.entry_of[(definition.step_type, definition.pattern)]
                if anchor not in ids:
                    ids.append(anchor)
                location = location or definition.location
                outside.append(is_outside_the_page(definition.func))
        rows = []
        if step.table:
            table = step.table
            rows = [self.reading.cells.get(table.line, list(table.headings))]
            rows += [self.reading.cells.get(row.line, list(row.cells)) for row in table.rows]
        media_type = self.reading.media_types.get(step.line, "")
        return StepView(step, ids, location, rows, media_type, bool(outside) and all(outside))

    def results(self, filename: str, line: int, name: str, outside: bool) -> list[Result]:
        """Its result in every run, as it counts (``applicable``)."""
        place = where(filename, line)
        found = applicable([run.result(place, name) for run in self.runs], outside)
        for run, result in zip(self.runs, found, strict=True):
            if result.status == "not applicable":
                run.not_applicable.add(place)
        return found

    def example(self, scenario: Scenario | ScenarioOutline) -> Example:
        """A scenario or an outline with its steps and results in every mode."""
        anchor = f"example-{scenario.line}"
        before = [self.step_view(s) for s in scenario.background_steps]
        if not isinstance(scenario, ScenarioOutline):
            steps = [self.step_view(s) for s in scenario.steps]
            outside = bool(steps) and all(view.outside for view in before + steps)
            results = self.results(scenario.filename, scenario.line, scenario.name, outside)
            return Example(scenario, anchor, steps, results, [], outside)
        rows_made = {s.line: s for s in scenario.scenarios}  # behave's own expansion
        columns = (
            zip(*(s.steps for s in scenario.scenarios), strict=True) if scenario.scenarios else ()
        )
        steps = [self.step_view(s, e) for s, e in zip(scenario.steps, columns, strict=False)]
        steps += [self.step_view(s) for s in scenario.steps[len(steps) :]]
        outside = bool(steps) and all(view.outside for view in before + steps)
        tables = []
        for examples in scenario.examples:
            rows = []
            for row in examples.table.rows if examples.table else []:
                made = rows_made.get(row.line)
                name = made.name if made else ""
                cells = self.reading.cells.get(row.line, list(row.cells))
                found = self.results(scenario.filename, row.line, name, outside)
                rows.append(RowView(cells, found))
            table = examples.table
            headings = self.reading.cells.get(table.line, list(table.headings)) if table else []
            tags = [str(t) for t in examples.tags]
            tables.append(ExamplesView(examples.keyword, examples.name, tags, headings, rows))
        results = [
            Result(run.mode, worst(row.results[i].status for t in tables for row in t.rows))
            for i, run in enumerate(self.runs)
        ]
        return Example(scenario, anchor, steps, results, tables, outside)

    def page_name(self, path: Path) -> str:
        """ "posting.html", "ko-posting.html"; never one the site or another feature uses."""
        stem = "-".join(path.relative_to(self.features).with_suffix("").parts)
        name, number = f"{stem}.html", 1
        while name in self.pages:
            number += 1
            name = f"{stem}-{number}.html"
        self.pages.add(name)
        return name

    def capability(self, path: Path, group: str) -> Capability | Unreadable | Empty:
        """One feature file, read by behave's parser as ``make lint`` reads it; its
        tables and doc strings as the Gherkin standard reads them."""
        feature, problems = read(path)
        self.reading = Standard.read(path)
        if feature is None and self.reading.empty:
            return Empty(path, group)
        if feature is None:
            return Unreadable(path, group, self.page_name(path), problems[0])
        steps = feature.background.steps if feature.background else []
        background = [self.step_view(s) for s in steps]
        sections: list[Section] = []
        for item in feature.run_items:
            if isinstance(item, Rule):
                given = item.background.steps if item.background else []
                examples = [self.example(s) for s in item.scenarios]
                before = [self.step_view(s) for s in given]
                sections.append(Section(item, f"rule-{item.line}", before, examples))
            elif sections and sections[-1].rule is None:
                sections[-1].examples.append(self.example(item))
            else:
                sections.append(Section(None, f"examples-{item.line}", [], [self.example(item)]))
        examples = [e for s in sections for e in s.examples]
        statuses = [  # none for a feature with no examples yet: nothing to prove
            Result(run.mode, worst(e.results[i].status for e in examples))
            for i, run in enumerate(self.runs)
            if examples
        ]
        page = self.page_name(path)
        capability = Capability(feature, path, group, page, sections, background, statuses)
        used = background + [s for section in sections for s in section.background]
        used += [s for e in examples for s in e.steps]
        for anchor in (a for step in used for a in step.glossary_ids):
            users = self.uses.setdefault(anchor, [])
            if capability not in users:
                users.append(capability)
        return capability

    def capabilities(self) -> list[Capability]:
        """Every feature in reading order, translations tied to their English twins."""
        built: dict[Path, Capability] = {}
        for placed in arrange(self.features, self.features / ORDER_FILE.name):
            capability = self.capability(placed.path, placed.group)
            if isinstance(capability, Unreadable):
                self.unreadable.append(capability)
                continue
            if isinstance(capability, Empty):
                self.empty.append(capability)
                continue
            built[placed.path] = capability
            if placed.twin in built:
                capability.twin = built[placed.twin]
                built[placed.twin].translations.append(capability)
        self.tie_examples(list(built.values()))
        return list(built.values())

    def tie_examples(self, capabilities: list[Capability]) -> None:
        """Each example of a translation to the English examples its @translates: tags
        name (support/authoring/twins.py), the twin's first, and back."""
        english = english_examples(self.features)
        shown = {
            (capability.path, example.scenario.line): (capability, example)
            for capability in capabilities
            for example in capability.examples
        }
        for capability in capabilities:
            if capability.path.parent == self.features:
                continue
            twin = self.features / capability.path.name
            for example in capability.examples:
                for reference in references(example.scenario):
                    for named in translated(reference, english, twin):
                        if (named.path, named.line) not in shown:
                            continue
                        other, english_example = shown[(named.path, named.line)]
                        example.translates.append((other, english_example))
                        english_example.translations.append((capability, example))

    def links(self, capabilities: list[Capability]) -> tuple[dict[tuple[str, str], str], list[str]]:
        """Where each rule is (support/authoring/links.py), and a message for every link of
        a description that names no rule."""
        targets = {}
        for capability in capabilities:
            name = capability.path.relative_to(self.features).as_posix()
            for section in capability.sections:
                if section.rule is not None:
                    targets[key(name, section.rule.name)] = f"{capability.page}#{section.anchor}"
        named = rules_of(self.features, [c.path for c in capabilities])
        messages = [
            broken(link, capability.path, named)
            for capability in capabilities
            for link in links_in(capability.path, capability.feature)
            if link.key not in targets
        ]
        return targets, messages

    def glossary(self) -> list[dict[str, Any]]:
        """The glossary's sections, as docs/steps.md has them: by capability in reading
        order, then developers' sentences, then unused ones; each entry with its uses."""
        return [
            {
                "title": title,
                "id": f"sentences-{slug(title)}",
                "entries": [
                    {"id": entry_id(e), "entry": e, "used_in": self.uses.get(entry_id(e), [])}
                    for e in group
                ],
            }
            for title, group in self.sections
        ]


def entry_id(entry: Entry) -> str:
    """A glossary entry's id: its main sentence's."""
    return glossary_id(entry.main.keyword, entry.main.pattern)


def glossary_id(keyword: str, pattern: str) -> str:
    """The glossary entry's id for a sentence."""
    return f"{keyword}-{slug(pattern)}"


def environment() -> jinja2.Environment:
    """The templates, escaping everything they are given."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(["html", "js"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(MODES=MODES, STATUS_WORDS=STATUS_WORDS)
    return env


#: Words a reader types for what the features say in other words: a small list, kept
#: to the ones a reader is likely to try. The search looks for each of these (a phrase,
#: in lower case) as itself or as any of its other words. The status codes of the
#: refusals (404 for "not found") are added from the words the scenarios use for them.
SYNONYMS: dict[str, list[str]] = {
    "lockout": ["too many attempts", "failed logins"],
    "lock-out": ["too many attempts", "failed logins"],
    "locked out": ["too many attempts", "failed logins"],
    "rate limit": ["too many attempts", "login limit", "LOGIN_LIMIT"],
    "brute force": ["guessing", "failed logins"],
    "smtp": ["mail"],
    "email": ["mail"],
    "e-mail": ["mail"],
    "csrf": ["forgery", "forged", "form token"],
    "xss": ["run code", "script"],
}


def synonyms() -> dict[str, list[str]]:
    """The list above, and each refusal's status code for the words that name it."""
    found = {key: list(words) for key, words in SYNONYMS.items()}
    for words, (code, _) in REFUSALS.items():
        found.setdefault(str(code), []).append(words.removeprefix("a "))
    return found


def row_words(cells: list[str]) -> str:
    """A table's row as the page shows it (the standard's reading), its line breaks as
    spaces."""
    return " | ".join(" ".join(cell.split()) for cell in cells)


def filled(name: str, headings: list[str], cells: list[str]) -> str:
    """An outline's name with a row's values in its placeholders; without any, the name
    and the row's first value."""
    said = name
    for heading, value in zip(headings, cells, strict=False):
        said = said.replace(f"<{heading}>", " ".join(value.split()))
    if said == name and cells:
        said = f"{name} ({headings[0]}: {' '.join(cells[0].split())})"
    return said


def step_words(views: list[StepView]) -> list[str]:
    """Steps as written, each data table row (as the page shows it) and doc string on its
    own line."""
    said = []
    for view in views:
        step = view.step
        said.append(f"{step.keyword} {step.name}")
        said += [row_words(row) for row in view.rows]
        if step.text:
            said.append(" ".join(step.text.split()))
    return said


def search_index(capabilities: list[Capability]) -> list[dict[str, Any]]:
    """What the search and the filters on the first page look through: every capability,
    rule and example by its name, and the words the features say of it (description,
    steps, table cells, doc strings) in ``text``."""
    items: list[dict[str, Any]] = []
    for capability in capabilities:
        name = capability.feature.name
        statuses = sorted({r.status for r in capability.statuses})
        text = capability.narrative + capability.paragraphs + step_words(capability.background)
        items.append(
            item("Capability", name, "", capability.page, [], statuses, text=text)
            | {"lang": capability.language}
        )
        for section in capability.sections:
            rule = section.rule.name if section.rule is not None else ""
            if section.rule is not None:
                tags = sorted(str(t) for t in section.rule.tags)
                href = f"{capability.page}#{section.anchor}"
                text = list(section.rule.description) + step_words(section.background)
                items.append(item("Rule", rule, name, href, tags, [], text=text))
            for example in section.examples:
                href = f"{capability.page}#{example.anchor}"
                text = list(example.scenario.description) + step_words(example.steps)
                items.append(
                    item(
                        "Example", example.scenario.name, name, href, example.tags,
                        example.statuses, text=text, rule=rule,
                    )
                )  # fmt: skip
                for table in example.tables:  # each row, named with its values
                    for row in table.rows:
                        said = filled(example.scenario.name, table.headings, row.cells)
                        cells = [row_words(table.headings), row_words(row.cells)]
                        statuses = sorted({r.status for r in row.results})
                        items.append(
                            item("Example", said, name, href, example.tags,
                                 statuses, text=cells, rule=rule)
                        )  # fmt: skip
    return items


def item(
    kind: str,
    name: str,
    within: str,
    href: str,
    tags: list[str],
    statuses: list[str],
    text: list[str] | None = None,
    rule: str = "",
) -> dict[str, Any]:
    """One entry of the search index; ``text`` and ``rule`` only where there are some."""
    entry = {
        "kind": kind,
        "name": name,
        "in": within,
        "href": href,
        "tags": tags,
        "statuses": statuses,
    }
    if text:
        entry["text"] = [line for line in text if line.strip()]
    if rule:
        entry["rule"] = rule
    return entry


def stale_runs(runs: list[Run], now: str) -> list[tuple[str, str]]:
    """The runs of another commit than the files': each commit in words, with its modes."""
    by_commit: dict[str, list[Mode]] = {}
    for run in runs:
        if run.commit != now:
            by_commit.setdefault(run.commit, []).append(run.mode)
    return [(commit_words(commit), in_words(modes)) for commit, modes in by_commit.items()]


#: The files a build writes besides the capability pages, removed before each build.
GENERATED = ("*.html", "search-index.js", "site.css", "site.js", f"{SCREENSHOTS}/*")


def write_screenshots(runs: list[Run], out: Path) -> list[Path]:
    """Every screenshot the runs recorded, as a file in the site's screenshot folder."""
    written = []
    for run in runs:
        for recorded in run.recorded.values():
            for shot in recorded.result.images:
                path = out / SCREENSHOTS / shot.name
                path.parent.mkdir(exist_ok=True)
                path.write_bytes(shot.data)
                written.append(path)
    return written


@behave_unheard()
def build(
    runs_dir: Path,
    out: Path,
    features: Path = ROOT / "features",
    steps: Path = ROOT / "steps",
    since: Baseline | None = None,
) -> list[Path]:
    """Write the site to ``out`` from the features, their steps and every run in ``runs_dir``;
    with ``since``, the features at an earlier commit, a page of what changed since."""
    runs = [Run.load(path) for path in sorted(runs_dir.glob("*.json"))]
    builder = Builder(runs, load_sentences(steps), features)
    runs = builder.runs  # in the order a reader meets the modes
    capabilities = builder.capabilities()
    targets, broken_links = builder.links(capabilities)
    groups: dict[str, list[Capability]] = {}
    for capability in capabilities:
        if capability.twin is None:  # translations are listed with their twin
            groups.setdefault(capability.group, []).append(capability)
    for unreadable in [*builder.unreadable, *builder.empty]:  # its card is in its group
        groups.setdefault(unreadable.group, [])
    now = current_commit()
    shared = {
        "runs": runs,
        "capabilities": capabilities,
        "groups": groups,
        "tags": sorted({t for c in capabilities for t in c.tags}),
        "stale": stale_runs(runs, now),
        "now": commit_words(now),
        "unclaimed": [(run, place, r) for run in runs for place, r in run.unclaimed()],
        "changes": (
            changes_since(since, capabilities, features, builder.unreadable) if since else None
        ),
        "unreadable": builder.unreadable,
        "empty": builder.empty,
    }
    env = environment()
    env.filters["linked"] = lambda text: [
        (words, targets.get(named) if named else None) for words, named in pieces(text)
    ]
    out.mkdir(parents=True, exist_ok=True)
    for pattern in GENERATED:
        for old in out.glob(pattern):
            old.unlink()
    pages = {"index.html": env.get_template("index.html").render(**shared, page="index.html")}
    for capability in capabilities:
        pages[capability.page] = env.get_template("capability.html").render(
            **{**shared, "tags": capability.tags}, page=capability.page, capability=capability
        )
    for unreadable in builder.unreadable:
        pages[unreadable.page] = env.get_template("unreadable.html").render(
            **shared, page=unreadable.page, entry=unreadable
        )
    pages["promises.html"] = env.get_template("promises.html").render(
        **shared, page="promises.html"
    )
    # The blog's own words, for the blog's own steps (not for another project's).
    blog = steps == ROOT / "steps"
    pages["glossary.html"] = env.get_template("glossary.html").render(
        **shared, page="glossary.html", glossary=builder.glossary(), people=people(),
        wordings=wordings(features) if blog else [], removed=removed_words(),
        settings=settings() if blog else [], korean=korean_words() if blog else [],
    )  # fmt: skip
    if shared["changes"] is not None:
        pages["changes.html"] = env.get_template("changes.html").render(
            **shared, page="changes.html"
        )
    pages["search-index.js"] = env.get_template("search-index.js").render(
        items=search_index(capabilities), synonyms=synonyms()
    )
    written = write_screenshots(runs, out)
    for name, text in pages.items():
        (out / name).write_text(text, encoding="utf-8")
        written.append(out / name)
    for asset in sorted((HERE / "static").iterdir()):
        shutil.copyfile(asset, out / asset.name)
        written.append(out / asset.name)
    messages = [f"{u.source}:{u.problem.line}: {u.problem.message}" for u in builder.unreadable]
    messages += broken_links
    if messages:
        raise BuildFailed(written, messages)
    return written
