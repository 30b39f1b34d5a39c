"""``make soak``: each stage of the tests run again and again on a busy machine.

A flaky test is a defect; this looks for them. Every stage (pytest and the scenarios in
each driver mode) runs ``RUNS`` times (10 by default) while a second process keeps one
core busy, as a loaded CI machine would; every failure is printed with its output, and
a table of runs and failures ends the report. It is a tool like ``make bench``, not a
test: it only reports.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import subprocess
import time
from pathlib import Path

from support.drivers.browser import chromium_path
from support.stages.runner import stages

ROOT = Path(__file__).resolve().parent.parent

#: The longest one run of a stage may take before it counts as a failure (a hang).
TIMEOUT_S = 900
#: Words a passing run must not print either: a warning or an error nobody asked for.
SUSPECT = ("ResourceWarning", "Traceback", "ERROR")


def busy(stop: multiprocessing.synchronize.Event) -> None:
    """Keep one core busy until told to stop."""
    while not stop.is_set():
        sum(range(10_000))


def soak(runs: int) -> list[str]:
    """Run each stage ``runs`` times with one core busy; the report's lines."""
    stop = multiprocessing.Event()
    hog = multiprocessing.Process(target=busy, args=(stop,), daemon=True)
    hog.start()
    lines = ["| stage | runs | failures | median run |", "| --- | --- | --- | --- |"]
    try:
        for stage in stages()[1:]:  # lint has nothing to be flaky about
            if stage.name == "in Chromium" and chromium_path() is None:
                lines.append(f"| {stage.name} | 0 | skipped: no Chromium | |")
                continue
            failures, seconds = 0, []
            for attempt in range(1, runs + 1):
                start = time.perf_counter()
                said, status = run_once(stage.command)
                seconds.append(time.perf_counter() - start)
                suspect = [word for word in SUSPECT if word in said]
                if status != 0 or suspect:
                    failures += 1
                    print(f"--- {stage.name}, run {attempt}: exit {status}, {suspect}", flush=True)
                    print(said[-8000:], flush=True)
                print(f"{stage.name} run {attempt}/{runs}: exit {status}", flush=True)
            median = statistics.median(seconds)
            lines.append(f"| {stage.name} | {runs} | {failures} | {median:.1f} s |")
    finally:
        stop.set()
        hog.join(timeout=5)
    return lines


def run_once(command: list[str]) -> tuple[str, int]:
    """One run's output and exit status; a run that hangs past TIMEOUT_S fails."""
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired as hung:
        output = (hung.stdout or b"") + (hung.stderr or b"")
        text = output.decode(errors="replace") if isinstance(output, bytes) else output
        return f"{text}\nstill running after {TIMEOUT_S} s", -1
    return done.stdout + done.stderr, done.returncode


if __name__ == "__main__":
    count = int(os.environ.get("RUNS") or 10)
    if count < 1:
        raise SystemExit("RUNS must be a whole number of at least 1")
    print("\n".join(soak(count)))
