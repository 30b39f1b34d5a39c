"""Logging the single admin in and out, and keeping password guessers out."""

from __future__ import annotations

import functools
import hashlib
import hmac
import ipaddress
import math
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any

import limits
from flask import Blueprint
from flask import current_app
from flask import flash
from flask import Flask
from flask import g
from flask import redirect
from flask import render_template
from flask import request
from flask import Response
from flask import session
from flask import url_for
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from werkzeug.exceptions import ServiceUnavailable
from werkzeug.exceptions import TooManyRequests
from werkzeug.security import check_password_hash

from . import messages
from .db import get_db
from .db import transaction

bp = Blueprint("auth", __name__)

#: The session key that holds the token of the admin's login.
LOGGED_IN = "admin_login"

#: How much of a username the log keeps of a failed or refused login.
LOGGED_USERNAME_LENGTH = 64


def password_fingerprint() -> str:
    """A digest of the configured password hash: a new password ends every login."""
    return hashlib.sha256(current_app.config["ADMIN_PASSWORD_HASH"].encode()).hexdigest()


def is_logged_in() -> bool:
    """Whether this request's session holds a login that has not ended (checked once)."""
    if "admin_logged_in" not in g:
        token = session.get(LOGGED_IN)
        g.admin_logged_in = isinstance(token, str) and login_exists(token)
    return g.admin_logged_in


def login_exists(token: str) -> bool:
    """Whether ``token`` names a login that has not ended, for the current password."""
    row = (
        get_db()
        .execute(
            "SELECT 1 FROM admin_logins WHERE token = ? AND password_fingerprint = ?",
            (token, password_fingerprint()),
        )
        .fetchone()
    )
    return row is not None


def start_login() -> str:
    """Record a new login and return its token, for the session to hold."""
    token = secrets.token_urlsafe(32)
    with transaction(get_db()) as db:
        db.execute(
            "INSERT INTO admin_logins (token, password_fingerprint, started) VALUES (?, ?, ?)",
            (token, password_fingerprint(), time.time()),
        )
    return token


def end_login() -> None:
    """End the session's login, wherever else its cookie may have been copied."""
    token = session.get(LOGGED_IN)
    if isinstance(token, str):
        with transaction(get_db()) as db:
            db.execute("DELETE FROM admin_logins WHERE token = ?", (token,))


@bp.app_context_processor
def inject_logged_in() -> dict[str, bool]:
    """Every template knows, the same way the views do, whether the admin is logged in."""
    try:
        return {"logged_in": is_logged_in()}
    except sqlite3.Error:
        # The error page for a broken database must still render: as logged out.
        return {"logged_in": False}


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


def client_key(address: str | None) -> str:
    """Whom to count attempts for: the address, or its /64 network for IPv6.

    One IPv6 host usually has a whole /64 to pick addresses from.
    """
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return address or "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


#: What a refused login says to wait while the login-limit store is down.
STORE_DOWN_RETRY_SECONDS = 120


class LoginThrottle:
    """Counts login attempts per client in a moving window (``LOGIN_LIMIT``).

    Every attempt is counted before the password is checked, in one atomic step, so
    parallel guesses cannot slip past the limit; a successful login clears the count,
    so only failed attempts add up.
    """

    def __init__(self, storage_uri: str) -> None:
        self.storage_uri = storage_uri
        self._limiter: MovingWindowRateLimiter | None = None
        # The in-memory storage can let two first attempts through side by side.
        self._lock = threading.Lock()

    @property
    def limiter(self) -> MovingWindowRateLimiter:
        """The limiter, made on first use (memory storage starts a thread)."""
        if self._limiter is None:
            storage = storage_from_string(self.storage_uri, wrap_exceptions=True)
            self._limiter = MovingWindowRateLimiter(storage)
        return self._limiter

    @staticmethod
    def limit() -> limits.RateLimitItem:
        """The configured limit, e.g. "5 per 15 minutes"."""
        return limits.parse(current_app.config["LOGIN_LIMIT"])

    def attempt(self, client: str) -> None:
        """Count an attempt; raise 429, saying when to try again, if it is one too many.

        When the store cannot count (a shared one that is down), logging in is refused
        with 503 rather than let through uncounted; reading the blog goes on.
        """
        try:
            with self._lock:
                allowed = self.limiter.hit(self.limit(), "login", client)
        except StorageError as error:
            current_app.logger.error("Cannot count failed logins: %r", error.storage_error)
            raise ServiceUnavailable(
                messages.LOGIN_UNAVAILABLE,
                retry_after=STORE_DOWN_RETRY_SECONDS,
            ) from None
        if not allowed:
            stats = self.limiter.get_window_stats(self.limit(), "login", client)
            wait = max(1, math.ceil(stats.reset_time - time.time()))
            minutes = math.ceil(wait / 60)
            raise TooManyRequests(
                messages.TOO_MANY_LOGINS.format(wait=messages.minutes(minutes)),
                retry_after=wait,
            )

    def succeeded(self, client: str) -> None:
        """Forget ``client``'s attempts: the right password was given."""
        self.limiter.clear(self.limit(), "login", client)


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
        client = client_key(request.remote_addr)
        username = request.form.get("username", "")
        # %r quotes user input on one line, so CR/LF in it cannot forge log lines; only
        # its start is logged, so a refused guesser cannot fill the log with long names.
        logged = username[:LOGGED_USERNAME_LENGTH]
        try:
            throttle.attempt(client)
        except TooManyRequests:
            current_app.logger.warning(
                "Login for username %r from %s refused: too many failed logins", logged, client
            )
            raise
        if credentials_match(username, request.form.get("password", "")):
            throttle.succeeded(client)
            # A fresh session: nothing from before the login survives it.
            end_login()
            session.clear()
            session[LOGGED_IN] = start_login()
            current_app.logger.info("Admin %r logged in from %s", username, client)
            flash(messages.LOGGED_IN)
            return redirect(url_for("blog.index"))
        current_app.logger.warning("Failed login for username %r from %s", logged, client)
        flash(messages.INVALID_LOGIN, "error")
        # The username is kept for another try; the password never goes back to the page.
        return render_template("auth/login.html", username=username)
    return render_template("auth/login.html", username="")


@bp.route("/logout", methods=("POST",))
def logout() -> Any:
    """End the login and the session; a POST, because logging out changes state."""
    end_login()
    session.clear()
    flash(messages.LOGGED_OUT)
    return redirect(url_for("blog.index"))


def not_stored(response: Response) -> Response:
    """Keep the admin's pages, the login form (its token) and the answers to posts out of
    every cache: a shared computer's back button or a proxy must not show them to the
    next person.

    Whether the admin is logged in is what this request already found out, if anything
    asked (a static file never does), so no request asks the database for it again.
    """
    if request.method == "POST" or request.endpoint == "auth.login" or g.get("admin_logged_in"):
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Guard admin-only views (before CSRF checks), count failed logins and keep the
    admin's pages out of caches."""
    app.before_request(refuse_anonymous)
    app.after_request(not_stored)
    app.extensions["login_throttle"] = LoginThrottle(app.config["LOGIN_LIMIT_STORAGE"])
    app.register_blueprint(bp)
