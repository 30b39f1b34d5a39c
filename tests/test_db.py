"""The database layer under concurrency: first use, write transactions, rollback."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from flask import Flask

from app import create_app
from app.db import get_db
from app.db import init_db
from app.db import transaction
from support.store import stored_titles


@pytest.mark.parametrize("trial", range(10))
def test_requests_arriving_together_at_a_new_file_all_succeed(tmp_path: Path, trial: int) -> None:
    app = create_app({"DATABASE": str(tmp_path / f"new-{trial}.sqlite")})
    barrier = threading.Barrier(8)
    statuses: list[int] = []

    def first_request() -> None:
        client = app.test_client()
        barrier.wait()
        with client.get("/") as response:
            statuses.append(response.status_code)

    threads = [threading.Thread(target=first_request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 8


def test_the_database_runs_in_wal_mode(app: Flask) -> None:
    with app.app_context():
        assert get_db().execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_failed_write_leaves_nothing_behind(app: Flask) -> None:
    with app.app_context():
        db = get_db()
        with pytest.raises(sqlite3.IntegrityError), transaction(db):
            db.execute("INSERT INTO entries (title, text) VALUES ('half', 'done')")
            db.execute("INSERT INTO entries (title, text) VALUES (NULL, 'breaks')")
        assert not db.in_transaction
    assert stored_titles(app) == []


def test_a_write_waits_for_another_writer_instead_of_failing(app: Flask) -> None:
    with app.app_context():
        get_db()  # the schema exists before the two writers meet
    locked = threading.Event()

    def hold_the_write_lock() -> None:
        holder = sqlite3.connect(app.config["DATABASE"], isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        locked.set()
        time.sleep(0.3)
        holder.execute("COMMIT")
        holder.close()

    other_writer = threading.Thread(target=hold_the_write_lock)
    other_writer.start()
    locked.wait(5)
    try:
        with app.app_context(), transaction(get_db()) as db:
            db.execute("INSERT INTO entries (title, text) VALUES ('after', 'the wait')")
    finally:
        other_writer.join()
    assert stored_titles(app) == ["after"]


def test_init_db_drops_every_table_and_makes_the_schema_anew(app: Flask) -> None:
    with app.app_context():
        db = get_db()
        with transaction(db):
            db.execute("INSERT INTO entries (title, text) VALUES ('Old', 'x')")
            db.execute("CREATE TABLE stray (x)")
        init_db()
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "stray" not in tables and {"entries", "admin_logins"} <= tables
    assert stored_titles(app) == []
