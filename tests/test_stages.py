"""make test: a failing stage does not stop the others, and each is reported."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from support.stages import runner as stages
from support.stages.runner import Stage


def fake(name: str, said: str, status: int, counts: str = "") -> Stage:
    """A stage whose command prints ``said`` and exits with ``status``."""
    code = f"print({said!r}); raise SystemExit({status})"
    return Stage(name, [sys.executable, "-c", code], counts)


def test_every_stage_runs_and_is_reported(monkeypatch, capsys) -> None:
    planned = [
        fake("lint", "2 problems found.", 1),
        fake("pytest", "1 failed, 9 passed, 2 skipped in 1.0s", 1, "pytest"),
        fake("in-process", "7 scenarios passed, 0 failed, 1 skipped", 0, "behave"),
        fake("over HTTP", "6 scenarios passed, 0 failed, 2 skipped", 0, "behave"),
        fake("in Chromium", "unused", 0, "behave"),
    ]
    monkeypatch.setattr(stages, "stages", lambda: planned)
    monkeypatch.setattr(stages, "chromium_path", lambda: None)
    monkeypatch.delenv("REQUIRE_BROWSER", raising=False)
    monkeypatch.delenv("SHARD", raising=False)
    assert stages.main() == 1
    summary = capsys.readouterr().out.split("=== Summary\n")[1].splitlines()
    assert summary[0].startswith("lint             failed (exit code 1)")
    assert summary[1].startswith("pytest           failed (1 failed, 9 passed, 2 skipped)")
    assert summary[2].startswith("in-process       passed (7 scenarios passed, 0 failed")
    assert summary[3].startswith("over HTTP        passed")
    assert summary[4].startswith("in Chromium      skipped (no Chromium here")
    assert summary[5] == "22 passed, 1 failed, 5 skipped"


@pytest.mark.parametrize("required", ["", "1"])
def test_a_missing_chromium_fails_only_when_required(monkeypatch, capsys, required: str) -> None:
    monkeypatch.setattr(stages, "stages", lambda: [fake("in Chromium", "x", 0, "behave")])
    monkeypatch.setattr(stages, "chromium_path", lambda: None)
    monkeypatch.setenv("REQUIRE_BROWSER", required)
    monkeypatch.delenv("SHARD", raising=False)
    assert stages.main() == (1 if required else 0)
    assert ("failed (no Chromium" in capsys.readouterr().out) == bool(required)


def test_a_shard_runs_its_scenarios_and_the_checks_only_in_the_first(monkeypatch, capsys) -> None:
    planned = [
        fake("lint", "", 0),
        fake("pytest", "1 passed in 0.1s", 0, "pytest"),
        fake("in-process", "2 scenarios passed, 0 failed, 0 skipped", 0, "behave"),
    ]
    monkeypatch.setattr(stages, "stages", lambda: planned)
    monkeypatch.setattr(stages, "share", lambda said: ["features/a.feature:3", "x:9"])
    monkeypatch.setenv("SHARD", "2/3")
    assert stages.main() == 0
    assert planned[2].command[-2:] == ["features/a.feature:3", "x:9"]
    said = capsys.readouterr().out
    assert "lint             skipped (shard 2/3: it runs in shard 1/3)" in said
    assert "pytest           skipped (shard 2/3" in said


@pytest.mark.parametrize("said", ["5/4", "two"])
def test_a_wrong_shard_is_one_line(monkeypatch, capsys, said: str) -> None:
    monkeypatch.setattr(stages, "stages", lambda: [])
    monkeypatch.setenv("SHARD", said)
    assert stages.main() == 2
    assert capsys.readouterr().err.startswith(f"SHARD={said!r}")


def test_an_empty_share_runs_no_scenario(monkeypatch, capsys) -> None:
    planned = [fake("in-process", "never", 1, "behave")]
    monkeypatch.setattr(stages, "stages", lambda: planned)
    monkeypatch.setattr(stages, "share", lambda said: [])
    monkeypatch.setenv("SHARD", "9/9")
    assert stages.main() == 0
    assert "skipped (shard 9/9 holds no scenario)" in capsys.readouterr().out


def test_errors_count_as_failures(monkeypatch, capsys) -> None:
    planned = [fake("pytest", "3 passed, 2 errors in 0.2s", 1, "pytest")]
    monkeypatch.setattr(stages, "stages", lambda: planned)
    monkeypatch.delenv("SHARD", raising=False)
    assert stages.main() == 1
    assert capsys.readouterr().out.rstrip().endswith("3 passed, 2 failed, 0 skipped")


#: A stage that says it started (a file), waits until ``other`` says so too, then prints:
#: run one after the other, the first would wait for the second in vain and fail.
MEETS = """
import pathlib, sys, time
folder, me, other, said = sys.argv[1:]
(pathlib.Path(folder) / me).touch()
for _ in range(3000):
    if (pathlib.Path(folder) / other).exists():
        break
    time.sleep(0.01)
else:
    raise SystemExit(f"{me} ran alone: {other} never started")
for line in said.split("|"):
    print(line)
"""


def meeting(name: str, lane: int, folder: Path, other: str, said: str, counts: str) -> Stage:
    """A stage that runs only if the stage ``other`` runs at the same time."""
    script = folder / "meets.py"
    script.write_text(MEETS, encoding="utf-8")
    command = [sys.executable, str(script), str(folder), name, other, said]
    return Stage(name, command, counts, lane=lane)


def test_stages_of_different_lanes_run_at_once_and_each_output_is_shown_whole_in_order(
    monkeypatch, capsys, tmp_path: Path
) -> None:
    planned = [
        fake("lint", "lint: no problems", 0),
        meeting("pytest", 1, tmp_path, "in-process", "a|b|4 passed in 0.1s", "pytest"),
        meeting("in-process", 0, tmp_path, "pytest", "c|2 scenarios passed, 0 failed", "behave"),
        fake("over HTTP", "d\n1 scenario passed, 0 failed, 1 skipped", 0, "behave"),
    ]
    monkeypatch.setattr(stages, "stages", lambda: planned)
    monkeypatch.delenv("SHARD", raising=False)
    assert stages.main() == 0, capsys.readouterr().out
    shown, summary = capsys.readouterr().out.split("=== Summary\n")
    assert shown.startswith("Side by side: lint, in-process, over HTTP | pytest"), shown
    blocks = [block.strip().splitlines()[1:] for block in shown.split("\n=== ")[1:]]
    expected = [
        ["lint: no problems"],
        ["a", "b", "4 passed in 0.1s"],
        ["c", "2 scenarios passed, 0 failed"],
        ["d", "1 scenario passed, 0 failed, 1 skipped"],
    ]
    assert blocks == expected, f"expected each stage's output whole, in order; got {shown}"
    lines = summary.splitlines()
    assert [line.split()[0] for line in lines[:4]] == ["lint", "pytest", "in-process", "over"]
    assert "pytest           passed (4 passed) in" in lines[1], lines
    assert lines[4] == "7 passed, 0 failed, 1 skipped", lines
