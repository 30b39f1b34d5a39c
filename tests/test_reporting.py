"""Error reporting pieces the scenarios do not reach: many apps, process exit, LOG_ALSO."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from logging.handlers import QueueHandler
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

import pytest

from app import create_app
from support.blog import Blog
from support.driver import ClientDriver
from support.mail import free_port
from support.mail import MailServer

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


def open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_many_apps_leave_one_mail_and_one_file_handler(tmp_path: Path) -> None:
    settings = reporting_settings(tmp_path, free_port())
    app = create_app(settings)
    app.logger.error("open the log file once")
    app.extensions["reporting"].flush()  # no mail connection in flight while counting
    before = open_files()
    for _ in range(30):
        app = create_app(settings)
        app.logger.error("and again")
    app.extensions["reporting"].flush()
    assert handler_counts(app.logger) == (1, 1)
    assert handler_counts(logging.getLogger("werkzeug")) == (1, 1)
    assert open_files() == before, "each new app must close the files of the one before"
    app.extensions["reporting"].close()
    assert handler_counts(app.logger) == (0, 0)


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
        Blog(driver).log_in("admin", "default")
    app.extensions["reporting"].close()
    assert "INFO: Admin 'admin' logged in" in (tmp_path / "logs" / "error.log").read_text()
