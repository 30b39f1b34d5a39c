"""Logging the single admin in and out."""

from __future__ import annotations

import functools
import hmac
from collections.abc import Callable
from typing import Any

from flask import Blueprint
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from werkzeug.security import check_password_hash

bp = Blueprint("auth", __name__)

#: The session key that marks a logged-in admin.
LOGGED_IN = "logged_in"

#: The one message for every failed login, so nobody learns which usernames exist.
INVALID_LOGIN = "Invalid username or password"


def is_logged_in() -> bool:
    """Whether this request's session belongs to the logged-in admin."""
    return session.get(LOGGED_IN) is True


@bp.app_context_processor
def inject_logged_in() -> dict[str, bool]:
    """Every template knows, the same way the views do, whether the admin is logged in."""
    return {"logged_in": is_logged_in()}


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse anonymous requests with 401 and a way to log in."""

    @functools.wraps(view)
    def wrapped_view(**kwargs: Any) -> Any:
        if not is_logged_in():
            return render_template("errors/401.html"), 401
        return view(**kwargs)

    return wrapped_view


def credentials_match(username: str, password: str) -> bool:
    """Check both parts every time, so timing does not tell which one was wrong."""
    config = current_app.config
    name_ok = hmac.compare_digest(
        username.encode("utf-8"), config["ADMIN_USERNAME"].encode("utf-8")
    )
    password_ok = check_password_hash(config["ADMIN_PASSWORD_HASH"], password)
    return name_ok and password_ok


@bp.route("/login", methods=("GET", "POST"))
def login() -> Any:
    """Show the login form; on a good post start a fresh, logged-in session."""
    if request.method == "POST":
        username = request.form.get("username", "")
        if credentials_match(username, request.form.get("password", "")):
            current_app.logger.info("Admin %r logged in from %s", username, request.remote_addr)
            # A fresh session: nothing from before the login survives it.
            session.clear()
            session[LOGGED_IN] = True
            flash("You were logged in")
            return redirect(url_for("blog.index"))
        # %r quotes user input on one line, so CR/LF in it cannot forge log lines.
        current_app.logger.warning(
            "Failed login for username %r from %s", username, request.remote_addr
        )
        flash(INVALID_LOGIN, "error")
    return render_template("auth/login.html")


@bp.route("/logout", methods=("POST",))
def logout() -> Any:
    """End the session; a POST, because logging out changes state."""
    session.clear()
    flash("You were logged out")
    return redirect(url_for("blog.index"))
