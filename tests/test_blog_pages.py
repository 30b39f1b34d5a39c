"""The blog's own pages as readers meet them: what they say, how they look in Chromium,
and that the Nu HTML Checker and axe-core (at 1280 and 390 px) find nothing wrong with
them. ``walk`` goes through every page a visitor and the admin can meet."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_wtf.csrf import CSRFError
from playwright.sync_api import Browser
from playwright.sync_api import Locator

from app import create_app
from app.security import render_csrf_error
from support.drivers.browser import BrowserDriver
from support.drivers.browser import launch_chromium
from support.drivers.client import ClientDriver
from support.drivers.live_server import LiveServer
from support.drivers.page import Page
from support.drivers.page import squash
from support.pages.blog import Blog
from support.scenarios.fixtures import DEFAULT_ADMIN
from support.state.failures import corrupt_database
from support.state.store import add_entries
from tests import web_checks
from tests.conftest import blog_in

ROOT = Path(__file__).resolve().parent.parent
STYLE_SHEET = ROOT / "app" / "static" / "style.css"

#: The admin's username and password in the tests' blogs.
ADMIN = (DEFAULT_ADMIN.username, DEFAULT_ADMIN.password)

#: Entries as the admin types them: plain text that keeps its shape; HTML the blog keeps
#: (a link, a quotation, preformatted text); HTML it removes, and says so.
PLAIN = (
    "Closed for August",
    "We close for two weeks in August.\nOrders placed before then ship as usual.\n\n"
    "- bread\n- cakes\n\nSee you in September!",
)
FORMATTED = (
    "Where to find us",
    '<p>Follow <a href="https://example.org/map/of/the/old/town">the map of the old town'
    "</a> to the bakery.</p><blockquote>The best bread in town, and the longest queue."
    "</blockquote><pre>Mon-Fri  7:00-18:00\nSat      8:00-13:00</pre>",
)
SANITISED = (
    "Menu of the week",
    "<h3>Menu</h3><table><tr><td>Bread</td><td>3 EUR</td></tr></table>Buy <u>today</u>.",
)

#: Every reason Flask-WTF gives for refusing a form, and whether it means the form was
#: left open too long (the others: it did not come from the blog's own pages).
REFUSAL_REASONS = {
    "The CSRF token is missing.": False,
    "The CSRF session token is missing.": False,
    "The CSRF token has expired.": True,
    "The CSRF token is invalid.": False,
    "The CSRF tokens do not match.": False,
    "The referrer header is missing.": False,
    "The referrer does not match the host.": False,
}

#: Words of the machinery behind the blog, which a visitor's page must not use.
JARGON = ("CSRF", "token", "referrer", "session", "Flask")


def refusal_page(app: Flask, reason: str) -> Page:
    """The page the blog answers a form refused for ``reason`` with."""
    with app.test_request_context("/add", method="POST"):
        html, status = render_csrf_error(CSRFError(reason))
    return Page(status=status, url="/add", html=html)


def plain_words_problems(text: str) -> list[str]:
    """What keeps ``text`` from being plain words: jargon, brackets, doubled punctuation."""
    found = [f"the word {word!r}" for word in JARGON if re.search(rf"\b{word}\b", text, re.I)]
    found += [f"{mark!r}" for mark in ("(", ")", "..", ".,", ",.") if mark in text]
    return found


@pytest.mark.parametrize("reason", REFUSAL_REASONS)
def test_a_refused_form_is_explained_in_plain_words(app: Flask, reason: str) -> None:
    page = refusal_page(app, reason)
    detail = " ".join(page.texts(".error-detail"))
    assert page.status == 400
    assert plain_words_problems(page.text()) == [], page.text()
    assert detail.count("Nothing was changed.") == 1, detail
    if REFUSAL_REASONS[reason]:
        assert "left open too long" in detail and "did not come from" not in detail, detail
    else:
        assert "did not come from this site" in detail and "too long" not in detail, detail


def test_a_forged_post_gets_the_plain_refusal_from_the_blog_itself(app: Flask) -> None:
    with ClientDriver(app) as driver:
        blog = Blog(driver)
        blog.raw_requests.forge("log in", None, ADMIN)
        assert blog.error_page.refused_as("a forgery"), blog.page.describe()
        assert plain_words_problems(blog.page.text()) == [], blog.page.text()
        assert squash(blog.page.texts("h2")[0]) == "This form could not be accepted"


def test_every_page_has_a_description_for_search_engines(app: Flask, tmp_path: Path) -> None:
    found = {}
    for name, page in pages_in_process(app, tmp_path).items():
        descriptions = [
            str(m.get("content", "")) for m in page.soup.select('meta[name="description"]')
        ]
        if len(descriptions) != 1 or len(descriptions[0].split()) < 5:
            found[name] = descriptions
    assert found == {}, f"pages without one description of a few words: {found}"


# Every page of the blog, as a visitor and as the admin meet it.


def walk(blog: Blog) -> Iterator[str]:
    """Go through the blog's pages as a visitor and then as the admin, naming each page
    while it is shown (the server error page is apart: see ``broken_blog``)."""
    blog.any_page.open("the login page")
    yield "the login page"
    blog.login_page.log_in(ADMIN[0], "not the password")
    yield "the login page after a failed login"
    blog.raw_requests.post_directly("A title", "A text.")
    yield "401: posting without logging in"
    blog.any_page.open("a page that does not exist")
    yield "404: a page that does not exist"
    blog.raw_requests.forge("log in", None, ADMIN)
    yield "400: a form that did not come from the blog"
    blog.login_page.log_in(*ADMIN)
    yield "the front page, the admin just logged in, no entries"
    blog.front_page.post_entry(*PLAIN)
    yield "the front page just after posting a plain-text entry"
    blog.front_page.post_entry(*FORMATTED)
    yield "the front page just after posting a link, a quotation and preformatted text"
    blog.front_page.post_entry(*SANITISED)
    yield "the front page just after posting an entry the blog removed HTML from"
    blog.front_page.post_entry("", "An entry without a title.")
    yield "the front page with the posting form's error"
    blog.front_page.open()
    yield "the front page, as the admin, with entries"
    blog.front_page.open_editing(PLAIN[0])
    yield "the edit page"
    blog.edit_page.edit_entry(PLAIN[0], new_title="")
    yield "the edit page with an error"
    blog.front_page.ask_to_delete(SANITISED[0])
    yield "the delete confirmation"
    blog.any_page.log_out()
    yield "the front page, the admin just logged out"
    blog.front_page.open()
    yield "the front page, as a visitor, with entries"


#: The name of the page for a failure of the blog itself.
SERVER_ERROR = "500: the blog failed"


def broken_blog(folder: Path) -> Flask:
    """A blog as in production (no tracebacks for visitors) whose database is broken:
    every page of it is the page for a server error."""
    database = folder / "broken.sqlite"
    corrupt_database(str(database))
    return create_app({"SECRET_KEY": "broken", "DATABASE": str(database)})


def file_name(page: str) -> str:
    """A file name for the page named ``page``."""
    return re.sub(r"[^a-z0-9]+", "-", page.lower()).strip("-") + ".html"


def pages_in_process(app: Flask, folder: Path) -> dict[str, Page]:
    """Every page of the walk, and the server error page, as the blog sends them."""
    pages = {}
    with ClientDriver(app) as driver:
        blog = Blog(driver)
        for name in walk(blog):
            pages[name] = blog.page
    with ClientDriver(broken_blog(folder)) as driver:
        pages[SERVER_ERROR] = Blog(driver).front_page.open()
    return pages


def test_the_walk_meets_every_page_it_names(app: Flask, tmp_path: Path) -> None:
    pages = pages_in_process(app, tmp_path)
    not_ok = {name: page.status for name, page in pages.items() if page.status != 200}
    assert not_ok == {
        "401: posting without logging in": 401,
        "404: a page that does not exist": 404,
        "400: a form that did not come from the blog": 400,
        "the front page with the posting form's error": 400,
        "the edit page with an error": 400,
        SERVER_ERROR: 500,
    }
    messages = {name: " ".join(page.texts(".flash")) for name, page in pages.items()}
    assert messages["the login page after a failed login"] == "Invalid username or password"
    removed = messages["the front page just after posting an entry the blog removed HTML from"]
    assert removed.startswith("New entry was posted. Removed from the text:"), removed
    assert len(pages["the front page, as the admin, with entries"].soup.select(".entry")) == 3


#: The blog's pages, as the Nu HTML Checker judges them (web_checks.PAGE_MAKERS).
BLOG_PAGES = "the blog's pages"


@web_checks.judged_by_nu(BLOG_PAGES)
def make_blog_pages(folder: Path) -> None:
    """Every page of the walk and the server error page as files, with the style sheet,
    from a blog of its own (as the ``app`` fixture makes one) in ``folder``."""
    app = blog_in(folder)
    try:
        pages = pages_in_process(app, folder)
    finally:
        app.extensions["reporting"].close()
    for name, page in pages.items():
        (folder / file_name(name)).write_text(page.html, encoding="utf-8")
    shutil.copy(STYLE_SHEET, folder / STYLE_SHEET.name)


@pytest.mark.nu
def test_every_page_of_the_blog_passes_the_nu_html_checker(nu_verdicts: dict[str, str]) -> None:
    assert nu_verdicts[BLOG_PAGES] == ""


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with LiveServer() as live:
        yield live


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with launch_chromium() as launched:
        yield launched


@contextmanager
def browsing(
    app: Flask, server: LiveServer, chromium: Browser, width: int, height: int = 800
) -> Iterator[BrowserDriver]:
    """A browser of its own on ``app``, ``width`` × ``height`` px, that lets axe-core in
    (the blog's policy refuses every script that is not a file of the site)."""
    server.app = app
    viewport = {"width": width, "height": height}
    try:
        with BrowserDriver(app, server.url, chromium, viewport=viewport, bypass_csp=True) as driver:
            yield driver
    finally:
        server.app = None


def judged(driver: BrowserDriver, width: int) -> list[str]:
    """What axe-core finds wrong with the page the browser shows, and whether it is wider
    than the window."""
    found = web_checks.axe_violations(driver.tab)
    scroll = driver.tab.evaluate("document.documentElement.scrollWidth")
    if scroll > width:
        found.append(f"the page is {scroll} px wide at {width} px")
    return found


@pytest.mark.browser
@pytest.mark.axe
@pytest.mark.parametrize("width", web_checks.WIDTHS)
def test_no_page_of_the_blog_has_an_accessibility_violation(
    app: Flask, server: LiveServer, chromium: Browser, width: int, tmp_path: Path
) -> None:
    found = {}
    with browsing(app, server, chromium, width) as driver:
        web_checks.load_axe_first(driver.tab)
        for name in walk(Blog(driver)):
            found[name] = judged(driver, width)
    with browsing(broken_blog(tmp_path), server, chromium, width) as driver:
        web_checks.load_axe_first(driver.tab)
        Blog(driver).front_page.open()
        found[SERVER_ERROR] = judged(driver, width)
    assert {name: problems for name, problems in found.items() if problems} == {}


# How the pages look, in Chromium.


#: What makes two controls look alike.
LOOKS = (
    "color", "background-color", "border-top-width", "border-top-style", "border-top-color",
    "border-top-left-radius", "padding-top", "padding-left", "font-family", "font-size",
    "font-weight", "line-height",
)  # fmt: skip


def look(element: Locator) -> dict[str, Any]:
    """How ``element`` looks: the computed styles of LOOKS, and its height."""
    styles = element.evaluate(
        "(e, names) => Object.fromEntries(names.map(n => [n, getComputedStyle(e)[n]]))",
        list(LOOKS),
    )
    box = element.bounding_box()
    assert box is not None, "the element is not shown"
    return {**styles, "height": round(box["height"])}


def rgb(hex_colour: str) -> str:
    """A colour written #3b6ea5 as browsers compute it: rgb(59, 110, 165)."""
    red, green, blue = (int(hex_colour.strip().lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({red}, {green}, {blue})"


@pytest.mark.browser
def test_the_headers_action_looks_the_same_as_a_link_and_as_a_button(
    app: Flask, server: LiveServer, chromium: Browser
) -> None:
    with browsing(app, server, chromium, 1280) as driver:
        blog = Blog(driver)
        blog.front_page.open()
        log_in = look(driver.tab.locator("header").get_by_role("link", name="Log in"))
        blog.login_page.log_in(*ADMIN)
        log_out = look(driver.tab.locator("header").get_by_role("button", name="Log out"))
    assert {k: (v, log_out[k]) for k, v in log_in.items() if log_out[k] != v} == {}


@pytest.mark.browser
def test_links_and_quotations_in_entries_wear_the_sites_colours(
    app: Flask, server: LiveServer, chromium: Browser
) -> None:
    add_entries(app, [FORMATTED])
    with browsing(app, server, chromium, 1280) as driver:
        Blog(driver).front_page.open()
        tab = driver.tab
        accent = rgb(tab.evaluate("getComputedStyle(document.body).getPropertyValue('--accent')"))
        link = tab.locator(".entry-text a").first
        quotation = tab.locator(".entry-text blockquote").first
        link_looks = link.evaluate(
            "e => [getComputedStyle(e).color, getComputedStyle(e).textDecorationLine]"
        )
        rule = quotation.evaluate(
            "e => [getComputedStyle(e).borderLeftColor,"
            " parseFloat(getComputedStyle(e).borderLeftWidth)]"
        )
    assert link_looks == [accent, "underline"], f"a link in an entry: {link_looks}, not {accent}"
    assert rule[0] == accent and rule[1] >= 3, (
        f"a quotation's rule: {rule}, not 3 px or more of {accent}"
    )


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
def test_after_posting_the_new_entry_is_in_view_without_scrolling(
    app: Flask, server: LiveServer, chromium: Browser, width: int, height: int
) -> None:
    add_entries(app, [("Opening the shop", "We open on Monday."), FORMATTED])
    with browsing(app, server, chromium, width, height) as driver:
        blog = Blog(driver)
        blog.login_page.log_in(*ADMIN)
        blog.front_page.post_entry(*PLAIN)
        tab = driver.tab
        title = tab.locator(".entry-title").first
        shown = {
            "the confirmation": tab.locator(".flash").first.bounding_box(),
            "the title": title.bounding_box(),
            "the whole entry": tab.locator("article.entry").first.bounding_box(),
        }
        assert title.inner_text() == PLAIN[0] and tab.evaluate("window.scrollY") == 0
    out_of_view = {
        what: box for what, box in shown.items()
        if box is None or box["y"] < 0 or box["y"] + box["height"] > height
    }  # fmt: skip
    assert out_of_view == {}, f"out of view at {width}×{height}: {out_of_view}"
