"""A request run by hand, step by step, in Flask's test request context."""

from __future__ import annotations

import sqlite3
from contextlib import ExitStack

from flask import Flask
from flask import g
from flask import request
from flask import Response
from flask.ctx import RequestContext


class ManualRequest:
    """A test request context whose hooks a developer runs one at a time."""

    def __init__(self, app: Flask, path: str) -> None:
        self.app = app
        self.context: RequestContext = app.test_request_context(path)
        self.context.push()
        self.active = True
        self.connection: sqlite3.Connection | None = None
        self.response: Response | None = None

    def end(self) -> None:
        """Leave the context, which runs the teardown hooks."""
        if self.active:
            self.active = False
            self.context.pop()

    def run_before_hooks(self) -> None:
        """Run the before-request hooks, as a real request would."""
        self.app.preprocess_request()
        self.connection = g.get("db")

    def process_response(self, body: str = "a response") -> Response:
        """Run the after-request hooks on a plain response."""
        self.response = self.app.process_response(Response(body))
        return self.response


class KeptClient:
    """Flask's test client used as ``with client:``, left at ``end``: until then the last
    request's context stays, so ``request``, ``session`` and ``g`` still describe it."""

    def __init__(self, app: Flask) -> None:
        self.stack = ExitStack()
        self.client = self.stack.enter_context(app.test_client())

    def get(self, path: str) -> None:
        """Request ``path`` and keep its context."""
        self.client.get(path).close()

    def end(self) -> None:
        """Leave the ``with`` block: the kept contexts end."""
        self.stack.close()


def request_path() -> str:
    """The path of the request whose context is active."""
    return request.path


def request_argument(name: str) -> str | None:
    """A query argument of the request whose context is active."""
    return request.args.get(name)


def has_open_connection() -> bool:
    """Whether the active request has opened its database connection."""
    return g.get("db") is not None


def is_closed(connection: sqlite3.Connection) -> bool:
    """Whether a SQLite connection has been closed."""
    try:
        connection.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False
