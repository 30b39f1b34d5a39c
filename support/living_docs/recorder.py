"""A behave formatter that records one run for the living documentation.

``behave --format support.living_docs.recorder:RunRecorder --outfile reports/runs/client.json``
writes, for every scenario that ran (each Examples row on its own), where it is, its
status, why it was skipped or how it failed, each step's status and time, and what
``context.attach`` embedded (a browser's screenshot of a failed scenario).
"""

from __future__ import annotations

import base64
import datetime
import json
import subprocess
from pathlib import Path
from typing import Any

from behave.formatter.base import Formatter
from behave.model import Scenario
from behave.model import Step

from support import ROOT


def where(filename: str, line: int) -> str:
    """A scenario's or row's place, ``features/posting.feature:28``, whatever the cwd."""
    path = Path(filename).resolve()
    try:
        path = path.relative_to(ROOT)
    except ValueError:
        pass
    return f"{path.as_posix()}:{line}"


def current_commit() -> str:
    """The commit the files are at, "-dirty" if a tracked file has changed since (git
    status compares contents, so a file rewritten unchanged does not count); "unknown"
    outside a git checkout."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            raise OSError(done.stderr)
        return done.stdout.strip()

    try:
        commit = git("rev-parse", "--short", "HEAD")
        changed = git("status", "--porcelain", "--untracked-files=no")
    except OSError:
        return "unknown"
    return f"{commit}-dirty" if changed else commit


class RunRecorder(Formatter):
    """Writes one run as JSON: the mode, when, which commit, and every scenario's result."""

    name = "living-docs"
    description = "Records the run for the living documentation (reports/living-docs)."

    def __init__(self, stream_opener: Any, config: Any) -> None:
        super().__init__(stream_opener, config)
        self.started = datetime.datetime.now(datetime.UTC)
        self.mode = config.userdata.get("driver", "client")
        self.scenarios: list[dict[str, Any]] = []
        self.current: Scenario | None = None
        self.attachments: list[dict[str, str]] = []

    def scenario(self, scenario: Scenario) -> None:
        """A new scenario starts: the previous one is complete."""
        self.finish_scenario()
        self.current = scenario

    def embedding(self, mime_type: str, data: bytes | str) -> None:
        """Keep what ``context.attach`` hands over with the current scenario."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        self.attachments.append(
            {"type": mime_type, "base64": base64.b64encode(raw).decode("ascii")}
        )

    def eof(self) -> None:
        """The feature is over, hooks included: its last scenario is complete."""
        self.finish_scenario()

    def finish_scenario(self) -> None:
        """Record the current scenario, once it and its hooks have run."""
        scenario = self.current
        if scenario is None:
            return
        self.current = None
        failed = next(
            (
                s
                for s in scenario.all_steps
                if s.status.name not in ("passed", "skipped", "untested")
            ),
            None,
        )
        self.scenarios.append(
            {
                "where": where(scenario.filename, scenario.line),
                "name": scenario.name,
                "status": scenario.status.name,
                "skip_reason": scenario.skip_reason or "",
                "error": self.failure(scenario, failed),
                "steps": [self.step_record(step) for step in scenario.all_steps],
                "attachments": self.attachments,
            }
        )
        self.attachments = []

    @staticmethod
    def failure(scenario: Scenario, step: Step | None) -> str:
        """What went wrong: the failing step and its message, or a hook's error."""
        if step is not None and step.status.name == "undefined":
            return f"{step.keyword} {step.name}\nThe suite does not know this sentence."
        if step is not None:
            return f"{step.keyword} {step.name}\n{step.error_message or step.status.name}"
        return str(scenario.error_message or "")

    @staticmethod
    def step_record(step: Step) -> dict[str, Any]:
        """One step's line, status and time."""
        return {"line": step.line, "status": step.status.name, "seconds": step.duration}

    def close(self) -> None:
        """Write the run."""
        self.finish_scenario()
        stream = self.open()
        record = {
            "mode": self.mode,
            "started": self.started.isoformat(timespec="seconds"),
            "commit": current_commit(),
            "scenarios": self.scenarios,
        }
        json.dump(record, stream, ensure_ascii=False, indent=1)
        stream.write("\n")
        self.close_stream()
