"""The database layer under concurrency: first use, write transactions, rollback, and
the upgrade of a file made by an older version."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from datetime import datetime
from datetime import UTC
from pathlib import Path

import pytest
import time_machine
from flask import Flask

from app import create_app
from app.db import ADDED_ENTRY_COLUMNS
from app.db import ensure_schema
from app.db import get_db
from app.db import init_db
from app.db import transaction
from support.scenarios.fixtures import DEFAULT_ADMIN
from support.state.store import admin_login
from support.state.store import stored_titles
from support.state.store import write_first_version_blog

ROOT = Path(__file__).resolve().parent.parent


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


#: Entries a blog of the old schema holds, a gap in the numbers included.
OLD_POSTS = [
    (1, "Opening the shop", "<p>We open on <strong>Monday</strong>.</p>"),
    (2, "Sommerzeit", "Ab Juni schließen wir um sechs."),
    (5, "营业时间", "九点开门。"),
]


def old_blog(path: Path) -> list[tuple[int, str, str]]:
    """A database file of the old schema holding OLD_POSTS; what it holds."""
    write_first_version_blog(path, OLD_POSTS)
    with closing(sqlite3.connect(path)) as old:
        return old.execute("SELECT id, title, text FROM entries ORDER BY id").fetchall()


def entry_columns(path: Path) -> list[tuple[str, str]]:
    """The columns of the file's entries table, with their types, in order."""
    with closing(sqlite3.connect(path)) as db:
        return [(row[1], row[2]) for row in db.execute("PRAGMA table_info(entries)")]


def stored_rows(path: Path) -> list[tuple[object, ...]]:
    """Every entry of the file, every column, oldest first."""
    with closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT * FROM entries ORDER BY id").fetchall()


def blog_on(path: Path) -> Flask:
    """A blog whose database is ``path``, with the test admin."""
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test secret",
            "DATABASE": str(path),
            "ADMIN_USERNAME": DEFAULT_ADMIN.username,
            "ADMIN_PASSWORD_HASH": DEFAULT_ADMIN.password_hash,
        }
    )


def test_an_old_database_keeps_every_entry_and_new_posts_get_their_time(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    before = old_blog(path)
    app = blog_on(path)
    client = app.test_client()
    with time_machine.travel(datetime(2026, 11, 29, 14, 5, 9, tzinfo=UTC), tick=False):
        with client.session_transaction() as session:
            session.update(admin_login(app))
        with client.get("/") as front:
            page = front.get_data(as_text=True)
        assert front.status_code == 200
        for _, title, _ in OLD_POSTS:
            assert title in page, f"{title!r} is missing from the front page after the upgrade"
        assert "<time" not in page, "an entry from before times were kept shows a time"
        rows = stored_rows(path)
        assert [row[:3] for row in rows] == before, "the upgrade lost or altered an entry"
        assert [row[3:] for row in rows] == [(None, None, text) for _, _, text in before]
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token, "the front page shows the admin no posting form"
        fields = {"csrf_token": token.group(1), "title": "After the upgrade", "text": "New."}
        with client.post("/add", data=fields) as posted:
            assert posted.status_code == 302
    number, title, _, posted, changed, _ = stored_rows(path)[-1]
    assert (number, title, posted, changed) == (
        6,
        "After the upgrade",
        "2026-11-29T14:05:09Z",
        None,
    )
    app.extensions["reporting"].close()


def test_an_upgraded_database_has_the_columns_of_a_new_one(tmp_path: Path) -> None:
    old_blog(tmp_path / "old.sqlite")
    for name in ("old.sqlite", "new.sqlite"):
        app = blog_on(tmp_path / name)
        with app.app_context():
            get_db()
        app.extensions["reporting"].close()
    assert entry_columns(tmp_path / "old.sqlite") == entry_columns(tmp_path / "new.sqlite")


def test_the_upgrade_runs_again_without_harm(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    before = old_blog(path)
    app = blog_on(path)
    with app.app_context():
        for _ in range(3):
            ensure_schema(get_db())
    app.extensions["reporting"].close()
    assert [name for name, _ in entry_columns(path)] == [
        "id",
        "title",
        "text",
        *ADDED_ENTRY_COLUMNS,
    ]
    assert [row[:3] for row in stored_rows(path)] == before


#: The entries table as the blog made it once entries carried times, before it kept the
#: text as typed.
TIMED_ENTRIES = """CREATE TABLE entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    posted TEXT,
    changed TEXT
)"""

#: Entries a blog of that schema holds: posted, changed, and from before times were kept.
TIMED_POSTS = [
    (1, "Old news", "<p>From long ago.</p>", None, None),
    (2, "Summer hours", "<p>We close at <em>six</em>.</p>", "2026-06-01T09:30:00Z", None),
    (4, "Closed", "<ul><li>Monday</li></ul>", "2026-11-27T09:30:00Z", "2026-11-29T14:05:09Z"),
]


def test_a_database_without_sources_gets_its_html_as_their_sources(tmp_path: Path) -> None:
    path = tmp_path / "timed.sqlite"
    with closing(sqlite3.connect(path)) as timed:
        with timed:
            timed.execute(TIMED_ENTRIES)
            timed.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?)", TIMED_POSTS)
    app = blog_on(path)
    with app.app_context():
        get_db()
    app.extensions["reporting"].close()
    assert stored_rows(path) == [(*post, post[2]) for post in TIMED_POSTS]


def test_the_upgrade_run_again_keeps_the_text_as_typed(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    old_blog(path)
    app = blog_on(path)
    client = app.test_client()
    with client.session_transaction() as session:
        session.update(admin_login(app))
    with client.get("/2/edit") as editing:
        page = editing.get_data(as_text=True)
    assert ">Ab Juni schließen wir um sechs.</textarea>" in page, "the HTML is not in the box"
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "the Edit page has no form with a token"
    typed = "Ab Juni:\n\n- sechs Uhr"
    fields = {"csrf_token": token.group(1), "title": "Sommerzeit", "text": typed}
    with client.post("/2/edit", data=fields) as saved:
        assert saved.status_code == 302
    with app.app_context():
        ensure_schema(get_db())
    app.extensions["reporting"].close()
    _, _, html, _, _, source = stored_rows(path)[1]
    assert (html, source) == ("<p>Ab Juni:</p>\n<ul><li>sechs Uhr</li></ul>", typed)


#: A process of the blog opening the database named on its command line, as workers
#: starting together do: once its app is made it says so, and opens the database when
#: told to go (a line on its input), which every process is told at once.
OPEN_ON_GO = """
import sys
from app import create_app
from app.db import get_db
app = create_app({"DATABASE": sys.argv[1]})
print("ready", flush=True)
sys.stdin.readline()
with app.app_context():
    get_db()
"""


def test_processes_upgrading_one_file_at_once_all_succeed(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    before = old_blog(path)
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN_ON_GO, str(path)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    # Every one ready, however long each took to start on a busy machine; then all go.
    ready = [worker.stdout.readline() for worker in workers]  # type: ignore[union-attr]
    assert ready == ["ready\n"] * len(workers), [w.communicate()[1] for w in workers]
    for worker in workers:
        worker.stdin.write("go\n")  # type: ignore[union-attr]
        worker.stdin.flush()  # type: ignore[union-attr]
    said = [worker.communicate(timeout=60)[1] for worker in workers]
    assert [worker.returncode for worker in workers] == [0] * len(workers), said
    assert [name for name, _ in entry_columns(path)] == [
        "id",
        "title",
        "text",
        *ADDED_ENTRY_COLUMNS,
    ]
    assert [row[:3] for row in stored_rows(path)] == before
