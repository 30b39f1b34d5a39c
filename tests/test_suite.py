"""The acceptance suite's own promises: unknown steps fail it, and it leaves nothing behind."""

from __future__ import annotations

import json
import os
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

INTERRUPTING_STEPS = '''
import os
import shutil
import signal

from behave import when


@when("the run is stopped with {signal_name}")
def stop_run(context, signal_name):
    """When the run is stopped with SIGINT"""
    os.kill(os.getpid(), getattr(signal, signal_name))
'''

AMBIGUOUS_STEPS = '''
from behave import when


@when("a visitor opens the blog")
def twin(context):
    """When a visitor opens the blog"""
'''


WAITING_STEPS = '''
import time

from behave import when


@when("a moment passes")
def moment(context):
    """When a moment passes"""
    time.sleep(1)
'''


RECORDER = "support.living_docs.recorder:RunRecorder"


def behave_project(tmp_path: Path, feature: str, extra_steps: str = "") -> tuple[Path, dict]:
    """A project with the suite's steps and one feature, and an environment whose TMPDIR
    points into ``tmp_path`` so that anything a run leaves behind can be seen."""
    project = tmp_path / "project"
    (project / "features").mkdir(parents=True)
    (project / "features" / "check.feature").write_text(feature)
    (project / "environment.py").symlink_to(ROOT / "environment.py")
    steps = project / "steps"
    steps.mkdir()
    for module in (ROOT / "steps").glob("*.py"):
        (steps / module.name).symlink_to(module)
    if extra_steps:
        (steps / "zz_extra.py").write_text(extra_steps)
    scratch = tmp_path / "tmp"
    scratch.mkdir(exist_ok=True)
    return project, {**os.environ, "TMPDIR": str(scratch), "PYTHONPATH": str(ROOT)}


def default_sigint() -> None:
    """A background or nohup'ed pytest ignores SIGINT, and children inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_behave(
    tmp_path: Path, feature: str, extra_steps: str = "", extra_args: list[str] | None = None
) -> subprocess.CompletedProcess:
    """Run behave with the project's steps on one feature, in a folder of its own."""
    project, env = behave_project(tmp_path, feature, extra_steps)
    return subprocess.run(
        [sys.executable, "-m", "behave", "--no-color", *(extra_args or ["-f", "plain"]),
         "features"],
        cwd=project, env=env, capture_output=True, text=True, timeout=60,
        preexec_fn=default_sigint,
    )  # fmt: skip


@pytest.mark.parametrize("mode", ["http", pytest.param("browser", marks=pytest.mark.browser)])
def test_a_run_whose_reader_goes_away_still_ends(tmp_path: Path, mode: str) -> None:
    """`behave ... | head -3`: behave gives up when the pipe closes, server and all."""
    feature = PASSING.replace("    Then", "    When a moment passes\n    Then")
    project, env = behave_project(tmp_path, feature, extra_steps=WAITING_STEPS)
    run = subprocess.Popen(
        [sys.executable, "-m", "behave", "--no-color", "-D", f"driver={mode}", "features"],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        preexec_fn=default_sigint,
    )  # fmt: skip
    assert run.stdout is not None
    heading = [run.stdout.readline() for _ in range(2)]
    assert heading[1].startswith(b"Feature: Reading"), heading
    run.stdout.close()
    try:
        run.wait(timeout=30)
    except subprocess.TimeoutExpired:
        run.kill()
        run.wait()
        pytest.fail("behave hung after its reader went away")
    assert leftovers(tmp_path) == []


def leftovers(tmp_path: Path) -> list[str]:
    """Files the run left in its temporary folder."""
    return sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "tmp").rglob("*"))


PASSING = """Feature: Reading
  Scenario: Empty
    When a visitor opens the blog
    Then the blog says "No entries here so far"
"""


def test_a_passing_run_leaves_no_temporary_files(tmp_path: Path) -> None:
    result = run_behave(tmp_path, PASSING)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 scenario passed" in result.stdout
    assert leftovers(tmp_path) == []


def test_an_unknown_sentence_fails_the_run(tmp_path: Path) -> None:
    feature = PASSING + "    And the blog sings a song\n"
    result = run_behave(tmp_path, feature)
    assert result.returncode != 0, "an undefined step must fail the run"
    assert "1 undefined" in result.stdout
    assert "the suite does not know the sentence" in result.stderr
    assert "The closest sentences it knows" in result.stderr


def test_an_ambiguous_sentence_fails_the_run(tmp_path: Path) -> None:
    result = run_behave(tmp_path, PASSING, extra_steps=AMBIGUOUS_STEPS)
    assert result.returncode != 0, "an ambiguous step must fail the run"
    assert "AmbiguousStep" in result.stdout + result.stderr


def test_a_failing_scenario_still_removes_its_files(tmp_path: Path) -> None:
    feature = PASSING.replace("No entries here so far", "Something else")
    result = run_behave(tmp_path, feature)
    assert result.returncode != 0
    assert "expected the notice 'Something else'" in result.stdout
    assert leftovers(tmp_path) == []


WRITING_FILES = """Feature: Files of its own
  Scenario: A configuration file and an error log
    Given a configuration file containing "FLASK: {DEBUG: true}"
    And errors are written to the error log
    When someone logs in as "admin" with the password "not it"
    Then the error log has a WARNING "Failed login for username 'admin'"
    And a connection to its database is left open

  Scenario: The next one
    Then the run's folder holds only this scenario's database
"""

LOOKING_AT_THE_RUNS_FOLDER = '''
import os
import sqlite3

from behave import then

LEFT_OPEN = []


@then("a connection to its database is left open")
def leave_open(context):
    """Then a connection to its database is left open"""
    connection = sqlite3.connect(context.database)
    connection.execute("INSERT INTO entries (title, text) VALUES ('x', 'y')")
    connection.commit()
    LEFT_OPEN.append(connection)
    assert os.path.exists(context.database + "-wal")


@then("the run's folder holds only this scenario's database")
def only_this_scenario(context):
    """Then the run's folder holds only this scenario's database"""
    found = sorted(os.listdir(context.scratch_root))
    mine = os.path.basename(context.database)
    assert found == sorted(["empty-blog.sqlite", mine]), found
'''


@pytest.mark.parametrize("outcome", ["passing", "failing"])
def test_each_scenario_removes_the_files_it_wrote(tmp_path: Path, outcome: str) -> None:
    feature = WRITING_FILES if outcome == "passing" else WRITING_FILES.replace("WARNING", "ERROR")
    result = run_behave(tmp_path, feature, extra_steps=LOOKING_AT_THE_RUNS_FOLDER)
    summary = "1 scenario passed, 1 failed" if outcome == "failing" else "2 scenarios passed"
    assert summary in result.stdout, result.stdout + result.stderr
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGTERM"])
def test_an_interrupted_run_removes_its_files(tmp_path: Path, signal_name: str) -> None:
    feature = PASSING.replace(
        "    Then", f"    When the run is stopped with {signal_name}\n    Then"
    )
    result = run_behave(tmp_path, feature, extra_steps=INTERRUPTING_STEPS)
    assert result.returncode != 0, "an interrupted run must not pass"
    assert leftovers(tmp_path) == []


@pytest.mark.browser
def test_a_failed_browser_scenario_leaves_a_screenshot_in_the_recorded_run(
    short_tmp_path: Path,
) -> None:
    tmp_path = short_tmp_path
    feature = PASSING.replace("No entries here so far", "Something else")
    result = run_behave(
        tmp_path,
        feature,
        extra_args=["-D", "driver=browser", "-f", RECORDER, "-o", "run.json"],
    )
    assert result.returncode != 0
    project = tmp_path / "project"
    screenshots = list((project / "reports" / "failures").glob("*.png"))
    assert [p.name for p in screenshots] == ["check-2.png"], result.stdout + result.stderr
    [scenario] = json.loads((project / "run.json").read_text())["scenarios"]
    assert scenario["status"] == "failed", scenario
    [attachment] = scenario["attachments"]
    assert attachment["type"] == "image/png"
    # A file beside the record, named in it.
    assert (project / attachment["file"]).read_bytes() == screenshots[0].read_bytes()


SEEN = """Feature: Posting
  Scenario: Posted
    Given the admin is logged in
    When the admin posts an entry titled "Hello" with the text "First words"
    Then the blog shows an entry titled "Hello" with the text "First words"
    And the blog holds 1 entries
"""


@pytest.mark.browser
def test_a_passed_browser_scenario_keeps_the_page_it_checked_for_the_documentation(
    short_tmp_path: Path,
) -> None:
    """A Then sentence of SEEN_ON_A_PAGE leaves a screenshot of the page at a phone's
    width, attached with the page and the sentence in words; no screenshot otherwise."""
    result = run_behave(
        short_tmp_path,
        SEEN,
        extra_args=["-D", "driver=browser", "-f", RECORDER, "-o", "run.json"],
    )
    assert result.returncode == 0, result.stdout + result.stderr
    project = short_tmp_path / "project"
    [scenario] = json.loads((project / "run.json").read_text())["scenarios"]
    words, image = scenario["attachments"]
    expected = (
        'at /, once “the blog shows an entry titled "Hello" with the text "First words"” held'
    )
    assert words["type"] == "text/plain" and words["text"].endswith(expected), words
    png = (project / image["file"]).read_bytes()
    assert png.startswith(b"\x89PNG"), image
    width, height = struct.unpack(">II", png[16:24])  # the PNG's header: its size
    assert width == 390 and 640 <= height <= 1400, (width, height)
    unseen = run_behave(
        short_tmp_path / "unseen",
        PASSING,
        extra_args=["-D", "driver=browser", "-f", RECORDER, "-o", "run.json"],
    )
    record = json.loads((short_tmp_path / "unseen" / "project" / "run.json").read_text())
    assert record["scenarios"][0]["attachments"] == [], unseen.stdout


def test_a_chromium_path_naming_no_program_aborts_the_run_with_one_line(tmp_path: Path) -> None:
    project, env = behave_project(tmp_path, PASSING)
    result = subprocess.run(
        [sys.executable, "-m", "behave", "--no-color", "-D", "driver=browser", "features"],
        cwd=project, env={**env, "CHROMIUM_PATH": str(tmp_path / "no-chrome")},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1, "a run that cannot start must fail"
    # behave's own abort (context.abort): its reason on stderr, nothing run, no traceback.
    assert result.stderr.strip() == (
        f"ABORTED: behave cannot run in browser mode: CHROMIUM_PATH is "
        f"'{tmp_path / 'no-chrome'}', which is not a program that can be run"
    )
    assert "0 scenarios passed, 0 failed, 0 skipped, 1 untested" in result.stdout
    assert "HOOK-ERROR" not in result.stdout and "Traceback" not in result.stdout
    assert leftovers(tmp_path) == []


def test_a_step_that_moves_the_clock_is_not_reported_as_taking_that_long(tmp_path: Path) -> None:
    feature = (ROOT / "features" / "guessing_passwords.feature").read_text(encoding="utf-8")
    line = next(
        number
        for number, text in enumerate(feature.splitlines(), start=1)
        if "Scenario: After 15 minutes the right password works again" in text
    )
    run = tmp_path / "run.json"
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "behave", "--format", RECORDER, "--outfile", str(run),
         f"features/guessing_passwords.feature:{line}"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    whole_run = time.monotonic() - started
    assert done.returncode == 0, done.stdout + done.stderr
    [scenario] = json.loads(run.read_text())["scenarios"]
    slowest = max(step["seconds"] for step in scenario["steps"])
    # No step can take longer than the whole run; the clock it moves is 15 minutes on.
    assert slowest <= whole_run, (
        f"expected each step within the whole run ({whole_run:.1f} s), one took {slowest:.0f} s"
    )


def test_the_run_keeps_its_files_in_memory_only_where_there_is_room(tmp_path: Path) -> None:
    from support.scenarios.fixtures import memory_folder

    assert memory_folder(str(tmp_path), room=1) == str(tmp_path)
    assert memory_folder(str(tmp_path), room=2**62) is None
    assert memory_folder(str(tmp_path / "missing")) is None
