"""A behave formatter that writes a run in Cucumber Messages, the results format of Cucumber.

``behave --format support.living_docs.messages:MessagesFormatter --outfile messages.ndjson``
writes one envelope a line (NDJSON), as Cucumber itself does, so that the tools made for
Cucumber read behave's results: Cucumber's HTML report (@cucumber/html-formatter) and the
reporting services that take Cucumber Messages. The source, gherkinDocument and pickle
messages are the output of Cucumber's own parser (gherkin-official); the messages of the
run are the ``cucumber-messages`` package's types, written by its JSON converter.

behave's hooks are Cucumber's Before and After hooks: a step stands for one in a test
case only when it did something there (attached a screenshot, failed).

A file behave runs but Cucumber's parser cannot read (a step with two doc strings, of
which behave keeps the second; a doc string never closed) is written as Cucumber writes
it: its source and a parseError, and none of its scenarios, since Cucumber would run none
of them; the run is then no success.
A scenario the parser read otherwise than behave did is left out too.
"""

from __future__ import annotations

import base64
import importlib.metadata
import json
import platform
import sys
import time
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

import cucumber_messages as cm
from behave.cucumber_expression import StepMatcher4CucumberExpressions
from behave.formatter.base import Formatter
from behave.matchers import Matcher
from behave.matchers import RegexMatcher
from behave.model import Scenario
from behave.model import Status
from behave.model import Step
from behave.step_registry import registry
from cucumber_messages import message_converter
from gherkin.stream.gherkin_events import GherkinEvents

from support import ROOT

#: behave's step statuses as Cucumber's; a failed hook or clean-up is a failure too.
STATUSES = {
    Status.passed: cm.TestStepResultStatus.passed,
    Status.failed: cm.TestStepResultStatus.failed,
    Status.error: cm.TestStepResultStatus.failed,
    Status.hook_error: cm.TestStepResultStatus.failed,
    Status.cleanup_error: cm.TestStepResultStatus.failed,
    Status.undefined: cm.TestStepResultStatus.undefined,
    Status.untested_undefined: cm.TestStepResultStatus.undefined,
    Status.pending: cm.TestStepResultStatus.pending,
    Status.pending_warn: cm.TestStepResultStatus.pending,
    Status.untested_pending: cm.TestStepResultStatus.pending,
    Status.skipped: cm.TestStepResultStatus.skipped,
    Status.untested: cm.TestStepResultStatus.skipped,
}

FAILED = cm.TestStepResultStatus.failed

#: Statuses that make a run unsuccessful, as Cucumber counts them.
UNSUCCESSFUL = {
    cm.TestStepResultStatus.failed,
    cm.TestStepResultStatus.undefined,
    cm.TestStepResultStatus.pending,
    cm.TestStepResultStatus.ambiguous,
    cm.TestStepResultStatus.unknown,
}


def uri(filename: str) -> str:
    """A file as Cucumber names it: relative to the project, with forward slashes."""
    path = Path(filename).resolve()
    try:
        path = path.relative_to(ROOT)
    except ValueError:
        pass
    return path.as_posix()


def timestamp(seconds: float) -> cm.Timestamp:
    """A moment (seconds since the epoch, as ``time.time()`` says) as Cucumber writes one."""
    whole = int(seconds)
    return cm.Timestamp(seconds=whole, nanos=int((seconds - whole) * 1e9))


def duration(seconds: float) -> cm.Duration:
    """A length of time as Cucumber writes one; never less than nothing (a clock set back)."""
    whole = int(max(seconds, 0.0))
    return cm.Duration(seconds=whole, nanos=int((max(seconds, 0.0) - whole) * 1e9))


@dataclass
class Ran:
    """One scenario as it ran: its pickle and what happened, kept until the run is over."""

    scenario: Scenario
    pickle: cm.Pickle
    started: float
    finished: float = 0.0
    #: Per step of the scenario: when it started and finished (None: it never ran).
    times: dict[int, tuple[float, float]] = field(default_factory=dict)
    #: (step index or "before"/"after", media type, data, when)
    attachments: list[tuple[int | str, str, bytes, float]] = field(default_factory=list)


@dataclass
class Part:
    """One step of a test case (a scenario's step or a hook) and how it went."""

    step: cm.TestStep
    began: float
    ended: float
    result: cm.TestStepResult
    #: What made its attachments: the scenario step's index, or "before"/"after" (a hook).
    made_by: int | str


class MessagesFormatter(Formatter):
    """Writes the run as Cucumber Messages, one envelope a line, when the run is over."""

    name = "cucumber-messages"
    description = "Writes the run in Cucumber Messages (NDJSON), for Cucumber's tools."

    def __init__(self, stream_opener: Any, config: Any) -> None:
        """Nothing written yet: the run is kept until it is over (see ``close``)."""
        super().__init__(stream_opener, config)
        self.started = time.time()
        self.gherkin = GherkinEvents(_DocumentAndPickles())
        #: The source, gherkinDocument and parseError messages of every file read.
        self.documents: list[dict[str, Any]] = []
        #: The pickles of every file read, by (uri, line of the scenario or Examples row).
        self.pickles: dict[tuple[str, int], dict[str, Any]] = {}
        self.ran: list[Ran] = []
        #: The files Cucumber's parser could not read.
        self.unreadable: list[str] = []
        self.current: Ran | None = None
        self.step_index: int | None = None
        self.step_started = 0.0
        self.next_id = 0

    def new_id(self, kind: str) -> str:
        """An id of ours, apart from gherkin's numbers."""
        self.next_id += 1
        return f"{kind}-{self.next_id}"

    # behave's calls, in the order of a run.

    def uri(self, uri_: str) -> None:
        """A feature file begins: Cucumber's parser reads it for the document and the
        pickles, after its source. A file the parser cannot read, whatever it raises, gives
        a parseError instead (and its scenarios no pickle); one that cannot be opened as
        text gives nothing."""
        name = uri(uri_)
        try:
            data = Path(uri_).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return
        plain = cm.SourceMediaType.text_x_cucumber_gherkin_plain.value
        source = {"source": {"uri": name, "data": data, "mediaType": plain}}
        self.documents.append(source)
        events = list(self.gherkin.enum(source))
        if any("parseError" in event for event in events):
            self.unreadable.append(name)
            self.documents += [event for event in events if "parseError" in event]
            return
        lines: dict[str, int] = {}
        for event in events:
            document = event.get("gherkinDocument")
            if document is not None:
                self.documents.append(event)
                lines = lines_by_id(document)
            pickle = event.get("pickle")
            if pickle is not None:
                self.pickles[(name, lines[pickle["astNodeIds"][-1]])] = pickle

    def scenario(self, scenario: Scenario) -> None:
        """A new scenario starts: the previous one is complete. One Cucumber's parser made
        no pickle of is not followed (see the module's docstring)."""
        self.finish_scenario()
        pickle = self.pickle_of(scenario)
        self.current = None if pickle is None else Ran(scenario, pickle, time.time())

    def match(self, match: Any) -> None:
        """A step is about to run (behave says which function will run it)."""
        if self.current is None:
            return
        self.step_index = len(self.current.times)
        self.step_started = time.time()

    def result(self, step: Step) -> None:
        """A step has run."""
        if self.current is None or self.step_index is None:
            return
        self.current.times[self.step_index] = (self.step_started, time.time())
        self.step_index = None

    def embedding(self, mime_type: str, data: bytes | str) -> None:
        """Keep what ``context.attach`` hands over, with the step or hook that made it."""
        if self.current is None:
            return
        raw = data.encode("utf-8") if isinstance(data, str) else data
        if self.step_index is not None:
            made_by: int | str = self.step_index
        else:
            made_by = "after" if self.current.times else "before"
        self.current.attachments.append((made_by, mime_type, raw, time.time()))

    def eof(self) -> None:
        """The feature is over, hooks included: its last scenario is complete."""
        self.finish_scenario()

    def finish_scenario(self) -> None:
        """The scenario followed so far, if any, is over: keep it with when it ended."""
        if self.current is not None:
            self.current.finished = time.time()
            self.ran.append(self.current)
        self.current = None
        self.step_index = None

    def close(self) -> None:
        """Write every message, in the order Cucumber writes them."""
        self.finish_scenario()
        finished = time.time()
        stream = self.open()
        for envelope in self.envelopes(finished):
            stream.write(json.dumps(message_converter.to_dict(envelope), ensure_ascii=False))
            stream.write("\n")
        self.close_stream()

    # The messages.

    def pickle_of(self, scenario: Scenario) -> dict[str, Any] | None:
        """The pickle Cucumber's parser made of this scenario (or Examples row), if it made
        one with the steps behave runs."""
        found = self.pickles.get((uri(scenario.filename), scenario.line))
        if found is not None and len(found["steps"]) == len(list(scenario.all_steps)):
            return found
        return None

    def envelopes(self, finished: float) -> list[cm.Envelope]:
        """The run's messages: what was read, what could run it, then what happened."""
        run_id = self.new_id("run")
        out = [cm.Envelope(meta=meta())]
        out += [message_converter.from_dict(event, cm.Envelope) for event in self.documents]
        out += [
            cm.Envelope(pickle=message_converter.from_dict(ran.pickle, cm.Pickle))
            for ran in self.ran
        ]
        definitions = self.step_definitions()
        out += [cm.Envelope(step_definition=d) for d in definitions.values()]
        hooks = self.hooks()
        cases = [self.test_case(ran, run_id, definitions, hooks) for ran in self.ran]
        used = {part.step.hook_id for _, parts in cases for part in parts}
        out += [cm.Envelope(hook=hook) for hook in hooks.values() if hook.id in used]
        out.append(cm.Envelope(test_run_started=cm.TestRunStarted(timestamp(self.started), run_id)))
        out += [cm.Envelope(test_case=case) for case, _ in cases]
        for ran, (case, parts) in zip(self.ran, cases, strict=True):
            out += self.execution(ran, case, parts)
        success = not self.unreadable and not any(
            part.result.status in UNSUCCESSFUL for _, parts in cases for part in parts
        )
        why = None
        if self.unreadable:
            why = f"Cucumber's Gherkin parser could not read {', '.join(self.unreadable)}"
        finish = cm.TestRunFinished(
            success=success, timestamp=timestamp(finished), test_run_started_id=run_id,
            message=why,
        )  # fmt: skip
        out.append(cm.Envelope(test_run_finished=finish))
        return out

    def execution(self, ran: Ran, case: cm.TestCase, parts: list[Part]) -> list[cm.Envelope]:
        """One test case as it ran: started, each step with its attachments, finished."""
        started = self.new_id("test-case-started")
        out = [
            cm.Envelope(
                test_case_started=cm.TestCaseStarted(
                    attempt=0, id=started, test_case_id=case.id, timestamp=timestamp(ran.started)
                )
            )
        ]
        for part in parts:
            step_id = part.step.id
            out.append(
                cm.Envelope(
                    test_step_started=cm.TestStepStarted(started, step_id, timestamp(part.began))
                )
            )
            out += [
                cm.Envelope(attachment=attachment(media_type, raw, when, started, step_id))
                for by, media_type, raw, when in ran.attachments
                if by == part.made_by
            ]
            out.append(
                cm.Envelope(
                    test_step_finished=cm.TestStepFinished(
                        started, step_id, part.result, timestamp(part.ended)
                    )
                )
            )
        finished = cm.TestCaseFinished(started, timestamp(ran.finished), will_be_retried=False)
        out.append(cm.Envelope(test_case_finished=finished))
        return out

    def step_definitions(self) -> dict[int, cm.StepDefinition]:
        """Every step definition behave knows (the steps/ folder), by its matcher."""
        found: dict[int, cm.StepDefinition] = {}
        for matchers in registry.steps.values():
            for matcher in matchers:
                if id(matcher) in found:
                    continue
                location = matcher.location
                found[id(matcher)] = cm.StepDefinition(
                    id=self.new_id("step-definition"),
                    pattern=step_pattern(matcher),
                    source_reference=cm.SourceReference(
                        uri=uri(location.filename), location=cm.Location(line=location.line)
                    ),
                )
        return found

    def hooks(self) -> dict[str, cm.Hook]:
        """behave's before_scenario and after_scenario hooks, in the environment file."""
        base = Path(getattr(self.config, "base_dir", None) or ".")
        where = cm.SourceReference(uri=uri(str(base / self.config.environment_file)))
        return {
            "before": cm.Hook(
                id=self.new_id("hook"), source_reference=where, name="before_scenario",
                type=cm.HookType.before_test_case,
            ),
            "after": cm.Hook(
                id=self.new_id("hook"), source_reference=where, name="after_scenario",
                type=cm.HookType.after_test_case,
            ),
        }  # fmt: skip

    def test_case(
        self,
        ran: Ran,
        run_id: str,
        definitions: dict[int, cm.StepDefinition],
        hooks: dict[str, cm.Hook],
    ) -> tuple[cm.TestCase, list[Part]]:
        """The test case of one scenario, and each of its steps with when and how it ran."""
        scenario = ran.scenario
        parts: list[Part] = []
        steps = list(scenario.all_steps)
        for index, (step, pickle_step) in enumerate(zip(steps, ran.pickle["steps"], strict=True)):
            matcher: Matcher | None = registry.find_step_definition(step)
            definition = definitions.get(id(matcher)) if matcher is not None else None
            test_step = cm.TestStep(
                id=self.new_id("test-step"),
                pickle_step_id=pickle_step["id"],
                step_definition_ids=[definition.id] if definition else [],
            )
            began, ended = ran.times.get(index, (ran.finished, ran.finished))
            result = step_result(step, scenario, first=index == 0)
            parts.append(Part(test_step, began, ended, result, index))
        # A scenario that failed with no step to blame: one of its hooks failed.
        hook_failed = scenario.status.has_failed() and not any(
            part.result.status in UNSUCCESSFUL for part in parts
        )
        for phase in ("before", "after"):
            attached = any(by == phase for by, *_ in ran.attachments)
            failed_here = hook_failed and (phase == "after") == bool(ran.times)
            if not (attached or failed_here):
                continue
            if failed_here:
                message = str(scenario.error_message or "")
                result = cm.TestStepResult(duration(0), FAILED, message=message)
            else:
                result = cm.TestStepResult(duration(0), cm.TestStepResultStatus.passed)
            test_step = cm.TestStep(id=self.new_id("test-step"), hook_id=hooks[phase].id)
            when = ran.started if phase == "before" else ran.finished
            parts.insert(
                0 if phase == "before" else len(parts), Part(test_step, when, when, result, phase)
            )
        case = cm.TestCase(
            id=self.new_id("test-case"),
            pickle_id=ran.pickle["id"],
            test_steps=[part.step for part in parts],
            test_run_started_id=run_id,
        )
        return case, parts


class _DocumentAndPickles:
    """gherkin's options: the document and the pickles (the source is written apart, since
    gherkin leaves it out of a file it cannot read, and Cucumber does not)."""

    print_source = False
    print_ast = True
    print_pickles = True


def step_pattern(matcher: Matcher) -> cm.StepDefinitionPattern:
    """The pattern of a step definition, in one of the two kinds the schema knows.

    A Cucumber Expression (behave's "cucumber_expressions" matcher) is written as it is.
    behave's parse patterns (``{count:d}``, ``{title:Text}``) are no Cucumber Expressions:
    ``{count:d}`` is no expression at all, and ``{title}`` would name a parameter type.
    Each is written as the regular expression behave matches steps with
    (``Matcher.regex_pattern``), which says honestly which steps it runs, anchored at both
    ends since a parse pattern matches the whole step; a regular expression as it is.
    """
    if isinstance(matcher, StepMatcher4CucumberExpressions):
        kind = cm.StepDefinitionPatternType.cucumber_expression
        return cm.StepDefinitionPattern(source=matcher.pattern, type=kind)
    source = matcher.regex_pattern
    if not isinstance(matcher, RegexMatcher):
        source = f"^{source}$"
    return cm.StepDefinitionPattern(source, cm.StepDefinitionPatternType.regular_expression)


def lines_by_id(document: dict[str, Any]) -> dict[str, int]:
    """The line of every node of a gherkin document (or of several) that has an id."""
    lines: dict[str, int] = {}

    def visit(node: Any) -> None:
        """Note the line of ``node`` if it has an id, then of everything in it."""
        if isinstance(node, dict):
            if "id" in node and "location" in node:
                lines[node["id"]] = node["location"]["line"]
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(document)
    return lines


def step_result(step: Step, scenario: Scenario, *, first: bool) -> cm.TestStepResult:
    """How a step ended: its status, time and message (why the scenario was skipped, on
    its first step)."""
    status = STATUSES.get(step.status, cm.TestStepResultStatus.unknown)
    message = None
    error = None
    if status == cm.TestStepResultStatus.failed:
        message = str(step.error_message or step.status.name)
        raised = getattr(step, "exception", None)
        error = cm.Exception(
            type=type(raised).__name__ if raised is not None else "AssertionError",
            message=str(raised) if raised is not None else message,
        )
    elif status == cm.TestStepResultStatus.skipped and first and scenario.skip_reason:
        message = scenario.skip_reason
    return cm.TestStepResult(duration(step.duration or 0.0), status, error, message)


def attachment(
    media_type: str, raw: bytes, when: float, case_started: str, test_step: str
) -> cm.Attachment:
    """What ``context.attach`` embedded; text as it is, anything else in base64."""
    if media_type.startswith("text/"):
        body, encoding = raw.decode("utf-8", "replace"), cm.AttachmentContentEncoding.identity
    else:
        body, encoding = base64.b64encode(raw).decode("ascii"), cm.AttachmentContentEncoding.base64
    return cm.Attachment(
        body=body, content_encoding=encoding, media_type=media_type,
        test_case_started_id=case_started, test_step_id=test_step, timestamp=timestamp(when),
    )  # fmt: skip


def meta() -> cm.Meta:
    """Who wrote the messages: behave on this Python, in the protocol of the package."""
    return cm.Meta(
        protocol_version=importlib.metadata.version("cucumber-messages"),
        implementation=cm.Product(name="behave", version=importlib.metadata.version("behave")),
        runtime=cm.Product(name="python", version=platform.python_version()),
        os=cm.Product(name=sys.platform, version=platform.release()),
        cpu=cm.Product(name=platform.machine()),
    )
