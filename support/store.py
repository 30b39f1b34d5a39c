"""Direct access to a scenario's database, for preparing and checking stored data."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask

from app.db import get_db


def add_entries(app: Flask, entries: Iterable[tuple[str, str]]) -> None:
    """Store entries in the given order, as if posted one after another."""
    with app.app_context():
        db = get_db()
        db.executemany("INSERT INTO entries (title, text) VALUES (?, ?)", entries)
        db.commit()


def stored_titles(app: Flask) -> list[str]:
    """Every stored title, oldest first."""
    with app.app_context():
        rows = get_db().execute("SELECT title FROM entries ORDER BY id").fetchall()
    return [row["title"] for row in rows]
