"""The page the blog shows instead of what was asked (app/templates/errors/): a refusal,
with its status, its reason and a way on, or the plain page for a failure of the blog
itself, which never shows its internals."""

from __future__ import annotations

from urllib.parse import urlsplit

from support.drivers.base import PageDriver
from support.drivers.page import squash
from support.pages.login_page import LoginPage
from support.pages.words import FRONT_PAGE
from support.pages.words import INTERNALS
from support.pages.words import LOGIN_PAGE
from support.pages.words import REFUSALS
from support.pages.words import STALE_FORM


class ErrorPage:
    """What a person can see on a refusal or an error page, and where it lets them go."""

    def __init__(self, driver: PageDriver, login_page: LoginPage) -> None:
        self.driver = driver
        self.login_page = login_page

    def refused_as(self, reason: str, saying: str = "") -> bool:
        """Whether the current page refuses the request for ``reason`` (see REFUSALS)."""
        if reason not in REFUSALS:
            raise AssertionError(f"unknown refusal {reason!r}; known: {list(REFUSALS)}")
        status, words = REFUSALS[reason]
        page = self.driver.page
        text = page.text()
        return page.status == status and words in text and saying in text

    def refused_as_stale_form(self) -> bool:
        """Whether the current page refuses a form because it was left open too long."""
        page = self.driver.page
        text = page.text()
        forged = REFUSALS["a forgery"][1]
        return page.status == 400 and STALE_FORM in text and forged not in text

    def retry_after(self) -> int | None:
        """The seconds the current answer asks clients to wait before trying again."""
        headers = {name.lower(): value for name, value in self.driver.page.headers.items()}
        value = headers.get("retry-after")
        return int(value) if value is not None and value.isdigit() else None

    def shows_failure(self) -> bool:
        """Whether the current page is the blog's page for an unexpected failure."""
        return self.driver.page.status == 500

    def internals_shown(self, cause: str) -> list[str]:
        """Signs on the current page of the blog's internals: tracebacks, paths, the cause."""
        text = self.driver.page.text()
        return [sign for sign in [*INTERNALS, cause] if sign in text]

    def follow_login_link(self) -> bool:
        """Follow a link in the page's content (not its menu) to the login form, if any."""
        soup = self.driver.page.soup
        content = soup.find("main") or soup
        for link in content.find_all("a"):
            if urlsplit(str(link.get("href", ""))).path == LOGIN_PAGE:
                self.driver.follow(squash(link.get_text()))
                return self.login_page.is_shown()
        return False

    def offers_way_back(self) -> bool:
        """Whether the page's content links back to the front page."""
        soup = self.driver.page.soup
        content = soup.find("main") or soup
        return any(
            urlsplit(str(link.get("href", ""))).path == FRONT_PAGE for link in content.find_all("a")
        )
