"""cosmic-ray's test command: the scenarios judge a mutant, then pytest if they let it live.

Run from the root of a work tree whose app/ holds the mutant. The last line it prints is
the verdict that mutation/run.py reads back from cosmic-ray's session:

    verdict: behave killed            a scenario failed (or the run hung: timed out)
    verdict: pytest killed by TEST    every scenario passed, the unit test TEST failed
                                      (its node id, e.g. tests/test_config.py::test_x)
    verdict: pytest killed            the same, but no failing test was named (the run
                                      hung, or pytest stopped before running one)
    verdict: survived                 both passed

It exits 1 when the mutant is killed, 0 when it survived, as cosmic-ray expects. Both
commands and their time limits are in mutation/cosmic-ray.toml's [mutation] table.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parent / "cosmic-ray.toml"
#: A line of pytest's short test summary: the word, the node id (a parameter in brackets may
#: hold " - "), then " - " and the message, if any.
SUMMARY_LINE = re.compile(r"(?:FAILED|ERROR) (\S*?\[.*?\]|\S+)(?= - |$)")


def settings() -> dict:
    """The [mutation] table of the configuration."""
    with CONFIG.open("rb") as handle:
        return tomllib.load(handle)["mutation"]


def run(args: list[str], timeout: float, env: dict[str, str] | None = None) -> tuple[str, str]:
    """Run ``python args`` here: "passed", "failed" or "timed out" (its process group
    killed), and what it printed."""
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as out:
        proc = subprocess.Popen(
            [sys.executable, *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env=env,
        )
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            code = None
        out.seek(0)
        output = out.read()
    if code is None:
        return "timed out", output
    return ("passed" if code == 0 else "failed"), output


def first_failure(output: str) -> str:
    """The node id of the first test pytest's short summary names as failed (or in error),
    or "" when it names none."""
    summary = output.partition("short test summary info")[2]
    for line in summary.splitlines():
        found = SUMMARY_LINE.match(line.strip())
        if found:
            return found[1]
    return ""


def main() -> int:
    """Judge the mutant in this work tree; print the verdict and exit 1 if it was killed."""
    config = settings()
    behave, _ = run(config["behave"], config["behave-timeout"])
    print(f"behave: {behave}")
    if behave != "passed":
        print("verdict: behave killed")
        return 1
    with tempfile.TemporaryDirectory(prefix="mutation-pytest-") as basetemp:
        # A folder of its own, so that judges running side by side never share one, and
        # Hypothesis's examples of its own: an input that failed under one mutant is not
        # tried first under the next, where it would say nothing of that mutant.
        env = {**os.environ, "HYPOTHESIS_STORAGE_DIRECTORY": f"{basetemp}/hypothesis"}
        pytest, output = run(
            [*config["pytest"], f"--basetemp={basetemp}"], config["pytest-timeout"], env
        )
    print(f"pytest: {pytest}")
    if pytest != "passed":
        test = first_failure(output) if pytest == "failed" else ""
        # What the failure said, so that a surprising kill can be looked into.
        print(output.partition("short test summary info")[2].strip()[:2000] or output[-2000:])
        print(f"verdict: pytest killed by {test}" if test else "verdict: pytest killed")
        return 1
    print("verdict: survived")
    return 0


if __name__ == "__main__":
    sys.exit(main())
