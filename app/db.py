"""SQLite access: one connection per request, kept on ``g``."""

from __future__ import annotations

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
    """Open the database file, creating the schema when the file is new or empty."""
    db = sqlite3.connect(path, detect_types=sqlite3.PARSE_DECLTYPES)
    db.row_factory = sqlite3.Row
    # An empty file (e.g. one just made by mkstemp) has no tables yet.
    if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
        create_schema(db)
    return db


def create_schema(db: sqlite3.Connection) -> None:
    """Drop and recreate every table from ``schema.sql``."""
    with current_app.open_resource("schema.sql") as f:
        db.executescript(f.read().decode("utf8"))


def init_db() -> None:
    """Reset the configured database to an empty blog."""
    create_schema(get_db())


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
