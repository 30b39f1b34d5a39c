"""The check of every feature file, before anything runs (``make lint``).

``python -m support.authoring.check [FILES or FOLDERS]`` reads every feature file with behave's own
parser and reports every mistake of every file at once, each as ``file:line: what is
wrong and what to write instead``, in words a product owner can act on, never a
traceback: a file behave cannot read, a keyword in the wrong case, a feature without
"As a / I want / So that", a scenario without a name, without steps or with the name of
another, an outline's placeholder without an Examples column or a column nothing uses,
a sentence the suite does not know (with the closest it knows), a word outside the
closed set a sentence accepts, a sentence under the wrong keyword or known twice, a
missing or unexpected table or doc string, a table with the wrong headings, a sentence
used before what it needs, a layout that differs from the others, a feature missing
from the reading order, a link to a rule that names none (links.py), a translation's
``@translates:`` tag that names no English example (twins.py). It also checks the
developers' side: every sentence has an example and the glossary (docs/steps.md) is
current.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from behave.i18n import languages as behave_languages
from behave.model import Feature
from behave.model import Scenario
from behave.model import ScenarioOutline
from behave.model import Step
from behave.parser import parse_file
from behave.parser import ParserError

from support import shown
from support.authoring import advice
from support.authoring import links
from support.authoring import standard
from support.authoring import twins
from support.authoring.expectations import quoted_message
from support.authoring.expectations import step_problems
from support.authoring.layout import feature_files
from support.authoring.layout import layout_problems
from support.authoring.layout import lower_case_steps
from support.authoring.layout import meant_as_step
from support.authoring.reading_order import FEATURES
from support.authoring.reading_order import ORDER_FILE
from support.authoring.reading_order import order_problems
from support.authoring.sentences import CATALOGUE
from support.authoring.sentences import catalogue
from support.authoring.sentences import definitions_matching
from support.authoring.sentences import example_problems
from support.authoring.sentences import load_sentences
from support.authoring.sentences import misquoted
from support.authoring.sentences import Sentence
from support.authoring.sentences import unknown_sentence
from support.scenarios.people import ADMIN
from support.scenarios.people import PEOPLE
from support.scenarios.people import subject_of

#: Gherkin's block keywords, as they must be written.
BLOCK_KEYWORDS = ("Feature", "Rule", "Background", "Scenario Outline", "Scenario", "Examples")
OUTLINE_PLACEHOLDER = re.compile(r"<([^<>\n]+)>")


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake, where it is."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


#: behave's names for the parts of a step and of a file, in its language lists.
STEP_PARTS = ("given", "when", "then", "and", "but")
BLOCK_PARTS = ("feature", "rule", "background", "scenario", "scenario_outline", "examples")


def parser_words(text: str) -> list[tuple[str, str]]:
    """What behave's parser says, in words a product owner can act on, with the keywords
    of the file's language as behave knows them."""
    known = behave_languages.get(standard.language_of(text.split("\n")), behave_languages["en"])
    word = {
        p: next(w.strip() for w in known[p] if w.strip() != "*")
        for p in (*STEP_PARTS, *BLOCK_PARTS)
    }
    given, when, then, and_, but = (word[p] for p in STEP_PARTS)
    blocks = ", ".join(f"{word[p]}:" for p in BLOCK_PARTS)
    return [
        ("AND-STEP REQUIRES", f"“{and_}” or “{but}” cannot start a scenario or a Background: "
         f"start with {given}, {when} or {then} (a description line that starts with "
         f"“{and_}” is read as a step: begin it with another word)"),
        ("Malformed table", "every row of a table needs as many cells as its first row"),
        ("", f"check the keyword that starts this line ({blocks}, {given}, {when}, {then}, "
         f"{and_}, {but}) and its indentation"),
    ]  # fmt: skip


def read(path: Path) -> tuple[Feature | None, list[Problem]]:
    """The feature behave reads in ``path``, or why it cannot read it."""
    where = shown(path)
    try:
        raw = path.read_bytes()
        raw.decode("utf-8")
    except FileNotFoundError:
        return None, [Problem(where, 1, "there is no such file")]
    except UnicodeDecodeError:
        return None, [Problem(where, 1, "the file is not UTF-8 text: save it as UTF-8")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [
            Problem(where, 1, "the file starts with an invisible byte-order mark: save it as "
                    "UTF-8 without one (“UTF-8”, not “UTF-8 with BOM”)")
        ]  # fmt: skip
    try:
        feature = parse_file(str(path))
    except ParserError as error:
        said = str(error)
        text = raw.decode("utf-8")
        advice = next(words for key, words in parser_words(text) if key in said)
        return None, [Problem(where, error.line or 1, f"behave cannot read this line: {advice}")]
    except KeyError as error:  # an unknown "# language:"
        return None, [
            Problem(where, 1, f"behave knows no language {error.args[0]!r} in the "
                    "“# language:” line (Korean is “ko”, English “en”)")
        ]  # fmt: skip
    if feature is None:
        return None, [Problem(where, 1, "the file holds no Feature: start it with 'Feature: …'")]
    return feature, []


def keyword_problems(path: Path, feature: Feature) -> list[Problem]:
    """Keywords written in the wrong case: "given", "scenario:"."""
    where = shown(path)
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    problems = []
    for step in lower_case_steps(text):
        word = lines[step.line - 1].split()[0]
        if meant_as_step(step):
            said = f"write the keyword “{word.capitalize()}” with a capital letter, not “{word}” "
            said += "('make format' does it)"
        else:
            said = standard.description_read_as_step(word)
        problems.append(Problem(where, step.line, said))
    in_doc_string = False
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith(('"""', "```")):
            in_doc_string = not in_doc_string
        if in_doc_string:
            continue
        for keyword in BLOCK_KEYWORDS:
            if stripped.lower().startswith(keyword.lower() + ":") and not stripped.startswith(
                keyword + ":"
            ):
                problems.append(
                    Problem(where, number, f"write “{keyword}:” as it is written here, with a "
                            f"capital letter, not “{stripped.split(':')[0]}:”")
                )  # fmt: skip
                break
    return problems


def structure_problems(path: Path, feature: Feature) -> list[Problem]:
    """What would read badly as documentation, or cannot run as meant."""
    where = shown(path)
    problems = []
    opening = [line.split(" ")[0] for line in feature.description[:3]]
    # Features in other languages say "As a / I want / So that" in their own words.
    expected = ["As", "I", "So"] if feature.language in (None, "en") else opening
    if len(opening) < 3 or opening != expected:
        problems.append(
            Problem(where, feature.line, "a feature opens with three lines: “As a …”, "
                    "“I want …”, “So that …”, then the rule in a few sentences")
        )  # fmt: skip
    names: dict[str, int] = {}
    for scenario in written(feature):
        line = scenario.line
        if not scenario.name.strip():
            problems.append(Problem(where, line, "give the scenario a name that states its rule"))
        elif scenario.name in names:
            problems.append(
                Problem(where, line, f"the scenario name “{scenario.name}” is already used at "
                        f"line {names[scenario.name]}: give each scenario a name of its own")
            )  # fmt: skip
        names.setdefault(scenario.name, line)
        if not scenario.steps and "wip" not in scenario.effective_tags:
            problems.append(
                Problem(where, line, f"the scenario “{scenario.name}” has no steps: write its "
                        "Given, When and Then, or tag it @wip while it is being written")
            )  # fmt: skip
        if isinstance(scenario, ScenarioOutline):
            problems += outline_problems(where, scenario)
    return problems + size_problems(path, feature)


#: A feature a reader finishes: at most this many lines, and this many scenarios to run
#: (each Examples row counts as one).
MOST_LINES = 160
MOST_RUNS = 40


def size_problems(path: Path, feature: Feature) -> list[Problem]:
    """A feature too long to read as documentation."""
    where, problems = shown(path), []
    lines = len(path.read_text(encoding="utf-8").splitlines())
    if lines > MOST_LINES:
        problems.append(
            Problem(where, feature.line, f"the feature is {lines} lines long, more than a "
                    f"reader finishes ({MOST_LINES}): keep each rule's few key examples and "
                    "move the other rows to tests/, or split the capability in two")
        )  # fmt: skip
    runs = sum(1 for _ in expanded(feature))
    if runs > MOST_RUNS:
        problems.append(
            Problem(where, feature.line, f"the feature runs {runs} scenarios (each Examples "
                    f"row counts), more than {MOST_RUNS}: keep each rule's few key examples "
                    "and move the other rows to tests/, or split the capability in two")
        )  # fmt: skip
    return problems


def written(feature: Feature) -> list[Scenario | ScenarioOutline]:
    """The scenarios and outlines as written (not the scenarios an outline makes)."""
    found = []
    for item in feature.run_items:
        found += (
            item.scenarios
            if hasattr(item, "scenarios") and not isinstance(item, ScenarioOutline | Scenario)
            else [item]
        )
    return found


#: Elements a text may hold as HTML, which are no outline placeholders: "<b>", "</b>".
HTML_ELEMENTS = set(
    "a abbr b blockquote br code del div em h1 h2 h3 h4 h5 h6 hr i iframe img input li "
    "link object ol p pre q s script small span strong style sub sup svg table tbody td "
    "th thead tr u ul form embed video audio".split()
)


def placeholders_in(step: Step) -> list[str]:
    """The outline placeholders a step uses: in its text, table and doc string (HTML
    elements, such as <b> or <a href="…">, are not placeholders)."""
    texts = [step.name, step.text or ""]
    if step.table:
        texts += list(step.table.headings) + [c for r in step.table.rows for c in r.cells]
    found = [name for text in texts for name in OUTLINE_PLACEHOLDER.findall(text)]
    return [name for name in found if not is_html(name)]


def is_html(name: str) -> bool:
    """Whether ``<name>`` reads as an HTML tag: </b>, <b>, <a href="x">, <br/>."""
    first = name.lstrip("/").rstrip("/").split(" ")[0].lower()
    return name.startswith("/") or "=" in name or first in HTML_ELEMENTS


#: The most rows an Examples table holds without a heading that says why a reader needs
#: more: a rule is shown by its key examples, and every other value belongs in tests/.
MOST_ROWS = 6


def outline_problems(where: str, outline: ScenarioOutline) -> list[Problem]:
    """Placeholders without a column, columns nothing uses, an outline without rows."""
    problems = []
    used = {name for step in outline.steps for name in placeholders_in(step)}
    used |= {n for n in OUTLINE_PLACEHOLDER.findall(outline.name) if not is_html(n)}
    rows = [row for examples in outline.examples for row in (examples.table or [])]
    if not outline.examples or not rows:
        problems.append(
            Problem(where, outline.line, "the Scenario Outline has no Examples rows: add an "
                    "“Examples:” table with a row per example")
        )  # fmt: skip
    for examples in outline.examples:
        columns = list(examples.table.headings) if examples.table else []
        twins = advice.case_twins(used, columns)  # <Title> and the column "title"
        for name in sorted(used - set(columns)):
            line = next((s.line for s in outline.steps if name in placeholders_in(s)), outline.line)
            fix = twins.get(name, (name, f"add a column “{name}” or write the value itself"))[1]
            problems.append(
                Problem(where, line, f"“<{name}>” has no column in the Examples table at line "
                        f"{examples.line}: {fix}")
            )  # fmt: skip
        if examples.table and len(examples.table.rows) > MOST_ROWS and not examples.name:
            problems.append(
                Problem(where, examples.line, f"this Examples table has "
                        f"{len(examples.table.rows)} rows: a rule needs its few key examples "
                        f"(at most {MOST_ROWS} without a reason); move the rows that add "
                        "nothing new to tests/, or say in the heading why a reader needs "
                        "them all (“Examples: …”)")
            )  # fmt: skip
        for name in columns:
            if name not in used and name not in {column for column, _ in twins.values()}:
                problems.append(
                    Problem(where, examples.line, f"the Examples column “{name}” is used "
                            f"nowhere in the outline: write “<{name}>” where its value "
                            "belongs, or remove the column")
                )  # fmt: skip
    return problems


def expanded(feature: Feature) -> Iterable[tuple[Scenario, list[Step], str]]:
    """Every scenario to run (each Examples row on its own, @wip left out), with its
    steps, its backgrounds' first, and for an Examples row where that row is."""
    for item in written(feature):
        if isinstance(item, ScenarioOutline):
            rows = [
                (s, f" (with the values of the Examples row at line {s.line})")
                for s in item.scenarios
            ]
        else:
            rows = [(item, "")]
        for scenario, row in rows:
            if "wip" not in scenario.effective_tags:
                yield scenario, list(scenario.all_steps), row


def sentence_problems(path: Path, feature: Feature, sentences: list[Sentence]) -> list[Problem]:
    """Sentences the suite does not know, or knows twice; a table or doc string missing or
    unexpected; a sentence before what it needs."""
    where = shown(path)
    problems: dict[tuple[int, str], Problem] = {}  # a row of Examples repeats its steps
    # Description lines behave takes for steps ("and readers see it"): said of on their own.
    text = path.read_text(encoding="utf-8")
    described = {s.line for s in lower_case_steps(text) if not meant_as_step(s)}
    for _scenario, all_steps, row in expanded(feature):
        steps = [step for step in all_steps if step.line not in described]
        done = []
        for step in steps:
            matches = definitions_matching(step)
            if not matches:
                message = unknown_sentence(step, sentences)
            elif len(matches) > 1:
                known = "\n".join(f"      {d.pattern}  ({d.location})" for d in matches)
                said = f"    {step.keyword.strip()} {step.name}"
                message = (
                    f"the sentence could mean more than one thing\n{said}\n  It matches:\n{known}"
                )
            else:
                func = matches[0].func
                said = step_problems(func, step.table, step.text, done)
                if (name := quoted_message(func)) is not None:
                    value = next(a.value for a in matches[0].match(step.name).arguments
                                 if a.name == name)  # fmt: skip
                    said += [wrong] if (wrong := misquoted(value)) else []
                message = "; ".join(said)
                done.append(func)
            if message:
                # The same words for several rows (a Background's step, a step without a
                # placeholder): one problem, without a row to look at.
                key = (step.line, message)
                if key in problems:
                    problems[key] = Problem(where, step.line, message)
                    continue
                with_row = (
                    message.replace("\n", row + "\n", 1) if "\n" in message else message + row
                )
                problems[key] = Problem(where, step.line, with_row)
        for step, message in people_problems(steps) + advice.page_problems(
            steps, definitions_matching, sentences
        ):
            problems.setdefault((step.line, message), Problem(where, step.line, message))
    return list(problems.values())


def people_problems(steps: list[Step]) -> list[tuple[Step, str]]:
    """A session prepared for someone who never acts afterwards: most often a visitor's
    session written where the admin's was meant (a visitor is someone else)."""
    found = []
    for number, step in enumerate(steps):
        who = subject_of(step.name)
        matches = definitions_matching(step)
        prepares = len(matches) == 1 and getattr(matches[0].func, "prepares_session", False)
        if not prepares or who in (None, ADMIN):
            continue
        if not any(subject_of(later.name) == who for later in steps[number + 1 :]):
            found.append((step, f"this prepares {who}, but no step after it is about "
                          f"{who}, so nothing shows what it changed: {who} is "
                          f"{PEOPLE[who]}; for the admin's own browser write “Given the "
                          "admin's …” (see “Who is who” in docs/steps.md)"))  # fmt: skip
    return found


def check(paths: Iterable[Path], sentences: list[Sentence]) -> list[Problem]:
    """Every mistake in the feature files named, or found in the folders named."""
    files = feature_files(paths)
    problems: list[Problem] = []
    readable = []
    for path in files:
        feature, unread = read(path)
        problems += unread
        if feature is None:
            continue
        readable.append(path)
        problems += keyword_problems(path, feature)
        problems += structure_problems(path, feature)
        problems += sentence_problems(path, feature, sentences)
    said = {(p.path, p.line) for p in problems}
    layout = []
    for message in layout_problems(readable):
        place, line, text = message.split(":", 2)
        if (place, int(line)) not in said:  # one message a line: the more precise one
            layout.append(Problem(place, int(line), text.strip()))
    return standard.first(files, problems, layout)


def entry_texts(glossary: str) -> set[str]:
    """The glossary's entries, each as written, wherever its section puts it."""
    return {block.split("\n## ")[0].strip() for block in glossary.split("\n### ")[1:]}


def main(argv: list[str] | None = None) -> int:
    """Check the features (all of features/ by default) and the glossary."""
    parser = argparse.ArgumentParser(prog="python -m support.authoring.check")
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args(argv)
    sentences = load_sentences()
    messages = [str(p) for p in check(args.paths or [FEATURES], sentences)]
    if not args.paths:
        messages += order_problems(FEATURES, FEATURES / ORDER_FILE.name)
        messages += twins.twin_problems(FEATURES)
        messages += links.link_problems(FEATURES, feature_files([FEATURES]))
        messages += example_problems(sentences)
        try:
            current = catalogue(sentences, FEATURES)
        except (ValueError, yaml.YAMLError):
            current = None  # the reading order cannot be read: said above
        written = CATALOGUE.read_text(encoding="utf-8") if CATALOGUE.exists() else ""
        # Sections follow the features that use a sentence first: a product owner's new
        # feature may move an entry, which is no reason to stop them. Entries must match.
        if current is not None and entry_texts(written) != entry_texts(current):
            messages.append(
                "docs/steps.md does not describe the sentences as the steps define them: a "
                "developer runs 'make catalogue' and commits it"
            )
    for message in messages:
        print(message, file=sys.stderr)
    if messages:
        count = len(messages)
        print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
    return 1 if messages else 0


if __name__ == "__main__":
    sys.exit(main())
