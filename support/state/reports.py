"""Reading what the blog reported: its error log and the mails sent to its admins."""

from __future__ import annotations

import re
import time
from pathlib import Path

from flask import Flask

from app.reporting import Reporting
from support.services.mail import Mail
from support.services.mail import MailServer

#: The start of every record the blog writes: "2026-11-23 21:09:21,443 ERROR: ".
RECORD_START = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (?P<level>[A-Z]+): ")

#: A record's closing "[in /path/to/module.py:42]".
RECORD_SOURCE = re.compile(r"\[in (?P<path>\S+\.py):(?P<line>\d+)\]$")

#: Seconds the blog has to get what it sends "at once" to the mail server or the log: it
#: takes milliseconds; a busy machine may take longer, and a step waits no longer than it must.
AT_ONCE = 5.0


def reporting_of(app: Flask) -> Reporting:
    """The reporting that ``app`` installed."""
    return app.extensions["reporting"]


def mails_received(server: MailServer, count: int, seconds: float = AT_ONCE) -> list[Mail]:
    """The mails ``server`` has received, once it holds ``count`` of them or ``seconds``
    have passed."""
    deadline = time.monotonic() + seconds
    while len(mails := server.sink.received()) < count and time.monotonic() < deadline:
        time.sleep(0.005)
    return mails


def stop_reporting(app: Flask) -> None:
    """Stop the blog's reporting as a server's stops when it exits: every report queued
    is mailed (or said not to be) and every pending summary, then its log is closed.
    What the blog would ever mail has then reached the mail server."""
    reporting_of(app).close()


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

    def written(self, level: str, text: str, seconds: float = AT_ONCE) -> str | None:
        """The first record at ``level`` whose message holds ``text``, once it has been
        written, waiting ``seconds`` at most (the mail thread writes its own lines)."""
        deadline = time.monotonic() + seconds
        while (line := self.find(level, text)) is None and time.monotonic() < deadline:
            time.sleep(0.005)
        return line

    def files(self) -> list[str]:
        """The names of the log and its rotated copies, sorted."""
        return sorted(p.name for p in self.path.parent.glob(self.path.name + "*"))
