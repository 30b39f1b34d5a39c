"""``make test``: every stage runs, whatever the one before it did, and each is reported.

``python -m support.stages`` runs the checks of the feature files and the code, pytest,
and the scenarios in each driver mode (browser mode only where there is a Chromium; with
REQUIRE_BROWSER=1 its absence is a failure), then prints one line per stage: passed or
failed with its counts, or skipped and why. It exits non-zero if any stage failed.

pytest runs beside the other stages, which run one after another: its workers and
browser mode's Chromium, which mostly waits, share the cores. Each stage's output is
kept and shown whole when it ends, in the stages' order, so that no two are mixed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from support import ROOT
from support.drivers.browser import chromium_path
from support.drivers.browser import INSTALL_HINT
from support.stages.shards import parse_shard
from support.stages.shards import share

BIN = Path(sys.executable).parent

#: How each runner says what it counted: pytest's closing line, behave's scenario line.
COUNTS = {
    "pytest": re.compile(r"^=*\s*(?P<said>(?:\d+ \w+(?:, )?)+) in [\d.]+s", re.MULTILINE),
    "behave": re.compile(r"^(?P<said>\d+ scenarios? passed, \d+ failed(?:, \d+ \w+)*)", re.M),
}


@dataclass
class Stage:
    """One stage of ``make test``: its name, its command, how its counts are read, and
    its lane: stages of different lanes run at the same time, a lane's in order."""

    name: str
    command: list[str]
    counts: str = ""
    lane: int = 0
    outcome: str = "not run"
    said: str = ""
    seconds: float = 0.0
    numbers: dict[str, int] = field(default_factory=dict)
    output: str = ""

    @property
    def heading(self) -> str:
        return f"\n=== {self.name}: {' '.join(self.command)}"

    def run(self, echo: bool = True) -> None:
        """Run, and keep what it counted and what it printed; with ``echo``, the output
        is also shown as it comes (when it is the only stage running)."""
        if echo:
            print(self.heading, flush=True)
        start = time.perf_counter()
        output = []
        try:
            process_handle = subprocess.Popen(
                self.command,
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                bufsize=1,
            )
        except OSError as error:  # the stage's program is missing
            self.outcome, self.said = "failed", f"could not start: {error}"
            self.output = f"{self.said}\n"
            return
        with process_handle as process:
            assert process.stdout is not None
            for line in process.stdout:
                if echo:
                    sys.stdout.write(line)
                output.append(line)
            status = process.wait()
        self.seconds = time.perf_counter() - start
        self.outcome = "passed" if status == 0 else "failed"
        text = self.output = "".join(output)
        if self.counts and (found := list(COUNTS[self.counts].finditer(text))):
            self.said = found[-1].group("said")
            pairs = re.findall(r"(\d+) (?:scenarios? )?(\w+)", self.said)
            self.numbers = {word: int(number) for number, word in pairs}
        elif status != 0:
            self.said = f"exit code {status}"

    def skip(self, reason: str) -> None:
        self.outcome, self.said = "skipped", reason

    @property
    def line(self) -> str:
        counted = f" ({self.said})" if self.said else ""
        took = f" in {self.seconds:.1f} s" if self.seconds else ""
        return f"{self.name:<16} {self.outcome}{counted}{took}"


def stages() -> list[Stage]:
    """The stages, in order: the cheapest checks first."""

    def behave(mode: str) -> list[str]:
        """behave in one driver mode, its results also in Cucumber Messages."""
        messages = f"reports/{mode}/messages.ndjson"
        return [str(BIN / "python"), "-m", "behave", "--format", "messages", "--outfile",
                messages, "--format", "progress", "-D", f"driver={mode}"]  # fmt: skip

    return [
        Stage("lint", ["make", "--no-print-directory", "lint"]),
        Stage("pytest", [str(BIN / "pytest")], "pytest", lane=1),
        Stage("in-process", behave("client"), "behave"),
        Stage("over HTTP", behave("http"), "behave"),
        Stage("in Chromium", behave("browser"), "behave"),
    ]


def main() -> int:
    """Run every stage, report each, fail if one failed. With SHARD=k/N only that share
    of the scenarios runs, and the checks and pytest run in the first share alone."""
    planned = stages()
    sharding = os.environ.get("SHARD", "")
    if sharding:
        try:
            index, count = parse_shard(sharding)
        except ValueError as error:
            print(error, file=sys.stderr)
            return 2
        scenarios = share(sharding)
        for stage in planned:
            if stage.counts == "behave" and not scenarios:
                stage.skip(f"shard {sharding} holds no scenario")
            elif stage.counts == "behave":
                stage.command += scenarios
            elif index != 1:
                stage.skip(f"shard {sharding}: it runs in shard 1/{count}")
        print(f"Shard {sharding}: {len(scenarios)} scenarios", flush=True)
    for stage in planned:
        if stage.name == "in Chromium" and stage.outcome != "skipped" and chromium_path() is None:
            if os.environ.get("REQUIRE_BROWSER"):
                stage.outcome, stage.said = "failed", f"no Chromium ({INSTALL_HINT})"
            else:
                stage.skip(f"no Chromium here: {INSTALL_HINT}, then run 'make test-browser'")
    run_in_lanes([stage for stage in planned if stage.outcome == "not run"])
    print("\n=== Summary")
    for stage in planned:
        print(stage.line)
    totals = {word: sum(s.numbers.get(word, 0) for s in planned) for word in COUNTS_WORDS}
    # Errors (pytest's, behave's hook errors) are failures too.
    totals["failed"] += sum(
        n for s in planned for word, n in s.numbers.items() if word.startswith(("error", "hook"))
    )
    print(", ".join(f"{totals[w]} {w}" for w in COUNTS_WORDS))
    return 1 if any(stage.outcome == "failed" for stage in planned) else 0


def run_in_lanes(runnable: list[Stage]) -> None:
    """Run the stages, each lane's one after another and the lanes at the same time; show
    each stage's output whole as soon as it and every stage before it have ended."""
    lanes = sorted({stage.lane for stage in runnable})
    if len(lanes) <= 1:
        for stage in runnable:
            stage.run()
        return
    print(
        "Side by side: "
        + " | ".join(", ".join(s.name for s in runnable if s.lane == lane) for lane in lanes)
        + " (each stage's output is shown whole when it ends)",
        flush=True,
    )
    ended = {id(stage): threading.Event() for stage in runnable}

    def run_lane(lane: int) -> None:
        for stage in (s for s in runnable if s.lane == lane):
            try:
                stage.run(echo=False)
            finally:
                ended[id(stage)].set()

    threads = [threading.Thread(target=run_lane, args=(lane,), daemon=True) for lane in lanes]
    for thread in threads:
        thread.start()
    for stage in runnable:
        ended[id(stage)].wait()
        print(stage.heading, flush=True)
        sys.stdout.write(stage.output)
        sys.stdout.flush()
    for thread in threads:
        thread.join()


#: The totals the last line gives, over tests and scenarios alike.
COUNTS_WORDS = ("passed", "failed", "skipped")
