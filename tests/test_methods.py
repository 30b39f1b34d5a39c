"""Only a POST with a valid token changes anything: every address, every method."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask import url_for

from app.db import get_db
from app.db import transaction
from support.drivers.client import ClientDriver
from support.pages.blog import Blog
from support.pages.words import TOKEN_FIELD
from support.scenarios.fixtures import DEFAULT_ADMIN
from support.state.sessions import MADE_UP_TOKEN
from support.state.store import add_entries
from support.state.store import admin_login

#: The ways a request is sent: its method, and the token its form carries, given the
#: form's valid token. Every one but the POST with its token must change nothing.
WAYS: dict[str, tuple[str, Callable[[str], str | None]]] = {
    "GET": ("GET", lambda token: token),
    "HEAD": ("HEAD", lambda token: token),
    "POST without a token": ("POST", lambda token: None),
    "POST with a wrong token": ("POST", lambda token: MADE_UP_TOKEN),
    "POST with its token": ("POST", lambda token: token),
    "PUT": ("PUT", lambda token: token),
    "PATCH": ("PATCH", lambda token: token),
    "DELETE": ("DELETE", lambda token: token),
    "OPTIONS": ("OPTIONS", lambda token: token),
    "TRACE": ("TRACE", lambda token: token),
    "PROPFIND": ("PROPFIND", lambda token: token),
}

#: The one way that may change something.
THE_WRITE = "POST with its token"

#: A value for each kind of argument an address takes, by the argument's name; the
#: entry's number is filled in from the entry stored for the walk.
ARGUMENTS: dict[str, Any] = {"filename": "style.css", "entry_id": None}

Snapshot = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]


def snapshot(app: Flask) -> Snapshot:
    """The whole of what a request could change: every entry, every login."""
    with app.app_context():
        db = get_db()
        entries = db.execute("SELECT * FROM entries ORDER BY id").fetchall()
        logins = db.execute("SELECT * FROM admin_logins ORDER BY token").fetchall()
    return [tuple(row) for row in entries], [tuple(row) for row in logins]


def fresh_state(app: Flask) -> tuple[int, dict[str, str]]:
    """One entry and one admin login, nothing else: the entry's number and the session."""
    with app.app_context():
        with transaction(get_db()) as db:
            db.execute("DELETE FROM entries")
            db.execute("DELETE FROM admin_logins")
    add_entries(app, [("Summer hours", "From June we close at six.")])
    number = snapshot(app)[0][0][0]
    return number, admin_login(app)


def address(app: Flask, endpoint: str, arguments: set[str], number: int) -> str:
    """The address of ``endpoint`` with a real value for each of its arguments."""
    unknown = arguments - ARGUMENTS.keys()
    assert not unknown, (
        f"the rule of {endpoint} takes {sorted(unknown)}, which the walk has no value for: "
        "add one to ARGUMENTS in tests/test_methods.py"
    )
    values = {name: number if name == "entry_id" else ARGUMENTS[name] for name in arguments}
    with app.test_request_context():
        return url_for(endpoint, **values)


def send(app: Flask, endpoint: str, arguments: set[str], way: str) -> tuple[int, bool]:
    """Send one request the ``way`` named, as the logged-in admin, with a form of valid
    fields; the status, and whether the database changed."""
    number, session = fresh_state(app)
    with ClientDriver(app) as driver:
        driver.prepare_session(session)
        token = Blog(driver).front_page.form_token()[TOKEN_FIELD]
        method, token_of = WAYS[way]
        fields = {
            "title": "Changed",
            "text": "Changed by the walk.",
            "username": DEFAULT_ADMIN.username,
            "password": DEFAULT_ADMIN.password,
        }
        sent = token_of(token)
        if sent is not None:
            fields[TOKEN_FIELD] = sent
        before = snapshot(app)
        page = driver.request(method, address(app, endpoint, arguments, number), fields)
    return page.status, snapshot(app) != before


def test_only_a_post_with_its_token_changes_anything(app: Flask) -> None:
    """Every rule of the URL map, each of the WAYS, as the logged-in admin: 7 rules × 11
    ways, 77 requests; 5 changed the database (posting, edit, delete, login, logout),
    each a POST with its token, and nothing else did."""
    rules = sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule)
    changed = []
    answers = {}
    for rule in rules:
        for way in WAYS:
            status, did_change = send(app, rule.endpoint, set(rule.arguments), way)
            answers[(rule.rule, way)] = status
            if did_change:
                changed.append((rule.rule, way))
    tried = len(rules) * len(WAYS)
    writers = sorted(rule.rule for rule in rules if "POST" in (rule.methods or ()))
    figures = f"{len(rules)} rules × {len(WAYS)} ways = {tried} requests, {len(changed)} changed"
    wrong = [(rule, way, answers[(rule, way)]) for rule, way in changed if way != THE_WRITE]
    assert not wrong, f"{figures}; expected only a POST with its token to change anything: {wrong}"
    assert sorted(rule for rule, _ in changed) == writers, (
        f"{figures}; expected a POST with its token to change something at each of {writers}, "
        f"it did at {sorted(rule for rule, _ in changed)}"
    )
