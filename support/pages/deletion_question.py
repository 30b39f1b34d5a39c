"""The page that asks before an entry is deleted (app/templates/blog/delete.html),
reached by the entry's Delete button on the front page: Delete, or keep the entry."""

from __future__ import annotations

from support.drivers.base import PageDriver
from support.drivers.page import Page
from support.drivers.page import squash
from support.pages.words import CONFIRM_DELETION
from support.pages.words import DELETION_QUESTION
from support.pages.words import KEEP_ENTRY


class DeletionQuestion:
    """What the admin can answer when the blog asks whether to delete an entry."""

    def __init__(self, driver: PageDriver) -> None:
        self.driver = driver

    def confirm(self) -> Page:
        """Press Delete on the page that asks whether to delete an entry."""
        return self.driver.press(CONFIRM_DELETION)

    def keep_entry(self) -> Page:
        """Follow the way back that keeps the entry, on the page that asks."""
        return self.driver.follow(KEEP_ENTRY)

    def asked(self) -> str | None:
        """What the current page asks before deleting an entry, if it asks (and offers a
        button that does)."""
        form = self.driver.page.soup.select_one("form.delete-entry")
        heading = form.find("h2") if form else None
        if form is None or heading is None:
            return None
        if CONFIRM_DELETION not in [squash(b.get_text()) for b in form.find_all("button")]:
            return None
        return squash(heading.get_text())

    def asks_about(self, title: str) -> bool:
        """Whether the current page asks whether to delete the entry titled ``title``."""
        question = DELETION_QUESTION.format(title)
        return self.driver.page.status == 200 and self.asked() == question
