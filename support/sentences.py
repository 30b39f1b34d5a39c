"""The sentences the suite knows: a catalogue for product owners, and help for unknown ones.

``python -m support.sentences catalogue`` writes ``docs/steps.md``; ``... check`` fails
when it is out of date, when a feature uses a sentence the suite does not know (or
knows twice), naming the file, the line and the closest known sentences, or when a
feature file is missing from the reading order of the living documentation.
"""

from __future__ import annotations

import argparse
import difflib
import inspect
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from behave.matchers import Matcher
from behave.model import Scenario
from behave.model import ScenarioOutline
from behave.model import Step
from behave.parser import parse_file
from behave.runner_util import exec_file
from behave.step_registry import registry as global_registry
from behave.step_registry import StepRegistry

from .parameter_types import describe
from .reading_order import order_problems

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "docs" / "steps.md"
KEYWORDS = ("given", "when", "then", "step")


@dataclass(frozen=True)
class Sentence:
    """One sentence the suite knows."""

    keyword: str
    pattern: str
    examples: tuple[str, ...]
    notes: str
    location: str

    def placeholders(self) -> list[tuple[str, str]]:
        """Each ``{name}`` or ``{name:Type}`` with what it accepts."""
        found = re.findall(r"\{(\w+)(?::(\w+))?\}", self.pattern)
        return [(name, describe(kind)) for name, kind in found]


def load_sentences(
    steps_dir: Path = ROOT / "steps", registry: StepRegistry = global_registry
) -> list[Sentence]:
    """Every step definition in ``steps/`` (loaded unless ``registry`` has them already),
    with the examples from its docstring."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if not any(registry.steps.values()):
        for module in sorted(steps_dir.glob("*.py")):
            exec_file(str(module))
    sentences = []
    for keyword in KEYWORDS:
        for definition in registry.steps[keyword]:
            doc = inspect.getdoc(definition.func) or ""
            lines = doc.splitlines()
            said = [line.strip() for line in lines if line.strip().split(" ")[0] in EXAMPLE_WORDS]
            # Each phrasing (English, Korean, ...) shows the examples written for it.
            examples = tuple(e for e in said if is_example(definition, e.split(" ", 1)[1]))
            notes = " ".join(
                line.strip() for line in lines if line.strip() and line.strip() not in said
            )
            location = Path(os.path.relpath(definition.location.filename, ROOT)).as_posix()
            sentences.append(Sentence(keyword, definition.pattern, examples, notes, location))
    return sentences


#: A placeholder left as it is, e.g. {title} or {title:Text}.
PLACEHOLDER = re.compile(r"\{\w*(?::\w+)?\}")


def is_example(definition: Matcher, text: str) -> bool:
    """Whether ``text`` is the sentence of ``definition`` filled in with real values: the
    pattern itself, or any value still a ``{placeholder}``, is no example."""
    match = definition.match(text)
    return bool(match) and not any(
        PLACEHOLDER.fullmatch(argument.original) for argument in match.arguments or ()
    )


#: The words an example sentence starts with, in English and in Korean.
EXAMPLE_WORDS = {"Given", "When", "Then", "And", "But"} | {
    "조건", "먼저", "만일", "만약", "그러면", "그리고", "하지만", "단",
}  # fmt: skip


def catalogue(sentences: Iterable[Sentence]) -> str:
    """The catalogue as Markdown, grouped by Given, When and Then."""
    out = [
        "# The sentences the scenarios may use",
        "",
        "Generated from the step definitions by `make catalogue`; do not edit by hand.",
        "Words in `{braces}` are placeholders; the example shows one way to fill them in.",
        "",
    ]
    by_keyword: dict[str, list[Sentence]] = {keyword: [] for keyword in KEYWORDS}
    for sentence in sentences:
        by_keyword[sentence.keyword].append(sentence)
    for keyword, group in by_keyword.items():
        word = "Given, When or Then" if keyword == "step" else keyword.capitalize()
        out += [f"## {word}", ""]
        for sentence in sorted(group, key=lambda s: s.pattern.lower()):
            out.append(f"- **{word.split(',')[0]} {sentence.pattern}**")
            for example in sentence.examples:
                out.append(f"  - e.g. `{example}`")
            for name, accepts in sentence.placeholders():
                out.append(f"  - `{name}`: {accepts}")
            if sentence.notes:
                out.append(f"  - {sentence.notes}")
            out.append(f"  - defined in `{sentence.location}`")
        out.append("")
    return "\n".join(out)


def feature_steps(paths: Iterable[Path]) -> Iterable[tuple[Path, Step]]:
    """Every step of every scenario (outlines expanded, backgrounds included)."""
    for path in paths:
        feature = parse_file(str(path))
        if feature is None:
            continue
        for element in feature.walk_scenarios(with_outlines=False):
            scenarios = element.scenarios if isinstance(element, ScenarioOutline) else [element]
            for scenario in scenarios:
                assert isinstance(scenario, Scenario)
                if "wip" in scenario.effective_tags:
                    continue  # being written: its new sentences may not exist yet
                for step in scenario.all_steps:
                    yield path, step


def closest(step: Step, sentences: list[Sentence], count: int = 3) -> list[str]:
    """The known sentences most like ``step``, by their examples and patterns."""
    said = f"{step.step_type.capitalize()} {step.name}"
    candidates = {}
    for sentence in sentences:
        keyword = "Given" if sentence.keyword == "step" else sentence.keyword.capitalize()
        for text in (*sentence.examples, f"{keyword} {sentence.pattern}"):
            candidates[text] = difflib.SequenceMatcher(None, said.lower(), text.lower()).ratio()
    ranked = sorted(candidates, key=candidates.__getitem__, reverse=True)
    return ranked[:count]


def definitions_matching(step: Step, registry: StepRegistry = global_registry) -> list[Matcher]:
    """The step definitions whose sentence ``step`` says: one, or none, or (a mistake) more."""
    definitions = registry.steps[step.step_type] + registry.steps["step"]
    return [d for d in definitions if d.match(step.name)]


def problems(paths: Iterable[Path], sentences: list[Sentence]) -> list[str]:
    """A message for every sentence the suite does not know, or knows more than once."""
    messages = []
    seen: set[tuple[Path, int, str]] = set()
    for path, step in feature_steps(paths):
        # Each row of an Examples table makes its own sentence from the same line.
        if (path, step.line, step.name) in seen:
            continue
        seen.add((path, step.line, step.name))
        matches = definitions_matching(step)
        where = f"{os.path.relpath(path, ROOT)}:{step.line}"
        if not matches:
            suggestions = "\n".join(f"      {text}" for text in closest(step, sentences))
            messages.append(
                f"{where}: the suite does not know the sentence\n"
                f"    {step.keyword.strip()} {step.name}\n"
                f"  The closest sentences it knows (see docs/steps.md for all):\n{suggestions}"
            )
        elif len(matches) > 1:
            known = "\n".join(f"      {d.pattern}  ({d.location})" for d in matches)
            messages.append(
                f"{where}: the sentence could mean more than one thing\n"
                f"    {step.keyword.strip()} {step.name}\n  It matches:\n{known}"
            )
    return messages


def structure_problems(paths: Iterable[Path]) -> list[str]:
    """Features that would read badly as documentation: no "As a / I want / So that",
    a scenario with no steps, two scenarios of one feature with the same name."""
    messages = []
    for path in paths:
        feature = parse_file(str(path))
        if feature is None:
            continue
        where = os.path.relpath(path, ROOT)
        opening = [line.split(" ")[0] for line in feature.description[:3]]
        # Features in other languages say "As a / I want / So that" in their own words.
        expected = ["As", "I", "So"] if feature.language in (None, "en") else opening
        if len(opening) < 3 or opening != expected:
            messages.append(f"{where}:{feature.line}: a feature opens with As a / I want / So that")
        names: dict[str, int] = {}
        for scenario in feature.walk_scenarios(with_outlines=True):
            if not isinstance(scenario, ScenarioOutline) and not scenario.steps:
                messages.append(
                    f"{where}:{scenario.line}: the scenario {scenario.name!r} has no steps"
                )
            if isinstance(scenario, Scenario) and scenario.name in names:
                messages.append(
                    f"{where}:{scenario.line}: the scenario name {scenario.name!r} is already "
                    f"used at line {names[scenario.name]}"
                )
            names.setdefault(scenario.name, scenario.line)
    return messages


def feature_files(paths: Iterable[Path]) -> list[Path]:
    """The feature files named, or found in the folders named."""
    files = []
    for path in paths:
        files += sorted(path.rglob("*.feature")) if path.is_dir() else [path]
    return files


def hint(step: Step, step_registry: StepRegistry) -> str:
    """For behave's own run: the closest known sentences to an undefined step."""
    known = load_sentences(registry=step_registry)
    suggestions = "\n".join(f"      {text}" for text in closest(step, known))
    return (
        f"{step.filename}:{step.line}: the suite does not know the sentence\n"
        f"    {step.keyword.strip()} {step.name}\n"
        f"  The closest sentences it knows (see docs/steps.md for all):\n{suggestions}"
    )


def example_problems(sentences: Iterable[Sentence]) -> list[str]:
    """A message for every sentence whose docstring shows no example of it."""
    return [
        f"{sentence.location}: the sentence '{sentence.pattern}' "
        "has no example: start a line of its docstring with the sentence, filled in with "
        "real values"
        for sentence in sentences
        if not sentence.examples
    ]


def main(argv: list[str] | None = None) -> int:
    """``catalogue`` writes docs/steps.md; ``check`` checks it and the features' sentences."""
    parser = argparse.ArgumentParser(prog="python -m support.sentences")
    parser.add_argument("command", choices=["catalogue", "check"])
    parser.add_argument("features", nargs="*", type=Path, default=[ROOT / "features"])
    args = parser.parse_args(argv)
    sentences = load_sentences()
    text = catalogue(sentences)
    failures = example_problems(sentences)
    if args.command == "catalogue":
        CATALOGUE.parent.mkdir(exist_ok=True)
        CATALOGUE.write_text(text, encoding="utf-8")
        print(f"wrote {os.path.relpath(CATALOGUE, ROOT)} ({len(sentences)} sentences)")
    else:
        if not CATALOGUE.exists() or CATALOGUE.read_text(encoding="utf-8") != text:
            failures.append("docs/steps.md is out of date: run 'make catalogue' and commit it")
        files = feature_files(args.features)
        failures += structure_problems(files) + problems(files, sentences)
        if args.features == [ROOT / "features"]:
            failures += order_problems()
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
