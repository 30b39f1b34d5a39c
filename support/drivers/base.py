"""Page drivers: how the steps use the site, the way a person would.

Steps never build URLs or form posts. They ask the driver to open a page, follow a
link by its text, fill a field by its label and press a button by its text; the
driver submits the form's own hidden fields and follows redirects. Every driver
offers the same small interface, :class:`PageDriver`, so that other ways of reaching
the site (a live HTTP server, a real browser) fit under the same steps.
"""

from __future__ import annotations

from abc import ABC
from abc import abstractmethod
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode
from urllib.parse import urljoin
from urllib.parse import urlsplit
from urllib.parse import urlunsplit

from bs4 import Tag
from flask import Flask

from support.drivers.page import label_text
from support.drivers.page import Page

FormData = list[tuple[str, str]]

#: What a request carries: form fields, or a body of raw bytes (with its content type).
Body = FormData | tuple[bytes, str]


@dataclass(frozen=True)
class CookieFlags:
    """A cookie as the browser keeps it: its value and the rules it came with."""

    value: str
    secure: bool
    http_only: bool
    same_site: str | None


#: How browsers send a form, and how raw bodies are labelled.
FORM_TYPE = "application/x-www-form-urlencoded"

#: The header in which proxies pass on the addresses they forward for, last added last.
FORWARDED_FOR = "X-Forwarded-For"

#: Input types that a form never submits as a value of their own.
UNSUBMITTED_INPUTS = {"submit", "button", "image", "reset", "file"}


class DriverError(AssertionError):
    """A person could not do what the step asked: no such link, field or button."""


class PageDriver(ABC):
    """What every driver can do; the steps use nothing else."""

    #: The scenario's app: for reading its session cookies and its database.
    app: Flask

    def __init__(self) -> None:
        self._page: Page | None = None

    @property
    def page(self) -> Page:
        """The page currently shown."""
        if self._page is None:
            raise DriverError("no page has been opened yet")
        return self._page

    def __enter__(self) -> PageDriver:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @abstractmethod
    def close(self) -> None:
        """Let go of what the driver holds: connections, a browser context."""

    @property
    def has_page(self) -> bool:
        """Whether any page has been opened yet."""
        return self._page is not None

    @abstractmethod
    def visit(self, path: str) -> Page:
        """Open a page of the site by its path, as if typed into the address bar."""

    @abstractmethod
    def follow(self, link_text: str) -> Page:
        """Follow the link whose text is ``link_text``."""

    @abstractmethod
    def fill(self, label: str, value: str) -> None:
        """Type ``value`` into the field labelled ``label``."""

    @abstractmethod
    def press(self, button: str) -> Page:
        """Press the button labelled ``button`` and show where its form leads."""

    @abstractmethod
    def request(
        self,
        method: str,
        path: str,
        data: Mapping[str, str] | bytes,
        content_type: str = FORM_TYPE,
    ) -> Page:
        """Send a raw request, not through any form, without following redirects.

        ``data`` is form fields, or the raw bytes of a body for malformed posts, sent as
        ``content_type`` (a form's, unless said otherwise).
        """

    @abstractmethod
    def session(self) -> dict[str, Any]:
        """The session as the site stored it after the last request."""

    @abstractmethod
    def prepare_session(self, values: Mapping[str, Any]) -> None:
        """Store ``values`` in the visitor's session before the next request."""

    @abstractmethod
    def cookie(self, name: str) -> CookieFlags | None:
        """The cookie ``name`` as the browser keeps it, if it has one."""

    @abstractmethod
    def set_cookie(self, name: str, value: str) -> None:
        """Make the browser send ``name=value`` from now on, as a tampering visitor could."""

    @abstractmethod
    def forward_for(self, addresses: Sequence[str]) -> None:
        """Send every request from now on with ``X-Forwarded-For`` naming ``addresses``,
        in order, as a proxy in front of the blog passes it on; none: without it."""


class FormDriver(PageDriver):
    """Links and forms read from parsed HTML; subclasses only send requests."""

    def __init__(self) -> None:
        super().__init__()
        self._filled: list[tuple[Tag, str, str]] = []
        self._forwarded_for = ""

    def forward_for(self, addresses: Sequence[str]) -> None:
        self._forwarded_for = ", ".join(addresses)

    def headers(self, referer: str | None) -> dict[str, str]:
        """The headers of one request: the page a form was sent from, and the addresses
        a proxy forwards it for."""
        headers = {"Referer": referer} if referer else {}
        if self._forwarded_for:
            headers[FORWARDED_FOR] = self._forwarded_for
        return headers

    @abstractmethod
    def send(
        self, method: str, url: str, data: Body, follow: bool, referer: str | None = None
    ) -> Page:
        """Send one request (following redirects if ``follow``) and return the page.

        ``referer`` is the page a form was sent from, as browsers say in that header.
        """

    def show(self, page: Page) -> Page:
        """Make ``page`` the current page; typed values belong to the old one."""
        self._page = page
        self._filled = []
        return page

    def visit(self, path: str) -> Page:
        return self.show(self.send("GET", path, [], follow=True))

    def request(
        self,
        method: str,
        path: str,
        data: Mapping[str, str] | bytes,
        content_type: str = FORM_TYPE,
    ) -> Page:
        body: Body = (data, content_type) if isinstance(data, bytes) else list(data.items())
        return self.show(self.send(method, path, body, follow=False))

    def follow(self, link_text: str) -> Page:
        link = self._find(["a"], link_text, "link")
        return self.visit(urljoin(self.page.url, str(link.get("href", ""))))

    def fill(self, label: str, value: str) -> None:
        field = self.field(label)
        form = field.find_parent("form")
        if form is None or not field.get("name"):
            raise DriverError(f"the field labelled {label!r} belongs to no form")
        self._filled.append((form, str(field["name"]), value))

    def press(self, button: str) -> Page:
        tag = self._find(["button", "input"], button, "button")
        form = tag.find_parent("form")
        if form is None:
            raise DriverError(f"the button {button!r} belongs to no form")
        data = self.form_data(form)
        if tag.get("name"):
            data.append((str(tag["name"]), str(tag.get("value", ""))))
        method = str(form.get("method", "get")).upper()
        action = urljoin(self.page.url, str(form.get("action") or self.page.url))
        if method == "GET":
            # A GET form puts its fields in the query string, replacing the action's own.
            action = urlunsplit(urlsplit(action)._replace(query=urlencode(data)))
            data = []
        return self.show(self.send(method, action, data, follow=True, referer=self.page.url))

    def field(self, label: str) -> Tag:
        """The input, textarea or select that a person finds by its label."""
        soup = self.page.soup
        for tag in soup.find_all("label"):
            if label_text(tag) != label:
                continue
            target = soup.find(id=tag["for"]) if tag.get("for") else None
            target = target or tag.find(["input", "textarea", "select"])
            if isinstance(target, Tag):
                return target
        labels = [label_text(tag) for tag in soup.find_all("label")]
        raise DriverError(
            f"no field labelled {label!r}; the labels on {self.page.url} are {labels}"
        )

    def form_data(self, form: Tag) -> FormData:
        """What the form would submit: its own fields, hidden ones too, as typed."""
        typed = {name: value for owner, name, value in self._filled if owner is form}
        data: FormData = []
        for tag in form.find_all(["input", "textarea", "select"]):
            name = tag.get("name")
            kind = str(tag.get("type", "text")).lower()
            if not name or tag.has_attr("disabled") or kind in UNSUBMITTED_INPUTS:
                continue
            if kind in {"checkbox", "radio"} and not tag.has_attr("checked"):
                continue
            data.append((str(name), typed.get(str(name), field_value(tag))))
        return data

    def _find(self, names: list[str], text: str, what: str) -> Tag:
        found = [tag for tag in self.page.soup.find_all(names) if label_text(tag) == text]
        if not found:
            raise DriverError(f"no {what} {text!r} on {self.page.describe()}")
        return found[0]


def field_value(tag: Tag) -> str:
    """The value a form field holds before anybody types into it."""
    if tag.name == "textarea":
        return tag.get_text()
    if tag.name == "select":
        option = tag.find("option", selected=True) or tag.find("option")
        if not isinstance(option, Tag):
            return ""
        return str(option.get("value", option.get_text()))
    return str(tag.get("value", ""))
