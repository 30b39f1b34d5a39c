"""What a person's browser keeps of their session, read and prepared past the pages: the
session the blog stored, the session cookie and its flags."""

from __future__ import annotations

from typing import Any

from app.auth import LOGGED_IN
from support.drivers.base import CookieFlags
from support.drivers.base import PageDriver
from support.pages.words import SESSION_COOKIE
from support.state.store import login_is_current


class BrowserSession:
    """The session of one person's browser, as back doors read and prepare it."""

    def __init__(self, driver: PageDriver) -> None:
        self.driver = driver

    def stored(self) -> dict[str, Any]:
        """The stored session."""
        return self.driver.session()

    def records_login(self) -> bool:
        """Whether the stored session holds an admin login that has not ended."""
        token = self.driver.session().get(LOGGED_IN)
        return isinstance(token, str) and login_is_current(self.driver.app, token)

    def give(self, values: dict[str, Any]) -> None:
        """Put ``values`` into this browser's session before its person arrives."""
        self.driver.prepare_session(values)

    def give_login(self, login: dict[str, str]) -> None:
        """This browser's session already holds the admin's ``login`` (see store)."""
        self.driver.prepare_session(login)

    def cookie(self) -> CookieFlags | None:
        """The session cookie as the browser keeps it."""
        return self.driver.cookie(SESSION_COOKIE)

    def give_cookie(self, value: str) -> None:
        """Make the visitor's browser send ``value`` as its session cookie."""
        self.driver.set_cookie(SESSION_COOKIE, value)
