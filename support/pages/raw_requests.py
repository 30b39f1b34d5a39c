"""Requests not sent through the blog's forms: posts made by hand, with or without the
form's token; bodies no browser would send (raw bytes, other encodings, JSON,
multipart); what another site can make a browser send; addresses typed by hand."""

from __future__ import annotations

from urllib.parse import urlencode

from support.drivers.base import PageDriver
from support.drivers.page import Page
from support.pages.front_page import FrontPage
from support.pages.words import ADD_ENTRY
from support.pages.words import DELETE_ENTRY
from support.pages.words import EDIT_ENTRY
from support.pages.words import LOGIN_PAGE
from support.pages.words import LOGOUT
from support.pages.words import NOT_FORMS
from support.pages.words import OTHER_METHODS
from support.pages.words import path_of
from support.pages.words import TOKEN_FIELD
from support.pages.words import WRITING_FORMS


class RawRequests:
    """What a person, a script or another site can send the blog past its pages."""

    def __init__(self, driver: PageDriver, front_page: FrontPage) -> None:
        self.driver = driver
        #: Where the posting form's token comes from, for posts that carry it.
        self.front_page = front_page

    def post_directly(self, title: str, text: str) -> Page:
        """Post an entry with a raw request, without any form."""
        return self.driver.request("POST", ADD_ENTRY, {"title": title, "text": text})

    def send_entry(self, title: str | None = "A title", text: str | None = "A text.") -> Page:
        """Post an entry past the form, with its token; a field given as None is left out."""
        fields = {
            name: value for name, value in (("title", title), ("text", text)) if value is not None
        }
        return self.driver.request("POST", ADD_ENTRY, {**self.front_page.form_token(), **fields})

    def send_invalid_utf8_entry(self) -> Page:
        """Post an entry whose bytes are not UTF-8 (Latin-1 and stray bytes)."""
        return self.send_raw_entry(b"title=Caf%E9&text=%FF%FE")

    def send_entry_of_size(self, size: int) -> Page:
        """Post an entry whose text makes the request about ``size`` bytes long."""
        return self.send_raw_entry(b"title=Big&text=" + b"a" * size)

    def send_raw_entry(self, body: bytes) -> Page:
        """Post raw bytes as a form body, with the form's token, as no browser would."""
        token = urlencode(self.front_page.form_token()).encode("ascii")
        return self.driver.request("POST", ADD_ENTRY, token + b"&" + body)

    def send_entry_as(self, encoding: str) -> Page:
        """Post an entry, with the form's token, as something other than a form (NOT_FORMS)."""
        fields = {**self.front_page.form_token(), "title": "A title", "text": "A text."}
        body, content_type = NOT_FORMS[encoding](fields)
        return self.driver.request("POST", ADD_ENTRY, body, content_type)

    def forge(self, action: str, token: str | None, admin: tuple[str, str]) -> Page:
        """What a page on another site can make a browser send: the post, without our page.

        ``action`` is "post", "log out" or "log in"; ``token`` is None or a made-up one.
        """
        fields = {
            "post": (ADD_ENTRY, {"title": "Gotcha", "text": "Sent from elsewhere."}),
            "log out": (LOGOUT, {}),
            "log in": (LOGIN_PAGE, {"username": admin[0], "password": admin[1]}),
        }
        path, data = fields[action]
        if token is not None:
            data = {**data, TOKEN_FIELD: token}
        return self.driver.request("POST", path, data)

    def send_form_by(self, method: str, form: str, admin: tuple[str, str]) -> Page:
        """Send ``form`` (WRITING_FORMS) filled in and with its valid token, as its page
        would, but by ``method`` (OTHER_METHODS) instead of POST: what a script, or a
        page of a sibling site, can make the admin's browser send."""
        if method not in OTHER_METHODS:
            raise AssertionError(f"expected a method other than POST, one of {OTHER_METHODS}")
        fields = {
            ADD_ENTRY: {"title": "Sent by hand", "text": "Sent by another method."},
            EDIT_ENTRY: {"title": "Changed by hand", "text": "Sent by another method."},
            LOGIN_PAGE: {"username": admin[0], "password": admin[1]},
        }
        data = {**fields.get(WRITING_FORMS[form], {}), **self.front_page.form_token()}
        return self.driver.request(method, self.address_of(form), data)

    def address_of(self, form: str) -> str:
        """Where ``form`` is sent; an entry's form, as the newest entry's links give it."""
        address = WRITING_FORMS[form]
        if "{}" not in address:
            return address
        soup = self.front_page.open().soup
        given = [
            path_of(tag.get("href") or tag.get("action")) for tag in soup.select("[href], [action]")
        ]
        for path in given:
            parts = path.split("/")
            if len(parts) == 3 and parts[1].isdigit() and address.format(parts[1]) == path:
                return path
        raise AssertionError(
            f"expected a link or form to {address.format('N')} on the front page, "
            f"found {given}: is the admin logged in, and is there an entry?"
        )

    def send_change(self, number: int, title: str, text: str) -> Page:
        """Post a change of entry ``number`` with a raw request, without any form."""
        return self.driver.request(
            "POST", EDIT_ENTRY.format(number), {"title": title, "text": text}
        )

    def send_deletion(self, number: int) -> Page:
        """Post the deletion of entry ``number`` with a raw request, without any form."""
        return self.driver.request("POST", DELETE_ENTRY.format(number), {})

    def visit(self, path: str) -> Page:
        """Open a path typed by hand: for developers' scenarios about raw requests."""
        return self.driver.visit(path)
