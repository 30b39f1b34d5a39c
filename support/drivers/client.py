"""Drives the blog in-process through Flask's test client: the fastest of the three."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict
from werkzeug.test import TestResponse

from support.drivers.base import Body
from support.drivers.base import CookieFlags
from support.drivers.base import FormDriver
from support.drivers.page import Page


class ClientDriver(FormDriver):
    """Drives the app in-process through Flask's test client: each request's contexts
    end with the request, as a server's would."""

    def __init__(self, app: Flask, base_url: str = "http://localhost") -> None:
        super().__init__()
        self.app = app
        self.base_url = base_url
        self.client: FlaskClient = app.test_client()

    def close(self) -> None:
        """Nothing to let go: the test client holds no connection."""

    def send(
        self, method: str, url: str, data: Body, follow: bool, referer: str | None = None
    ) -> Page:
        options: dict[str, Any] = {
            "method": method,
            "follow_redirects": follow,
            "headers": self.headers(referer),
        }
        if isinstance(data, tuple):
            options["data"], options["content_type"] = data
        else:
            options["data"] = MultiDict(data)
        start = time.perf_counter()
        response = self.client.open(urljoin(self.base_url, url), **options)
        return page_from(response, time.perf_counter() - start)

    def session(self) -> dict[str, Any]:
        with self.client.session_transaction() as stored:
            return dict(stored)

    def prepare_session(self, values: Mapping[str, Any]) -> None:
        with self.client.session_transaction() as stored:
            stored.update(values)

    def cookie(self, name: str) -> CookieFlags | None:
        found = self.client.get_cookie(name)
        if found is None:
            return None
        return CookieFlags(found.value, found.secure, found.http_only, found.same_site)

    def set_cookie(self, name: str, value: str) -> None:
        self.client.set_cookie(name, value)


def page_from(response: TestResponse, elapsed: float) -> Page:
    """A :class:`Page` from a test-client response, which is then closed (files too)."""
    with response:
        return Page(
            status=response.status_code,
            url=response.request.url,
            html=response.get_data(as_text=True),
            headers=dict(response.headers),
            elapsed=elapsed,
        )
