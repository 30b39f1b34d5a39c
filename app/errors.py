"""Friendly pages for the errors a visitor can meet."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask import Flask
from flask import render_template
from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.exceptions import SecurityError

#: What a request naming a host outside TRUSTED_HOSTS is told.
UNTRUSTED_HOST = "This blog does not answer to that host name.\n"


def render_error(error: HTTPException) -> Any:
    """Show the error in the site's own layout, keeping its status code and headers."""
    if isinstance(error, SecurityError):
        # An untrusted host: no link of the layout can be built, and none should point there.
        return UNTRUSTED_HOST, error.code, {"Content-Type": "text/plain; charset=utf-8"}
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    return render_template("errors/http.html", error=error), error.code, headers


def render_too_large(error: RequestEntityTooLarge) -> Any:
    """Say how large a post may be."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    error.description = (
        f"The post is larger than {limit / 1024 / 1024:g} MiB, the most the blog accepts."
    )
    return render_error(error)


def init_app(app: Flask) -> None:
    """Use :func:`render_error` for every HTTP error."""
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(RequestEntityTooLarge, render_too_large)
