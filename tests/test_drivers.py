"""The three drivers behave alike where the scenarios rely on it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask import redirect
from flask import request
from playwright.sync_api import Browser
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from werkzeug.wrappers import Response

from support.drivers import browser as browser_driver
from support.drivers.base import DriverError
from support.drivers.base import PageDriver
from support.drivers.browser import ACTION_TIMEOUT_MS
from support.drivers.browser import BrowserDriver
from support.drivers.browser import chromium_path
from support.drivers.browser import DEBIAN_CHROMIUMS
from support.drivers.browser import launch_chromium
from support.drivers.browser import start
from support.drivers.client import ClientDriver
from support.drivers.http import HttpDriver
from support.drivers.live_server import LiveServer
from support.drivers.page import Page
from support.pages.blog import Blog
from support.scenarios.fixtures import DEFAULT_ADMIN
from support.scenarios.fixtures import driver_mode
from support.state.sessions import tampered_session_cookie
from support.state.store import admin_login


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with LiveServer() as live:
        yield live


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launch_chromium() as chromium:
        yield chromium


#: The three modes, browser mode marked as needing Chromium.
MODES = ["client", "http", pytest.param("browser", marks=pytest.mark.browser)]


def driving(request: pytest.FixtureRequest, app: Flask, server: LiveServer) -> Iterator[PageDriver]:
    """A driver of the mode ``request.param`` on ``app``, served while it is open."""
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


@pytest.fixture(params=MODES)
def driver(request: pytest.FixtureRequest, app: Flask, server: LiveServer) -> Iterator[PageDriver]:
    yield from driving(request, app, server)


def test_a_prepared_session_is_what_the_app_reads(driver: PageDriver) -> None:
    driver.prepare_session({"theme": "dark", **admin_login(driver.app)})  # type: ignore[attr-defined]
    blog = Blog(driver)
    blog.front_page.open()
    assert blog.any_page.shows_logged_in(), blog.page.describe()
    assert driver.session()["theme"] == "dark"


def test_a_tampered_cookie_reads_as_an_empty_session(driver: PageDriver, app: Flask) -> None:
    Blog(driver).login_page.log_in(DEFAULT_ADMIN.username, DEFAULT_ADMIN.password)
    driver.set_cookie("session", tampered_session_cookie(app, {"theme": "forged"}))
    blog = Blog(driver)
    blog.front_page.open()
    assert not blog.any_page.shows_logged_in(), blog.page.describe()
    assert driver.session() == {}


def test_the_session_cookie_flags_are_seen(driver: PageDriver) -> None:
    Blog(driver).login_page.log_in(DEFAULT_ADMIN.username, DEFAULT_ADMIN.password)
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


def test_a_missing_field_or_button_is_named(
    driver: PageDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Chromium looks for a missing field or button until the action timeout (2 s) ends; a
    # short one says the same, as the field never comes.
    monkeypatch.setattr(browser_driver, "ACTION_TIMEOUT_MS", 200)
    driver.visit("/login")
    with pytest.raises(DriverError, match=r"no field labelled 'Email'.*'Username', 'Password'"):
        driver.fill("Email", "admin@example.org")
    with pytest.raises(DriverError, match="no button 'Sign up' on 200 at http"):
        driver.press("Sign up")


def test_acting_before_any_page_is_open_says_so(driver: PageDriver) -> None:
    with pytest.raises(DriverError, match="no page has been opened yet"):
        driver.fill("Title", "Too early")


def forwarded_app() -> Flask:
    """Pages that show the X-Forwarded-For a request came with, behind a form and a redirect."""
    app = Flask("forwarded")

    @app.get("/")
    def shown() -> str:
        said = request.headers.get("X-Forwarded-For", "none")
        return f'<p id="said">{said}</p><form method="post" action="/go"><button>Go</button></form>'

    @app.post("/go")
    def go() -> Response:
        return redirect("/")

    @app.post("/raw")
    def raw() -> str:
        return f'<p id="said">{request.headers.get("X-Forwarded-For", "none")}</p>'

    return app


@pytest.fixture(params=MODES)
def forwarding_driver(request: pytest.FixtureRequest, server: LiveServer) -> Iterator[PageDriver]:
    yield from driving(request, forwarded_app(), server)


def said(page: Page) -> str:
    return page.texts("#said")[0]


def test_forwarded_addresses_go_with_every_request_until_taken_back(
    forwarding_driver: PageDriver,
) -> None:
    driver = forwarding_driver
    assert said(driver.visit("/")) == "none"
    driver.forward_for(["198.51.100.20", "2001:db8:1:2::a"])
    assert said(driver.visit("/")) == "198.51.100.20, 2001:db8:1:2::a"
    assert said(driver.press("Go")) == "198.51.100.20, 2001:db8:1:2::a", "form post, redirect"
    assert said(driver.request("POST", "/raw", {})) == "198.51.100.20, 2001:db8:1:2::a"
    driver.forward_for(["203.0.113.7"])
    assert said(driver.visit("/")) == "203.0.113.7"
    driver.forward_for([])
    assert said(driver.visit("/")) == "none"


SLOW_SECONDS = ACTION_TIMEOUT_MS / 1000 + 1


def form_app() -> Flask:
    """A page with a slow form and a disabled button."""
    app = Flask("forms")

    @app.get("/")
    def form() -> str:
        return (
            '<form method="post" action="/slow"><button>Send</button></form>'
            '<form method="post" action="/slow"><button disabled>Frozen</button></form>'
        )

    @app.post("/slow")
    def slow() -> str:
        time.sleep(SLOW_SECONDS)
        return "<p>Done</p>"

    return app


@pytest.fixture
def form_browser(server: LiveServer, browser: Browser) -> Iterator[BrowserDriver]:
    app = form_app()
    server.app = app
    with BrowserDriver(app, server.url, browser) as driver:
        driver.visit("/")
        yield driver
    server.app = None


@pytest.mark.browser
def test_a_slow_answer_is_waited_for_not_taken_for_a_missing_button(
    form_browser: BrowserDriver,
) -> None:
    page = form_browser.press("Send")
    assert (page.status, page.text()) == (200, "Done")
    assert page.elapsed >= SLOW_SECONDS


@pytest.mark.browser
def test_a_button_a_person_cannot_press_is_not_reported_missing(
    form_browser: BrowserDriver,
) -> None:
    with pytest.raises(PlaywrightTimeoutError, match="not enabled"):
        form_browser.press("Frozen")


def test_chromium_path_prefers_the_variable_then_the_headless_shell(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shell, browser = tmp_path / "chromium-headless-shell", tmp_path / "chromium"
    monkeypatch.setattr("support.drivers.browser.DEBIAN_CHROMIUMS", (str(shell), str(browser)))
    on_path = tmp_path / "bin" / "chromium"
    monkeypatch.setenv("PATH", str(on_path.parent))
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    assert chromium_path() is None
    on_path.parent.mkdir()
    on_path.touch(mode=0o755)
    assert chromium_path() == str(on_path)
    browser.touch()
    assert chromium_path() == str(browser)
    shell.touch()
    assert chromium_path() == str(shell)
    chosen = tmp_path / "chrome"
    monkeypatch.setenv("CHROMIUM_PATH", str(chosen))
    assert chromium_path() == str(chosen)
    with pytest.raises(RuntimeError, match="CHROMIUM_PATH is '.*/chrome', which is not a program"):
        with launch_chromium():
            pass
    chosen.touch(mode=0o644)
    with pytest.raises(RuntimeError, match="which is not a program that can be run"):
        with launch_chromium():
            pass
    monkeypatch.setenv("CHROMIUM_PATH", "chromium")
    assert chromium_path() == str(on_path), "a command name is looked up on PATH"


@pytest.mark.parametrize(
    "binary",
    [
        pytest.param(path, marks=pytest.mark.skipif(not Path(path).is_file(), reason="not here"))
        for path in DEBIAN_CHROMIUMS
    ],
)
@pytest.mark.browser
def test_each_debian_browser_logs_the_admin_in(
    binary: str, app: Flask, server: LiveServer, browser: Browser
) -> None:
    server.app = app
    chromium = start(browser.browser_type, binary)
    try:
        with BrowserDriver(app, server.url, chromium) as driver:
            page = Blog(driver).login_page.log_in(DEFAULT_ADMIN.username, DEFAULT_ADMIN.password)
            assert "You were logged in" in page.text(), page.describe()
    finally:
        chromium.close()
        server.app = None
