"""Reading what the blog reported: its error log and the mails sent to its admins."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask

from app.reporting import Reporting

#: The start of every record the blog writes: "2026-11-23 21:09:21,443 ERROR: ".
RECORD_START = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (?P<level>[A-Z]+): ")

#: A record's closing "[in /path/to/module.py:42]".
RECORD_SOURCE = re.compile(r"\[in (?P<path>\S+\.py):(?P<line>\d+)\]$")


def reporting_of(app: Flask) -> Reporting:
    """The reporting that ``app`` installed."""
    return app.extensions["reporting"]


def send_queued_mail(app: Flask) -> None:
    """Wait until every queued report has been handed to the mail server (or failed)."""
    reporting_of(app).flush()


class ErrorLog:
    """The blog's rotating error log and its old files."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def in_folder(cls, folder: Path) -> ErrorLog:
        """The error log a scenario keeps in its own folder: ``logs/error.log``."""
        return cls(folder / "logs" / "error.log")

    def text(self) -> str:
        """The current log's whole text ('' before anything was logged)."""
        return self.path.read_text(encoding="utf-8") if self.path.exists() else ""

    def lines(self) -> list[str]:
        """The current log's lines."""
        return self.text().splitlines()

    def records(self) -> list[str]:
        """The lines that start a record (tracebacks continue on the lines after)."""
        return [line for line in self.lines() if RECORD_START.match(line)]

    def find(self, level: str, text: str) -> str | None:
        """The first record at ``level`` whose message holds ``text``."""
        for line in self.records():
            match = RECORD_START.match(line)
            if match and match["level"] == level and text in line:
                return line
        return None

    def files(self) -> list[str]:
        """The names of the log and its rotated copies, sorted."""
        return sorted(p.name for p in self.path.parent.glob(self.path.name + "*"))
