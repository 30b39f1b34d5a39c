"""behavex runs this layout in parallel processes, each scenario still isolated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from behave.parser import parse_file

ROOT = Path(__file__).resolve().parent.parent


def test_behavex_runs_features_in_two_processes(short_tmp_path: Path) -> None:
    # error_reporting breaks the mail server on purpose: a passing run must stay quiet.
    # behavex's processes talk over a Unix socket under its output folder: a short one.
    features = [
        "features/reading.feature",
        "features/error_reporting.feature",
        "features/session.feature",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "behavex", *features, "--parallel-processes", "2",
         "--parallel-scheme", "feature", "--output-folder", str(short_tmp_path / "out")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    expected = sum(
        len(parse_file(str(ROOT / feature)).walk_scenarios(with_outlines=False))
        for feature in features
    )
    assert "3 features passed, 0 failed" in result.stdout
    assert f"{expected} scenarios passed, 0 failed" in result.stdout
    said = result.stdout + result.stderr
    assert "ERROR" not in said, "a passing run printed an error line"
