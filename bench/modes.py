"""The same scenarios in the three driver modes: time per scenario and for the whole run."""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from support.drivers.browser import chromium_path

ROOT = Path(__file__).resolve().parent.parent

#: The targets the README promises for browser and http mode, and the default run.
BROWSER_MEDIAN_MS = 150
BROWSER_RUN_S = 30
HTTP_OVER_CLIENT = 2.0
DEFAULT_RUN_S = 2.0


@dataclass
class ModeRun:
    """One whole behave run in one mode."""

    mode: str
    wall: float
    seconds: dict[str, float]

    @property
    def scenarios(self) -> list[float]:
        return list(self.seconds.values())

    @property
    def median_ms(self) -> float:
        return statistics.median(self.scenarios) * 1000

    @property
    def p90_ms(self) -> float:
        return statistics.quantiles(self.scenarios, n=10)[-1] * 1000

    @property
    def total_scenarios_s(self) -> float:
        return sum(self.scenarios)


def run_mode(mode: str) -> ModeRun:
    """Run the whole suite with ``-D driver=mode`` and read each scenario's wall time."""
    with tempfile.TemporaryDirectory() as folder:
        timings = Path(folder) / "timings.jsonl"
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "behave", "--format", "null", "--no-summary",
             "-D", f"driver={mode}", "-D", f"timings={timings}"],
            cwd=ROOT, capture_output=True, text=True, env={**os.environ},
        )  # fmt: skip
        wall = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(f"the {mode} run failed:\n{result.stdout}\n{result.stderr}")
        records = [json.loads(line) for line in timings.read_text().splitlines()]
    return ModeRun(mode, wall, {r["scenario"]: r["seconds"] for r in records})


#: How many times the default run is timed; the best is reported, as the others are
#: slowed by whatever else the machine did meanwhile.
DEFAULT_RUN_TRIES = 3


def default_run() -> tuple[float, int]:
    """Time ``behave`` as a developer types it (client mode, everything, the default
    formatter), start-up included: the best wall time of a few runs, and the number of
    scenarios it ran."""
    best, count = float("inf"), 0
    for _ in range(DEFAULT_RUN_TRIES):
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "behave"], cwd=ROOT, capture_output=True, text=True
        )
        best = min(best, time.perf_counter() - start)
        if result.returncode != 0:
            raise SystemExit(f"the default run failed:\n{result.stdout}\n{result.stderr}")
        found = re.search(r"^(\d+) scenarios? passed", result.stdout, re.MULTILINE)
        if found is None:
            raise SystemExit(f"the default run printed no count of scenarios:\n{result.stdout}")
        count = int(found.group(1))
    return best, count


def main() -> list[str]:
    """Run every available mode; return the report's lines."""
    modes = ["client", "http"] + (["browser"] if chromium_path() else [])
    runs = {mode: run_mode(mode) for mode in modes}
    lines = [
        "| mode | scenarios | median ms | p90 ms | sum of scenarios s | whole run s |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in runs.values():
        lines.append(
            f"| {run.mode} | {len(run.scenarios)} | {run.median_ms:.1f} | {run.p90_ms:.1f} "
            f"| {run.total_scenarios_s:.2f} | {run.wall:.2f} |"
        )
    lines.append("")
    wall, count = default_run()
    lines.append(
        f"- the default run (`behave`: client mode, everything, start-up included), best of "
        f"{DEFAULT_RUN_TRIES}: {wall:.2f} s for {count} scenarios (target at most "
        f"{DEFAULT_RUN_S} s)"
    )
    # Compared on the scenarios both modes run (client mode also runs the @in-process ones).
    common = runs["http"].seconds.keys() & runs["client"].seconds.keys()
    http_s = sum(runs["http"].seconds[name] for name in common)
    client_s = sum(runs["client"].seconds[name] for name in common)
    ratio = http_s / client_s
    lines.append(
        f"- http / client on the {len(common)} scenarios both run: {http_s:.2f} s / "
        f"{client_s:.2f} s = {ratio:.2f}x (target at most {HTTP_OVER_CLIENT}x)"
    )
    if "browser" in runs:
        browser = runs["browser"]
        lines.append(
            f"- browser mode drove {chromium_path()}; median scenario: "
            f"{browser.median_ms:.0f} ms (target at most "
            f"{BROWSER_MEDIAN_MS} ms); whole browser run: {browser.wall:.1f} s (target at most "
            f"{BROWSER_RUN_S} s)"
        )
    else:
        lines.append("- browser mode not measured: no Chromium here")
    return lines
