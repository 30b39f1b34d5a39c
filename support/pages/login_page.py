"""The login page (app/templates/auth/login.html): the admin's username and password,
and what the form holds after a failed login."""

from __future__ import annotations

from bs4 import Tag
from markupsafe import escape

from support.drivers.base import PageDriver
from support.drivers.page import label_text
from support.drivers.page import Page
from support.pages.words import LOG_IN
from support.pages.words import LOGIN_PAGE
from support.pages.words import PASSWORD
from support.pages.words import USERNAME


class LoginPage:
    """What a person can do on the login page and what they can see there."""

    def __init__(self, driver: PageDriver) -> None:
        self.driver = driver
        #: The username and the password last typed into the login form, if any.
        self.typed_username: str | None = None
        self.typed_password: str | None = None

    def log_in(self, username: str, password: str) -> Page:
        """Log in through the login form."""
        self.driver.visit(LOGIN_PAGE)
        self.typed_username, self.typed_password = username, password
        self.driver.fill(USERNAME, username)
        self.driver.fill(PASSWORD, password)
        return self.driver.press(LOG_IN)

    def is_shown(self) -> bool:
        """Whether the current page asks for a username and a password."""
        return bool(self.driver.page.soup.select("form.login"))

    def form(self) -> dict[str, str]:
        """What the login form on the current page holds, by the labels of its fields:
        {"Username": "editor", "Password": ""}."""
        page = self.driver.page
        form = page.soup.select_one("form.login")
        if form is None:
            raise AssertionError(f"expected a login form: {page.describe()}")
        held = {}
        for label in form.find_all("label"):
            field = form.find(id=label.get("for")) if label.get("for") else None
            if isinstance(field, Tag):
                held[label_text(label)] = str(field.get("value", ""))
        return held

    def shows_typed_password(self) -> bool:
        """Whether the current page's HTML holds the password last typed into the login
        form, as it is or escaped."""
        typed = self.typed_password
        html = self.driver.page.html
        return bool(typed) and (typed in html or str(escape(typed)) in html)
