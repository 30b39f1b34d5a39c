"""Drives the blog over real HTTP with a cookie-keeping client; pages read as in-process."""

from __future__ import annotations

import time
from urllib.parse import urljoin
from urllib.parse import urlsplit

import requests
from flask import Flask

from support.drivers.base import Body
from support.drivers.base import CookieFlags
from support.drivers.base import FormDriver
from support.drivers.cookie_session import CookieSession
from support.drivers.page import Page

#: Seconds to wait for the server; far more than any page of the blog needs.
TIMEOUT = 30


class HttpDriver(CookieSession, FormDriver):
    """Forms and links as :class:`FormDriver` reads them, sent with ``requests``."""

    def __init__(self, app: Flask, base_url: str) -> None:
        super().__init__()
        self.app = app
        self.base_url = base_url
        self.http = requests.Session()

    def close(self) -> None:
        self.http.close()

    def send(
        self, method: str, url: str, data: Body, follow: bool, referer: str | None = None
    ) -> Page:
        headers = self.headers(referer)
        if isinstance(data, tuple):
            payload, headers["Content-Type"] = data
        else:
            payload = data  # type: ignore[assignment]
        start = time.perf_counter()
        response = self.http.request(
            method,
            urljoin(self.base_url, url),
            data=payload,
            headers=headers,
            allow_redirects=follow,
            timeout=TIMEOUT,
        )
        return Page(
            status=response.status_code,
            url=response.url,
            html=response.text,
            headers=dict(response.headers),
            elapsed=time.perf_counter() - start,
        )

    def cookie(self, name: str) -> CookieFlags | None:
        for cookie in self.http.cookies:
            if cookie.name == name:
                return CookieFlags(
                    value=cookie.value or "",
                    secure=bool(cookie.secure),
                    http_only=cookie.has_nonstandard_attr("HttpOnly"),
                    same_site=cookie.get_nonstandard_attr("SameSite"),
                )
        return None

    def set_cookie(self, name: str, value: str) -> None:
        host = urlsplit(self.base_url).hostname
        for cookie in list(self.http.cookies):
            if cookie.name == name:
                self.http.cookies.clear(cookie.domain, cookie.path, cookie.name)
        self.http.cookies.set(name, value, domain=host, path="/")
