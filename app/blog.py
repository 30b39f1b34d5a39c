"""Reading the entries and posting new ones."""

from __future__ import annotations

from typing import Any

import nh3
from flask import Blueprint
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for

from .auth import admin_required
from .db import get_db

bp = Blueprint("blog", __name__)

#: Formatting an admin may use in an entry's text; everything else is removed.
ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "code", "em", "i",
    "li", "ol", "p", "pre", "strong", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https"}


def clean_text(html: str) -> str:
    """Keep simple formatting, drop anything that could run or restyle the page."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def render_index(errors: dict[str, str] | None = None, status: int = 200) -> Any:
    """The front page, optionally with the posting form's errors."""
    entries = get_db().execute("SELECT id, title, text FROM entries ORDER BY id DESC").fetchall()
    page = render_template(
        "blog/index.html",
        entries=entries,
        errors=errors or {},
        form=request.form,
    )
    return page, status


@bp.route("/")
def index() -> Any:
    """List every entry, newest first."""
    return render_index()


@bp.route("/add", methods=("POST",))
@admin_required
def add() -> Any:
    """Store a new entry; its title stays plain text, its text is sanitised here."""
    title = request.form.get("title", "").strip()
    if not title:
        return render_index({"title": "Title is required"}, status=400)
    db = get_db()
    db.execute(
        "INSERT INTO entries (title, text) VALUES (?, ?)",
        (title, clean_text(request.form.get("text", ""))),
    )
    db.commit()
    flash("New entry was successfully posted")
    return redirect(url_for("blog.index"))
