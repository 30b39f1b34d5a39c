"""Direct access to a scenario's database, for preparing and checking stored data."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask

from app.auth import LOGGED_IN
from app.auth import login_exists
from app.auth import start_login
from app.db import get_db
from app.db import transaction


def add_entries(app: Flask, entries: Iterable[tuple[str, str]]) -> None:
    """Store entries in the given order, as if posted one after another."""
    with app.app_context():
        with transaction(get_db()) as db:
            db.executemany("INSERT INTO entries (title, text) VALUES (?, ?)", entries)


def stored_titles(app: Flask) -> list[str]:
    """Every stored title, oldest first."""
    with app.app_context():
        rows = get_db().execute("SELECT title FROM entries ORDER BY id").fetchall()
    return [row["title"] for row in rows]


def stored_entries(app: Flask) -> list[tuple[int, str, str]]:
    """Every stored entry as (id, title, text), oldest first."""
    with app.app_context():
        rows = get_db().execute("SELECT id, title, text FROM entries ORDER BY id").fetchall()
    return [tuple(row) for row in rows]


def admin_login(app: Flask) -> dict[str, str]:
    """Record a login for the admin, as logging in does; return what its session holds."""
    with app.test_request_context():
        return {LOGGED_IN: start_login()}


def login_is_current(app: Flask, token: str) -> bool:
    """Whether the login ``token`` names has not ended (nor outlived its password)."""
    with app.test_request_context():
        return login_exists(token)
