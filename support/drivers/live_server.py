"""The blog served for real on 127.0.0.1, for the http and browser drivers."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from collections.abc import Iterator
from typing import Any

from flask import Flask
from werkzeug.serving import make_server
from werkzeug.serving import WSGIRequestHandler

LOOPBACK = "127.0.0.1"


class QuietHandler(WSGIRequestHandler):
    """Serves like Werkzeug's handler, without a log line per request."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        """Scenario output stays readable; failures are reported by the steps."""


class LiveServer:
    """One threaded WSGI server for the whole run, serving the current scenario's app.

    Each scenario still has an app (and database) of its own: it is plugged in here for
    the length of the scenario, so no port is opened and closed per scenario.
    """

    def __init__(self) -> None:
        self.app: Flask | None = None
        self.server = make_server(LOOPBACK, 0, self, threaded=True, request_handler=QuietHandler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The server's address, e.g. http://127.0.0.1:41234."""
        return f"http://{LOOPBACK}:{self.server.server_port}"

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if self.app is None:
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"No scenario is running."]
        return closed_when_done(self.app(environ, start_response))

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


def closed_when_done(response: Iterable[bytes]) -> Iterator[bytes]:
    """The response's chunks, its ``close()`` called as soon as the last one is taken.

    Werkzeug's server closes a response only after draining the request socket, which
    raises when the client has already gone (a browser closed while its favicon was
    still on the way): the file behind a static response would then stay open until the
    garbage collector found it. A generator's ``finally`` runs when it is exhausted, or
    when it is itself closed or collected, so the file is always closed, and at once.
    """
    try:
        yield from response
    finally:
        close = getattr(response, "close", None)
        if close is not None:
            close()
