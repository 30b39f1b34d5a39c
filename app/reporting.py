"""Production error reporting: mail to the admins and a rotating log file.

Switched on by configuration keys (``ADMINS`` for mail, ``ERROR_LOG`` for the file),
not by ``app.testing``, so scenarios can turn it on against a local mail server.
Mail is sent by a background thread: a slow or dead mail server never delays a page.
"""

from __future__ import annotations

import atexit
import logging
import os
import queue
import sys
from collections.abc import Iterable
from logging.handlers import QueueHandler
from logging.handlers import QueueListener
from logging.handlers import RotatingFileHandler
from logging.handlers import SMTPHandler
from typing import Any

from flask import Flask

MAIL_FORMAT = """\
Message type:       %(levelname)s
Location:           %(pathname)s:%(lineno)d
Module:             %(module)s
Function:           %(funcName)s
Time:               %(asctime)s

Message:

%(message)s
"""

FILE_FORMAT = "%(asctime)s %(levelname)s: %(message)s [in %(pathname)s:%(lineno)d]"

#: Where the reporting says that it could not report; never mailed, so it cannot loop.
failures = logging.getLogger("flaskr.reporting")
failures.propagate = False


class AdminMailHandler(SMTPHandler):
    """An SMTPHandler that says so, in the log file and on stderr, when mail fails."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        error = sys.exc_info()[1]
        failures.error(
            "Could not mail the error report to %s via %s:%s: %r",
            ", ".join(self.toaddrs),
            self.mailhost,
            self.mailport,
            error,
        )


class Reporting:
    """The handlers one app installed, so they can be flushed and removed again."""

    def __init__(self, loggers: list[logging.Logger]) -> None:
        self.loggers = loggers
        self.handlers: list[logging.Handler] = []
        self.failure_handlers: list[logging.Handler] = []
        self.listener: QueueListener | None = None
        self.mailing = False

    def attach(self, handler: logging.Handler) -> None:
        """Give ``handler`` to every logger that reports."""
        self.handlers.append(handler)
        for logger in self.loggers:
            logger.addHandler(handler)

    def attach_failures(self, handler: logging.Handler) -> None:
        """Let ``handler`` tell when mail could not be sent."""
        self.failure_handlers.append(handler)
        failures.addHandler(handler)

    def start_mailing(self, handler: logging.Handler) -> None:
        """Mail through ``handler`` from a background thread fed by a queue."""
        mail_queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.listener = QueueListener(mail_queue, handler, respect_handler_level=True)
        self.listener.start()
        self.mailing = True
        queued = QueueHandler(mail_queue)
        queued.setLevel(handler.level)
        self.attach(queued)

    def flush(self) -> None:
        """Send every queued mail now: stopping the thread drains the queue first."""
        if self.listener is not None and self.mailing:
            self.listener.stop()
            self.listener.start()

    def close(self) -> None:
        """Send what is queued, then detach and close every handler (no open files left)."""
        if self.listener is not None and self.mailing:
            self.mailing = False
            self.listener.stop()
        for handler in self.handlers:
            for logger in self.loggers:
                logger.removeHandler(handler)
        for handler in self.failure_handlers:
            failures.removeHandler(handler)
        mail_handlers = self.listener.handlers if self.listener is not None else ()
        for handler in {*self.handlers, *self.failure_handlers, *mail_handlers}:
            handler.close()
        atexit.unregister(self.close)


#: The reporting of the most recently created app: loggers are per process, not per app.
_current: Reporting | None = None


def close_current_reporting() -> None:
    """Send what is queued and remove the handlers of the app created last."""
    global _current
    if _current is not None:
        _current.close()
        _current = None


def init_app(app: Flask) -> Reporting:
    """Install the handlers the config asks for, replacing any earlier app's."""
    global _current
    close_current_reporting()
    config = app.config
    loggers = [app.logger, *(logging.getLogger(name) for name in config["LOG_ALSO"])]
    reporting = Reporting(loggers)
    app.logger.setLevel(config["LOG_LEVEL"])

    if config["ERROR_LOG"]:
        handler = file_handler(
            config["ERROR_LOG"], config["LOG_MAX_BYTES"], config["LOG_BACKUP_COUNT"]
        )
        reporting.attach(handler)
        reporting.attach_failures(handler)

    if config["ADMINS"]:
        reporting.start_mailing(mail_handler(config, config["ADMINS"]))
        # Failing to mail is said on stderr too, where a process supervisor sees it.
        stderr = logging.StreamHandler(sys.stderr)
        stderr.setFormatter(logging.Formatter(FILE_FORMAT))
        reporting.attach_failures(stderr)

    atexit.register(reporting.close)
    app.extensions["reporting"] = reporting
    _current = reporting
    return reporting


def file_handler(path: str, max_bytes: int, backups: int) -> RotatingFileHandler:
    """A rotating log file at ``path``, its folder created if need be."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    handler = RotatingFileHandler(
        path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter(FILE_FORMAT))
    return handler


def mail_handler(config: Any, admins: Iterable[str]) -> AdminMailHandler:
    """Mail for ERROR and worse, with where and when it happened."""
    handler = AdminMailHandler(
        mailhost=(config["MAIL_SERVER"], config["MAIL_PORT"]),
        fromaddr=config["MAIL_SENDER"],
        toaddrs=list(admins),
        subject=config["MAIL_SUBJECT"],
        timeout=config["MAIL_TIMEOUT"],
    )
    handler.setLevel(logging.ERROR)
    handler.setFormatter(logging.Formatter(MAIL_FORMAT))
    return handler
