"""The front page (app/templates/blog/index.html): the entries, newest first, ten to a
page; the notice of an empty blog; the links to older and newer entries; and, for the
admin, the form for a new entry and each entry's Edit and Delete."""

from __future__ import annotations

from urllib.parse import quote
from urllib.parse import urlsplit

from bs4 import Tag
from markupsafe import escape

from support.drivers.base import PageDriver
from support.drivers.page import Page
from support.drivers.page import squash
from support.pages.entry import Entry
from support.pages.entry import reader_text
from support.pages.entry import TimeShown
from support.pages.words import CHANGE_ADDRESS
from support.pages.words import DELETE
from support.pages.words import EDIT
from support.pages.words import FRONT_PAGE
from support.pages.words import named
from support.pages.words import NEWEST_ENTRIES
from support.pages.words import OLDER_ENTRIES
from support.pages.words import OLDER_THAN
from support.pages.words import path_of
from support.pages.words import SHARE
from support.pages.words import TEXT
from support.pages.words import TITLE
from support.pages.words import TOKEN_FIELD


class FrontPage:
    """What a person can do on the front page and what they can see there."""

    def __init__(self, driver: PageDriver) -> None:
        self.driver = driver
        #: The text last typed into the posting form, if any.
        self.typed_text: str | None = None

    def open(self) -> Page:
        """Open the front page."""
        return self.driver.visit(FRONT_PAGE)

    def shown(self) -> Page:
        """The front page: the current page if it is the front page, else opened anew."""
        if self.driver.has_page and urlsplit((page := self.driver.page).url).path == FRONT_PAGE:
            return page
        return self.open()

    def entries(self) -> list[Entry]:
        """The entries listed on the front page, top to bottom."""
        return [entry_from(tag) for tag in self.shown().soup.select("article.entry")]

    def entry_titled(self, title: str) -> Entry:
        """The entry titled ``title`` on the front page."""
        entries = self.entries()
        for entry in entries:
            if entry.title == title:
                return entry
        raise AssertionError(
            f"no entry titled {title!r}; the front page lists {[e.title for e in entries]}"
        )

    def empty_blog_notice(self) -> str | None:
        """The notice the front page shows when there are no entries."""
        notices = self.shown().texts(".no-entries")
        return notices[0] if notices else None

    def source_shows_escaped(self, text: str) -> bool:
        """Whether the front page's HTML source holds ``text`` escaped as plain text."""
        return str(escape(text)) in self.shown().html

    def post_entry(self, title: str, text: str) -> Page:
        """Post an entry through the form on the front page."""
        self.start_entry(title, text)
        return self.share()

    def start_entry(self, title: str, text: str) -> None:
        """Open the posting form and type an entry into it, without sharing it yet."""
        self.open()
        self.typed_text = text
        self.driver.fill(TITLE, title)
        self.driver.fill(TEXT, text)

    def share(self) -> Page:
        """Press Share on the posting form the page shows, with what was typed into it."""
        return self.driver.press(SHARE)

    def shows_posting_form(self) -> bool:
        """Whether the front page offers the form for a new entry."""
        return bool(self.shown().soup.select("form.add-entry"))

    def form_token(self) -> dict[str, str]:
        """The anti-forgery token field of the posting form on the front page."""
        form = self.open().soup.select_one("form.add-entry")
        field = form.find("input", attrs={"name": TOKEN_FIELD}) if form else None
        if field is None:
            raise AssertionError(f"no posting form with a token: {self.driver.page.describe()}")
        return {TOKEN_FIELD: str(field.get("value", ""))}

    def older_entries(self) -> Page:
        """Follow the front page's link to older entries."""
        self.shown()
        return self.driver.follow(OLDER_ENTRIES)

    def newest_entries(self) -> Page:
        """Follow the link back to the newest entries."""
        return self.driver.follow(NEWEST_ENTRIES)

    def offers_older_entries(self) -> bool:
        """Whether the front page links to older entries."""
        return any(squash(a.get_text()) == OLDER_ENTRIES for a in self.shown().soup.find_all("a"))

    def offers_newest_entries(self) -> bool:
        """Whether the front page links back to the newest entries."""
        links = self.shown().soup.find_all("a")
        return any(squash(a.get_text()) == NEWEST_ENTRIES for a in links)

    def entries_older_than(self, number: str) -> Page:
        """Open the page of entries older than ``number``, as an edited address asks."""
        return self.driver.visit(f"{FRONT_PAGE}?{OLDER_THAN}={quote(number)}")

    def open_editing(self, title: str) -> Page:
        """Follow the front page's Edit link of the entry titled ``title``."""
        self.shown()
        return self.driver.follow(named(EDIT, title))

    def ask_to_delete(self, title: str) -> Page:
        """Press the front page's Delete button of the entry titled ``title``."""
        self.shown()
        return self.driver.press(named(DELETE, title))

    def change_controls(self) -> list[str]:
        """The ways the front page offers to edit or delete entries: their texts."""
        soup = self.shown().soup
        links = [a for a in soup.find_all("a") if CHANGE_ADDRESS.match(path_of(a.get("href")))]
        forms = [f for f in soup.find_all("form") if CHANGE_ADDRESS.match(path_of(f.get("action")))]
        return [squash(tag.get_text()) for tag in links + forms]


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
