"""The mail thread's rules, driven by hand: its thread does nothing, the test calls it
with explicit times on a clock that stands still, and the mail server is a stand-in that
records what it is given."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import create_app
from app import reporting
from app.reporting import AdminMailHandler
from app.reporting import failures
from app.reporting import Group
from app.reporting import mail_handler
from app.reporting import MailSender
from support.services.mail import free_port


class StandInMail(AdminMailHandler):
    """Records each mail and the socket timeout it was sent with; ``fail``: refuses it."""

    def __init__(self, fail: bool = False) -> None:
        super().__init__(("127.0.0.1", 25), "flaskr@localhost", ["ops@example.org"], "Flaskr")
        self.fail = fail
        self.sent: list[logging.LogRecord] = []
        self.timeouts: list[float] = []
        self.sending_after_failure: list[int] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.timeouts.append(self.timeout)
        if not self.fail:
            self.sent.append(record)
            return
        try:
            raise ConnectionRefusedError("refused")
        except ConnectionRefusedError:
            self.handleError(record)
        if self.sender is not None:
            self.sending_after_failure.append(self.sender.sending)


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def said() -> Iterator[list[str]]:
    """What the reporting says about itself (the "Could not mail" lines)."""
    handler = Lines()
    failures.addHandler(handler)
    yield handler.lines
    failures.removeHandler(handler)


def idle_sender(
    monkeypatch: pytest.MonkeyPatch, mail: StandInMail, window: float = 10, timeout: float = 5
) -> MailSender:
    """A MailSender whose thread does nothing: the test calls it instead."""
    monkeypatch.setattr(MailSender, "run", lambda self: None)
    sender = MailSender(mail, window, timeout)
    sender.thread.join()
    return sender


class Clock:
    """time.time and time.monotonic for app.reporting: both stand at ``now`` until the
    test moves it. Counts how often the wall clock was read, so that a test knows the
    mail thread has looked at it."""

    def __init__(self, now: float) -> None:
        self.now = now
        self.looks = 0
        self.looked = threading.Condition()

    def time(self) -> float:
        with self.looked:
            self.looks += 1
            self.looked.notify_all()
            return self.now

    def monotonic(self) -> float:
        return self.now

    def move_to(self, now: float) -> int:
        """Set the clock to ``now``; how many looks there were before."""
        with self.looked:
            self.now = now
            return self.looks

    def looked_at(self, looks: int, within: float = 5.0) -> bool:
        """Whether the clock has been looked at ``looks`` times, waiting ``within`` seconds
        at most."""
        with self.looked:
            return self.looked.wait_for(lambda: self.looks >= looks, within)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The clock the mail thread reads, standing still at 100.0 until the test moves it."""
    stopped = Clock(100.0)
    monkeypatch.setattr(reporting, "time", stopped)
    return stopped


def report(created: float, failure: str = "ValueError at app/blog.py:94") -> logging.LogRecord:
    record = logging.LogRecord("flaskr", logging.ERROR, "app/blog.py", 94, "failed", (), None)
    record.created = created
    record.failure = failure
    return record


def test_the_mail_queue_holds_a_thousand_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    size = idle_sender(monkeypatch, StandInMail()).queue.maxsize
    assert size == 1000, f"expected a queue of 1000 reports, got {size}"


def test_a_report_at_the_very_end_of_its_window_is_a_new_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mail = StandInMail()
    sender = idle_sender(monkeypatch, mail, window=10)
    sender.report(report(1000.0))
    sender.report(report(1009.5))
    sender.report(report(1010.0))
    assert [r.created for r in mail.sent] == [1000.0, 1010.0], (
        "expected the first report and the one at the window's end mailed, the one "
        f"within it counted; mailed: {[r.created for r in mail.sent]}"
    )


def test_a_window_that_ends_at_the_moment_looked_at_is_summed_up_then(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mail = StandInMail()
    sender = idle_sender(monkeypatch, mail, window=10)
    sender.report(report(1000.0))
    sender.report(report(1005.0))
    sender.mail_summaries(1010.0)
    assert [getattr(r, "repeats", 0) for r in mail.sent] == [0, 1], (
        f"expected the first mail and a summary of 1 repeat, got {mail.sent}"
    )


def test_a_window_without_repeats_does_not_hold_up_the_summaries_of_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mail = StandInMail()
    sender = idle_sender(monkeypatch, mail, window=10)
    sender.report(report(1000.0, "alone"))
    sender.report(report(1001.0, "repeated"))
    sender.report(report(1002.0, "repeated"))
    sender.mail_summaries(2000.0)
    summaries = [r.failure for r in mail.sent if getattr(r, "repeats", 0)]
    assert summaries == ["repeated"], f"expected the summary of 'repeated', got {summaries}"


def test_a_mail_during_a_stop_waits_only_what_is_left_of_mail_timeout(
    monkeypatch: pytest.MonkeyPatch, clock: Clock
) -> None:
    mail = StandInMail()
    sender = idle_sender(monkeypatch, mail)
    sender.stopping = True
    sender.deadline = clock.now + 0.5
    sender.send(report(1000.0))
    sender.deadline = clock.now - 5
    sender.send(report(1001.0))
    assert mail.timeouts == [0.5, 0.1], (
        f"expected the 0.5 s left, then 0.1 s once past the deadline, got {mail.timeouts}"
    )


def test_a_stop_gives_the_mail_thread_mail_timeout_from_now(
    monkeypatch: pytest.MonkeyPatch, clock: Clock
) -> None:
    sender = idle_sender(monkeypatch, StandInMail(), timeout=5)
    sender.stop()
    assert sender.deadline == clock.now + 5, (
        f"expected a deadline 5 s after {clock.now}, got {sender.deadline}"
    )


def test_a_stop_after_every_mail_went_out_says_nothing_was_left(
    monkeypatch: pytest.MonkeyPatch, said: list[str]
) -> None:
    sender = idle_sender(monkeypatch, StandInMail())
    sender.stop()
    fresh = idle_sender(monkeypatch, StandInMail())
    fresh.report(report(1000.0))
    fresh.stop()
    assert said == [], f"expected no 'not mailed' line, got {said}"


@pytest.mark.parametrize(
    ("queued", "line"), [(1, "1 error report was"), (2, "2 error reports were")]
)
def test_a_stop_says_how_many_reports_it_could_not_mail(
    monkeypatch: pytest.MonkeyPatch, said: list[str], queued: int, line: str
) -> None:
    sender = idle_sender(monkeypatch, StandInMail())
    for n in range(queued):
        sender.queue.put(report(1000.0 + n))
    sender.stop()
    assert [s for s in said if "not mailed" in s] == [
        f"{line} not mailed: the mail server at 127.0.0.1:25 did not take them within "
        "MAIL_TIMEOUT (5 s) as the blog stopped"
    ], said


def test_once_a_stop_gave_up_nothing_more_is_mailed(monkeypatch: pytest.MonkeyPatch) -> None:
    mail = StandInMail()
    sender = idle_sender(monkeypatch, mail)
    sender.stop()
    sender.report(report(1000.0))
    assert mail.sent == [], "a report after the stop counted what was not mailed was mailed"


@pytest.mark.parametrize(
    ("dropped", "line"), [(1, "1 error report was"), (2, "2 error reports were")]
)
def test_reports_left_out_of_a_full_queue_are_counted_in_words(
    monkeypatch: pytest.MonkeyPatch, said: list[str], dropped: int, line: str
) -> None:
    sender = idle_sender(monkeypatch, StandInMail())
    sender.handler.dropped = dropped
    sender.report_dropped()
    assert said == [f"{line} not mailed: 1000 reports were already waiting to be mailed"], said


def test_a_failed_mail_said_in_the_log_no_longer_counts_as_being_sent(
    monkeypatch: pytest.MonkeyPatch, said: list[str]
) -> None:
    mail = StandInMail(fail=True)
    sender = idle_sender(monkeypatch, mail)
    sender.report(report(1000.0))
    assert mail.sending_after_failure == [0], (
        f"expected 0 reports in flight once the failure was said, got {mail.sending_after_failure}"
    )


@pytest.mark.parametrize(
    ("repeats", "what"),
    [(0, "the error report"), (1, "the summary of 1 more error report"),
     (2, "the summary of 2 more error reports")],
)  # fmt: skip
def test_a_failed_mail_is_said_with_what_it_held_and_why(
    monkeypatch: pytest.MonkeyPatch, said: list[str], repeats: int, what: str
) -> None:
    sender = idle_sender(monkeypatch, StandInMail(fail=True))
    record = report(1000.0)
    record.repeats = repeats
    sender.send(record)
    assert said == [
        f"Could not mail {what} to ops@example.org via 127.0.0.1:25: "
        "ConnectionRefusedError('refused')"
    ], said


def test_a_mail_handler_on_its_own_says_when_it_could_not_mail(said: list[str]) -> None:
    config = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": free_port(), "MAIL_SENDER": "f@localhost",
              "MAIL_SUBJECT": "Flaskr failed", "MAIL_TIMEOUT": 1}  # fmt: skip
    handler = mail_handler(config, ["ops@example.org"])
    handler.handle(report(1000.0))
    handler.close()
    assert len(said) == 1 and said[0].startswith("Could not mail the error report to "), said


def test_an_unexpected_error_in_the_mail_thread_is_said_and_the_thread_goes_on(
    monkeypatch: pytest.MonkeyPatch, said: list[str]
) -> None:
    mail = StandInMail()
    sender = idle_sender(monkeypatch, mail)
    broken = logging.LogRecord("flaskr", logging.ERROR, "x.py", 1, "no failure", (), None)
    sender.take(broken)  # it has no ``failure``: report() cannot group it
    sender.take(report(time.time()))
    assert said == ["Could not mail the error reports"], said
    assert len(mail.sent) == 1, "the report after the error was not mailed"


@pytest.mark.parametrize(("more", "words"), [(1, "1 more time after"), (2, "2 more times after")])
def test_a_summary_says_how_many_more_times_the_failure_happened(more: int, words: str) -> None:
    group = Group(report(1000.0), 1600.0)
    for n in range(more):
        group.add(report(1001.0 + n))
    text = group.summary().msg
    assert f"The same failure happened {words}" in text, text


def test_the_reporting_s_own_lines_stay_out_of_the_root_logger() -> None:
    root = Lines()
    logging.getLogger().addHandler(root)
    try:
        failures.error("Could not mail the error report")
    finally:
        logging.getLogger().removeHandler(root)
    assert root.lines == [], f"the reporting's own lines reached the root logger: {root.lines}"


def test_a_summary_is_mailed_when_its_window_ends_with_nothing_else_happening(
    clock: Clock,
) -> None:
    mail = StandInMail()
    clock.move_to(1009.9)
    sender = MailSender(mail, window=10, timeout=1)
    try:
        sender.queue.put(report(1000.0))
        sender.queue.put(report(1005.0))
        # Looked at twice: the first look, with both reports taken, is over.
        assert clock.looked_at(2), "the mail thread does not look at the clock on its own"
        mailed = [getattr(r, "repeats", 0) for r in mail.sent]
        assert mailed == [0], f"expected the first mail only before the window ends: {mailed}"
        looks = clock.move_to(1010.0)
        assert clock.looked_at(looks + 1), "the mail thread stopped looking at the clock"
        deadline = time.monotonic() + 5
        while len(mail.sent) < 2 and time.monotonic() < deadline:
            time.sleep(0.005)
        # Before the stop, which mails every pending summary anyway.
        mailed = [getattr(r, "repeats", 0) for r in mail.sent]
        assert mailed == [0, 1], f"expected the first mail and a summary of 1 repeat: {mailed}"
    finally:
        sender.stop()


def test_the_error_log_is_made_at_its_first_report_not_at_start_up(tmp_path: Path) -> None:
    log = tmp_path / "logs" / "error.log"
    app = create_app({"DATABASE": str(tmp_path / "blog.sqlite"), "ERROR_LOG": str(log)})
    assert not log.exists(), "the error log was made before anything was reported"
    app.logger.error("the first report")
    assert log.exists(), "the first report did not make the error log"
    app.extensions["reporting"].close()
