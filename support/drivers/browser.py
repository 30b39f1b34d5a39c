"""Drives the blog in a real headless Chromium through Playwright.

The browser is one a Debian package installs (or ``CHROMIUM_PATH``); nothing is
downloaded. One browser serves the whole run; each scenario gets a fresh browser
context (cookies, storage, cache) of its own.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin
from urllib.parse import urlsplit

from flask import Flask
from playwright.sync_api import APIResponse
from playwright.sync_api import Browser
from playwright.sync_api import BrowserContext
from playwright.sync_api import BrowserType
from playwright.sync_api import Locator
from playwright.sync_api import Page as PlaywrightPage
from playwright.sync_api import Response
from playwright.sync_api import Route
from playwright.sync_api import sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from support.drivers.base import CookieFlags
from support.drivers.base import DriverError
from support.drivers.base import FORM_TYPE
from support.drivers.base import FORWARDED_FOR
from support.drivers.base import PageDriver
from support.drivers.cookie_session import CookieSession
from support.drivers.page import Page

#: Where Debian puts the browsers, best first: ``chromium-headless-shell`` is the same
#: engine built for automation, without a window system to start; a whole browser run
#: takes about half as long as with the ``chromium`` package's browser.
DEBIAN_CHROMIUMS = ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")

#: How to get one, for the messages that say it is missing.
INSTALL_HINT = (
    "apt-get install -y chromium-headless-shell (or chromium), "
    "or set CHROMIUM_PATH to a Chromium or Chrome binary"
)

#: Offline, as root, in a container: no sandbox, GPU or calls home.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: A phone's screen in CSS pixels (the width of a common phone, a little less than its
#: height): the living documentation's screenshots show a page at its width.
PHONE = (390, 640)
#: The most of a page's height a screenshot of what a person sees keeps, in px.
SCREENSHOT_TALLEST = 1400

#: Milliseconds to wait for a page to load.
TIMEOUT_MS = 10_000

#: Milliseconds to wait for a field, link or button to take input (not for the server:
#: that is TIMEOUT_MS). The pages are whole when they have loaded, so this mostly bounds
#: how long a missing one takes to report.
ACTION_TIMEOUT_MS = 2_000


def chromium_path() -> str | None:
    """The Chromium to drive: ``CHROMIUM_PATH`` whenever it is set (a wrong one is
    reported at launch, not passed over), else Debian's headless shell, else its
    ``chromium``, else either one on PATH."""
    if chosen := os.environ.get("CHROMIUM_PATH"):
        # A command name (google-chrome, say) is looked up on PATH.
        return shutil.which(chosen) or chosen
    for candidate in DEBIAN_CHROMIUMS:
        if Path(candidate).is_file():
            return candidate
    for name in DEBIAN_CHROMIUMS:
        if found := shutil.which(Path(name).name):
            return found
    return None


def chromium_problem() -> str | None:
    """Why browser mode cannot start here, in one sentence; None if it can."""
    path = chromium_path()
    if path is None:
        return f"browser mode needs Chromium: {INSTALL_HINT}"
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        return f"CHROMIUM_PATH is {path!r}, which is not a program that can be run"
    return None


@contextmanager
def launch_chromium() -> Iterator[Browser]:
    """Start headless Chromium for the whole run and stop it afterwards."""
    if problem := chromium_problem():
        raise RuntimeError(problem)
    path = chromium_path()
    assert path is not None
    with sync_playwright() as playwright:
        browser = start(playwright.chromium, path)
        try:
            yield browser
        finally:
            browser.close()


def start(chromium: BrowserType, path: str) -> Browser:
    """Launch the Chromium at ``path`` headless with the offline flags."""
    return chromium.launch(executable_path=path, args=CHROMIUM_FLAGS, headless=True)


class BrowserDriver(CookieSession, PageDriver):
    """A person at a real browser: typing into labelled fields, clicking buttons."""

    def __init__(self, app: Flask, base_url: str, browser: Browser, **options: Any) -> None:
        """``options`` are more of the browser context's: a ``viewport``, say."""
        super().__init__()
        self.app = app
        self.base_url = base_url
        self.browser = browser
        self.options = options
        self._context: BrowserContext | None = None
        self._tab: PlaywrightPage | None = None

    @property
    def context(self) -> BrowserContext:
        """The scenario's own browser context, made when first needed."""
        if self._context is None:
            self._context = self.browser.new_context(base_url=self.base_url, **self.options)
            self._context.set_default_timeout(TIMEOUT_MS)
        return self._context

    @property
    def tab(self) -> PlaywrightPage:
        """The scenario's tab, opened when first needed: scenarios that never look at a
        page (about configuration files, say) do not pay for one."""
        if self._tab is None:
            self._tab = self.context.new_page()
        return self._tab

    def close(self) -> None:
        if self._context is not None:
            self._context.close()

    def visit(self, path: str) -> Page:
        start = time.perf_counter()
        response = self.tab.goto(urljoin(self.base_url, path))
        return self.show(response, start)

    def follow(self, link_text: str) -> Page:
        return self.click(
            self.tab.get_by_role("link", name=link_text, exact=True), "link", link_text
        )

    def fill(self, label: str, value: str) -> None:
        self.page  # noqa: B018  (raises DriverError when no page has been opened yet)
        field = self.tab.get_by_label(label, exact=True).first
        try:
            field.fill(value, timeout=ACTION_TIMEOUT_MS)
        except PlaywrightTimeoutError as error:
            if field.count():
                raise
            labels = self.tab.locator("label").all_inner_texts()
            raise DriverError(
                f"no field labelled {label!r}; the labels on {self.tab.url} are {labels}"
            ) from error

    def press(self, button: str) -> Page:
        return self.click(self.tab.get_by_role("button", name=button, exact=True), "button", button)

    def click(self, target: Locator, what: str, name: str) -> Page:
        """Click ``target`` and show the page the browser ends up on.

        The element is looked for only when the click fails: a round trip to the
        browser saved on every click that works. The click does not wait for the
        server (``no_wait_after``): the navigation it starts is waited for, with the
        page-load timeout, so a slow answer is never mistaken for a missing button.
        """
        start = time.perf_counter()
        with self.tab.expect_navigation() as navigation:
            try:
                target.first.click(timeout=ACTION_TIMEOUT_MS, no_wait_after=True)
            except PlaywrightTimeoutError as error:
                if target.count():
                    raise
                raise DriverError(f"no {what} {name!r} on {self.page.describe()}") from error
        return self.show(navigation.value, start)

    def show(self, response: Response | None, start: float) -> Page:
        """The page the tab shows, with the source and headers of its main response."""
        if response is None:
            raise DriverError(f"the browser did not load a page at {self.tab.url}")
        self._page = Page(
            status=response.status,
            url=self.tab.url,
            html=response.text(),
            headers=response.all_headers(),
            elapsed=time.perf_counter() - start,
        )
        return self._page

    def request(self, method: str, path: str, data: Any, content_type: str = FORM_TYPE) -> Page:
        """A raw request with the browser's cookies, its answer then shown in the tab.

        No page of the blog sends such a request, so it goes through the context's own
        HTTP client; the tab then displays exactly what the server answered, at its
        address, so that links on it can be followed.
        """
        url = urljoin(self.base_url, path)
        options: dict[str, Any] = {"method": method, "max_redirects": 0}
        if isinstance(data, bytes):
            options.update(data=data, headers={"Content-Type": content_type})
        else:
            options.update(form=dict(data))
        start = time.perf_counter()
        answer: APIResponse = self.context.request.fetch(url, **options)
        elapsed = time.perf_counter() - start

        def replay(route: Route) -> None:
            route.fulfill(response=answer)

        self.tab.route(url, replay)
        try:
            self.show(self.tab.goto(url), start)
        finally:
            self.tab.unroute(url, replay)
            answer.dispose()
        self._page = replace(self.page, elapsed=elapsed)
        return self._page

    def cookie(self, name: str) -> CookieFlags | None:
        for cookie in self.context.cookies(self.base_url):
            if cookie["name"] == name:
                return CookieFlags(
                    value=cookie["value"],
                    secure=cookie["secure"],
                    http_only=cookie["httpOnly"],
                    same_site=cookie["sameSite"],
                )
        return None

    def set_cookie(self, name: str, value: str) -> None:
        self.context.add_cookies([{"name": name, "value": value, "url": self.base_url}])

    def forward_for(self, addresses: Sequence[str]) -> None:
        """The context's extra headers go with every request its tabs and its own HTTP
        client send."""
        headers = {FORWARDED_FOR: ", ".join(addresses)} if addresses else {}
        self.context.set_extra_http_headers(headers)

    def screenshot(
        self, width: int = PHONE[0], tallest: int = SCREENSHOT_TALLEST
    ) -> tuple[bytes, str] | None:
        """What a person sees of the page the tab shows, as a phone shows it: a PNG of the
        page at ``width`` px, at most ``tallest`` px of it from the top (what a scenario
        checks, such as an entry under the posting form, is rarely on the first screen),
        and the page in words ("“Log in · Flaskr” at /auth/login"). None when no page was
        opened."""
        if self._tab is None or self._page is None:
            return None
        before = self.tab.viewport_size
        self.tab.set_viewport_size({"width": width, "height": PHONE[1]})
        try:
            height = min(tallest, self.tab.evaluate("document.documentElement.scrollHeight"))
            clip = {"x": 0, "y": 0, "width": width, "height": height}
            shot = self.tab.screenshot(type="png", full_page=True, clip=clip)
        finally:
            if before is not None:  # the scenario goes on at the width it had
                self.tab.set_viewport_size(before)
        path = urlsplit(self.tab.url).path or "/"
        title = self.tab.title()
        return shot, (f"“{title}” at {path}" if title else path)

    def save_evidence(self, folder: Path, name: str) -> list[Path]:
        """A screenshot and the HTML of what the browser shows, for a failed scenario."""
        if self._tab is None:
            return []
        folder.mkdir(parents=True, exist_ok=True)
        screenshot, html = folder / f"{name}.png", folder / f"{name}.html"
        self.tab.screenshot(path=str(screenshot), full_page=True)
        html.write_text(self.tab.content(), encoding="utf-8")
        return [screenshot, html]
