"""The results in Cucumber Messages, read as Cucumber's own tools read them.

The fixture project (tests/living_docs/) runs in every mode with the messages formatter
beside the living documentation's recorder: the messages must be valid by the schema that
@cucumber/messages publishes, hold together by their ids, say what behave ran (a passed,
a failed, an undefined and a skipped example, a screenshot) and render in Cucumber's HTML
report (@cucumber/html-formatter).
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from playwright.sync_api import expect

from support.drivers.browser import launch_chromium
from support.living_docs.messages import lines_by_id
from tests.test_living_docs import FIXTURE
from tests.test_living_docs import MODES
from tests.test_living_docs import ROOT

SCHEMA = ROOT / "node_modules" / "@cucumber" / "messages" / "messages.schema.json"
RENDER = ROOT / "support" / "living_docs" / "render_messages.mjs"
FORMATTER = "support.living_docs.messages:MessagesFormatter"
#: Files behave reads and Cucumber's parser cannot, beside one both read: run on their own,
#: since they are no part of the fixture's living documentation.
CANNOT_READ = FIXTURE / "cucumber_cannot_read"

#: Cucumber's order of step statuses, the worst last: a test case has its worst step's.
WORST_LAST = ["UNKNOWN", "PASSED", "SKIPPED", "PENDING", "UNDEFINED", "AMBIGUOUS", "FAILED"]

#: behave's name for a scenario's status, by the Cucumber status of its worst step.
BEHAVE_SAYS = {"PASSED": "passed", "SKIPPED": "skipped", "UNDEFINED": "error", "FAILED": "failed"}

Envelope = dict[str, Any]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture's features run in every mode: ``<mode>.ndjson`` and, from the same
    run, the recorder's ``<mode>.json``."""
    folder = tmp_path_factory.mktemp("messages")
    for mode in MODES:
        subprocess.run(
            [sys.executable, "-m", "behave", str(FIXTURE / "features"), "-D", f"driver={mode}",
             "--format", FORMATTER, "--outfile", str(folder / f"{mode}.ndjson"),
             "--format", "support.living_docs.recorder:RunRecorder",
             "--outfile", str(folder / f"{mode}.json"), "--format", "null"],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert (folder / f"{mode}.ndjson").is_file(), f"the {mode} run wrote no messages"
    return folder


def read(runs: Path, mode: str) -> list[Envelope]:
    lines = (runs / f"{mode}.ndjson").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def recorded(runs: Path, mode: str) -> dict[str, Any]:
    """What the living documentation's recorder wrote of the same run."""
    return json.loads((runs / f"{mode}.json").read_text(encoding="utf-8"))


def of_kind(envelopes: list[Envelope], kind: str) -> list[dict[str, Any]]:
    return [envelope[kind] for envelope in envelopes if kind in envelope]


def by_id(envelopes: list[Envelope], kind: str) -> dict[str, dict[str, Any]]:
    return {message["id"]: message for message in of_kind(envelopes, kind)}


def lines_by_node(envelopes: list[Envelope]) -> dict[str, int]:
    """The line of every node with an id in the gherkin documents."""
    return lines_by_id(of_kind(envelopes, "gherkinDocument"))


def results_by_place(envelopes: list[Envelope]) -> dict[str, str]:
    """Each test case's status (its worst step's), by its scenario's or row's place."""
    pickles = by_id(envelopes, "pickle")
    cases = by_id(envelopes, "testCase")
    started = {s["id"]: cases[s["testCaseId"]] for s in of_kind(envelopes, "testCaseStarted")}
    lines = lines_by_node(envelopes)
    worst: dict[str, str] = {}
    for finished in of_kind(envelopes, "testStepFinished"):
        pickle = pickles[started[finished["testCaseStartedId"]]["pickleId"]]
        place = f"{pickle['uri']}:{lines[pickle['astNodeIds'][-1]]}"
        status = finished["testStepResult"]["status"]
        worst[place] = max(worst.get(place, "UNKNOWN"), status, key=WORST_LAST.index)
    return worst


def case_named(envelopes: list[Envelope], name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The test case of the pickle called ``name``, and its start."""
    pickle = next(p for p in of_kind(envelopes, "pickle") if p["name"] == name)
    case = next(c for c in of_kind(envelopes, "testCase") if c["pickleId"] == pickle["id"])
    start = next(s for s in of_kind(envelopes, "testCaseStarted") if s["testCaseId"] == case["id"])
    return case, start


def schema_problems(envelopes: list[Envelope]) -> list[str]:
    """What the schema of @cucumber/messages refuses in the envelopes, by line."""
    validator = Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    return [
        f"line {number}: {'/'.join(map(str, e.path))}: {e.message}"
        for number, envelope in enumerate(envelopes, start=1)
        for e in validator.iter_errors(envelope)
    ]


@pytest.mark.parametrize("mode", MODES)
def test_every_message_is_valid_by_cucumbers_schema(runs: Path, mode: str) -> None:
    problems = schema_problems(read(runs, mode))
    assert not problems, f"expected valid messages in the {mode} run, found: {problems}"


@pytest.mark.parametrize("mode", MODES)
def test_the_messages_have_every_kind_a_reader_needs_in_cucumbers_order(
    runs: Path, mode: str
) -> None:
    kinds = [next(iter(envelope)) for envelope in read(runs, mode)]
    assert kinds[0] == "meta" and kinds[-1] == "testRunFinished"
    order = ["source", "gherkinDocument", "pickle", "stepDefinition", "testRunStarted",
             "testCase", "testCaseStarted", "testStepStarted", "testStepFinished",
             "testCaseFinished"]  # fmt: skip
    firsts = [kinds.index(kind) for kind in order]
    assert firsts == sorted(firsts), f"expected the first of each kind in the order {order}"
    counted = Counter(kinds)
    files = len(list((FIXTURE / "features").rglob("*.feature")))
    assert counted["source"] == counted["gherkinDocument"] == files, "one of each per file"
    scenarios = len(recorded(runs, mode)["scenarios"])
    assert counted["pickle"] == counted["testCase"] == counted["testCaseStarted"] == scenarios
    assert counted["testCaseFinished"] == scenarios, "one of each per scenario behave ran"
    assert counted["testStepStarted"] == counted["testStepFinished"]


@pytest.mark.parametrize("mode", MODES)
def test_the_ids_hold_together(runs: Path, mode: str) -> None:
    envelopes = read(runs, mode)
    pickles, cases = by_id(envelopes, "pickle"), by_id(envelopes, "testCase")
    definitions, hooks = by_id(envelopes, "stepDefinition"), by_id(envelopes, "hook")
    nodes = lines_by_node(envelopes)
    pickle_steps = {s["id"] for p in pickles.values() for s in p["steps"]}
    for pickle in pickles.values():
        assert set(pickle["astNodeIds"]) <= set(nodes), pickle["name"]
    test_steps: dict[str, str] = {}
    for case in cases.values():
        assert case["pickleId"] in pickles
        for step in case["testSteps"]:
            test_steps[step["id"]] = case["id"]
            if "hookId" in step:
                assert step["hookId"] in hooks
            else:
                assert step["pickleStepId"] in pickle_steps
                assert set(step["stepDefinitionIds"]) <= set(definitions)
    started = {s["id"]: s["testCaseId"] for s in of_kind(envelopes, "testCaseStarted")}
    assert sorted(started.values()) == sorted(cases), "each test case started once"
    finished = [f["testCaseStartedId"] for f in of_kind(envelopes, "testCaseFinished")]
    assert sorted(finished) == sorted(started), "each started test case finished once"
    for kind in ("testStepStarted", "testStepFinished", "attachment"):
        for message in of_kind(envelopes, kind):
            case = started[message["testCaseStartedId"]]
            assert test_steps[message["testStepId"]] == case, f"{kind} of another test case"
    for case_id, case in cases.items():
        start = next(s for s, c in started.items() if c == case_id)
        ran = [m["testStepId"] for m in of_kind(envelopes, "testStepFinished")
               if m["testCaseStartedId"] == start]  # fmt: skip
        assert ran == [s["id"] for s in case["testSteps"]], "every step, in order"


def test_each_example_has_the_result_behave_gave_it(runs: Path) -> None:
    # The fixture has, in some mode, an example of each status a reader must tell apart.
    expected = {
        "client": {"PASSED", "UNDEFINED"},
        "http": {"PASSED", "UNDEFINED", "SKIPPED"},
        "browser": {"PASSED", "FAILED", "UNDEFINED", "SKIPPED"},
    }
    for mode in MODES:
        said = results_by_place(read(runs, mode))
        assert set(said.values()) == expected[mode], f"{mode}: {said}"
        behave_said = {s["where"]: s["status"] for s in recorded(runs, mode)["scenarios"]}
        messages_said = {place: BEHAVE_SAYS[status] for place, status in said.items()}
        assert messages_said == behave_said, f"{mode}: every example, with behave's result"
        finished = of_kind(read(runs, mode), "testRunFinished")
        assert finished[0]["success"] is False, "an undefined step fails a run"


def test_a_skipped_and_a_failed_step_say_why(runs: Path) -> None:
    envelopes = read(runs, "browser")
    by_step = {m["testStepId"]: m["testStepResult"] for m in of_kind(envelopes, "testStepFinished")}
    skipped, _ = case_named(envelopes, "Counted in the shopper's own process")
    first = by_step[skipped["testSteps"][0]["id"]]
    assert first == {**first, "status": "SKIPPED"}
    assert first["message"] == "it needs the app in the test's own process"
    failed, _ = case_named(envelopes, "The list fits on a phone")
    results = [by_step[s["id"]] for s in failed["testSteps"]]
    assert [r["status"] for r in results] == ["PASSED", "PASSED", "PASSED", "FAILED", "PASSED"]
    assert results[3]["exception"] == {
        "type": "AssertionError",
        "message": "the list is 412 px wide, wider than the phone's 390 px",
    }


def test_the_browsers_screenshot_is_attached_by_the_after_scenario_hook(runs: Path) -> None:
    envelopes = read(runs, "browser")
    case, start = case_named(envelopes, "The list fits on a phone")
    (attached,) = [
        m for m in of_kind(envelopes, "attachment") if m["testCaseStartedId"] == start["id"]
    ]
    assert attached["mediaType"] == "image/png"
    assert attached["contentEncoding"] == "BASE64"
    screenshot = (FIXTURE / "screenshot.png").read_bytes()
    assert base64.b64decode(attached["body"]) == screenshot
    last = case["testSteps"][-1]
    assert attached["testStepId"] == last["id"]
    (hook,) = of_kind(envelopes, "hook")
    assert last["hookId"] == hook["id"]
    assert hook == {**hook, "name": "after_scenario", "type": "AFTER_TEST_CASE"}
    assert hook["sourceReference"]["uri"] == "tests/living_docs/environment.py"
    assert not of_kind(read(runs, "client"), "hook"), "no hook step where no hook did anything"


def test_the_source_and_pickles_are_cucumbers_parsers_reading(runs: Path) -> None:
    envelopes = read(runs, "client")
    for source in of_kind(envelopes, "source"):
        assert source["data"] == (ROOT / source["uri"]).read_text(encoding="utf-8")
    uris = sorted(d["uri"] for d in of_kind(envelopes, "gherkinDocument"))
    assert uris == sorted(
        p.relative_to(ROOT).as_posix() for p in (FIXTURE / "features").rglob("*.feature")
    )
    names = [p["name"] for p in of_kind(envelopes, "pickle")]
    assert 'Items counted ("bread" and "butter")' in names, "an outline's row, filled in"
    assert "물건을 더한다" in names
    (row,) = [p for p in of_kind(envelopes, "pickle") if p["name"] == 'Items counted ("bread")']
    assert [s["text"] for s in row["steps"]] == [
        "an empty shopping list",
        'the shopper adds "bread"',
        "the list holds 1 items",
    ], "the Background's step first, as behave runs it"


def test_a_step_definition_is_the_regular_expression_behave_matches_its_steps_with(
    runs: Path,
) -> None:
    envelopes = read(runs, "client")
    definitions = by_id(envelopes, "stepDefinition")
    texts = {step["id"]: step["text"] for p in of_kind(envelopes, "pickle") for step in p["steps"]}
    matched = 0
    for case in of_kind(envelopes, "testCase"):
        for step in case["testSteps"]:
            for definition in step.get("stepDefinitionIds", []):
                pattern, text = definitions[definition]["pattern"], texts[step["pickleStepId"]]
                assert pattern["type"] == "REGULAR_EXPRESSION", f"{pattern} for {text!r}"
                assert re.fullmatch(pattern["source"], text), f"{pattern} for {text!r}"
                matched += 1
    assert matched > 0, "expected steps that a step definition ran"


def render(messages: Path, report: Path) -> subprocess.CompletedProcess:
    """Cucumber's HTML report of ``messages``, written to ``report`` by its own formatter."""
    return subprocess.run(
        ["node", str(RENDER), str(messages), str(report)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


@pytest.mark.html_formatter
@pytest.mark.browser
def test_cucumbers_html_formatter_renders_the_run(runs: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    done = render(runs / "browser.ndjson", report)
    assert done.returncode == 0, done.stderr
    html = report.read_text(encoding="utf-8")
    for name in ("An empty list counts nothing", "The list fits on a phone", "물건을 더한다"):
        assert name in html, f"expected {name!r} in the report"
    scenarios = recorded(runs, "browser")["scenarios"]
    passed = sum(scenario["status"] == "passed" for scenario in scenarios)
    with launch_chromium() as browser:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(report.as_uri())
        expect(page.get_by_text(f"({passed} / {len(scenarios)}) passed")).to_be_visible()
        expect(page.get_by_text("The list fits on a phone", exact=True)).to_be_visible()
        expect(page.get_by_text("it needs the app in the test's own process")).to_be_visible()
        assert errors == []


@pytest.mark.html_formatter
def test_a_line_that_is_not_a_message_stops_the_rendering_with_its_place(tmp_path: Path) -> None:
    broken = tmp_path / "messages.ndjson"
    broken.write_text('{"meta": {}}\nnot json\n', encoding="utf-8")
    done = render(broken, tmp_path / "report.html")
    assert done.returncode == 1
    assert f"{broken}:2 is not a Cucumber message (JSON expected)" in done.stderr


def test_without_node_ci_stops_where_the_html_formatter_test_would_be_skipped(
    tmp_path: Path,
) -> None:
    test = f"{Path(__file__)}::test_a_line_that_is_not_a_message_stops_the_rendering_with_its_place"
    no_node = {**os.environ, "PATH": str(tmp_path)}  # an empty folder: no program at all
    no_node.pop("REQUIRE_WEB_CHECKS", None)
    pytest_run = [sys.executable, "-m", "pytest", "-n", "0", "-p", "no:cacheprovider", "-rs",
                  "--basetemp", str(tmp_path / "base"), test]  # fmt: skip
    here = subprocess.run(pytest_run, cwd=ROOT, env=no_node, capture_output=True, text=True)
    assert here.returncode == 0 and "1 skipped" in here.stdout, here.stdout + here.stderr
    in_ci = subprocess.run(
        pytest_run, cwd=ROOT, env={**no_node, "REQUIRE_WEB_CHECKS": "1"},
        capture_output=True, text=True,
    )  # fmt: skip
    assert in_ci.returncode == pytest.ExitCode.USAGE_ERROR, in_ci.stdout + in_ci.stderr
    assert "cannot run: no node for @cucumber/html-formatter" in in_ci.stderr


@pytest.fixture(scope="module")
def unreadable(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """tests/living_docs/cucumber_cannot_read/ run in client mode: ``messages.ndjson`` and,
    from the same run, the recorder's ``run.json``; and what behave said when it failed."""
    folder = tmp_path_factory.mktemp("cannot-read")
    done = subprocess.run(
        [sys.executable, "-m", "behave", str(CANNOT_READ), "-D", "driver=client",
         "--format", FORMATTER, "--outfile", str(folder / "messages.ndjson"),
         "--format", "support.living_docs.recorder:RunRecorder",
         "--outfile", str(folder / "run.json"), "--format", "null"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return folder, "" if done.returncode == 0 else done.stdout + done.stderr


def test_a_file_cucumbers_parser_cannot_read_does_not_stop_the_run(
    unreadable: tuple[Path, str],
) -> None:
    folder, failure = unreadable
    assert not failure, f"expected behave to run every file, found: {failure[-3000:]}"
    statuses = [s["status"] for s in recorded(folder, "run")["scenarios"]]
    assert statuses == ["passed"] * len(list(CANNOT_READ.glob("*.feature")))


def test_such_a_file_is_its_source_and_a_parse_error_as_cucumber_writes_them(
    unreadable: tuple[Path, str],
) -> None:
    folder, _ = unreadable
    envelopes = read(folder, "messages")
    assert not schema_problems(envelopes), schema_problems(envelopes)
    sources = {s["uri"]: s["data"] for s in of_kind(envelopes, "source")}
    files = {p.relative_to(ROOT).as_posix(): p for p in CANNOT_READ.glob("*.feature")}
    assert sources == {name: path.read_text(encoding="utf-8") for name, path in files.items()}
    both = f"{CANNOT_READ.relative_to(ROOT).as_posix()}/read_by_both.feature"
    assert [d["uri"] for d in of_kind(envelopes, "gherkinDocument")] == [both]
    errors: dict[str, dict[str, Any]] = {}  # the first of each file's
    for error in of_kind(envelopes, "parseError"):
        errors.setdefault(error["source"]["uri"], error)
    assert sorted(errors) == sorted(set(files) - {both})
    for name in errors:
        kinds = [next(iter(e)) for e in envelopes
                 if name in (e.get("source", {}).get("uri"),
                             e.get("parseError", {}).get("source", {}).get("uri"))]  # fmt: skip
        assert kinds[0] == "source" and set(kinds[1:]) == {"parseError"}, f"{name}: {kinds}"
    refused = errors[f"{CANNOT_READ.relative_to(ROOT).as_posix()}/two_doc_strings.feature"]
    assert refused["source"]["location"]["line"] == 11, "the line of the second doc string"
    unclosed = errors[f"{CANNOT_READ.relative_to(ROOT).as_posix()}/doc_string_never_closed.feature"]
    assert "unexpected end of file" in unclosed["message"], unclosed


def test_its_scenarios_are_left_out_as_cucumber_runs_none_of_them(
    unreadable: tuple[Path, str],
) -> None:
    folder, _ = unreadable
    envelopes = read(folder, "messages")
    both = f"{CANNOT_READ.relative_to(ROOT).as_posix()}/read_by_both.feature"
    assert [p["uri"] for p in of_kind(envelopes, "pickle")] == [both]
    assert len(of_kind(envelopes, "testCase")) == len(of_kind(envelopes, "testCaseFinished")) == 1
    (finished,) = of_kind(envelopes, "testRunFinished")
    assert finished["success"] is False, "a file Cucumber cannot read fails its run"


@pytest.mark.html_formatter
@pytest.mark.browser
def test_cucumbers_html_formatter_renders_a_run_with_a_file_it_cannot_read(
    unreadable: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = unreadable
    report = tmp_path / "report.html"
    done = render(folder / "messages.ndjson", report)
    assert done.returncode == 0, done.stderr
    with launch_chromium() as browser:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(report.as_uri())
        both = f"{CANNOT_READ.relative_to(ROOT).as_posix()}/read_by_both.feature"
        expect(page.get_by_role("heading", name=both)).to_be_visible()
        expect(page.get_by_text("(1 / 1) passed")).to_be_visible()
        assert errors == []
