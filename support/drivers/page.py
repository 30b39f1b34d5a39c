"""A page as a person sees it: status, address and parsed HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field
from functools import cached_property

from bs4 import BeautifulSoup
from bs4 import Tag


@dataclass
class Page:
    """One response, parsed once and read many times."""

    status: int
    url: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)
    #: Seconds from sending the request to having the whole page.
    elapsed: float = 0.0

    @cached_property
    def soup(self) -> BeautifulSoup:
        """The parsed document."""
        return BeautifulSoup(self.html, "html.parser")

    def text(self) -> str:
        """The page's visible text, whitespace folded, for assertion messages."""
        root = self.soup.body or self.soup
        return squash(root.get_text(" "))

    def texts(self, selector: str) -> list[str]:
        """The folded text of every element matching a CSS selector."""
        return [squash(tag.get_text(" ")) for tag in self.soup.select(selector)]

    def describe(self) -> str:
        """A one-paragraph account of the page for failure messages."""
        return f"{self.status} at {self.url}: {self.text()!r}"


def squash(text: str) -> str:
    """Fold runs of whitespace into single spaces."""
    return re.sub(r"\s+", " ", text).strip()


def label_text(tag: Tag) -> str:
    """The text a person reads on a label, link or button."""
    if tag.name == "input":
        return squash(str(tag.get("value", "")))
    # A label may wrap its field; the field's own content is not part of its name.
    return squash(" ".join(s for s in tag.strings if s.parent.name not in FIELD_CONTENT))


#: Elements whose text is a field's value, not part of a label.
FIELD_CONTENT = {"textarea", "option", "select"}
