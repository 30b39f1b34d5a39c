"""A storm of failures and the error mail it causes: 200 failures in 10 s.

The blog is a real app (``create_app`` with ``ADMINS`` and an error log) whose database
file is broken, so that every page view fails the same way; the mail server is a real
one on 127.0.0.1 (aiosmtpd), then one that accepts connections and never answers. For
the first, the mails it received; for the second, how long the blog's stop waits and
what the error log says about the reports it could not mail. A tool like the other
benchmarks, not a test: it only reports. It takes about half a minute.
"""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from app import create_app
from support.services.mail import LOOPBACK
from support.services.mail import MailServer
from support.services.mail import SilentServer
from support.state.failures import corrupt_database

FAILURES = 200
SECONDS = 10.0

#: What the reporting writes about itself (mail it could not send), not the failures.
ABOUT_MAIL = re.compile(
    r" ERROR: (Could not mail .*?|\d+ error reports? (?:was|were) not mailed.*?) \[in \S+\]$",
    re.MULTILINE,
)


@dataclass
class Storm:
    """What one storm did."""

    answered_500: int
    mails_in_storm: int
    mails_at_stop: int
    stop_seconds: float
    mail_timeout: float
    logged: int
    said: list[str]


def broken_blog(folder: Path, port: int) -> Flask:
    """A production-like blog that mails its admins, logs to a file, and fails every view."""
    database = folder / "blog.sqlite"
    app = create_app(
        {
            "DATABASE": str(database),
            "SECRET_KEY": "7c" * 32,
            "ADMINS": ["ops@example.org"],
            "MAIL_SERVER": LOOPBACK,
            "MAIL_PORT": port,
            "ERROR_LOG": str(folder / "logs" / "error.log"),
        }
    )
    corrupt_database(str(database))
    return app


def fail_steadily(app: Flask) -> int:
    """FAILURES page views spread evenly over SECONDS; how many were answered 500."""
    client = app.test_client()
    start = time.monotonic()
    answered_500 = 0
    for n in range(FAILURES):
        time.sleep(max(0.0, start + n * SECONDS / FAILURES - time.monotonic()))
        answered_500 += client.get("/").status_code == 500
    return answered_500


def storm(folder: Path, port: int, received: Callable[[], int] | None) -> Storm:
    """Fail FAILURES times in SECONDS, then stop the blog as a process exit would."""
    said = io.StringIO()
    # The blog's tracebacks and its lines for a process supervisor go to stderr: kept here.
    with contextlib.redirect_stderr(said):
        app = broken_blog(folder, port)
        reporting = app.extensions["reporting"]
        answered_500 = fail_steadily(app)
        # Mailed at once means milliseconds: what the storm's failures caused to be mailed
        # has arrived by its end; a summary would come only when its window ends.
        in_storm = received() if received is not None else 0
        started = time.monotonic()
        reporting.close()
        stop_seconds = time.monotonic() - started
    log = (folder / "logs" / "error.log").read_text(encoding="utf-8")
    return Storm(
        answered_500=answered_500,
        mails_in_storm=in_storm,
        mails_at_stop=(received() - in_storm) if received is not None else 0,
        stop_seconds=stop_seconds,
        mail_timeout=app.config["MAIL_TIMEOUT"],
        logged=log.count(" ERROR: Exception on / [GET]"),
        said=[match[1] for match in ABOUT_MAIL.finditer(log)],
    )


def main() -> list[str]:
    """Both storms; the report's lines."""
    with tempfile.TemporaryDirectory() as folder, MailServer() as server:
        live = storm(Path(folder), server.port, lambda: len(server.sink.received()))
    silent = SilentServer()
    try:
        with tempfile.TemporaryDirectory() as folder:
            hanging = storm(Path(folder), silent.port, None)
    finally:
        silent.close()
    mails = "mail" if live.mails_in_storm == 1 else "mails"
    lines = [
        f"- {FAILURES} failures in {SECONDS:.0f} s ({live.answered_500} pages answered 500), "
        f"a mail server that answers: {live.mails_in_storm} {mails} during the storm, "
        f"{live.mails_at_stop} more when the blog stopped ({live.stop_seconds:.2f} s); "
        f"{live.logged} failures in the error log",
        *(f"    - {line}" for line in live.said),  # nothing, when all is well
        f"- the same with a mail server that accepts and never answers (MAIL_TIMEOUT "
        f"{hanging.mail_timeout:g} s): the stop took {hanging.stop_seconds:.1f} s; "
        f"{hanging.logged} failures in the error log, which says:",
        *(f"    - {line}" for line in hanging.said),
    ]
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
