"""Real failures for the error-reporting scenarios, caused in the scenario's own database."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

#: What SQLite says about a file that is not a database.
NOT_A_DATABASE = "file is not a database"

#: What SQLite says of a database file that is a folder.
CANNOT_OPEN = "unable to open database file"

#: SQLite's message when it cannot write: the database refuses entries with it.
WRITE_REFUSED = "database or disk is full"


def corrupt_database(path: str) -> str:
    """Overwrite the SQLite file with bytes that are not a database; return SQLite's error."""
    Path(path).write_bytes(b"This is not an SQLite database. " * 256)
    return NOT_A_DATABASE


def replace_database_by_folder(path: str) -> str:
    """Put a folder where the SQLite file was; return SQLite's error."""
    Path(path).unlink()
    Path(path).mkdir()
    return CANNOT_OPEN


def remove_folder(path: str) -> None:
    """Remove the folder put where the SQLite file was, so the file can be cleaned up."""
    Path(path).rmdir()


def refuse_new_entries(path: str) -> str:
    """Make the database abort every new entry with SQLite's disk-full message; return it."""
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(
            "CREATE TRIGGER refuse_entries BEFORE INSERT ON entries "
            f"BEGIN SELECT RAISE(ABORT, '{WRITE_REFUSED}'); END"
        )
    return WRITE_REFUSED
