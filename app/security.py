"""What the blog refuses before any view runs, and what it tells browsers to refuse."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from flask import abort
from flask import current_app
from flask import Flask
from flask import render_template
from flask import request
from flask import Response
from flask_wtf.csrf import CSRFError
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import SecurityError

from . import messages

csrf = CSRFProtect()

#: Sent with every response: no foreign scripts or frames, no MIME sniffing.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'; object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}

#: Sent in production only: browsers use HTTPS for this site for a year.
HSTS = "max-age=31536000; includeSubDomains"

#: The only way the blog's forms are sent.
FORM_TYPE = "application/x-www-form-urlencoded"

#: Methods that may carry a form, whose body is checked. Only POST changes anything: a
#: view reads on every other method it accepts (HEAD, which Flask-WTF does not check,
#: included), and the routes answer the rest with 405.
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def add_security_headers(response: Response) -> Response:
    """Add the headers unless a view chose its own."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config["PRODUCTION"]:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def refuse_untrusted_host() -> None:
    """Answer 400 to a Host header outside TRUSTED_HOSTS before the form and CSRF checks.

    Flask notes the refusal while it matches the URL but raises it only once every
    before-request check has passed, and their error pages cannot be built without a
    trusted host. (The admin-only check, which runs earlier, finds no view to guard.)
    """
    if isinstance(request.routing_exception, SecurityError):
        raise request.routing_exception


def check_form_encoding() -> None:
    """Refuse form posts that are not plain UTF-8 forms, before anything decodes them.

    Werkzeug would quietly replace bad bytes with U+FFFD; a post that is not valid UTF-8
    was not sent by a browser from our pages, so it is refused instead.
    """
    if request.method not in WRITE_METHODS:
        return
    # Read the body itself: a chunked request has a body but no Content-Length.
    body = request.get_data(cache=True)
    if not body:
        return
    if request.mimetype != FORM_TYPE:
        abort(415, messages.NOT_A_FORM.format(form_type=FORM_TYPE))
    try:
        parse_qsl(body.decode("utf-8"), keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        abort(400, messages.NOT_UTF8)


def render_csrf_error(error: CSRFError) -> Any:
    """A forged or stale form: say which, in plain words, and how to recover.

    Flask-WTF's own reason ("The CSRF token has expired.") is for the log, not the page.
    """
    stale = "expired" in (error.description or "")
    said = messages.FORM_STALE if stale else messages.FORM_FORGED
    return render_template("errors/csrf.html", said=said), 400


def init_app(app: Flask) -> None:
    """The host check, the form checks, CSRF protection and the headers, in that order."""
    app.before_request(refuse_untrusted_host)
    # Registered before CSRFProtect's own check, so a malformed post gets the precise reason.
    app.before_request(check_form_encoding)
    csrf.init_app(app)
    app.register_error_handler(CSRFError, render_csrf_error)
    app.after_request(add_security_headers)
