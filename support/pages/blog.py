"""One person on the blog: their browser, and the page objects of the pages they can be
on, each reached as ``blog.front_page``, ``blog.login_page`` and so on."""

from __future__ import annotations

from support.drivers.base import PageDriver
from support.drivers.page import Page
from support.pages.any_page import AnyPage
from support.pages.deletion_question import DeletionQuestion
from support.pages.edit_page import EditPage
from support.pages.error_page import ErrorPage
from support.pages.front_page import FrontPage
from support.pages.login_page import LoginPage
from support.pages.raw_requests import RawRequests
from support.state.browser_session import BrowserSession


class Blog:
    """One person's browser on the blog, and what they can do and see on each page."""

    def __init__(self, driver: PageDriver) -> None:
        self.driver = driver
        self.front_page = FrontPage(driver)
        self.login_page = LoginPage(driver)
        self.edit_page = EditPage(driver, self.front_page)
        self.deletion_question = DeletionQuestion(driver)
        self.error_page = ErrorPage(driver, self.login_page)
        #: Whichever page is shown: its header, its messages, its words and headers.
        self.any_page = AnyPage(driver, self.login_page)
        #: Requests not sent through the blog's forms.
        self.raw_requests = RawRequests(driver, self.front_page)
        #: What the browser keeps of the session, read and prepared past the pages.
        self.session = BrowserSession(driver)

    @property
    def page(self) -> Page:
        """The page the person is looking at."""
        return self.driver.page
