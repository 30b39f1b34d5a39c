"""The living documentation's weight: the whole site, screenshots included, within what a
reader should have to fetch (5 MB); a build beyond it is written, and fails saying so."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support.living_docs.__main__ import MAX_BYTES
from tests.test_living_docs import FIXTURE
from tests.test_living_docs import ROOT


def build(tmp_path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """The fixture's features documented with no run recorded."""
    runs = tmp_path / "runs"
    runs.mkdir(exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "support.living_docs", "--runs", str(runs),
         "--out", str(tmp_path / "site"), "--features", str(FIXTURE / "features"),
         "--steps", str(FIXTURE / "steps"), *options],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_a_site_beyond_its_budget_is_written_and_fails_saying_so(tmp_path: Path) -> None:
    within = build(tmp_path)
    assert within.returncode == 0, within.stderr
    assert MAX_BYTES == 5_000_000
    beyond = build(tmp_path, "--max-bytes", "1000")
    assert beyond.returncode == 1, beyond
    assert "more than the 1 KB a reader should have to fetch" in beyond.stderr, beyond.stderr
    assert (tmp_path / "site" / "index.html").is_file(), "the site is written all the same"
