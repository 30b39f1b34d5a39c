"""SQLite access: one connection per request, kept on ``g``."""

from __future__ import annotations

import os
import sqlite3

import click
from flask import current_app
from flask import Flask
from flask import g
from flask.cli import with_appcontext


def get_db() -> sqlite3.Connection:
    """Return this request's connection, opening it on first use."""
    if "db" not in g:
        g.db = connect(current_app.config["DATABASE"])
    return g.db


def open_db() -> None:
    """Open the connection up front, so every view can rely on it."""
    get_db()


def close_db(exc: BaseException | None = None) -> None:
    """Close this request's connection, if one was opened."""
    db = g.pop("db", None)
    if db is not None:
        db.close()


def connect(path: str) -> sqlite3.Connection:
    """Open the database file, giving a new or empty file the schema first."""
    new = not os.path.exists(path) or os.path.getsize(path) == 0
    if new:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    db = sqlite3.connect(path, detect_types=sqlite3.PARSE_DECLTYPES)
    db.row_factory = sqlite3.Row
    try:
        if new:
            create_schema(db)
    except BaseException:
        db.close()
        raise
    return db


def create_schema(db: sqlite3.Connection) -> None:
    """Create whatever tables are missing, from ``schema.sql``."""
    with current_app.open_resource("schema.sql") as f:
        db.executescript(f.read().decode("utf8"))


def init_db() -> None:
    """Reset the configured database to an empty blog: drop every table, create anew."""
    db = get_db()
    tables = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    for (name,) in tables:
        db.execute(f'DROP TABLE "{name}"')
    create_schema(db)


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Clear the existing data and create new tables."""
    init_db()
    click.echo("Initialized the database.")


def init_app(app: Flask) -> None:
    """Open a connection before each request, close it on teardown, add ``init-db``."""
    app.before_request(open_db)
    app.teardown_appcontext(close_db)
    app.cli.add_command(init_db_command)
