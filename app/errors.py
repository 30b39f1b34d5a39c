"""Friendly pages for the errors a visitor can meet."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask import Flask
from flask import render_template
from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.exceptions import SecurityError

from . import messages


def render_error(error: HTTPException) -> Any:
    """Show the error in the site's own layout, keeping its status code and headers."""
    if isinstance(error, SecurityError):
        # An untrusted host: no link of the layout can be built, and none should point there.
        return (
            f"{messages.UNTRUSTED_HOST}\n",
            error.code,
            {"Content-Type": "text/plain; charset=utf-8"},
        )
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    return render_template("errors/http.html", error=error), error.code, headers


def render_too_large(error: RequestEntityTooLarge) -> Any:
    """Say how large a post may be."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    error.description = messages.TOO_LARGE.format(most=f"{limit / 1024 / 1024:g}")
    return render_error(error)


def init_app(app: Flask) -> None:
    """Use :func:`render_error` for every HTTP error."""
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(RequestEntityTooLarge, render_too_large)
