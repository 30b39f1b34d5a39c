"""What an entry shows on the front page: its title, its text and how it is laid out,
when it was posted and changed, and anything in it that could run code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from datetime import UTC

from bs4 import Tag

from support.drivers.page import squash
from support.pages.words import FORMATTING
from support.pages.words import LOOSE_TEXT
from support.pages.words import PARTS
from support.pages.words import TIME_WRITTEN

#: Elements that could run code, load content or restyle the page.
DANGEROUS_TAGS = ["script", "style", "iframe", "object", "embed", "img", "svg", "form", "link"]

#: Elements that start a new line or block: their text never runs into the text around.
BLOCKS = {"p", "br", "ul", "ol", "li", "blockquote", "pre", "div", "h1", "h2", "h3", "h4"}


def written_time(words: str) -> datetime:
    """The moment a feature writes as "29 November 2026, 14:05" (in UTC)."""
    try:
        return datetime.strptime(words, TIME_WRITTEN).replace(tzinfo=UTC)
    except ValueError:
        raise AssertionError(
            f"cannot read {words!r} as a time: write it as 29 November 2026, 14:05 UTC"
        ) from None


@dataclass(frozen=True)
class TimeShown:
    """A time as a page shows it: the words readers see, and the one machines read."""

    words: str
    machine: str  # the datetime attribute of its <time> element

    def moment(self) -> datetime | None:
        """The machine-readable time, if it is one."""
        try:
            return datetime.fromisoformat(self.machine)
        except ValueError:
            return None

    def says(self, words: str) -> bool:
        """Whether readers see ``words`` (29 November 2026, 14:05 UTC) and the element's
        machine-readable time is that minute, in UTC."""
        expected = written_time(words.removesuffix(" UTC"))
        moment = self.moment()
        return (
            self.words == words
            and moment is not None
            and moment.utcoffset() is not None
            and moment.replace(second=0, microsecond=0) == expected
        )


@dataclass(frozen=True)
class Entry:
    """One entry as shown on the front page."""

    title: str
    title_has_markup: bool
    text: str
    body: Tag
    posted: TimeShown | None = None
    changed: TimeShown | None = None

    def describe(self) -> str:
        """The entry as text, for failure messages."""
        return f"{self.title!r}: {self.body.decode_contents()!r}"

    def formatted(self, formatting: str) -> list[str]:
        """The texts in the entry's body shown with ``formatting`` (e.g. "strong");
        preformatted text exactly, spaces and all."""
        if formatting not in FORMATTING:
            raise AssertionError(f"unknown formatting {formatting!r}; known: {list(FORMATTING)}")
        tags = self.body.select(FORMATTING[formatting])
        if FORMATTING[formatting] == "pre":
            return [tag.get_text() for tag in tags]
        return [reader_text(tag) for tag in tags]

    def breaks_line_after(self, words: str) -> bool:
        """Whether a line break follows ``words`` in the entry's body."""
        for br in self.body.find_all("br"):
            before = br.previous_sibling
            text = before.get_text(" ") if isinstance(before, Tag) else str(before or "")
            if squash(text).endswith(squash(words)):
                return True
        return False

    def parts(self) -> list[tuple[str, str]]:
        """The parts the text is laid out in, top to bottom (see PARTS), each with its
        words as readers see them; a part within another is read as the outer one's."""
        names = {tag: name for name, tag in PARTS.items()}
        found: list[tuple[str, str]] = []
        loose: list[str] = []

        def flush() -> None:
            if squash("".join(loose)):
                found.append((LOOSE_TEXT, squash("".join(loose))))
            loose.clear()

        def walk(tag: Tag) -> None:
            for child in tag.children:
                if not isinstance(child, Tag):
                    loose.append(str(child))
                elif child.name in names:
                    flush()
                    found.append((names[child.name], reader_text(child)))
                else:
                    loose.append(" " if child.name in BLOCKS else "")
                    walk(child)

        walk(self.body)
        flush()
        return found

    def dangers(self) -> list[str]:
        """Everything in the body that could run code or restyle the page."""
        found = [f"<{tag.name}>" for tag in self.body.find_all(DANGEROUS_TAGS)]
        for tag in self.body.find_all(True):
            for name, value in tag.attrs.items():
                target = str(value).strip().lower()
                if name.startswith("on") or name == "style":
                    found.append(f"{name}= on <{tag.name}>")
                elif name in {"href", "src"} and not target.startswith(("http:", "https:")):
                    found.append(f"{name}={value!r} on <{tag.name}>")
        return found


def reader_text(tag: Tag) -> str:
    """The text as a reader sees it: words inside inline elements (``<b>반값</b>입니다``)
    run on as typed, words in separate blocks or lines stay apart."""
    parts = []
    for piece in tag.descendants:
        if isinstance(piece, Tag):
            if piece.name in BLOCKS:
                parts.append(" ")
        else:
            parts.append(str(piece))
    return squash("".join(parts))
