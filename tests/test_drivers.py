"""The three drivers behave alike where the scenarios rely on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from support.blog import Blog
from support.browser_driver import BrowserDriver
from support.browser_driver import chromium_path
from support.browser_driver import launch_chromium
from support.driver import ClientDriver
from support.driver import PageDriver
from support.fixtures import DEFAULT_ADMIN
from support.fixtures import driver_mode
from support.http_driver import HttpDriver
from support.live_server import LiveServer
from support.sessions import tampered_session_cookie
from support.store import admin_login

needs_chromium = pytest.mark.skipif(
    chromium_path() is None, reason="no Chromium here: apt-get install -y chromium"
)


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with LiveServer() as live:
        yield live


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if chromium_path() is None:
        pytest.skip("no Chromium here: apt-get install -y chromium")
    with launch_chromium() as chromium:
        yield chromium


@pytest.fixture(params=["client", "http", pytest.param("browser", marks=needs_chromium)])
def driver(request: pytest.FixtureRequest, app: Flask, server: LiveServer) -> Iterator[PageDriver]:
    server.app = app
    if request.param == "client":
        made: PageDriver = ClientDriver(app)
    elif request.param == "http":
        made = HttpDriver(app, server.url)
    else:
        made = BrowserDriver(app, server.url, request.getfixturevalue("browser"))
    with made as opened:  # type: ignore[attr-defined]
        yield opened
    server.app = None


def test_a_prepared_session_is_what_the_app_reads(driver: PageDriver) -> None:
    driver.prepare_session({"theme": "dark", **admin_login(driver.app)})  # type: ignore[attr-defined]
    blog = Blog(driver)
    blog.open()
    assert blog.shows_logged_in(), blog.page.describe()
    assert driver.session()["theme"] == "dark"


def test_a_tampered_cookie_reads_as_an_empty_session(driver: PageDriver, app: Flask) -> None:
    Blog(driver).log_in(DEFAULT_ADMIN.username, DEFAULT_ADMIN.password)
    driver.set_cookie("session", tampered_session_cookie(app, {"theme": "forged"}))
    blog = Blog(driver)
    blog.open()
    assert not blog.shows_logged_in(), blog.page.describe()
    assert driver.session() == {}


def test_the_session_cookie_flags_are_seen(driver: PageDriver) -> None:
    Blog(driver).log_in(DEFAULT_ADMIN.username, DEFAULT_ADMIN.password)
    cookie = driver.cookie("session")
    assert cookie is not None
    assert (cookie.http_only, cookie.same_site, cookie.secure) == (True, "Lax", False)


def test_a_raw_request_is_shown_and_its_links_can_be_followed(driver: PageDriver) -> None:
    page = driver.request("POST", "/add", {"title": "x", "text": "y"})
    assert page.status == 401
    assert driver.follow("Log in to post").url.endswith("/login")


def test_raw_bytes_reach_the_app_unchanged(driver: PageDriver) -> None:
    page = driver.request("POST", "/login", b"username=%FF")
    assert page.status == 400 and "not valid UTF-8" in page.text(), page.describe()


def test_an_unknown_driver_is_named_with_the_choices() -> None:
    assert driver_mode({}) == "client"
    with pytest.raises(ValueError, match="unknown driver 'selenium'.*client, http, browser"):
        driver_mode({"driver": "selenium"})
