"""The Edit page of an entry (app/templates/blog/edit.html), reached by the entry's Edit
link on the front page: its title and text to retype, and Save changes."""

from __future__ import annotations

from bs4 import Tag

from support.drivers.base import field_value
from support.drivers.base import PageDriver
from support.drivers.page import Page
from support.pages.front_page import FrontPage
from support.pages.words import SAVE_CHANGES
from support.pages.words import TEXT
from support.pages.words import TITLE


class EditPage:
    """What the admin can do on an entry's Edit page and what they can see there."""

    def __init__(self, driver: PageDriver, front_page: FrontPage) -> None:
        self.driver = driver
        self.front_page = front_page

    def edit_entry(self, title: str, new_title: str | None = None, text: str | None = None) -> Page:
        """Edit the entry titled ``title``: retype what is given, keep the rest, save."""
        self.front_page.open_editing(title)
        if new_title is not None:
            self.driver.fill(TITLE, new_title)
        if text is not None:
            self.driver.fill(TEXT, text)
        return self.save_changes()

    def text_being_edited(self) -> str:
        """What the Text box of the Edit page the admin has open holds, untouched."""
        page = self.driver.page
        form = page.soup.select_one("form.edit-entry")
        box = form.find("textarea", attrs={"name": "text"}) if form else None
        if not isinstance(box, Tag):
            raise AssertionError(f"expected an Edit page with a Text box: {page.describe()}")
        return field_value(box)

    def save_changes(self) -> Page:
        """Press Save changes on the edit page the admin has open."""
        return self.driver.press(SAVE_CHANGES)
