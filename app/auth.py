"""Logging the single admin in and out, and keeping password guessers out."""

from __future__ import annotations

import functools
import hmac
import math
import time
from collections.abc import Callable
from typing import Any

import limits
from flask import Blueprint
from flask import current_app
from flask import flash
from flask import Flask
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from werkzeug.exceptions import TooManyRequests
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


def refusal() -> tuple[str, int]:
    """The 401 page, with a way to log in."""
    return render_template("errors/401.html"), 401


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse anonymous requests with 401 and a way to log in."""

    @functools.wraps(view)
    def wrapped_view(**kwargs: Any) -> Any:
        if not is_logged_in():
            return refusal()
        return view(**kwargs)

    wrapped_view.admin_only = True  # type: ignore[attr-defined]
    return wrapped_view


def refuse_anonymous() -> tuple[str, int] | None:
    """Answer 401 for admin-only views before any other check (such as CSRF) runs."""
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "admin_only", False) and not is_logged_in():
        return refusal()
    return None


class LoginThrottle:
    """Counts failed logins per client in a moving window (``LOGIN_LIMIT``)."""

    def __init__(self, storage_uri: str) -> None:
        self.storage_uri = storage_uri
        self._limiter: MovingWindowRateLimiter | None = None

    @property
    def limiter(self) -> MovingWindowRateLimiter:
        """The limiter, made on first use (memory storage starts a thread)."""
        if self._limiter is None:
            self._limiter = MovingWindowRateLimiter(storage_from_string(self.storage_uri))
        return self._limiter

    @staticmethod
    def limit() -> limits.RateLimitItem:
        """The configured limit, e.g. "5 per 15 minutes"."""
        return limits.parse(current_app.config["LOGIN_LIMIT"])

    def check(self, client: str) -> None:
        """Raise 429, saying when to try again, once ``client`` has failed too often."""
        if not self.limiter.test(self.limit(), "failed-login", client):
            stats = self.limiter.get_window_stats(self.limit(), "failed-login", client)
            wait = max(1, math.ceil(stats.reset_time - time.time()))
            minutes = math.ceil(wait / 60)
            raise TooManyRequests(
                "Too many failed logins from your address. Please try again in "
                f"{minutes} minute{'s' if minutes != 1 else ''}.",
                retry_after=wait,
            )

    def failed(self, client: str) -> None:
        """Count one failed login by ``client``."""
        self.limiter.hit(self.limit(), "failed-login", client)


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
        throttle: LoginThrottle = current_app.extensions["login_throttle"]
        client = request.remote_addr or "unknown"
        throttle.check(client)
        username = request.form.get("username", "")
        if credentials_match(username, request.form.get("password", "")):
            # A fresh session: nothing from before the login survives it.
            session.clear()
            session[LOGGED_IN] = True
            current_app.logger.info("Admin %r logged in from %s", username, client)
            flash("You were logged in")
            return redirect(url_for("blog.index"))
        throttle.failed(client)
        # %r quotes user input on one line, so CR/LF in it cannot forge log lines.
        current_app.logger.warning("Failed login for username %r from %s", username, client)
        flash(INVALID_LOGIN, "error")
    return render_template("auth/login.html")


@bp.route("/logout", methods=("POST",))
def logout() -> Any:
    """End the session; a POST, because logging out changes state."""
    session.clear()
    flash("You were logged out")
    return redirect(url_for("blog.index"))


def init_app(app: Flask) -> None:
    """Guard admin-only views (before CSRF checks) and count failed logins."""
    app.before_request(refuse_anonymous)
    app.extensions["login_throttle"] = LoginThrottle(app.config["LOGIN_LIMIT_STORAGE"])
    app.register_blueprint(bp)
