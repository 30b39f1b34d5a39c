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
import subprocess
import sys
import time
from pathlib import Path

from support.browser_driver import chromium_path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

STAGES = {
    "pytest": [str(BIN / "pytest"), "-q", "-p", "no:cacheprovider"],
    "in-process": [str(BIN / "behave"), "--format", "progress", "-D", "driver=client"],
    "over HTTP": [str(BIN / "behave"), "--format", "progress", "-D", "driver=http"],
    "in Chromium": [str(BIN / "behave"), "--format", "progress", "-D", "driver=browser"],
}


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
        for name, command in STAGES.items():
            if name == "in Chromium" and chromium_path() is None:
                lines.append(f"| {name} | 0 | skipped: no Chromium | |")
                continue
            failures, seconds = 0, []
            for attempt in range(1, runs + 1):
                start = time.perf_counter()
                done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
                seconds.append(time.perf_counter() - start)
                if done.returncode != 0:
                    failures += 1
                    print(f"--- {name}, run {attempt}: exit {done.returncode}", flush=True)
                    print(done.stdout[-6000:] + done.stderr[-3000:], flush=True)
                print(f"{name} run {attempt}/{runs}: exit {done.returncode}", flush=True)
            seconds.sort()
            median = seconds[len(seconds) // 2]
            lines.append(f"| {name} | {runs} | {failures} | {median:.1f} s |")
    finally:
        stop.set()
        hog.join(timeout=5)
    return lines


if __name__ == "__main__":
    count = int(os.environ.get("RUNS") or 10)
    print("\n".join(soak(count)))
