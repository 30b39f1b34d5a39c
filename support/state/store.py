"""Direct access to a scenario's database, for preparing and checking stored data."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path

from flask import Flask

from app.auth import LOGGED_IN
from app.auth import login_exists
from app.auth import start_login
from app.blog import utc_now
from app.db import get_db
from app.db import transaction


def add_entries(app: Flask, entries: Iterable[tuple[str, str]]) -> None:
    """Store entries in the given order, as if posted one after another just now (the
    blog's clock, to the second)."""
    posted = utc_now()
    with app.app_context():
        with transaction(get_db()) as db:
            db.executemany(
                "INSERT INTO entries (title, text, posted) VALUES (?, ?, ?)",
                [(title, text, posted) for title, text in entries],
            )


def stored_titles(app: Flask) -> list[str]:
    """Every stored title, oldest first."""
    with app.app_context():
        rows = get_db().execute("SELECT title FROM entries ORDER BY id").fetchall()
    return [row["title"] for row in rows]


#: A stored entry: id, title, text, and when it was posted and last changed (or None).
StoredEntry = tuple[int, str, str, str | None, str | None]


def stored_entries(app: Flask) -> list[StoredEntry]:
    """Every stored entry as (id, title, text, posted, changed), oldest first."""
    with app.app_context():
        rows = (
            get_db()
            .execute("SELECT id, title, text, posted, changed FROM entries ORDER BY id")
            .fetchall()
        )
    return [tuple(row) for row in rows]


def entry_number(app: Flask, title: str) -> int:
    """The id of the newest entry titled ``title``, as the blog's addresses name it."""
    numbers = [entry[0] for entry in stored_entries(app) if entry[1] == title]
    assert numbers, f"no entry titled {title!r}; the blog holds {stored_titles(app)}"
    return numbers[-1]


def delete_entry(app: Flask, title: str) -> None:
    """Delete the newest entry titled ``title`` behind the blog's back, as another tab would."""
    number = entry_number(app, title)
    with app.app_context():
        with transaction(get_db()) as db:
            db.execute("DELETE FROM entries WHERE id = ?", (number,))


def admin_login(app: Flask) -> dict[str, str]:
    """Record a login for the admin, as logging in does; return what its session holds."""
    with app.test_request_context():
        return {LOGGED_IN: start_login()}


def login_is_current(app: Flask, token: str) -> bool:
    """Whether the login ``token`` names has not ended (nor outlived its password)."""
    with app.test_request_context():
        return login_exists(token)


#: The entries table as the blog first made it, before entries carried times.
FIRST_VERSION_ENTRIES = """CREATE TABLE entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    text TEXT NOT NULL
)"""


def write_first_version_blog(path: Path, entries: Iterable[tuple[int, str, str]]) -> None:
    """A database file as the blog's first version made it, holding ``entries``
    (number, title, text)."""
    with closing(sqlite3.connect(path)) as old:
        with old:
            old.execute(FIRST_VERSION_ENTRIES)
            old.executemany("INSERT INTO entries (id, title, text) VALUES (?, ?, ?)", entries)
