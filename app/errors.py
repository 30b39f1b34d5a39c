"""Friendly pages for the errors a visitor can meet."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask import render_template
from werkzeug.exceptions import HTTPException


def render_error(error: HTTPException) -> Any:
    """Show the error in the site's own layout, keeping its status code."""
    return render_template("errors/http.html", error=error), error.code


def init_app(app: Flask) -> None:
    """Use :func:`render_error` for every HTTP error."""
    app.register_error_handler(HTTPException, render_error)
