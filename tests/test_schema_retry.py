"""How a new database file is given its schema while another process holds its lock,
on a clock the test moves by hand; the busy timeout; a failed write rolled back at once."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from flask import Flask

from app import db as db_module
from app.db import BUSY_TIMEOUT
from app.db import ensure_schema
from app.db import get_db
from app.db import transaction


class Clock:
    """time.monotonic and time.sleep for app.db: readings from ``readings``, then each
    sleep moves the clock on by what it was asked to sleep."""

    def __init__(self, *readings: float) -> None:
        self.readings = list(readings)
        self.now = readings[-1] if readings else 100.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        if self.readings:
            self.now = self.readings.pop(0)
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        if len(self.sleeps) > 5000:
            raise AssertionError("still waiting after 5000 tries")
        self.now += seconds


class LockedFor:
    """A connection whose first ``times`` statements fail with ``message``."""

    def __init__(self, db: sqlite3.Connection, times: float, message: str) -> None:
        self.db, self.times, self.message = db, times, message

    def execute(self, *args: Any) -> Any:
        if self.times > 0:
            self.times -= 1
            raise sqlite3.OperationalError(self.message)
        return self.db.execute(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.db, name)


def schema_with(app: Flask, monkeypatch: pytest.MonkeyPatch, clock: Clock, db: LockedFor) -> None:
    monkeypatch.setattr(db_module, "time", clock)
    with app.app_context():
        ensure_schema(db)  # type: ignore[arg-type]


def test_a_locked_new_file_is_tried_again_every_ten_milliseconds(
    app: Flask, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    clock = Clock()
    with sqlite3.connect(tmp_path / "new.sqlite") as raw:
        schema_with(app, monkeypatch, clock, LockedFor(raw, 3, "database is locked"))
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
    assert clock.sleeps == [0.01, 0.01, 0.01], f"expected 3 waits of 10 ms, got {clock.sleeps}"
    assert "entries" in tables, f"the schema was not made: {tables}"


def test_a_file_locked_beyond_the_busy_timeout_fails_after_ten_seconds(
    app: Flask, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    clock = Clock(100.0)
    with sqlite3.connect(tmp_path / "new.sqlite") as raw:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            schema_with(app, monkeypatch, clock, LockedFor(raw, float("inf"), "database is locked"))
    waited = clock.now - 100.0
    assert 10.0 < waited < 10.05, f"expected to give up just after 10 s, gave up after {waited}"


def test_a_locked_file_is_still_tried_at_the_very_moment_the_busy_timeout_ends(
    app: Flask, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    clock = Clock(100.0, 110.0, 110.5)  # start, the deadline itself, past it
    with sqlite3.connect(tmp_path / "new.sqlite") as raw:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            schema_with(app, monkeypatch, clock, LockedFor(raw, 2, "database is locked"))
    assert len(clock.sleeps) == 1, f"expected one more try at the deadline, got {clock.sleeps}"


def test_an_error_other_than_a_lock_is_not_tried_again(
    app: Flask, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    clock = Clock()
    with sqlite3.connect(tmp_path / "new.sqlite") as raw:
        with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
            schema_with(app, monkeypatch, clock, LockedFor(raw, 1, "disk I/O error"))
    assert clock.sleeps == [], f"expected no retry, got {clock.sleeps}"


def test_a_request_waits_ten_seconds_for_another_writer(app: Flask) -> None:
    assert BUSY_TIMEOUT == 10.0
    with app.app_context():
        waits = get_db().execute("PRAGMA busy_timeout").fetchone()[0]
    assert waits == 10_000, f"expected a busy timeout of 10000 ms, got {waits}"


def test_a_failed_write_is_rolled_back_at_once(app: Flask) -> None:
    with app.app_context():
        db = get_db()
        with pytest.raises(RuntimeError):
            with transaction(db):
                db.execute("INSERT INTO entries (title, text) VALUES ('t', 'x')")
                raise RuntimeError("the view failed")
        assert not db.in_transaction, "the failed write's transaction was left open"
        assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == 0


def test_a_connection_whose_schema_cannot_be_made_is_closed(
    app: Flask, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that is not a database fails the schema: the connection opened for it is
    closed, not left to the garbage collector."""
    not_a_database = tmp_path / "blog.sqlite"
    not_a_database.write_bytes(b"not a database" * 512)
    opened: list[sqlite3.Connection] = []
    connect = sqlite3.connect

    def keeping(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        opened.append(connect(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(db_module.sqlite3, "connect", keeping)
    with app.app_context(), pytest.raises(sqlite3.DatabaseError):
        db_module.connect(str(not_a_database))
    assert len(opened) == 1
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        opened[0].execute("SELECT 1")
