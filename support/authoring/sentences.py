"""The sentences the suite knows: the glossary for product owners, and what to say of a
sentence it does not know.

``python -m support.authoring.sentences catalogue`` writes the glossary, ``docs/steps.md``;
the check of every feature file (``make lint``) is ``python -m support.authoring.check``.
"""

from __future__ import annotations

import argparse
import difflib
import inspect
import itertools
import json
import os
import re
import runpy
import subprocess
import sys
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

import parse
import yaml
from behave.matchers import Matcher
from behave.model import Feature
from behave.model import Scenario
from behave.model import Step
from behave.parser import parse_file
from behave.parser import ParserError
from behave.step_registry import registry as global_registry
from behave.step_registry import StepRegistry

from support import ROOT
from support import shown
from support.authoring.advice import curly_quotes
from support.authoring.advice import number_agreement
from support.authoring.expectations import expected_doc_string
from support.authoring.expectations import expected_table
from support.authoring.expectations import is_reading_the_page_shown
from support.authoring.expectations import quoted_message
from support.authoring.parameter_types import describe
from support.authoring.parameter_types import PLACEHOLDERS
from support.authoring.reading_order import arrange
from support.authoring.reading_order import ORDER_FILE
from support.scenarios.people import PEOPLE
from support.scenarios.people import SUBJECTS

CATALOGUE = ROOT / "docs" / "steps.md"
KEYWORDS = ("given", "when", "then", "step")
#: Each kind of step as a product owner writes it.
KEYWORD_WORDS = {"given": "Given", "when": "When", "then": "Then", "step": "Given/When/Then"}
#: A placeholder of a pattern: {title}, {count:d}, {page:Page}.
PLACEHOLDER = re.compile(r"\{(\w*)(?::(\w+))?\}")
#: The words an example sentence starts with, in English and in Korean.
EXAMPLE_WORDS = {"Given", "When", "Then", "And", "But"} | {
    "조건", "먼저", "만일", "만약", "그러면", "그리고", "하지만", "단",
}  # fmt: skip
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@dataclass(frozen=True)
class Sentence:
    """One sentence the suite knows (one pattern of a step function)."""

    keyword: str
    pattern: str
    examples: tuple[str, ...]
    notes: str
    location: str
    matcher: Matcher | None = field(default=None, compare=False, repr=False)

    @property
    def language(self) -> str:
        return "ko" if HANGUL.search(self.pattern) else "en"

    @property
    def said(self) -> str:
        """The sentence as a product owner writes it, placeholders in angle brackets:
        ``Given the blog has <count> entries``."""
        words = PLACEHOLDER.sub(lambda m: f"<{m.group(1) or 'text'}>", self.pattern)
        return f"{KEYWORD_WORDS[self.keyword]} {words}" if self.language == "en" else words

    def placeholders(self) -> list[tuple[str, str]]:
        """Each placeholder, by the name it has in the sentence, with what it accepts."""
        found = PLACEHOLDER.findall(self.pattern)
        seen, described = set(), []
        for name, kind in found:
            if name not in seen:
                seen.add(name)
                described.append((f"<{name or 'text'}>", describe(kind)))
        return described


def load_sentences(
    steps_dir: Path = ROOT / "steps", registry: StepRegistry = global_registry
) -> list[Sentence]:
    """Every step definition in ``steps/`` (loaded unless ``registry`` has them already),
    with the examples from its docstring."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if not any(registry.steps.values()):
        for module in sorted(steps_dir.glob("*.py")):
            runpy.run_path(str(module))
    sentences = []
    for keyword in KEYWORDS:
        for definition in registry.steps[keyword]:
            doc = inspect.getdoc(definition.func) or ""
            lines = [line.strip() for line in doc.splitlines()]
            said = [line for line in lines if line.split(" ")[0] in EXAMPLE_WORDS]
            # Each phrasing (English, Korean, ...) shows the examples written for it.
            examples = tuple(e for e in said if is_example(definition, e.split(" ", 1)[1]))
            # Table rows and doc strings under an example belong to it, not to the notes.
            notes = " ".join(line for line in prose(lines) if line not in said)
            location = Path(os.path.relpath(definition.location.filename, ROOT)).as_posix()
            sentences.append(
                Sentence(keyword, definition.pattern, examples, notes, location, definition)
            )
    return sentences


def prose(lines: list[str]) -> list[str]:
    """A docstring's lines but its examples' tables and doc strings."""
    kept, in_doc_string = [], False
    for line in lines:
        if line.startswith('"""'):
            in_doc_string = not in_doc_string
        elif line and not in_doc_string and not line.startswith("|"):
            kept.append(line)
    return kept


def under(example: str, doc: list[str]) -> list[str]:
    """The table rows or the doc string (quotes included) a docstring shows under an example."""
    rest = doc[doc.index(example) + 1 :] if example in doc else []
    if rest and rest[0].startswith('"""'):
        end = next((i for i, line in enumerate(rest[1:], 1) if line.startswith('"""')), 0)
        return rest[: end + 1]
    return list(itertools.takewhile(lambda line: line.startswith("|"), rest))


def is_example(definition: Matcher, text: str) -> bool:
    """Whether ``text`` is the sentence of ``definition`` filled in with real values: the
    pattern itself, or any value still a ``{placeholder}``, is no example."""
    match = definition.match(text)
    return bool(match) and not any(
        PLACEHOLDER.fullmatch(argument.original) for argument in match.arguments or ()
    )


def definitions_matching(step: Step, registry: StepRegistry = global_registry) -> list[Matcher]:
    """The step definitions whose sentence ``step`` says: one, or none, or (a mistake) more."""
    definitions = registry.steps[step.step_type] + registry.steps["step"]
    return [d for d in definitions if d.match(step.name)]


# What to say of a sentence the suite does not know.

#: The counted nouns' two forms: ("entry", "entries"), ("time", "times") …
COUNTED_FORMS = [p.forms for p in PLACEHOLDERS.values() if p.forms]
#: Every placeholder's type, as it matches, for patterns read here.
TYPES = {name: parse.with_pattern(p.pattern)(lambda text: text) for name, p in PLACEHOLDERS.items()}
#: A value a sentence takes between quotes: "{title}".
QUOTED = re.compile(r'"(\{\w+(?::\w+)?\})"')
#: The closed sets, as types a loose pattern takes any word for.
LOOSE_TYPES = {name: kind for name, kind in TYPES.items() if not PLACEHOLDERS[name].words}


def loose(pattern: str) -> parse.Parser | None:
    """``pattern`` with every closed set opened to any word, or None if it has none."""
    closed = [m for m in PLACEHOLDER.finditer(pattern) if PLACEHOLDERS.get(m.group(2) or "")]
    closed = [m for m in closed if PLACEHOLDERS[m.group(2)].words]
    if not closed:
        return None
    opened = PLACEHOLDER.sub(
        lambda m: (
            f"{{{m.group(1)}}}"
            if m.group(2) in PLACEHOLDERS and PLACEHOLDERS[m.group(2)].words
            else m.group(0)
        ),
        pattern,
    )
    return parse.compile(opened, extra_types=LOOSE_TYPES)


def word_outside_a_set(step: Step, sentences: list[Sentence]) -> str | None:
    """ "“bold” is not …": when ``step`` is a known sentence but for a word of a closed
    set, what it should say instead."""
    for sentence in sentences:
        if sentence.keyword not in (step.step_type, "step"):
            continue
        parser = loose(sentence.pattern)
        found = parser.parse(step.name) if parser else None
        if found is None:
            continue
        for name, kind in PLACEHOLDER.findall(sentence.pattern):
            placeholder = PLACEHOLDERS.get(kind)
            if (
                placeholder
                and placeholder.words
                and not placeholder.accepts_word(found.named[name])
            ):
                return f"“{found.named[name]}” is not {placeholder.accepts}"
    return None


def quotes_missing(
    step: Step, sentences: list[Sentence], known: Callable[[str], bool]
) -> str | None:
    """When ``step`` is a known sentence but for a value it leaves without the quotes the
    sentence puts around it (``titled Today``): which, and the sentence written right."""
    for sentence in sentences:
        if sentence.keyword not in (step.step_type, "step") or not QUOTED.search(sentence.pattern):
            continue
        # Each quoted value taken as any text, whatever its type: the sentence's own
        # check, known(), judges the result.
        bare_pattern = QUOTED.sub(lambda m: "{" + PLACEHOLDER.match(m.group(1)).group(1) + "}",
                                  sentence.pattern)  # fmt: skip
        found = parse.parse(bare_pattern, step.name, extra_types=TYPES)
        if found is None:
            continue
        names = [PLACEHOLDER.match(m).group(1) for m in QUOTED.findall(sentence.pattern)]
        bare = [n for n in names if not found.named[n].startswith('"')]
        fixed = step.name
        for name in sorted(bare, key=lambda n: found.spans[n][0], reverse=True):
            start, end = found.spans[name]
            fixed = f'{fixed[:start]}"{unquoted(fixed[start:end])}"{fixed[end:]}'
        if bare and known(fixed):
            values = " and ".join(f"“{found.named[n]}”" for n in bare)
            need = "needs double quotes around it" if len(bare) == 1 else (
                "need double quotes around them")  # fmt: skip
            return (f"{values} {need}, as the sentence writes it: write it as"
                    f"\n      {step.keyword.strip()} {fixed}")  # fmt: skip
    return None


def unquoted(value: str) -> str:
    """``value`` without the single quotes someone put around it instead of double ones."""
    for opening, closing in (("'", "'"), ("‘", "’")):
        if len(value) > 1 and value.startswith(opening) and value.endswith(closing):
            return value[1:-1]
    return value


def empty_value(step: Step, known: Callable[[str], bool]) -> str | None:
    """When ``step`` is a known sentence but for a value left empty (``""``) where the
    sentence takes at least one character: which, and what to write."""
    if '""' in step.name and known(step.name.replace('""', '"x"')):
        return (
            '“""” is empty, and this sentence takes at least one character between its '
            "quotes: write the value there"
        )
    return None


def other_keyword(step: Step, registry: StepRegistry) -> str | None:
    """The keyword a sentence is known under, when ``step`` uses it under another."""
    for keyword in ("given", "when", "then"):
        if keyword != step.step_type and any(d.match(step.name) for d in registry.steps[keyword]):
            return KEYWORD_WORDS[keyword]
    return None


def closest(step: Step, sentences: list[Sentence], count: int = 3) -> list[str]:
    """The known sentences most like ``step``, each once: its first example; those that
    can follow its keyword first."""
    said = step.name.lower()
    scores: dict[str, float] = {}
    for sentence in sentences:
        if not sentence.examples:
            continue
        if sentence.keyword not in (step.step_type, "step"):
            continue
        shown = sentence.examples[0]
        candidates = [e.split(" ", 1)[-1] for e in sentence.examples] + [sentence.pattern]
        score = max(difflib.SequenceMatcher(None, said, c.lower()).ratio() for c in candidates)
        scores[shown] = max(score, scores.get(shown, 0.0))
    return sorted(scores, key=scores.__getitem__, reverse=True)[:count]


def unknown_sentence(
    step: Step, sentences: list[Sentence], registry: StepRegistry = global_registry
) -> str:
    """What to say of a step no definition matches: a word outside a closed set, the
    wrong keyword, or the closest sentences the suite knows."""
    written = f"    {step.keyword.strip()} {step.name}"
    if word := word_outside_a_set(step, sentences):
        return f"the sentence uses a word the suite does not know there\n{written}\n  {word}"
    if keyword := other_keyword(step, registry):  # never "step": those match any keyword
        return (
            f"this is a {keyword} sentence\n{written}\n  Start it with {keyword} (or And, "
            f"after a {keyword} step)"
        )

    def known(text: str) -> bool:
        return bool(definitions_like(step, text, registry))

    typed = curly_quotes(step, known)
    if typed and typed[1]:  # straight quotes make it a known sentence
        return (
            f"the sentence has curly quotes where it needs straight ones\n{written}\n  {typed[0]}"
        )
    if counted := number_agreement(step, COUNTED_FORMS, known):
        return f"the number and its word do not agree\n{written}\n  {counted}"
    if bare := quotes_missing(step, sentences, known):
        return f"a value is written without its quotes\n{written}\n  {bare}"
    if empty := empty_value(step, known):
        return f"a value is empty\n{written}\n  {empty}"
    if (stop := step.name[-1:]) and stop in ".,;:!" and known(step.name[:-1].rstrip()):
        return (
            f"the sentence ends in “{stop}”, which it does not have\n{written}\n  remove it: "
            f"write it as\n      {step.keyword.strip()} {step.name[:-1].rstrip()}"
        )
    suggestions = "\n".join(f"      {text}" for text in closest(step, sentences))
    return (
        f"the suite does not know the sentence\n{written}\n"
        + (f"  {typed[0]}\n" if typed else "")
        + f"  The closest sentences it knows (see docs/steps.md for all):\n{suggestions}"
    )


def definitions_like(step: Step, text: str, registry: StepRegistry) -> list[Matcher]:
    """The step definitions that would match ``step`` if it said ``text``."""
    definitions = registry.steps[step.step_type] + registry.steps["step"]
    return [d for d in definitions if d.match(text)]


def explain_unknown(steps: list[dict[str, Any]], steps_dir: Path) -> list[str]:
    """What ``make lint`` says of each step no definition matched in a behave run, given
    as its ``place``, ``keyword``, ``step_type`` and ``name``."""
    sentences = load_sentences(steps_dir)
    said = []
    for written in steps:
        step = Step(written["place"], 0, written["keyword"], written["step_type"], written["name"])
        said.append(f"{written['place']}: {unknown_sentence(step, sentences)}")
    return said


def explain_unknown_steps(steps: list[dict[str, Any]], steps_dir: Path) -> str:
    """For a behave run: what ``make lint`` says of its unknown steps, said by a process
    of its own, which reads the step definitions afresh (behave's run keeps its own)."""
    done = subprocess.run(
        [sys.executable, "-m", "support.authoring.sentences", "explain", "--steps", str(steps_dir)],
        input=json.dumps(steps),
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.rstrip() or done.stderr.rstrip()


def example_problems(sentences: Iterable[Sentence]) -> list[str]:
    """A message for every sentence whose docstring shows no example of it."""
    return [
        f"{sentence.location}: the sentence '{sentence.pattern}' "
        "has no example: start a line of its docstring with the sentence, filled in with "
        "real values"
        for sentence in sentences
        if not sentence.examples
    ]


# The glossary.


@dataclass
class Entry:
    """One entry of the glossary: a step function's sentences, English and Korean."""

    sentences: list[Sentence]
    func: Any
    uses: int = 0
    developer_uses: int = 0

    @property
    def english(self) -> list[Sentence]:
        return [s for s in self.sentences if s.language == "en"]

    @property
    def korean(self) -> list[Sentence]:
        return [s for s in self.sentences if s.language == "ko"]

    @property
    def main(self) -> Sentence:
        return (self.english or self.sentences)[0]

    def placeholders(self) -> list[tuple[str, str]]:
        """Each placeholder of any of its phrasings, once, with what it accepts."""
        described: dict[str, str] = {}
        for sentence in self.sentences:
            described.update(dict(sentence.placeholders()))
        if (quoted := quoted_message(self.func)) is not None:
            described[f"<{quoted}>"] = (
                "one of the blog's messages, word for word (see “What the blog says”)"
            )
        return list(described.items())

    def needs(self) -> list[str]:
        """What the sentence needs besides its words: a table, a doc string, a step first."""
        found = []
        if (table := expected_table(self.func)) is not None:
            found.append(f"{table.said}, under it")
        if (text := expected_doc_string(self.func)) is not None:
            found.append(f'{text.what} under it, between two lines of """')
        if first := getattr(self.func, "needs", None):
            found.append(f"first: {first}")
        if is_reading_the_page_shown(self.func):
            found.append("first: a page open, since it reads the page shown (a When that "
                         "opens one, such as When the admin logs in)")  # fmt: skip
        return found


def entries(sentences: list[Sentence]) -> list[Entry]:
    """The sentences grouped by the step function that runs them."""
    found: dict[Any, Entry] = {}
    for sentence in sentences:
        func = sentence.matcher.func if sentence.matcher else sentence.pattern
        # Decorators register bottom up: the topmost phrasing, the step's own, goes first.
        found.setdefault(func, Entry([], func)).sentences.insert(0, sentence)
    return list(found.values())


def runnable(feature: Feature) -> Iterable[Scenario]:
    """Every scenario a run of ``feature`` makes (each Examples row on its own), but those
    tagged @wip."""
    # Without outlines, behave walks the scenarios each Examples row makes.
    for scenario in feature.walk_scenarios(with_outlines=False):
        if "wip" not in scenario.effective_tags:
            yield scenario


def readable(path: Path) -> Feature | None:
    """The feature in ``path``, or None if behave cannot read it (the check says why)."""
    try:
        return parse_file(str(path))
    except (ParserError, KeyError, UnicodeDecodeError, OSError):
        return None


def scenario_steps(feature: Feature) -> Iterable[tuple[Scenario, Step]]:
    """Every step of every scenario of a feature, outlines expanded, backgrounds included."""
    for scenario in runnable(feature):
        for step in scenario.all_steps:
            yield scenario, step


def by_capability(sentences: list[Sentence], features: Path) -> list[tuple[str, list[Entry]]]:
    """The glossary's sections: each capability in reading order with the sentences it is
    the first to use; sentences only developer scenarios use; sentences no scenario uses."""
    all_entries = entries(sentences)
    by_func = {id(e.func): e for e in all_entries}
    sections: list[tuple[str, list[Entry]]] = []
    placed: set[int] = set()
    for spot in arrange(features, features / ORDER_FILE.name):
        if spot.twin is not None:
            continue  # a translation: its sentences belong with its twin's
        feature = readable(spot.path)
        if feature is None:
            continue
        here: list[Entry] = []
        for scenario, step in scenario_steps(feature):
            for definition in definitions_matching(step)[:1]:
                entry = by_func.get(id(definition.func))
                if entry is None:
                    continue
                if "developer" in scenario.effective_tags:
                    entry.developer_uses += 1
                    continue
                entry.uses += 1
                if id(entry.func) not in placed:
                    placed.add(id(entry.func))
                    here.append(entry)
        if here:
            sections.append((feature.name, here))
    developer = [e for e in all_entries if id(e.func) not in placed and e.developer_uses]
    unused = [e for e in all_entries if id(e.func) not in placed and not e.developer_uses]
    if developer:
        sections.append(("For developers", developer))
    if unused:
        sections.append(("Not used by any scenario yet", unused))
    return sections


def markdown_example(example: str, lines: list[str]) -> list[str]:
    """An example, with the table rows its docstring shows under it as a Markdown table,
    or its doc string as a block."""
    out = [f"- Example: `{example}`"]
    if lines and lines[0].startswith('"""'):
        return [*out, "", "  ```", *(f"  {line}" for line in lines), "  ```", ""]
    rows = [line for line in lines if line.startswith("|")]
    if rows:
        out.append("")
        out.append(f"  {rows[0]}")
        out.append("  |" + "|".join(" --- " for _ in rows[0].strip("|").split("|")) + "|")
        out += [f"  {row}" for row in rows[1:]]
        out.append("")
    return out


def catalogue(sentences: list[Sentence], features: Path = ROOT / "features") -> str:
    """The glossary as Markdown, by capability in reading order."""
    sections = by_capability(sentences, features)
    count = len(entries(sentences))
    out = [
        "# Glossary: the sentences a scenario may use",
        "",
        "Generated from the step definitions by `make catalogue`; do not edit by hand.",
        "",
        f"{count} sentences, grouped by the capability that first uses them, in the reading",
        "order of the living documentation. Copy a sentence and put your own values where it",
        "has a placeholder in angle brackets: `<title>` between quotes takes any text,",
        "`<count>` a whole number, and a placeholder with a list takes one of its words,",
        "exactly as written there. `make lint` checks every scenario against this glossary",
        "before anything runs.",
        "",
        *people_markdown(),
        "",
        *wordings_markdown(features),
        "",
        *settings_markdown(),
        "",
        *korean_markdown(),
        "",
        "## Contents",
        "",
    ]
    out += [f"- [{title}](#{anchor(title)}) ({len(group)})" for title, group in sections]
    for title, group in sections:
        out += ["", f"## {title}", ""]
        for entry in group:
            out += entry_markdown(entry)
    return "\n".join(out).rstrip("\n") + "\n"


def people_markdown() -> list[str]:
    """Who each sentence acts as, by the words it starts with: one line per person."""
    out = [
        "## Who is who",
        "",
        "Each person acts in a browser session of their own, named by the words a sentence",
        'starts with; a sentence that names nobody ("Then they are told …", "Then the blog',
        'shows …") is about whoever acted last, the admin before anyone acted. Everyone',
        "reaches the blog from the same address, so one person's failed logins count for",
        "all, unless a sentence says where they are.",
        "",
    ]
    for who, line, words in people():
        out.append(f"- **{who}**: {line} (sentences starting {', '.join(words)})")
    return out


#: The parts of a feature file, by behave's name for each, as the glossary lists them.
KEYWORD_PARTS = {
    "feature": "Feature", "rule": "Rule", "background": "Background",
    "scenario": "Scenario", "scenario_outline": "Scenario Outline", "examples": "Examples",
    "given": "Given", "when": "When", "then": "Then", "and": "And", "but": "But",
}  # fmt: skip


def korean_keywords() -> list[tuple[str, list[str]]]:
    """Each English keyword with its Korean words, as behave reads them (its own list)."""
    from behave.i18n import languages

    korean = languages["ko"]
    return [
        (english, [w.strip() for w in korean[part] if w.strip() != "*"])
        for part, english in KEYWORD_PARTS.items()
    ]


def korean_words() -> list[tuple[str, str]]:
    """Each English keyword with what a Korean file writes for it, in words."""
    found = []
    for english, words in korean_keywords():
        if english == "Rule":  # behave's word and the standard's differ: neither reads both
            found.append((english, "none. behave knows only “Rule”, the Gherkin standard only "
                          "“규칙”, so a Korean file holds no rule heading; its scenarios stand "
                          "under the feature, and its English twin keeps the rule"))  # fmt: skip
        else:
            found.append((english, ", ".join(f"“{w}”" for w in words)))
    return found


def korean_markdown() -> list[str]:
    """How a feature file is written in Korean: its first line and its keywords."""
    out = [
        "## Writing in Korean",
        "",
        "A feature file in Korean starts with the line `# language: ko` (a blank line after",
        "it is optional) and uses these words where English uses its keywords:",
        "",
    ]
    return out + [f"- {english}: {said}" for english, said in korean_words()]


def app_messages() -> list[tuple[str, str, str]]:
    """Every message the blog defines (app/messages.py): where it is said, its name and
    its words, a ``{name}`` where something is filled in."""
    from app import messages

    return message_groups(inspect.getsource(messages), vars(messages))


def message_groups(source: str, values: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Each text constant of a module's ``source``, with the heading of its group: the
    comment after a blank line above it (other comments are notes)."""
    found, heading, comment, blank = [], "", False, True
    for line in source.splitlines():
        if line.startswith("# ") and (blank or comment):
            heading = f"{heading} {line[2:]}" if comment else line[2:]
            comment, blank = True, False
            continue
        comment, blank = False, not line.strip()
        name = line.split(" = ", 1)[0]
        if name.isupper() and isinstance(values.get(name), str):
            found.append((heading, name, values[name]))
    return found


def misquoted(text: str) -> str | None:
    """When ``text`` is none of the blog's messages, word for word (a part in braces
    filled with anything): what to say, with the closest message it has."""
    said = [value for _, _, value in app_messages()]
    for value in said:
        parts = PLACEHOLDER.split(value)[::3]
        if re.fullmatch(".+".join(re.escape(part) for part in parts), text):
            return None
    shown = [said_message(value) for value in said]
    closest = difflib.get_close_matches(text, shown, n=1, cutoff=0.0)
    return (
        f"“{text}” is not one of the blog's messages word for word; the closest it says is "
        f"“{closest[0]}” (all of them are under “What the blog says” in docs/steps.md)"
    )


def said_message(value: str) -> str:
    """A message as the glossary shows it: ``{removed}`` becomes ``<removed>``."""
    return PLACEHOLDER.sub(lambda m: f"<{m.group(1)}>", value)


def quoted_steps(features: Path) -> list[tuple[str, str]]:
    """Every step of the feature files, once: its words and the sentence it says."""
    found: list[tuple[str, str]] = []
    for path in sorted(features.rglob("*.feature")):
        feature = readable(path)
        if feature is None:
            continue
        for _scenario, step in scenario_steps(feature):
            for definition in definitions_matching(step)[:1]:
                said = Sentence(step.step_type, definition.pattern, (), "", "").said
                found.append((step.name, said))
    return found


def quoting(value: str, steps: list[tuple[str, str]]) -> list[str]:
    """The sentences of ``steps`` (quoted_steps) that quote ``value``, each once (empty
    when none does), English first."""
    parts = PLACEHOLDER.split(value)
    pattern = re.compile(".+".join(re.escape(part) for part in parts[::3]))
    found: list[str] = []
    for words, said in steps:
        if pattern.search(words) and said not in found:
            found.append(said)
    return sorted(found, key=lambda said: bool(HANGUL.search(said)))


@dataclass(frozen=True)
class Wording:
    """One of the blog's messages as a scenario quotes it, with the sentences that do."""

    said: str  # "New entry was posted. Removed from the text: <removed>."
    sentences: list[str]


def wordings(features: Path) -> list[tuple[str, list[Wording]]]:
    """Every message of the blog, word for word, by where the blog says it, with the
    sentences that quote it."""
    said = app_messages()
    steps = quoted_steps(features)
    quoted = {name: quoting(value, steps) for _, name, value in said}
    found = []
    for heading, group in itertools.groupby(said, key=lambda message: message[0]):
        group = list(group)
        # A message no scenario quotes yet is quoted as every other said in its place is,
        # when they agree; else as any text a page shows, by "the page says".
        ways = {tuple(quoted[name]) for _, name, _ in group if quoted[name]}
        alike = list(ways.pop()) if len(ways) == 1 else []
        found.append((heading, [
            Wording(said_message(value), quoted[name] or alike or ['Then the page says "<text>"'])
            for _, name, value in group
        ]))  # fmt: skip
    return found


def removed_words() -> list[str]:
    """What fills <removed>: how the blog names what it took out of a text (app/text.py)."""
    from app import text

    return [*text.REMOVED, text.OTHER]


def wordings_markdown(features: Path) -> list[str]:
    """Every message of the blog, word for word, with the sentences that quote it."""
    out = [
        "## What the blog says",
        "",
        "A scenario quotes the blog's messages word for word. These are all of them, as",
        "`app/messages.py` defines them; a part in angle brackets is filled in (a list of",
        "what was removed, a number), and each comes with the sentences that quote it.",
        "",
    ]
    for heading, group in wordings(features):
        out += [f"{heading}", ""] if heading else []
        for wording in group:
            quoted = "; ".join(f"`{s}`" for s in wording.sentences)
            out.append(f"- “{wording.said}”: {quoted}")
        out.append("")
    removed = ", ".join(f"“{words}”" for words in removed_words())
    out += [
        "`<removed>` names what the blog took out of the text, in its own words, "
        "separated by commas (such as “a script, embedded content”); the words are: "
        f"{removed}.",
    ]
    return out


#: What YAML writes after a value that stands alone ("dev\n...\n").
END_OF_VALUE = "\n..."


def settings() -> list[tuple[str, str, str]]:
    """Every setting the blog checks: its key, what the blog uses when a configuration
    says nothing (as YAML writes it; "" for nothing), and what a value must be, in the
    words of its refusal (app/config.py)."""
    from flask import Flask

    from app import config

    flask = Flask("flaskr", instance_path=str(ROOT / "instance"))
    used = {**flask.config, **config.defaults(flask)}
    found = []
    for key, (_check, wanted) in config.CHECKED_KEYS.items():
        default = used.get(key)
        if isinstance(default, str) and os.path.isabs(default):
            default = os.path.relpath(default, ROOT)  # the project's own folder, as written
        if default == config.DEV_PASSWORD_HASH:
            shown_ = "the hash of the development password"
        elif default in (None, []):
            shown_ = ""
        else:
            written = yaml.safe_dump(default, default_flow_style=True, allow_unicode=True)
            shown_ = written.replace(END_OF_VALUE, "").strip()
        found.append((key, shown_, f"{key} must be {wanted}"))
    return found


def settings_markdown() -> list[str]:
    """Every setting the blog checks, with its default and the words of its refusal."""
    out = [
        "## The settings a configuration may hold",
        "",
        "What the blog uses when a configuration file says nothing (as YAML writes it), and",
        "what a value must be: a value it refuses is said as “KEY must be …, not VALUE”, and",
        "a key it does not know as “unknown key 'KEY'”.",
        "",
    ]
    for key, default, wanted in settings():
        used = "nothing" if not default else (
            default if default.startswith("the hash") else f"`{default}`")  # fmt: skip
        out.append(f"- `{key}`: {used} by default; “{wanted}”")
    return out


def people() -> list[tuple[str, str, list[str]]]:
    """Each person a sentence can name: who, who that is, and the words (quoted) that
    name them at the start of a sentence."""
    return [
        (who, line, [f"“{words.strip()}”" for words, person in SUBJECTS if person == who])
        for who, line in PEOPLE.items()
    ]


def entry_markdown(entry: Entry) -> list[str]:
    """One glossary entry: the sentence, its other phrasings, what each placeholder
    accepts, an example, what it needs first, where it is defined."""
    main = entry.main
    out = [f"### {main.said}", ""]
    doc = [line.strip() for line in (inspect.getdoc(entry.func) or "").splitlines()]
    for other in entry.english[1:]:
        out.append(f"- Also: **{other.said}**")
    for korean in entry.korean:
        out.append(f"- In Korean: **{korean.said}**")
    for name, accepts in entry.placeholders():
        out.append(f"- `{name}`: {accepts}")
    for need in entry.needs():
        out.append(f"- Needs {need}".replace('"""', '`"""`'))
    for sentence in entry.english + entry.korean:
        for example in sentence.examples:
            out += markdown_example(example, under(example, doc))
    if main.notes:
        out.append(f"- Note: {main.notes}")
    out.append(f"- Defined in `{main.location}`")
    out.append("")
    return out


def anchor(title: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


def main(argv: list[str] | None = None) -> int:
    """``catalogue`` writes docs/steps.md; ``explain`` reads unknown steps as JSON on
    stdin (from a behave run, see environment.py) and says what ``make lint`` says."""
    parser = argparse.ArgumentParser(prog="python -m support.authoring.sentences")
    parser.add_argument("command", choices=["catalogue", "explain"])
    parser.add_argument("--steps", type=Path, default=ROOT / "steps")
    args = parser.parse_args(argv)
    if args.command == "explain":
        print("\n".join(explain_unknown(json.load(sys.stdin), args.steps)))
        return 0
    sentences = load_sentences()
    CATALOGUE.parent.mkdir(exist_ok=True)
    CATALOGUE.write_text(catalogue(sentences), encoding="utf-8")
    print(f"wrote {shown(CATALOGUE)} ({len(entries(sentences))} sentences)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
