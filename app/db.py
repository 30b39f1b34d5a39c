"""SQLite access: one connection per request, kept on ``g``."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask import current_app
from flask import Flask
from flask import g
from flask import request
from flask.cli import with_appcontext

from .messages import EMPTY_MANY
from .messages import EMPTY_ONE
from .messages import INITIALIZED
from .messages import NOTHING_DELETED

#: Seconds a request waits for another request's write to finish.
BUSY_TIMEOUT = 10.0


class SchemaChecks:
    """The database files one app has made sure have the schema. Checking runs the whole
    schema script, about 0.07 ms or near a tenth of a page view, so each file is checked
    once per app rather than at every request."""

    def __init__(self) -> None:
        self.done: set[str] = set()
        # Requests arriving together at a new file must not create it side by side.
        self.lock = threading.Lock()

    def ensure(self, db: sqlite3.Connection, path: str) -> None:
        """Give the file at ``path`` (open as ``db``) the schema, unless done before."""
        if path in self.done:
            return
        with self.lock:
            if path not in self.done:
                ensure_schema(db)
                self.done.add(path)


def get_db() -> sqlite3.Connection:
    """Return this request's connection, opening it on first use."""
    if "db" not in g:
        g.db = connect(current_app.config["DATABASE"])
    return g.db


def open_db() -> None:
    """Open the connection up front for the blog's own views, so each can rely on it.

    Static files and unknown addresses need no database: when it is broken, a page
    view fails once, not once more for its stylesheet.
    """
    if request.endpoint not in (None, "static"):
        get_db()


def close_db(exc: BaseException | None = None) -> None:
    """Close this request's connection, if one was opened."""
    db = g.pop("db", None)
    if db is not None:
        db.close()


def connect(path: str) -> sqlite3.Connection:
    """Open the database file, making sure (once per app and file) it has the schema."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    # Autocommit: writes say where their transaction starts, see transaction().
    db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT)
    db.row_factory = sqlite3.Row
    try:
        current_app.extensions["schema_checks"].ensure(db, path)
    except BaseException:
        db.close()
        raise
    return db


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction that takes the write lock up front.

    BEGIN IMMEDIATE waits (up to the busy timeout) for other writers instead of failing
    halfway with "database is locked"; an exception rolls everything back.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def ensure_schema(db: sqlite3.Connection) -> None:
    """Create whatever tables and columns are missing (``schema.sql``, then the columns
    added since); harmless when all exist.

    Another process may be doing the same at the same moment, so a locked database is
    waited for, up to the busy timeout.
    """
    with current_app.open_resource("schema.sql") as f:
        schema = f.read().decode("utf8")
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            # WAL lets readers go on while one request writes; the setting stays with the file.
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(schema)
            add_missing_columns(db)
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


#: Columns ``entries`` has gained since its first version (id, title, text), with their
#: SQL type: a file made before gets them the first time the blog opens it, empty
#: unless FILLED_FROM says otherwise.
ADDED_ENTRY_COLUMNS = {"posted": "TEXT", "changed": "TEXT", "source": "TEXT"}

#: Added columns that the entries already there fill from another column: an entry from
#: before sources were kept is edited as the HTML it is stored as.
FILLED_FROM = {"source": "text"}


def missing_entry_columns(db: sqlite3.Connection) -> list[str]:
    """The columns of ADDED_ENTRY_COLUMNS the file's ``entries`` table lacks."""
    present = {row[1] for row in db.execute("PRAGMA table_info(entries)")}
    return [name for name in ADDED_ENTRY_COLUMNS if name not in present]


def add_missing_columns(db: sqlite3.Connection) -> None:
    """Bring an ``entries`` table of an older version up to date, keeping every entry.

    Another process may be upgrading the same file at the same moment: the columns are
    looked for again under the write lock, so each is added exactly once.
    """
    if not missing_entry_columns(db):
        return
    with transaction(db):
        for name in missing_entry_columns(db):
            db.execute(f"ALTER TABLE entries ADD COLUMN {name} {ADDED_ENTRY_COLUMNS[name]}")
            if name in FILLED_FROM:
                db.execute(f"UPDATE entries SET {name} = {FILLED_FROM[name]}")


def init_db() -> None:
    """Reset the configured database to an empty blog: drop every table, create anew."""
    db = get_db()
    tables = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    for (name,) in tables:
        db.execute(f'DROP TABLE "{name}"')
    ensure_schema(db)


def entry_count() -> int:
    """How many entries the configured database holds."""
    return get_db().execute("SELECT COUNT(*) FROM entries").fetchone()[0]


@click.command("init-db")
@click.option("--yes", is_flag=True, help="Delete every entry without asking (for scripts).")
@with_appcontext
def init_db_command(yes: bool) -> None:
    """Empty the blog: every entry and login deleted, the tables made anew. Asks first
    when there are entries."""
    count = entry_count()
    if count and not yes:
        question = EMPTY_ONE if count == 1 else EMPTY_MANY.format(count=count)
        try:
            confirmed = click.confirm(question, default=False)
        except click.Abort:  # no answer: the input ended, or Ctrl-C
            confirmed = False
            click.echo()
        if not confirmed:
            click.echo(NOTHING_DELETED)
            click.get_current_context().exit(1)
    init_db()
    click.echo(INITIALIZED)


def init_app(app: Flask) -> None:
    """Open a connection before each request, close it on teardown, add ``init-db``."""
    app.extensions["schema_checks"] = SchemaChecks()
    app.before_request(open_db)
    app.teardown_appcontext(close_db)
    app.cli.add_command(init_db_command)
