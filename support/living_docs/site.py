"""Build the living documentation site from the feature files and the recorded runs.

The features are read with behave's own parser, in the order features/reading-order.yaml
declares; each scenario (each Examples row) is joined to its result in every run that
``recorder.RunRecorder`` wrote, by its place and its name; every step is joined to its
sentence in the glossary. Jinja2 templates make the pages: no HTML is assembled here.
"""

from __future__ import annotations

import base64
import datetime
import json
import re
import shutil
import struct
from collections.abc import Iterable
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
from behave.parser import parse_file

from support.authoring.reading_order import arrange
from support.authoring.reading_order import ORDER_FILE
from support.authoring.reading_order import ROOT
from support.authoring.sentences import by_capability
from support.authoring.sentences import definitions_matching
from support.authoring.sentences import Entry
from support.authoring.sentences import load_sentences
from support.authoring.sentences import people
from support.authoring.sentences import Sentence
from support.pages.words import REFUSALS

from .recorder import current_commit
from .recorder import where

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Mode:
    """A driver mode, in the words the site uses for it."""

    key: str
    word: str  # a heading or a label: "Over HTTP"
    phrase: str  # inside a sentence: "passed over HTTP"
    detail: str  # what it proves


#: The driver modes in the order a reader meets them.
MODES = {
    m.key: m
    for m in (
        Mode(
            "client",
            "In-process",
            "in-process",
            "the app in the suite's own process, through Flask's test client",
        ),
        Mode(
            "http",
            "Over HTTP",
            "over HTTP",
            "the app served on 127.0.0.1 by a real WSGI server, over real HTTP",
        ),
        Mode(
            "browser",
            "In Chromium",
            "in Chromium",
            "the same server, driven in a real headless Chromium",
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
}
#: Worst first: an example's or a capability's status in a mode is the worst of its parts.
SEVERITY = ["failed", "skipped", "not run", "passed"]
#: Page names the site itself uses.
RESERVED = {"index.html", "glossary.html"}


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
        """ "112 passed, 3 skipped": the claimed results of the run."""
        statuses = [r.result.status for r in self.recorded.values() if r.claimed]
        said = [
            f"{statuses.count(s)} {s}" for s in ("passed", "failed", "skipped") if s in statuses
        ]
        return ", ".join(said) or "nothing"


@dataclass
class StepView:
    """A step as written, with the glossary entry of the sentence it uses; in an outline,
    every sentence its rows use (the first one is linked)."""

    step: Step
    glossary_ids: list[str]
    definition: str | None

    @property
    def glossary_id(self) -> str | None:
        return self.glossary_ids[0] if self.glossary_ids else None


@dataclass
class RowView:
    """One row of an Examples table and its results."""

    cells: list[str]
    results: list[Result]

    @property
    def outcomes(self) -> list[Outcome]:
        return grouped(self.results)


@dataclass
class ExamplesView:
    """An Examples table of an outline, each row with its results."""

    keyword: str
    name: str
    tags: list[str]
    headings: list[str]
    rows: list[RowView]


@dataclass
class Example:
    """A scenario, or an outline shown once with its Examples tables."""

    scenario: Scenario | ScenarioOutline
    anchor: str
    steps: list[StepView]
    results: list[Result]
    tables: list[ExamplesView]

    @property
    def own_tags(self) -> list[str]:
        """The tags written on the scenario itself (the feature's are shown once, above)."""
        return [str(tag) for tag in self.scenario.tags]

    @property
    def tags(self) -> list[str]:
        """Every tag that applies: the feature's, the rule's, its own, its Examples'."""
        found = {str(tag) for tag in self.scenario.effective_tags}
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
        return list(self.feature.description[:3])

    @property
    def promise(self) -> str:
        """The one-line promise: the "I want" line (the second, in other languages)."""
        lines = self.narrative
        wants = [line for line in lines if line.startswith("I want")]
        return wants[0] if wants else (lines[1] if len(lines) > 1 else "")

    @property
    def paragraphs(self) -> list[str]:
        """The description after the narrative, one paragraph per run of lines."""
        text = "\n".join(self.feature.description[3:])
        return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]

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
        return (
            self.path.relative_to(ROOT).as_posix()
            if self.path.is_relative_to(ROOT)
            else self.path.name
        )

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
        return f"{rules} rule{'s' if rules != 1 else ''}, {said}" if rules else said

    @property
    def outcomes(self) -> list[Outcome]:
        return grouped(self.statuses)

    @property
    def unproven(self) -> str:
        """The modes that ran but did not prove every example, in words; empty if none."""
        modes = [r.mode for r in self.statuses if r.status != "passed"]
        return in_words(modes) if modes else ""


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
        ids, location = [], None
        for said in list(expanded) or [step]:
            for definition in definitions_matching(said)[:1]:
                anchor = self.entry_of[(definition.step_type, definition.pattern)]
                if anchor not in ids:
                    ids.append(anchor)
                location = location or definition.location
        return StepView(step, ids, location)

    def results(self, filename: str, line: int, name: str) -> list[Result]:
        place = where(filename, line)
        return [run.result(place, name) for run in self.runs]

    def example(self, scenario: Scenario | ScenarioOutline) -> Example:
        """A scenario or an outline with its steps and results in every mode."""
        anchor = f"example-{scenario.line}"
        if not isinstance(scenario, ScenarioOutline):
            steps = [self.step_view(s) for s in scenario.steps]
            results = self.results(scenario.filename, scenario.line, scenario.name)
            return Example(scenario, anchor, steps, results, [])
        rows_made = {s.line: s for s in scenario.scenarios}  # behave's own expansion
        columns = (
            zip(*(s.steps for s in scenario.scenarios), strict=True) if scenario.scenarios else ()
        )
        steps = [self.step_view(s, e) for s, e in zip(scenario.steps, columns, strict=False)]
        steps += [self.step_view(s) for s in scenario.steps[len(steps) :]]
        tables = []
        for examples in scenario.examples:
            rows = []
            for row in examples.table.rows if examples.table else []:
                made = rows_made.get(row.line)
                name = made.name if made else ""
                rows.append(
                    RowView(list(row.cells), self.results(scenario.filename, row.line, name))
                )
            headings = list(examples.table.headings) if examples.table else []
            tags = [str(t) for t in examples.tags]
            tables.append(ExamplesView(examples.keyword, examples.name, tags, headings, rows))
        results = [
            Result(run.mode, worst(row.results[i].status for t in tables for row in t.rows))
            for i, run in enumerate(self.runs)
        ]
        return Example(scenario, anchor, steps, results, tables)

    def page_name(self, path: Path) -> str:
        """ "posting.html", "ko-posting.html"; never one the site or another feature uses."""
        stem = "-".join(path.relative_to(self.features).with_suffix("").parts)
        name, number = f"{stem}.html", 1
        while name in self.pages:
            number += 1
            name = f"{stem}-{number}.html"
        self.pages.add(name)
        return name

    def capability(self, path: Path, group: str) -> Capability:
        """One feature file, read by behave's parser."""
        feature = parse_file(str(path))
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
            built[placed.path] = capability
            if placed.twin in built:
                capability.twin = built[placed.twin]
                built[placed.twin].translations.append(capability)
        return list(built.values())

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


def step_words(views: list[StepView]) -> list[str]:
    """Steps as written, each data table row and doc string on its own line."""
    said = []
    for view in views:
        step = view.step
        said.append(f"{step.keyword} {step.name}")
        if step.table:
            said += [" | ".join(row) for row in [step.table.headings, *step.table.rows]]
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
                for table in example.tables:
                    text += [
                        " | ".join(row) for row in [table.headings, *(r.cells for r in table.rows)]
                    ]
                items.append(
                    item(
                        "Example", example.scenario.name, name, href, example.tags,
                        example.statuses, text=text, rule=rule,
                    )
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


def build(
    runs_dir: Path,
    out: Path,
    features: Path = ROOT / "features",
    steps: Path = ROOT / "steps",
) -> list[Path]:
    """Write the site to ``out`` from the features, their steps and every run in ``runs_dir``."""
    runs = [Run.load(path) for path in sorted(runs_dir.glob("*.json"))]
    builder = Builder(runs, load_sentences(steps), features)
    runs = builder.runs  # in the order a reader meets the modes
    capabilities = builder.capabilities()
    groups: dict[str, list[Capability]] = {}
    for capability in capabilities:
        if capability.twin is None:  # translations are listed with their twin
            groups.setdefault(capability.group, []).append(capability)
    now = current_commit()
    shared = {
        "runs": runs,
        "capabilities": capabilities,
        "groups": groups,
        "tags": sorted({t for c in capabilities for t in c.tags}),
        "stale": stale_runs(runs, now),
        "now": commit_words(now),
        "unclaimed": [(run, place, r) for run in runs for place, r in run.unclaimed()],
    }
    env = environment()
    out.mkdir(parents=True, exist_ok=True)
    for pattern in GENERATED:
        for old in out.glob(pattern):
            old.unlink()
    pages = {"index.html": env.get_template("index.html").render(**shared, page="index.html")}
    for capability in capabilities:
        pages[capability.page] = env.get_template("capability.html").render(
            **{**shared, "tags": capability.tags}, page=capability.page, capability=capability
        )
    pages["glossary.html"] = env.get_template("glossary.html").render(
        **shared, page="glossary.html", glossary=builder.glossary(), people=people()
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
    return written
