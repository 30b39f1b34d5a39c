"""Whatever page a person is on: what every page of the blog has from
app/templates/base.html (the header's way to log in or out, the messages the blog
flashed) and what every answer carries (its words, the headers that tell browsers what
to refuse)."""

from __future__ import annotations

import re

from markupsafe import escape

from support.drivers.base import PageDriver
from support.drivers.page import Page
from support.drivers.page import squash
from support.pages.login_page import LoginPage
from support.pages.words import FRONT_PAGE
from support.pages.words import LOG_OUT
from support.pages.words import LOGIN_PAGE
from support.pages.words import PAGES
from support.pages.words import path_of
from support.pages.words import PROTECTIONS
from support.pages.words import TOKEN_FIELD
from support.pages.words import USERNAME_FIELD


class AnyPage:
    """What a person can do and see on any page of the blog, whichever it is."""

    def __init__(self, driver: PageDriver, login_page: LoginPage) -> None:
        self.driver = driver
        self.login_page = login_page

    def open(self, name: str) -> Page:
        """Open a page by the name a feature gives it (see PAGES)."""
        return self.driver.visit(PAGES[name])

    def says(self, text: str) -> bool:
        """Whether the current page shows ``text`` anywhere (spaces folded)."""
        return squash(text) in self.driver.page.text()

    def messages(self) -> list[str]:
        """The messages the site flashed on the current page."""
        return self.driver.page.texts(".flash")

    def field_errors(self) -> list[str]:
        """Errors shown beside form fields on the current page."""
        return self.driver.page.texts(".field-error")

    def shows_logged_in(self) -> bool:
        """Whether the current page offers the admin's logout button."""
        buttons = self.driver.page.soup.find_all("button")
        return any(squash(b.get_text()) == LOG_OUT for b in buttons)

    def log_out(self) -> Page:
        """Press the logout button that every page shows to the admin."""
        self.driver.visit(FRONT_PAGE)
        return self.driver.press(LOG_OUT)

    def login_links(self) -> list[str]:
        """The links anywhere on the current page, its header too, that lead to the login
        form: their texts."""
        return [
            squash(a.get_text())
            for a in self.driver.page.soup.find_all("a")
            if path_of(a.get("href")) == LOGIN_PAGE
        ]

    def protections(self) -> list[str]:
        """What the current page's headers tell the browser to refuse (see PROTECTIONS)."""
        headers = {name.lower(): value for name, value in self.driver.page.headers.items()}
        return [
            protection
            for protection, (header, holds) in PROTECTIONS.items()
            if header.lower() in headers and holds(headers[header.lower()])
        ]

    def answer(self) -> tuple[int, str]:
        """The current page as an answer to compare: status and HTML, tokens blanked, and
        the username field too where it holds exactly what was typed into the login form
        (any other value is kept, so a page that gave something away still differs)."""
        page = self.driver.page
        html = re.sub(rf'(name="{TOKEN_FIELD}" value=")[^"]*', r"\1", page.html)
        typed_username = self.login_page.typed_username
        if typed_username is not None:
            typed = re.escape(str(escape(typed_username)))
            html = re.sub(rf'(name="{USERNAME_FIELD}"[^>]*value="){typed}"', r'\1"', html)
        return page.status, html
