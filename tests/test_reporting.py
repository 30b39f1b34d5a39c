"""Error reporting pieces the scenarios do not reach: many apps, process exit, LOG_ALSO,
a full mail queue, a mail server that never answers, and how failures are grouped."""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
import re
import subprocess
import sys
import textwrap
from logging.handlers import QueueHandler
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

import pytest
import time_machine
from flask import Flask

from app import create_app
from app.reporting import failure_of
from app.reporting import QUEUE_SIZE
from support.drivers.client import ClientDriver
from support.pages.blog import Blog
from support.services.mail import free_port
from support.services.mail import MailServer
from support.services.mail import SilentServer
from support.state.reports import mails_received

ROOT = Path(__file__).resolve().parent.parent


def reporting_settings(tmp_path: Path, port: int, **more: Any) -> dict[str, Any]:
    return {
        "DATABASE": str(tmp_path / "blog.sqlite"),
        "ADMINS": ["ops@example.org"],
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": port,
        "ERROR_LOG": str(tmp_path / "logs" / "error.log"),
        "LOG_ALSO": ["werkzeug"],
        **more,
    }


def handler_counts(logger: logging.Logger) -> tuple[int, int]:
    mail = sum(isinstance(h, QueueHandler) for h in logger.handlers)
    files = sum(isinstance(h, RotatingFileHandler) for h in logger.handlers)
    return mail, files


def open_files(folder: Path) -> list[str]:
    """The files in ``folder`` this process holds open (others belong to other tests)."""
    held = []
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            if (target := os.readlink(f"/proc/self/fd/{fd}")).startswith(str(folder)):
                held.append(target)
    return held


def test_apps_made_and_closed_one_after_another_leave_no_handler_or_file(tmp_path: Path) -> None:
    settings = reporting_settings(tmp_path, free_port())
    app = create_app(settings)
    app.logger.error("open the log file once")
    app.extensions["reporting"].close()
    assert open_files(tmp_path) == [], "the closed app must close its log"
    for _ in range(30):
        app = create_app(settings)
        app.logger.error("and again")
        counts = handler_counts(app.logger), handler_counts(logging.getLogger("werkzeug"))
        assert counts == ((1, 1), (1, 1)), f"expected one mail and one file handler: {counts}"
        app.extensions["reporting"].close()
    assert handler_counts(app.logger) == (0, 0)
    assert handler_counts(logging.getLogger("werkzeug")) == (0, 0)
    assert open_files(tmp_path) == [], "each app closed must close its files"


def test_log_also_gives_other_loggers_the_same_handlers(tmp_path: Path) -> None:
    with MailServer() as server:
        app = create_app(reporting_settings(tmp_path, server.port))
        logging.getLogger("werkzeug").error("werkzeug could not bind")
        app.extensions["reporting"].close()
        mails = server.sink.received()
    assert [mail.subject for mail in mails] == ["Flaskr failed"]
    assert "werkzeug could not bind" in mails[0].body
    assert "werkzeug could not bind" in (tmp_path / "logs" / "error.log").read_text()


def test_queued_mail_is_sent_before_the_process_exits(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import sys
        from app import create_app
        app = create_app({
            "DATABASE": sys.argv[1], "ADMINS": ["ops@example.org"],
            "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": int(sys.argv[2]),
        })
        for n in range(3):
            app.logger.error("failure %d just before exit", n)
        """
    )
    with MailServer() as server:
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / "b.db"), str(server.port)],
            cwd=ROOT,
            check=True,
            timeout=30,
        )
        bodies = [mail.body for mail in server.sink.received()]
    assert len(bodies) == 3
    assert all("just before exit" in body for body in bodies)


def test_a_failure_to_mail_is_said_on_stderr(tmp_path: Path, capfd: pytest.CaptureFixture) -> None:
    app = create_app(reporting_settings(tmp_path, free_port()))
    app.logger.error("nobody will get this")
    app.extensions["reporting"].close()
    assert "Could not mail the error report to ops@example.org" in capfd.readouterr().err


def test_logins_go_to_the_log_at_info(tmp_path: Path) -> None:
    app = create_app({**reporting_settings(tmp_path, free_port()), "ADMINS": []})
    with ClientDriver(app) as driver:
        Blog(driver).login_page.log_in("admin", "default")
    app.extensions["reporting"].close()
    assert "INFO: Admin 'admin' logged in" in (tmp_path / "logs" / "error.log").read_text()


def record_of(
    error: BaseException | None, message: str = "Exception on / [GET]"
) -> logging.LogRecord:
    exc_info = (type(error), error, error.__traceback__) if error is not None else None
    return logging.getLogger("flaskr.test").makeRecord(
        "flaskr.test", logging.ERROR, "app/blog.py", 94, message, (), exc_info
    )


def raised(where: int) -> BaseException:
    """A ValueError raised at one of two places."""
    try:
        if where == 1:
            raise ValueError("one")
        raise ValueError("two")
    except ValueError as error:
        return error


def test_the_same_type_at_the_same_place_is_one_failure() -> None:
    first, again = record_of(raised(1)), record_of(raised(1), "Exception on /add [POST]")
    assert failure_of(first) == failure_of(again)
    assert failure_of(first).startswith("ValueError at ")
    assert failure_of(first).endswith(f"{__file__}:{raised.__code__.co_firstlineno + 4}")


def test_another_place_or_type_is_another_failure() -> None:
    assert failure_of(record_of(raised(1))) != failure_of(record_of(raised(2)))
    assert failure_of(record_of(raised(1))) != failure_of(record_of(KeyError("never raised")))


def test_a_record_without_exception_is_grouped_by_its_place_and_message() -> None:
    assert failure_of(record_of(None, "disk full")) == failure_of(record_of(None, "disk full"))
    assert failure_of(record_of(None, "disk full")) != failure_of(record_of(None, "disk gone"))


def fail(app: Flask, times: int, where: int = 1) -> None:
    """Report the same failure ``times`` times, as a view would."""
    for _ in range(times):
        app.logger.error("Exception on / [GET]", exc_info=raised(where))


def test_repeats_are_summed_up_in_one_mail_when_the_window_ends(tmp_path: Path) -> None:
    with MailServer() as server:
        app = create_app(reporting_settings(tmp_path, server.port))
        fail(app, 5)
        fail(app, 1, where=2)
        assert len(mails_received(server, 2)) == 2, "each failure once, at once"
        later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=601)
        with time_machine.travel(later, tick=True):
            # The mail thread takes reports in order: once the summary is in, so is
            # everything mailed for the reports before it.
            mails = mails_received(server, 3)
            subjects = [mail.subject for mail in mails[2:]]
            assert subjects == ["Flaskr failed: 4 more times"], f"after the window: {subjects}"
            said = mails[2].repeats()
            assert said is not None and said["more"] == "4", mails[2].body
            assert said["mailed"] <= said["first"] <= said["last"]
            fail(app, 1)
            assert len(mails_received(server, 4)) == 4, "after the window, a failure is new again"
            app.extensions["reporting"].close()
        assert len(server.sink.received()) == 4, "nothing repeated in the new window"


def test_pending_summaries_are_mailed_when_the_blog_stops(tmp_path: Path) -> None:
    with MailServer() as server:
        app = create_app(reporting_settings(tmp_path, server.port))
        fail(app, 3)
        fail(app, 2, where=2)
        app.extensions["reporting"].close()
        subjects = sorted(mail.subject for mail in server.sink.received())
    assert subjects == [
        "Flaskr failed",
        "Flaskr failed",
        "Flaskr failed: 1 more time",
        "Flaskr failed: 2 more times",
    ]


def not_mailed(log: str, reason: str) -> int:
    """The count a "N error reports were not mailed: <reason>" line gives, or 0."""
    found = re.findall(rf"(\d+) error reports? (?:was|were) not mailed: {reason}", log)
    assert len(found) <= 1, f"said more than once: {found}"
    return int(found[0]) if found else 0


def failed_to_mail(log: str) -> int:
    """How many reports the "Could not mail" lines stand for."""
    summaries = re.findall(r"Could not mail the summary of (\d+) more error reports?", log)
    return log.count("Could not mail the error report") + sum(map(int, summaries))


def test_a_full_queue_leaves_reports_out_of_mail_and_says_how_many(
    tmp_path: Path, capfd: pytest.CaptureFixture
) -> None:
    silent = SilentServer()
    try:
        app = create_app(reporting_settings(tmp_path, silent.port, MAIL_TIMEOUT=1))
        total = QUEUE_SIZE + 100
        for n in range(total):
            app.logger.error("failure %d", n)
        app.extensions["reporting"].close()
    finally:
        silent.close()
    log = (tmp_path / "logs" / "error.log").read_text()
    assert log.count(" ERROR: failure ") == total, "every report is in the log"
    dropped = not_mailed(log, f"{QUEUE_SIZE} reports were already waiting")
    # The mail thread holds one report, or had not taken one yet, as the queue filled.
    assert dropped in (99, 100), log[-2000:]
    unsent = not_mailed(log, "the mail server at")
    failed = failed_to_mail(log)
    assert dropped + unsent + failed == total, "every report mailed, or counted as not"
    assert f"{dropped} error reports were not mailed" in capfd.readouterr().err


def test_a_mail_server_that_never_answers_lets_the_blog_stop_counting_what_it_kept(
    tmp_path: Path, capfd: pytest.CaptureFixture
) -> None:
    # How long the stop may wait (MAIL_TIMEOUT in all) is test_mail_sender's, on a clock
    # of its own; here the stop ends, and every report is either mailed or counted.
    silent = SilentServer()
    try:
        app = create_app(reporting_settings(tmp_path, silent.port, MAIL_TIMEOUT=1))
        fail(app, 150)
        fail(app, 50, where=2)
        app.extensions["reporting"].close()
    finally:
        silent.close()
    log = (tmp_path / "logs" / "error.log").read_text()
    unsent = not_mailed(log, "the mail server at")
    assert unsent > 0, log[-2000:]
    assert unsent + failed_to_mail(log) == 200, "every report mailed, or counted as not"
    assert f"{unsent} error reports were not mailed" in capfd.readouterr().err
    assert "within MAIL_TIMEOUT (1 s) as the blog stopped" in log
