"""Reading the entries, posting new ones, correcting and removing them."""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Container
from datetime import datetime
from datetime import UTC
from typing import Any

from flask import abort
from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for

from . import messages
from .auth import admin_required
from .db import get_db
from .db import transaction
from .text import as_typed
from .text import entry_text

bp = Blueprint("blog", __name__)

#: The longest title the form accepts.
MAX_TITLE_LENGTH = 200

#: Character categories a reader cannot see: format characters and spaces.
INVISIBLE = {"Cf", "Zs"}

#: Characters a text may hold although they are control characters: line breaks and tabs.
TEXT_CONTROLS = {"\t", "\n", "\r"}


def has_control_characters(value: str, allowed: Container[str] = ()) -> bool:
    """Whether ``value`` holds a control character (NUL, escape, ...) not in ``allowed``."""
    return any(unicodedata.category(c) == "Cc" and c not in allowed for c in value)


def entry_errors(title: str, text: str) -> dict[str, str]:
    """What is wrong with an entry, by form field; empty when it may be stored."""
    errors = {}
    if not any(unicodedata.category(c) not in INVISIBLE for c in title):
        errors["title"] = messages.TITLE_REQUIRED
    elif len(title) > MAX_TITLE_LENGTH:
        errors["title"] = messages.TITLE_TOO_LONG.format(most=MAX_TITLE_LENGTH)
    elif has_control_characters(title):
        errors["title"] = messages.TITLE_CONTROL_CHARACTERS
    if has_control_characters(text, TEXT_CONTROLS):
        errors["text"] = messages.TEXT_CONTROL_CHARACTERS
    return errors


def submitted_entry() -> tuple[str, str, dict[str, str]]:
    """The posted form's title and text, and what is wrong with them (``entry_errors``).

    The title is trimmed of leading and trailing whitespace and otherwise kept as typed.
    """
    title = form_field("title").strip()
    text = form_field("text")
    return title, text, entry_errors(title, text)


def form_field(name: str) -> str:
    """A field of the posted form; a post without it is not from our form: 400."""
    if name not in request.form:
        abort(400, messages.FIELD_MISSING.format(field=name))
    return request.form[name]


#: Entries per page of the front page.
PAGE_SIZE = 10

#: The query for one page: it walks the primary key from ``before`` downwards, so a page
#: costs the same with ten entries or a hundred thousand (no scan, no OFFSET).
PAGE_QUERY = (
    "SELECT id, title, text, posted, changed FROM entries WHERE id < ? ORDER BY id DESC LIMIT ?"
)


#: The largest id SQLite can store; ``before`` beyond it is not an entry number.
MAX_ENTRY_ID = 2**63 - 1


def entries_page(before: int | None) -> tuple[list[Any], int | None]:
    """Up to PAGE_SIZE entries older than ``before``, and where the next page starts."""
    rows = get_db().execute(PAGE_QUERY, (before or MAX_ENTRY_ID, PAGE_SIZE + 1)).fetchall()
    older = rows[PAGE_SIZE - 1]["id"] if len(rows) > PAGE_SIZE else None
    return rows[:PAGE_SIZE], older


def render_index(errors: dict[str, str] | None = None, status: int = 200) -> Any:
    """A page of entries, newest first, optionally with the posting form's errors."""
    before = request.args.get("before", type=int)
    if "before" in request.args and (before is None or not 1 <= before <= MAX_ENTRY_ID):
        abort(400, messages.OLDER_ENTRIES_NOT_A_NUMBER)
    entries, older = entries_page(before)
    newer = (
        before is not None
        and get_db().execute("SELECT 1 FROM entries WHERE id >= ? LIMIT 1", (before,)).fetchone()
        is not None
    )
    page = render_template(
        "blog/index.html",
        entries=entries,
        older=older,
        newer_exist=newer,
        nothing=messages.NO_ENTRIES if before is None else messages.NO_OLDER_ENTRIES,
        errors=errors or {},
        form=request.form,
    )
    return page, status


@bp.route("/")
def index() -> Any:
    """The newest entries; ``?before=N`` shows the ones older than entry N."""
    return render_index()


@bp.route("/add", methods=("POST",))
@admin_required
def add() -> Any:
    """Store a new entry, with the time it is posted; its title stays plain text, its
    text is sanitised here."""
    title, text, errors = submitted_entry()
    if errors:
        return render_index(errors, status=400)
    posted = entry_text(text)
    with transaction(get_db()) as db:
        db.execute(
            "INSERT INTO entries (title, text, source, posted) VALUES (?, ?, ?, ?)",
            (title, posted.html, as_typed(text), utc_now()),
        )
    # "posted": the front page then folds its form away, so the new entry is in view.
    if posted.removed:
        removed = ", ".join(posted.removed)
        flash(messages.POSTED_WITH_REMOVALS.format(removed=removed), "posted")
    else:
        flash(messages.POSTED, "posted")
    return redirect(url_for("blog.index"))


#: How an entry's times are stored, and given to browsers in ``<time datetime>``: UTC.
STORED_TIME = "%Y-%m-%dT%H:%M:%SZ"

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def utc_now() -> str:
    """The time now, as an entry's time is stored: 2026-11-29T14:05:09Z."""
    return datetime.now(UTC).strftime(STORED_TIME)


@bp.app_template_filter("readable_time")
def readable_time(stored: str) -> str:
    """A stored time as readers read it, the same in every locale: 29 November 2026, 14:05 UTC."""
    moment = datetime.strptime(stored, STORED_TIME)
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M} UTC"


def storable(entry_id: int) -> bool:
    """Whether ``entry_id`` can be an entry's: a larger number is none, and SQLite
    cannot even take it."""
    return entry_id <= MAX_ENTRY_ID


def get_entry(entry_id: int) -> sqlite3.Row:
    """The entry numbered ``entry_id``; 404, with a way back, when there is none."""
    entry = None
    if storable(entry_id):
        entry = get_db().execute("SELECT * FROM entries WHERE id = ?", (entry_id,)).fetchone()
    if entry is None:
        abort(404, messages.NO_SUCH_ENTRY)
    return entry


def edit_page(entry: sqlite3.Row, errors: dict[str, str], form: Any) -> str:
    """The Edit page of ``entry``: the form holds what was just sent, if anything, else
    the entry as the admin typed it (see ``typed_text``)."""
    return render_template(
        "blog/edit.html", entry=entry, typed=typed_text(entry), errors=errors, form=form
    )


def typed_text(entry: sqlite3.Row) -> str:
    """An entry's text as the admin typed it, not the HTML made from it; the HTML for an
    entry stored without its source (put there by other means than the blog's forms)."""
    return entry["text"] if entry["source"] is None else entry["source"]


@bp.route("/<int:entry_id>/edit", methods=("GET", "POST"))
@admin_required
def edit(entry_id: int) -> Any:
    """The form for correcting an entry; a post is checked and sanitised as a new entry
    is, and stored with the time of the change. Only a POST changes it: HEAD reads."""
    if request.method != "POST":
        return edit_page(get_entry(entry_id), errors={}, form={})
    title, text, errors = submitted_entry()
    if errors:
        return edit_page(get_entry(entry_id), errors=errors, form=request.form), 400
    changed = entry_text(text)
    with transaction(get_db()) as db:
        found = (
            storable(entry_id)
            and db.execute(
                "UPDATE entries SET title = ?, text = ?, source = ?, changed = ? WHERE id = ?",
                (title, changed.html, as_typed(text), utc_now(), entry_id),
            ).rowcount
        )
    if not found:  # no such entry, or deleted since the form was opened
        abort(404, messages.NO_SUCH_ENTRY)
    if changed.removed:
        flash(messages.CHANGED_WITH_REMOVALS.format(removed=", ".join(changed.removed)))
    else:
        flash(messages.CHANGED)
    return redirect(url_for("blog.index"))


@bp.route("/<int:entry_id>/delete", methods=("GET", "POST"))
@admin_required
def delete(entry_id: int) -> Any:
    """Ask whether to delete an entry; delete it only when that is confirmed by a post
    (a HEAD, which the CSRF check lets through, only asks)."""
    if request.method != "POST":
        return render_template("blog/delete.html", entry=get_entry(entry_id))
    with transaction(get_db()) as db:
        found = (
            storable(entry_id)
            and db.execute("DELETE FROM entries WHERE id = ?", (entry_id,)).rowcount
        )
    if not found:  # no such entry, or deleted since the question was asked
        abort(404, messages.NO_SUCH_ENTRY)
    flash(messages.DELETED)
    return redirect(url_for("blog.index"))
