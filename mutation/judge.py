"""cosmic-ray's test command: the scenarios judge a mutant, then pytest if they let it live.

Run from the root of a work tree whose app/ holds the mutant. The last line it prints is
the verdict that mutation/run.py reads back from cosmic-ray's session:

    verdict: behave killed            a scenario failed (or the run hung: timed out)
    verdict: pytest killed            every scenario passed, a unit test failed (or hung)
    verdict: survived                 both passed

It exits 1 when the mutant is killed, 0 when it survived, as cosmic-ray expects. Both
commands and their time limits are in mutation/cosmic-ray.toml's [mutation] table.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parent / "cosmic-ray.toml"


def settings() -> dict:
    """The [mutation] table of the configuration."""
    with CONFIG.open("rb") as handle:
        return tomllib.load(handle)["mutation"]


def run(args: list[str], timeout: float) -> str:
    """Run ``python args`` here: "passed", "failed" or "timed out" (its process group killed)."""
    proc = subprocess.Popen(
        [sys.executable, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        code = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return "timed out"
    return "passed" if code == 0 else "failed"


def main() -> int:
    """Judge the mutant in this work tree; print the verdict and exit 1 if it was killed."""
    config = settings()
    behave = run(config["behave"], config["behave-timeout"])
    print(f"behave: {behave}")
    if behave != "passed":
        print("verdict: behave killed")
        return 1
    with tempfile.TemporaryDirectory(prefix="mutation-pytest-") as basetemp:
        # A folder of its own, so that judges running side by side never share one.
        pytest = run([*config["pytest"], f"--basetemp={basetemp}"], config["pytest-timeout"])
    print(f"pytest: {pytest}")
    if pytest != "passed":
        print("verdict: pytest killed")
        return 1
    print("verdict: survived")
    return 0


if __name__ == "__main__":
    sys.exit(main())
