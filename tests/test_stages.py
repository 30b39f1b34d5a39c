"""make test: a failing stage does not stop the others, and each is reported."""

from __future__ import annotations

import sys

import pytest

from support import stages
from support.stages import Stage


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
    assert stages.main() == (1 if required else 0)
    assert ("failed (no Chromium" in capsys.readouterr().out) == bool(required)
