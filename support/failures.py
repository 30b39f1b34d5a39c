"""Real failures for the error-reporting scenarios, caused in the scenario's own database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

#: What SQLite says about a file that is not a database.
NOT_A_DATABASE = "file is not a database"

#: What the database says when it refuses new entries.
DISK_FULL = "database or disk is full"


def corrupt_database(path: str) -> str:
    """Overwrite the SQLite file with bytes that are not a database; return SQLite's error."""
    Path(path).write_bytes(b"This is not an SQLite database. " * 256)
    return NOT_A_DATABASE


def refuse_new_entries(path: str) -> str:
    """Make the database reject every new entry, as a full disk would; return its error."""
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TRIGGER refuse_entries BEFORE INSERT ON entries "
            f"BEGIN SELECT RAISE(ABORT, '{DISK_FULL}'); END"
        )
    return DISK_FULL
