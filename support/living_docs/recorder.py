"""A behave formatter that records one run for the living documentation.

``behave --format support.living_docs.recorder:RunRecorder --outfile reports/runs/client.json``
writes, for every scenario that ran (each Examples row on its own), where it is, its
status, why it was skipped or how it failed, each step's status and time, and what
``context.attach`` embedded (a browser's screenshot, and the words saying what page it
shows). Text is kept in the record; anything else (an image) is written as a file to a
folder beside it, ``reports/runs/browser.json`` -> ``reports/runs/browser-attachments/``,
and the record names the file: the record stays small, and the site copies the file.
"""

from __future__ import annotations

import base64
import datetime
import json
import mimetypes
import re
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
        outfile = getattr(stream_opener, "name", None)
        #: Where attached files go; None when the record goes to the console.
        self.folder = (
            Path(outfile).with_name(f"{Path(outfile).stem}-attachments")
            if outfile and outfile != "-"
            else None
        )

    def scenario(self, scenario: Scenario) -> None:
        """A new scenario starts: the previous one is complete."""
        self.finish_scenario()
        self.current = scenario

    def embedding(self, mime_type: str, data: bytes | str) -> None:
        """Keep what ``context.attach`` hands over with the current scenario: text as it
        is, anything else in a file of its own (or, with no folder for it, as base64)."""
        if mime_type.startswith("text/"):
            text = data.decode("utf-8") if isinstance(data, bytes) else data
            self.attachments.append({"type": mime_type, "text": text})
            return
        raw = data.encode("utf-8") if isinstance(data, str) else data
        if self.folder is None or self.current is None:
            encoded = base64.b64encode(raw).decode("ascii")
            self.attachments.append({"type": mime_type, "base64": encoded})
            return
        place = re.sub(r"[^\w.-]+", "-", where(self.current.filename, self.current.line))
        suffix = mimetypes.guess_extension(mime_type.split(";")[0]) or ".bin"
        name = f"{place}-{len(self.attachments) + 1}{suffix}"
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / name).write_bytes(raw)
        self.attachments.append({"type": mime_type, "file": f"{self.folder.name}/{name}"})

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
