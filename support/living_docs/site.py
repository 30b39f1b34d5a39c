"""Build the living documentation site from the feature files and the recorded runs.

The features are read with behave's own parser, in the order features/reading-order.yaml
declares; each scenario (each Examples row) is joined to its result in every run that
``recorder.RunRecorder`` wrote; every step is joined to its sentence in the glossary.
Jinja2 templates make the pages: no HTML is assembled here.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
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

from ..reading_order import arrange
from ..reading_order import ORDER_FILE
from ..reading_order import ROOT
from ..sentences import definitions_matching
from ..sentences import load_sentences
from ..sentences import Sentence
from .recorder import where

HERE = Path(__file__).resolve().parent
#: The driver modes in the order a reader meets them, with the words the site uses.
MODES = {
    "client": "In-process",
    "http": "Over HTTP",
    "browser": "In Chromium",
}
#: The same modes inside a sentence: "proven in-process, over HTTP and in Chromium".
MODE_PHRASES = {"client": "in-process", "http": "over HTTP", "browser": "in Chromium"}
MODE_DETAILS = {
    "client": "the app in the suite's own process, through Flask's test client",
    "http": "the app served on 127.0.0.1 by a real WSGI server, over real HTTP",
    "browser": "the same server, driven in a real headless Chromium",
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


@dataclass
class Result:
    """A scenario's (or an Examples row's) outcome in one driver mode."""

    mode: str
    status: str
    detail: str = ""
    images: list[str] = field(default_factory=list)
    step_seconds: dict[int, float] = field(default_factory=dict)

    @property
    def word(self) -> str:
        return STATUS_WORDS[self.status]

    @property
    def mode_word(self) -> str:
        return MODES.get(self.mode, self.mode)

    @property
    def mode_phrase(self) -> str:
        return MODE_PHRASES.get(self.mode, self.mode)


@dataclass
class Run:
    """One recorded run: its mode, when, on which commit, its results by place."""

    mode: str
    started: str
    commit: str
    results: dict[str, Result]

    @classmethod
    def load(cls, path: Path) -> Run:
        record = json.loads(path.read_text(encoding="utf-8"))
        results = {}
        for scenario in record["scenarios"]:
            status = status_of(scenario["status"])
            detail = scenario["skip_reason"] if status == "skipped" else scenario["error"]
            images = [
                f"data:{a['type']};base64,{a['base64']}"
                for a in scenario["attachments"]
                if a["type"].startswith("image/")
            ]
            seconds = {s["line"]: s["seconds"] for s in scenario["steps"]}
            results[scenario["where"]] = Result(
                record["mode"], status, detail.strip(), images, seconds
            )
        return cls(record["mode"], record["started"], record["commit"], results)

    @property
    def mode_word(self) -> str:
        return MODES.get(self.mode, self.mode)

    @property
    def mode_phrase(self) -> str:
        return MODE_PHRASES.get(self.mode, self.mode)

    @property
    def when(self) -> str:
        """When the run started, as a reader writes it: 29 Nov 2026, 04:54 UTC."""
        started = datetime.datetime.fromisoformat(self.started)
        return started.astimezone(datetime.UTC).strftime("%d %b %Y, %H:%M UTC").lstrip("0")

    @property
    def mode_detail(self) -> str:
        return MODE_DETAILS.get(self.mode, self.mode)

    def result(self, place: str) -> Result:
        return self.results.get(place) or Result(self.mode, "not run")


@dataclass
class StepView:
    """A step as written, with the glossary entry of the sentence it uses."""

    step: Step
    glossary_id: str | None
    definition: str | None


@dataclass
class RowView:
    """One row of an Examples table and its results."""

    cells: list[str]
    results: list[Result]


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
    def is_outline(self) -> bool:
        return isinstance(self.scenario, ScenarioOutline)

    @property
    def tags(self) -> list[str]:
        return sorted({str(tag) for tag in self.scenario.effective_tags})

    @property
    def statuses(self) -> list[str]:
        return sorted({r.status for r in self.results})

    @property
    def problems(self) -> list[tuple[str, Result]]:
        """Failed and skipped results with their detail, labelled with the row if any."""
        found = [
            ("", r) for r in self.results if r.status in ("failed", "skipped") and not self.tables
        ]
        for table in self.tables:
            for row in table.rows:
                label = " | ".join(row.cells)
                found += [(label, r) for r in row.results if r.status in ("failed", "skipped")]
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
        """The one-line promise: the "I want" line."""
        lines = self.narrative
        return lines[1] if len(lines) > 1 else (lines[0] if lines else "")

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
        """ "3 rules, 22 examples", or "7 examples" where no Rule: groups them."""
        rules, examples = len(self.rules), len(self.examples)
        said = f"{examples} example{'s' if examples != 1 else ''}"
        return f"{rules} rule{'s' if rules != 1 else ''}, {said}" if rules else said

    @property
    def unproven_modes(self) -> list[str]:
        """The modes that ran but did not prove every example."""
        return [MODE_PHRASES.get(r.mode, r.mode) for r in self.statuses if r.status != "passed"]


class Builder:
    """Reads features and runs, and renders the site."""

    def __init__(self, runs: list[Run], sentences: list[Sentence], features: Path) -> None:
        order = {mode: i for i, mode in enumerate(MODES)}
        self.runs = sorted(runs, key=lambda run: order.get(run.mode, len(order)))
        self.sentences = sentences
        self.features = features
        self.uses: dict[str, list[Capability]] = {}

    def step_view(self, step: Step, expanded: Step | None = None) -> StepView:
        """``step`` as written; ``expanded`` is the same step with an outline's values."""
        matches = definitions_matching(expanded or step)
        if not matches:
            return StepView(step, None, None)
        definition = matches[0]
        return StepView(
            step, glossary_id(definition.step_type, definition.pattern), definition.location
        )

    def example(self, scenario: Scenario | ScenarioOutline) -> Example:
        """A scenario or an outline with its steps and results in every mode."""
        anchor = f"example-{scenario.line}"
        if not isinstance(scenario, ScenarioOutline):
            steps = [self.step_view(s) for s in scenario.steps]
            place = where(scenario.filename, scenario.line)
            return Example(scenario, anchor, steps, [r.result(place) for r in self.runs], [])
        # The first row's steps, values filled in, tell which sentence each step uses.
        expanded = scenario.scenarios[0].steps if scenario.scenarios else scenario.steps
        steps = [self.step_view(s, e) for s, e in zip(scenario.steps, expanded, strict=True)]
        tables = []
        row_results: dict[str, list[str]] = {run.mode: [] for run in self.runs}
        for examples in scenario.examples:
            rows = []
            for row in examples.table.rows if examples.table else []:
                place = where(scenario.filename, row.line)
                results = [run.result(place) for run in self.runs]
                for result in results:
                    row_results[result.mode].append(result.status)
                rows.append(RowView(list(row.cells), results))
            headings = list(examples.table.headings) if examples.table else []
            tags = [str(t) for t in examples.tags]
            tables.append(ExamplesView(examples.keyword, examples.name, tags, headings, rows))
        results = [Result(run.mode, worst(row_results[run.mode])) for run in self.runs]
        return Example(scenario, anchor, steps, results, tables)

    def capability(self, path: Path, group: str) -> Capability:
        """One feature file, read by behave's parser."""
        feature = parse_file(str(path))
        relative = path.relative_to(self.features).with_suffix("")
        page = "-".join(relative.parts) + ".html"
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
        statuses = [
            Result(
                run.mode, worst(r.status for e in examples for r in e.results if r.mode == run.mode)
            )
            for run in self.runs
        ]
        capability = Capability(feature, path, group, page, sections, background, statuses)
        for step in (s for e in examples for s in e.steps):
            if step.glossary_id:
                users = self.uses.setdefault(step.glossary_id, [])
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

    def glossary(self) -> list[tuple[str, list[dict[str, Any]]]]:
        """The sentences, grouped by Given, When and Then, each with where it is used."""
        groups: dict[str, list[dict[str, Any]]] = {"given": [], "when": [], "then": [], "step": []}
        for sentence in sorted(self.sentences, key=lambda s: s.pattern.lower()):
            anchor = glossary_id(sentence.keyword, sentence.pattern)
            groups[sentence.keyword].append(
                {
                    "id": anchor,
                    "sentence": sentence,
                    "placeholders": sentence.placeholders(),
                    "used_in": self.uses.get(anchor, []),
                }
            )
        words = {"given": "Given", "when": "When", "then": "Then", "step": "Given, When or Then"}
        return [(words[k], v) for k, v in groups.items() if v]


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


def search_index(capabilities: list[Capability]) -> list[dict[str, Any]]:
    """What the search and the filters on the first page look through."""
    items: list[dict[str, Any]] = []
    for capability in capabilities:
        name = capability.feature.name
        items.append(
            {
                "kind": "Capability",
                "name": name,
                "in": "",
                "href": capability.page,
                "tags": [],
                "statuses": [r.status for r in capability.statuses],
            }
        )
        for rule in capability.rules:
            items.append(
                {
                    "kind": "Rule",
                    "name": rule.name,
                    "in": name,
                    "href": f"{capability.page}#rule-{rule.line}",
                    "tags": sorted(str(t) for t in rule.tags),
                    "statuses": [],
                }
            )
        for example in capability.examples:
            items.append(
                {
                    "kind": "Example",
                    "name": example.scenario.name,
                    "in": name,
                    "href": f"{capability.page}#{example.anchor}",
                    "tags": example.tags,
                    "statuses": example.statuses,
                }
            )
    return items


def build(
    runs_dir: Path,
    out: Path,
    features: Path = ROOT / "features",
    steps: Path = ROOT / "steps",
) -> list[Path]:
    """Write the site to ``out`` from the features, their steps and every run in ``runs_dir``."""
    runs = [Run.load(path) for path in sorted(runs_dir.glob("*.json"))] if runs_dir.is_dir() else []
    builder = Builder(runs, load_sentences(steps), features)
    runs = builder.runs  # in the order a reader meets the modes
    capabilities = builder.capabilities()
    tags = sorted({t for c in capabilities for e in c.examples for t in e.tags})
    env = environment()
    groups: dict[str, list[Capability]] = {}
    for capability in capabilities:
        if capability.twin is None:  # translations are listed with their twin
            groups.setdefault(capability.group, []).append(capability)
    shared = {"runs": runs, "capabilities": capabilities, "groups": groups, "tags": tags}
    out.mkdir(parents=True, exist_ok=True)
    pages = {"index.html": env.get_template("index.html").render(**shared, page="index.html")}
    for capability in capabilities:
        pages[capability.page] = env.get_template("capability.html").render(
            **shared, page=capability.page, capability=capability
        )
    pages["glossary.html"] = env.get_template("glossary.html").render(
        **shared, page="glossary.html", glossary=builder.glossary()
    )
    pages["search-index.js"] = env.get_template("search-index.js").render(
        items=search_index(capabilities)
    )
    written = []
    for name, text in pages.items():
        (out / name).write_text(text, encoding="utf-8")
        written.append(out / name)
    for asset in sorted((HERE / "static").iterdir()):
        shutil.copyfile(asset, out / asset.name)
        written.append(out / asset.name)
    return written
