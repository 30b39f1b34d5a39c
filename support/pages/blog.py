"""The blog as its visitors and its admin know it: the only module that knows its pages."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote
from urllib.parse import urlencode
from urllib.parse import urlsplit

from bs4 import Tag
from markupsafe import escape

from app.auth import LOGGED_IN
from support.drivers.base import CookieFlags
from support.drivers.base import field_value
from support.drivers.base import PageDriver
from support.drivers.page import label_text
from support.drivers.page import Page
from support.drivers.page import squash
from support.pages.entry import Entry
from support.pages.entry import reader_text
from support.pages.entry import TimeShown
from support.pages.words import ADD_ENTRY
from support.pages.words import CHANGE_ADDRESS
from support.pages.words import CONFIRM_DELETION
from support.pages.words import DELETE
from support.pages.words import DELETE_ENTRY
from support.pages.words import DELETION_QUESTION
from support.pages.words import EDIT
from support.pages.words import EDIT_ENTRY
from support.pages.words import FRONT_PAGE
from support.pages.words import INTERNALS
from support.pages.words import KEEP_ENTRY
from support.pages.words import LOGIN_PAGE
from support.pages.words import LOGOUT
from support.pages.words import named
from support.pages.words import NEWEST_ENTRIES
from support.pages.words import NOT_FORMS
from support.pages.words import OLDER_ENTRIES
from support.pages.words import OLDER_THAN
from support.pages.words import PAGES
from support.pages.words import path_of
from support.pages.words import PROTECTIONS
from support.pages.words import REFUSALS
from support.pages.words import SAVE_CHANGES
from support.pages.words import SESSION_COOKIE
from support.pages.words import STALE_FORM
from support.pages.words import TOKEN_FIELD
from support.pages.words import USERNAME_FIELD
from support.state.store import login_is_current


class Blog:
    """What a person can do on the blog and what they can see there."""

    def __init__(self, driver: PageDriver) -> None:
        self.driver = driver
        #: The username last typed into the login form, if any.
        self.typed_username: str | None = None
        self.typed_password: str | None = None
        #: The text last typed into the posting form, if any.
        self.typed_text: str | None = None

    @property
    def page(self) -> Page:
        """The page the person is looking at."""
        return self.driver.page

    def open(self) -> Page:
        """Open the front page."""
        return self.driver.visit(FRONT_PAGE)

    def log_in(self, username: str, password: str) -> Page:
        """Log in through the login form."""
        self.driver.visit(LOGIN_PAGE)
        self.typed_username, self.typed_password = username, password
        self.driver.fill("Username", username)
        self.driver.fill("Password", password)
        return self.driver.press("Log in")

    def log_out(self) -> Page:
        """Press the logout button that every page shows to the admin."""
        self.open()
        return self.driver.press("Log out")

    def post_entry(self, title: str, text: str) -> Page:
        """Post an entry through the form on the front page."""
        self.start_entry(title, text)
        return self.share()

    def post_directly(self, title: str, text: str) -> Page:
        """Post an entry with a raw request, without any form."""
        return self.driver.request("POST", ADD_ENTRY, {"title": title, "text": text})

    def send_entry(self, title: str | None = "A title", text: str | None = "A text.") -> Page:
        """Post an entry past the form, with its token; a field given as None is left out."""
        fields = {
            name: value for name, value in (("title", title), ("text", text)) if value is not None
        }
        return self.driver.request("POST", ADD_ENTRY, {**self.form_token(), **fields})

    def send_invalid_utf8_entry(self) -> Page:
        """Post an entry whose bytes are not UTF-8 (Latin-1 and stray bytes)."""
        return self.send_raw_entry(b"title=Caf%E9&text=%FF%FE")

    def send_entry_of_size(self, size: int) -> Page:
        """Post an entry whose text makes the request about ``size`` bytes long."""
        return self.send_raw_entry(b"title=Big&text=" + b"a" * size)

    def send_raw_entry(self, body: bytes) -> Page:
        """Post raw bytes as a form body, with the form's token, as no browser would."""
        token = urlencode(self.form_token()).encode("ascii")
        return self.driver.request("POST", ADD_ENTRY, token + b"&" + body)

    def send_entry_as(self, encoding: str) -> Page:
        """Post an entry, with the form's token, as something other than a form (NOT_FORMS)."""
        fields = {**self.form_token(), "title": "A title", "text": "A text."}
        body, content_type = NOT_FORMS[encoding](fields)
        return self.driver.request("POST", ADD_ENTRY, body, content_type)

    def form_token(self) -> dict[str, str]:
        """The anti-forgery token field of the posting form on the front page."""
        form = self.open().soup.select_one("form.add-entry")
        field = form.find("input", attrs={"name": TOKEN_FIELD}) if form else None
        if field is None:
            raise AssertionError(f"no posting form with a token: {self.page.describe()}")
        return {TOKEN_FIELD: str(field.get("value", ""))}

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

    def open_page(self, name: str) -> Page:
        """Open a page by the name a feature gives it (see PAGES)."""
        return self.driver.visit(PAGES[name])

    def protections(self) -> list[str]:
        """What the current page's headers tell the browser to refuse (see PROTECTIONS)."""
        headers = {name.lower(): value for name, value in self.page.headers.items()}
        return [
            protection
            for protection, (header, holds) in PROTECTIONS.items()
            if header.lower() in headers and holds(headers[header.lower()])
        ]

    def session_cookie(self) -> CookieFlags | None:
        """The session cookie as the browser keeps it."""
        return self.driver.cookie(SESSION_COOKIE)

    def give_session_cookie(self, value: str) -> None:
        """Make the visitor's browser send ``value`` as its session cookie."""
        self.driver.set_cookie(SESSION_COOKIE, value)

    def answer(self) -> tuple[int, str]:
        """The current page as an answer to compare: status and HTML, tokens blanked, and
        the username field too where it holds exactly what was typed into it (any other
        value is kept, so a page that gave something away still differs)."""
        html = re.sub(rf'(name="{TOKEN_FIELD}" value=")[^"]*', r"\1", self.page.html)
        if self.typed_username is not None:
            typed = re.escape(str(escape(self.typed_username)))
            html = re.sub(rf'(name="{USERNAME_FIELD}"[^>]*value="){typed}"', r'\1"', html)
        return self.page.status, html

    def login_form(self) -> dict[str, str]:
        """What the login form on the current page holds, by the labels of its fields:
        {"Username": "editor", "Password": ""}."""
        form = self.page.soup.select_one("form.login")
        if form is None:
            raise AssertionError(f"expected a login form: {self.page.describe()}")
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
        html = self.page.html
        return bool(typed) and (typed in html or str(escape(typed)) in html)

    def login_links(self) -> list[str]:
        """The links anywhere on the current page, its header too, that lead to the login
        form: their texts."""
        return [
            squash(a.get_text())
            for a in self.page.soup.find_all("a")
            if path_of(a.get("href")) == LOGIN_PAGE
        ]

    def front_page(self) -> Page:
        """The front page: the current page if it is the front page, else opened anew."""
        if not self.driver.has_page or urlsplit(self.page.url).path != FRONT_PAGE:
            return self.open()
        return self.page

    def entries(self) -> list[Entry]:
        """The entries listed on the front page, top to bottom."""
        return [entry_from(tag) for tag in self.front_page().soup.select("article.entry")]

    def entry_titled(self, title: str) -> Entry:
        """The entry titled ``title`` on the front page."""
        entries = self.entries()
        for entry in entries:
            if entry.title == title:
                return entry
        raise AssertionError(
            f"no entry titled {title!r}; the front page lists {[e.title for e in entries]}"
        )

    def open_editing(self, title: str) -> Page:
        """Follow the front page's Edit link of the entry titled ``title``."""
        self.front_page()
        return self.driver.follow(named(EDIT, title))

    def edit_entry(self, title: str, new_title: str | None = None, text: str | None = None) -> Page:
        """Edit the entry titled ``title``: retype what is given, keep the rest, save."""
        self.open_editing(title)
        if new_title is not None:
            self.driver.fill("Title", new_title)
        if text is not None:
            self.driver.fill("Text", text)
        return self.save_changes()

    def text_being_edited(self) -> str:
        """What the Text box of the Edit page the admin has open holds, untouched."""
        form = self.page.soup.select_one("form.edit-entry")
        box = form.find("textarea", attrs={"name": "text"}) if form else None
        if not isinstance(box, Tag):
            raise AssertionError(f"expected an Edit page with a Text box: {self.page.describe()}")
        return field_value(box)

    def save_changes(self) -> Page:
        """Press Save changes on the edit page the admin has open."""
        return self.driver.press(SAVE_CHANGES)

    def ask_to_delete(self, title: str) -> Page:
        """Press the front page's Delete button of the entry titled ``title``."""
        self.front_page()
        return self.driver.press(named(DELETE, title))

    def confirm_deletion(self) -> Page:
        """Press Delete on the page that asks whether to delete an entry."""
        return self.driver.press(CONFIRM_DELETION)

    def keep_entry(self) -> Page:
        """Follow the way back that keeps the entry, on the page that asks."""
        return self.driver.follow(KEEP_ENTRY)

    def deletion_question(self) -> str | None:
        """What the current page asks before deleting an entry, if it asks (and offers a
        button that does)."""
        form = self.page.soup.select_one("form.delete-entry")
        heading = form.find("h2") if form else None
        if form is None or heading is None:
            return None
        if CONFIRM_DELETION not in [squash(b.get_text()) for b in form.find_all("button")]:
            return None
        return squash(heading.get_text())

    def asks_to_delete(self, title: str) -> bool:
        """Whether the current page asks whether to delete the entry titled ``title``."""
        question = DELETION_QUESTION.format(title)
        return self.page.status == 200 and self.deletion_question() == question

    def change_controls(self) -> list[str]:
        """The ways the front page offers to edit or delete entries: their texts."""
        soup = self.front_page().soup
        links = [a for a in soup.find_all("a") if CHANGE_ADDRESS.match(path_of(a.get("href")))]
        forms = [f for f in soup.find_all("form") if CHANGE_ADDRESS.match(path_of(f.get("action")))]
        return [squash(tag.get_text()) for tag in links + forms]

    def send_change(self, number: int, title: str, text: str) -> Page:
        """Post a change of entry ``number`` with a raw request, without any form."""
        return self.driver.request(
            "POST", EDIT_ENTRY.format(number), {"title": title, "text": text}
        )

    def send_deletion(self, number: int) -> Page:
        """Post the deletion of entry ``number`` with a raw request, without any form."""
        return self.driver.request("POST", DELETE_ENTRY.format(number), {})

    def source_shows_escaped(self, text: str) -> bool:
        """Whether the current page's HTML source holds ``text`` escaped as plain text."""
        return str(escape(text)) in self.page.html

    def refused_as(self, reason: str, saying: str = "") -> bool:
        """Whether the current page refuses the request for ``reason`` (see REFUSALS)."""
        if reason not in REFUSALS:
            raise AssertionError(f"unknown refusal {reason!r}; known: {list(REFUSALS)}")
        status, words = REFUSALS[reason]
        text = self.page.text()
        return self.page.status == status and words in text and saying in text

    def retry_after(self) -> int | None:
        """The seconds the current answer asks clients to wait before trying again."""
        headers = {name.lower(): value for name, value in self.page.headers.items()}
        value = headers.get("retry-after")
        return int(value) if value is not None and value.isdigit() else None

    def shows_error_page(self) -> bool:
        """Whether the current page is the blog's page for an unexpected failure."""
        return self.page.status == 500

    def says(self, text: str) -> bool:
        """Whether the current page shows ``text`` anywhere (spaces folded)."""
        return squash(text) in self.page.text()

    def messages(self) -> list[str]:
        """The messages the site flashed on the current page."""
        return self.page.texts(".flash")

    def field_errors(self) -> list[str]:
        """Errors shown beside form fields on the current page."""
        return self.page.texts(".field-error")

    def empty_blog_notice(self) -> str | None:
        """The notice the front page shows when there are no entries."""
        notices = self.front_page().texts(".no-entries")
        return notices[0] if notices else None

    def entries_older_than(self, number: str) -> Page:
        """Open the page of entries older than ``number``, as an edited address asks."""
        return self.driver.visit(f"{FRONT_PAGE}?{OLDER_THAN}={quote(number)}")

    def start_entry(self, title: str, text: str) -> None:
        """Open the posting form and type an entry into it, without sharing it yet."""
        self.open()
        self.typed_text = text
        self.driver.fill("Title", title)
        self.driver.fill("Text", text)

    def share(self) -> Page:
        """Press Share on the posting form the page shows, with what was typed into it."""
        return self.driver.press("Share")

    def refused_as_stale_form(self) -> bool:
        """Whether the current page refuses a form because it was left open too long."""
        text = self.page.text()
        forged = REFUSALS["a forgery"][1]
        return self.page.status == 400 and STALE_FORM in text and forged not in text

    def older_entries(self) -> Page:
        """Follow the front page's link to older entries."""
        self.front_page()
        return self.driver.follow(OLDER_ENTRIES)

    def newest_entries(self) -> Page:
        """Follow the link back to the newest entries."""
        return self.driver.follow(NEWEST_ENTRIES)

    def offers_newest_entries(self) -> bool:
        """Whether the front page links back to the newest entries."""
        links = self.front_page().soup.find_all("a")
        return any(squash(a.get_text()) == NEWEST_ENTRIES for a in links)

    def offers_older_entries(self) -> bool:
        """Whether the front page links to older entries."""
        return any(
            squash(a.get_text()) == OLDER_ENTRIES for a in self.front_page().soup.find_all("a")
        )

    def shows_posting_form(self) -> bool:
        """Whether the front page offers the form for a new entry."""
        return bool(self.front_page().soup.select("form.add-entry"))

    def shows_logged_in(self) -> bool:
        """Whether the current page offers the admin's logout button."""
        return any(squash(b.get_text()) == "Log out" for b in self.page.soup.find_all("button"))

    def follow_login_link(self) -> bool:
        """Follow a link in the page's content (not its menu) to the login form, if any."""
        content = self.page.soup.find("main") or self.page.soup
        for link in content.find_all("a"):
            if urlsplit(str(link.get("href", ""))).path == LOGIN_PAGE:
                self.driver.follow(squash(link.get_text()))
                return self.shows_login_form()
        return False

    def offers_way_back(self) -> bool:
        """Whether the page's content links back to the front page."""
        content = self.page.soup.find("main") or self.page.soup
        return any(
            urlsplit(str(link.get("href", ""))).path == FRONT_PAGE for link in content.find_all("a")
        )

    def shows_login_form(self) -> bool:
        """Whether the current page asks for a username and a password."""
        return bool(self.page.soup.select("form.login"))

    def visit(self, path: str) -> Page:
        """Open a path typed by hand: for developers' scenarios about raw requests."""
        return self.driver.visit(path)

    def internals_shown(self, cause: str) -> list[str]:
        """Signs on the current page of the blog's internals: tracebacks, paths, the cause."""
        text = self.page.text()
        return [sign for sign in [*INTERNALS, cause] if sign in text]

    def session_says_logged_in(self) -> bool:
        """Whether the stored session holds an admin login that has not ended."""
        token = self.driver.session().get(LOGGED_IN)
        return isinstance(token, str) and login_is_current(self.driver.app, token)

    def session(self) -> dict[str, Any]:
        """The stored session."""
        return self.driver.session()

    def give_session(self, values: dict[str, Any]) -> None:
        """Put ``values`` into this browser's session before its person arrives."""
        self.driver.prepare_session(values)

    def give_logged_in_session(self, login: dict[str, str]) -> None:
        """This browser's session already holds the admin's ``login`` (see store)."""
        self.give_session(login)


def entry_from(tag: Tag) -> Entry:
    """Read an entry's title and body out of its article element."""
    title = tag.select_one(".entry-title")
    body = tag.select_one(".entry-text")
    if title is None or body is None:
        raise AssertionError(f"an entry without title or text: {tag}")
    return Entry(
        title=title.get_text(),
        title_has_markup=title.find() is not None,
        text=reader_text(body),
        body=body,
        posted=time_shown(tag.select_one("time.posted")),
        changed=time_shown(tag.select_one("time.changed")),
    )


def time_shown(tag: Tag | None) -> TimeShown | None:
    """The time a ``<time>`` element shows, if there is one."""
    if tag is None:
        return None
    return TimeShown(words=squash(tag.get_text()), machine=str(tag.get("datetime", "")))
