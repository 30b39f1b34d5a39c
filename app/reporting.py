"""Production error reporting: mail to the admins and a rotating log file.

Switched on by configuration keys (``ADMINS`` for mail, ``ERROR_LOG`` for the file),
not by ``app.testing``, so scenarios can turn it on against a local mail server.

Every report is written to the log file at once. Mail goes through a bounded queue to a
background thread, so a slow or dead mail server never delays a page, and repeated
failures do not flood the admins: the first report of a failure is mailed at once; the
same failure again within ``MAIL_GROUP_SECONDS`` is only counted, and one mail sums
those up when the window ends or the process stops. Groups are kept per process (each
gunicorn worker has its own). A stop waits for the mail server at most ``MAIL_TIMEOUT``
seconds in all; reports that were not mailed by then, or that found the queue full,
are counted in the log.
"""

from __future__ import annotations

import atexit
import contextlib
import copy
import datetime
import logging
import os
import queue
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from logging.handlers import QueueHandler
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

#: Reports waiting to be mailed at most; more are left out of mail (never out of the log).
QUEUE_SIZE = 1000

#: While a summary is pending, the mail thread looks at the clock this often (seconds).
TICK = 0.2

#: Put in the queue to wake the mail thread for a stop.
STOP = object()

#: Where the reporting says that it could not report; never mailed, so it cannot loop.
failures = logging.getLogger("flaskr.reporting")
failures.propagate = False


def failure_of(record: logging.LogRecord) -> str:
    """What makes two reports the same failure: the exception's type and the place it
    was raised (the innermost frame), or, without an exception, the record's own place
    and message."""
    kind, _, traceback = record.exc_info or (None, None, None)
    if kind is not None and traceback is not None:
        while traceback.tb_next is not None:
            traceback = traceback.tb_next
        module = kind.__module__
        name = kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"
        return f"{name} at {traceback.tb_frame.f_code.co_filename}:{traceback.tb_lineno}"
    return f"{record.getMessage()!r} at {record.pathname}:{record.lineno}"


def clock_time(seconds: float) -> str:
    """A wall-clock time as the log and the mails write it, to the second."""
    return datetime.datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M:%S")


class AdminMailHandler(SMTPHandler):
    """An SMTPHandler that says so, in the log file and on stderr, when mail fails, and
    gives a summary of repeats a subject of its own."""

    #: The mail thread that sends through this handler, if any: a mail that failed after
    #: a stop counted it as not mailed is not said twice.
    sender: MailSender | None = None

    def getSubject(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        more = getattr(record, "repeats", 0)
        if not more:
            return self.subject
        return f"{self.subject}: {more} more time{'' if more == 1 else 's'}"

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        if self.sender is not None and not self.sender.settle():
            return
        error = sys.exc_info()[1]
        more = getattr(record, "repeats", 0)
        what = f"the summary of {more} more error report{'s' * (more > 1)}"
        failures.error(
            "Could not mail %s to %s via %s:%s: %r",
            what if more else "the error report",
            ", ".join(self.toaddrs),
            self.mailhost,
            self.mailport,
            error,
        )


class MailQueueHandler(QueueHandler):
    """Hands each report to the mail thread with its failure; counts, instead of
    waiting, the reports that find the queue full."""

    def __init__(self, mail_queue: queue.Queue[Any]) -> None:
        super().__init__(mail_queue)
        self.dropped = 0

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        prepared = super().prepare(record)  # a copy, its traceback turned into text
        prepared.failure = failure_of(record)
        return prepared

    def enqueue(self, record: logging.LogRecord) -> None:
        try:
            self.queue.put_nowait(record)
        except queue.Full:
            self.dropped += 1  # handle() holds self.lock

    def take_dropped(self) -> int:
        """How many reports found the queue full since the last call."""
        with self.lock:  # type: ignore[union-attr]
            dropped, self.dropped = self.dropped, 0
        return dropped


@dataclass
class Group:
    """The reports of one failure within its window: the first mailed, the rest counted."""

    last: logging.LogRecord
    ends: float
    more: int = 0
    since: float = 0.0

    def __post_init__(self) -> None:
        self.first = self.last.created

    def add(self, record: logging.LogRecord) -> None:
        """Count one more report of the same failure."""
        self.more += 1
        self.since = self.since or record.created
        self.last = record

    def summary(self) -> logging.LogRecord:
        """The mail that sums up the counted reports: how many, when, and the last one."""
        record = copy.copy(self.last)
        times = "time" if self.more == 1 else "times"
        record.msg = (
            f"The same failure happened {self.more} more {times} after the mail of "
            f"{clock_time(self.first)}: first at {clock_time(self.since)}, "
            f"last at {clock_time(self.last.created)}.\n"
            f"Failure: {self.last.failure}\n\nThe last time:\n\n{self.last.msg}"
        )
        record.args = None
        record.repeats = self.more
        return record


class MailSender:
    """The thread that mails reports, the first of each failure at once and a summary
    of its repeats when its window ends."""

    def __init__(self, mail: AdminMailHandler, window: float, timeout: float) -> None:
        self.mail = mail
        self.window = window
        self.timeout = timeout
        self.queue: queue.Queue[Any] = queue.Queue(QUEUE_SIZE)
        self.handler = MailQueueHandler(self.queue)
        self.handler.setLevel(mail.level)
        mail.sender = self
        self.groups: dict[str, Group] = {}
        self.lock = threading.Lock()
        self.sending = 0  # reports in the mail being sent
        self.stopping = False
        self.abandoned = False
        self.deadline = 0.0
        self.thread = threading.Thread(target=self.run, name="flaskr-mail", daemon=True)
        self.thread.start()

    def run(self) -> None:
        """Mail what comes until told to stop; then what is queued and every summary."""
        while not self.stopping:
            try:
                item = self.queue.get(timeout=TICK if self.groups else None)
            except queue.Empty:
                item = None
            self.take(item)
        while not self.abandoned:
            try:
                item = self.queue.get_nowait()
            except queue.Empty:
                break
            self.take(item)
        self.take(None, until=float("inf"))

    def take(self, item: Any, until: float | None = None) -> None:
        """Sum up the failures whose window has ended, then deal with ``item``.

        A report ends the windows that ended before it happened; otherwise everything
        queued before has been dealt with, and the clock says which windows have ended.
        """
        try:
            self.report_dropped()
            if until is None:
                until = item.created if isinstance(item, logging.LogRecord) else time.time()
            self.mail_summaries(until)
            if isinstance(item, logging.LogRecord):
                self.report(item)
        except Exception:  # the thread must go on: more reports are coming
            failures.exception("Could not mail the error reports")

    def report(self, record: logging.LogRecord) -> None:
        """Mail the first report of a failure; count the same failure within its window."""
        with self.lock:
            group = self.groups.get(record.failure)
            if group is not None and record.created < group.ends:
                group.add(record)
                return
            self.groups[record.failure] = Group(record, record.created + self.window)
            if self.abandoned:
                return
            self.sending = 1
        self.send(record)

    def mail_summaries(self, until: float) -> None:
        """Mail a summary for each failure repeated in a window that ends by ``until``."""
        while True:
            with self.lock:
                key = next((k for k, g in self.groups.items() if g.ends <= until), None)
                if key is None or self.abandoned:
                    return
                group = self.groups.pop(key)
                if not group.more:
                    continue
                self.sending = group.more
            self.send(group.summary())

    def send(self, record: logging.LogRecord) -> None:
        """Hand one mail to the mail server; during a stop, only until its deadline."""
        if self.stopping:
            self.mail.timeout = max(0.1, self.deadline - time.monotonic())
        try:
            self.mail.handle(record)
        finally:
            with self.lock:
                self.sending = 0

    def settle(self) -> bool:
        """The mail being sent is done with; whether it is still this thread's to report
        (not once a stop has counted it as not mailed)."""
        with self.lock:
            self.sending = 0
            return not self.abandoned

    def report_dropped(self) -> None:
        """Say in the log how many reports found the queue full, if any did."""
        dropped = self.handler.take_dropped()
        if dropped:
            failures.error(
                "%d error report%s not mailed: %d reports were already waiting to be mailed",
                dropped,
                " was" if dropped == 1 else "s were",
                QUEUE_SIZE,
            )

    def stop(self) -> None:
        """Mail what is queued and every pending summary, waiting ``timeout`` at most in all;
        then say in the log how many reports were not mailed, if any."""
        self.deadline = time.monotonic() + self.timeout
        self.stopping = True
        with contextlib.suppress(queue.Full):
            self.queue.put_nowait(STOP)  # when it is full, the thread is not waiting anyway
        self.thread.join(self.timeout)
        with self.lock:
            self.abandoned = True
            unsent = self.sending + sum(group.more for group in self.groups.values())
            while True:
                try:
                    item = self.queue.get_nowait()
                except queue.Empty:
                    break
                unsent += isinstance(item, logging.LogRecord)
        self.report_dropped()
        if unsent:
            failures.error(
                "%d error report%s not mailed: the mail server at %s:%s did not take them "
                "within MAIL_TIMEOUT (%g s) as the blog stopped",
                unsent,
                " was" if unsent == 1 else "s were",
                self.mail.mailhost,
                self.mail.mailport,
                self.timeout,
            )


class Reporting:
    """What one app installed to report: its handlers on the process's loggers and its
    mail thread. Whoever owns the app closes it (a server as its process exits, a test
    when it is done with the app), and then nothing of it is left in the process.

    Loggers belong to the process, not to an app: while two apps of one process report,
    each one's records reach both. A server process runs one app.
    """

    def __init__(self, loggers: list[logging.Logger]) -> None:
        self.loggers = loggers
        self.handlers: list[logging.Handler] = []
        self.failure_handlers: list[logging.Handler] = []
        self.sender: MailSender | None = None

    def attach(self, handler: logging.Handler) -> None:
        """Give ``handler`` to every logger that reports."""
        self.handlers.append(handler)
        for logger in self.loggers:
            logger.addHandler(handler)

    def detach(self, handler: logging.Handler) -> None:
        """Take ``handler`` from every logger that reports."""
        for logger in self.loggers:
            logger.removeHandler(handler)

    def attach_failures(self, handler: logging.Handler) -> None:
        """Let ``handler`` tell when mail could not be sent."""
        self.failure_handlers.append(handler)
        failures.addHandler(handler)

    def start_mailing(self, handler: AdminMailHandler, window: float, timeout: float) -> None:
        """Mail through ``handler`` from a background thread, repeats summed up per ``window``."""
        self.sender = MailSender(handler, window, timeout)
        self.attach(self.sender.handler)

    def close(self) -> None:
        """Mail what is pending, then detach and close every handler (no open files left);
        closing again does nothing."""
        atexit.unregister(self.close)
        sender, self.sender = self.sender, None
        if sender is not None:
            self.detach(sender.handler)  # nothing new while the queue is emptied
            sender.stop()
        handlers, self.handlers = self.handlers, []
        failure_handlers, self.failure_handlers = self.failure_handlers, []
        for handler in handlers:
            self.detach(handler)
        for handler in failure_handlers:
            failures.removeHandler(handler)
        mail = (sender.mail,) if sender is not None else ()
        for handler in {*handlers, *failure_handlers, *mail}:
            handler.close()


def init_app(app: Flask) -> Reporting:
    """Install the handlers the config asks for; ``app.extensions["reporting"]`` closes them.

    The process closes them as it exits, mailing what is still queued, unless the app's
    owner did so before.
    """
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
        reporting.start_mailing(
            mail_handler(config, config["ADMINS"]),
            config["MAIL_GROUP_SECONDS"],
            config["MAIL_TIMEOUT"],
        )
        # Failing to mail is said on stderr too, where a process supervisor sees it.
        stderr = logging.StreamHandler(sys.stderr)
        stderr.setFormatter(logging.Formatter(FILE_FORMAT))
        reporting.attach_failures(stderr)

    if reporting.handlers:
        atexit.register(reporting.close)
    app.extensions["reporting"] = reporting
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
