"""An entry's text: typed text made HTML, sanitised, and what sanitising removed, in words.

Text without block-level HTML is read as typed in any text box: a blank line separates
paragraphs, a single line break is kept, and lines starting with "- " or "* " make a
list. Text with block-level HTML of its own is taken as HTML. Either way nh3 sanitises
the result last, so nothing the conversion does can let anything dangerous through.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

import nh3

#: Formatting an admin may use in an entry's text; everything else is removed.
ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "code", "em", "i",
    "li", "ol", "p", "pre", "strong", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https"}
LINK_REL = "noopener noreferrer nofollow"

#: The allowed elements that are blocks: text holding one of them is taken as HTML.
ALLOWED_BLOCKS = {"blockquote", "li", "ol", "p", "pre", "ul"}

#: Allowed blocks that may hold paragraphs (as the text itself may).
HOLDS_PARAGRAPHS = {"blockquote", "li"}

#: Table cells: removed, each leaves a space, so a row's cells stay on one line.
CELLS = {"td", "th"}

#: Block-level elements sanitising removes: each leaves a paragraph break (a space where
#: no paragraph can start, a line break in preformatted text).
REMOVED_BLOCKS = {
    "address", "article", "aside", "caption", "center", "col", "colgroup", "dd",
    "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
    "legend", "main", "menu", "nav", "section", "summary", "table", "tbody", "tfoot",
    "thead", "tr",
}  # fmt: skip

#: Every element that is a block, allowed or not.
BLOCKS = ALLOWED_BLOCKS | CELLS | REMOVED_BLOCKS

#: Elements without an end tag, among those kept while words are kept apart.
VOID = {"br", "col", "hr"}

#: What sanitising may remove, in the words the confirmation uses, in the order it names
#: them: elements by name, attributes of kept elements as ``name=`` (``on*=`` for every
#: event handler), comments as ``<!---->``. The one list of these words.
REMOVED = {
    "a table": "table caption colgroup col thead tbody tfoot tr td th",
    "a heading": "h1 h2 h3 h4 h5 h6 hgroup",
    "a dividing line": "hr",
    "a section": "div section article aside header footer main nav address center dialog",
    "a menu": "menu dir",
    "a figure": "figure figcaption",
    "a definition list": "dl dt dd",
    "a folding section": "details summary",
    "underlining": "u ins",
    "crossing out": "s strike del",
    "highlighting": "mark",
    "small print": "small",
    "large print": "big",
    "subscript": "sub",
    "superscript": "sup",
    "styling": "span font style= class=",
    "an image": "img picture",
    "a drawing": "svg canvas math",
    "a video or sound": "video audio source track",
    "embedded content": "iframe frame frameset object embed applet",
    "a form": "form fieldset legend label input button select option optgroup textarea output",
    "a script": "script noscript",
    "a style sheet": "style",
    "page settings": "html head body title meta link base",
    "an event handler": "on*=",
    "an unsafe link": "href=",
    "a comment": "<!---->",
}
#: Anything removed that ``REMOVED`` does not name.
OTHER = "other HTML"

#: What was removed (element, ``attribute=``, ``<!---->``) → the words that name it.
WORDS = {key: words for words, keys in REMOVED.items() for key in keys.split()}

#: A line that is an item of a list: "- bread" or "* bread".
LIST_ITEM = re.compile(r"[ \t]*[-*] (.*)")

#: A blank line, the space between paragraphs (lines holding only spaces count as blank).
BLANK_LINE = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


@dataclass(frozen=True)
class EntryText:
    """An entry's text as stored, and what sanitising removed from it, in words."""

    html: str
    removed: list[str]


def entry_text(typed: str) -> EntryText:
    """The text as typed into the form, made HTML, sanitised, with what was removed."""
    html = shape(typed)
    before = Inventory.of(html)
    cleaned = sanitise(html, before)
    return EntryText(cleaned, before.removed_in(Inventory.of(cleaned)))


def as_typed(typed: str) -> str:
    """Text from the form as it is kept for the admin to edit again: trimmed, every line
    break a "\\n" (browsers send "\\r\\n")."""
    return typed.replace("\r\n", "\n").replace("\r", "\n").strip()


def shape(typed: str) -> str:
    """Typed text as HTML: paragraphs, line breaks and lists, unless it holds blocks of
    HTML of its own; trimmed either way. Not sanitised: see ``clean_text``."""
    text = as_typed(typed)
    if not text or Inventory.of(text).has_blocks:
        return text
    return "\n".join(block for part in BLANK_LINE.split(text) for block in paragraph(part))


def paragraph(part: str) -> list[str]:
    """One part between blank lines: runs of lines become paragraphs, runs of "- " or
    "* " lines lists."""
    blocks: list[str] = []
    lines: list[str] = []
    items: list[str] = []
    for line in part.split("\n"):
        item = LIST_ITEM.match(line)
        if item and lines:
            blocks.append("<p>" + "<br>\n".join(lines) + "</p>")
            lines = []
        elif not item and items:
            blocks.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
            items = []
        if item:
            items.append(item.group(1).strip())
        else:
            lines.append(line.strip())
    if lines:
        blocks.append("<p>" + "<br>\n".join(lines) + "</p>")
    if items:
        blocks.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
    return blocks


def clean_text(html: str) -> str:
    """Keep simple formatting, drop anything that could run or restyle the page; what is
    dropped never joins the words around it."""
    return sanitise(html, Inventory.of(html))


def sanitise(html: str, inventory: Inventory) -> str:
    """``clean_text`` for HTML whose inventory is known. When blocks or cells are to go,
    nh3 first keeps them, to show where they were; it always has the last word."""
    final = {
        "tags": ALLOWED_TAGS,
        "attributes": ALLOWED_ATTRIBUTES,
        "url_schemes": ALLOWED_URL_SCHEMES,
    }
    if inventory.spaces or inventory.found.keys() & (CELLS | REMOVED_BLOCKS):
        structured = nh3.clean(
            inventory.spaced(html),
            **{**final, "tags": ALLOWED_TAGS | CELLS | REMOVED_BLOCKS},
            link_rel=None,
        )
        html = KeepApart.run(structured)
    return PRE_NEWLINES.sub("<pre>", nh3.clean(html, **final, link_rel=LINK_REL))


#: Line breaks that open preformatted text: a parser drops the first, so each reading
#: of the text would lose one more; none are kept, so the stored text stays as it is.
PRE_NEWLINES = re.compile("<pre>\n+")


#: Elements shown in the place of words, not as blocks (images, embedded pages, form
#: fields): each leaves a space when removed.
IN_PLACE = {
    "applet", "audio", "button", "canvas", "embed", "iframe", "img", "input", "math",
    "object", "picture", "select", "svg", "textarea", "video",
}  # fmt: skip

#: The parts of a table: outside a table, nh3's parser drops their tags altogether, as a
#: browser's does, so a space must stand in for each beforehand.
TABLE_PARTS = {"caption", "col", "colgroup", "tbody", "td", "tfoot", "th", "thead", "tr"}


class Inventory(HTMLParser):
    """What a piece of HTML holds, counted: elements, attributes of allowed elements
    (once per element), comments; whether it holds any block; and where a space must
    stand in for a tag nh3 would drop with nothing in its place."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: Counter[str] = Counter()
        self.has_blocks = False
        self.spaces: list[tuple[int, int]] = []  # (line, column) of each such tag
        self.tables = 0

    @classmethod
    def of(cls, html: str) -> Inventory:
        inventory = cls()
        # HTML reads "<![" as a comment up to the next ">", as nh3 does; Python's parser
        # reads an SGML marked section instead, and stops with an AssertionError at one
        # it cannot name ("a <![ b"). Made a comment of the same length, positions stay.
        inventory.feed(html.replace("<![", "<!_"))
        inventory.close()
        return inventory

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found[tag] += 1
        self.has_blocks |= tag in BLOCKS
        if tag in ALLOWED_TAGS:
            names = {"on*" if name.startswith("on") else name for name, _ in attrs}
            self.found.update(f"{name}=" for name in names)
        self.tables += tag == "table"
        if tag in IN_PLACE or (tag in TABLE_PARTS and not self.tables):
            self.spaces.append(self.getpos())

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.tables = max(0, self.tables - 1)
        elif tag in TABLE_PARTS and not self.tables:
            self.spaces.append(self.getpos())

    def handle_comment(self, data: str) -> None:
        self.found["<!---->"] += 1

    def removed_in(self, after: Inventory) -> list[str]:
        """What sanitising took out of this HTML to give ``after``, in words, in the
        order of REMOVED."""
        said = {WORDS.get(key, OTHER) for key in self.found - after.found}
        order = [*REMOVED, OTHER]
        return sorted(said, key=order.index)

    def spaced(self, html: str) -> str:
        """``html`` (the HTML inventoried) with a space before each tag in ``spaces``."""
        starts = [0, *(m.end() for m in re.finditer("\n", html))]
        pieces, done = [], 0
        for line, column in self.spaces:
            at = starts[line - 1] + column
            pieces += [html[done:at], " " if at and not html[at - 1].isspace() else ""]
            done = at
        return "".join([*pieces, html[done:]])


@dataclass
class Open:
    """An element kept open while words are kept apart; ``paragraph`` is whether a
    paragraph made here is open."""

    tag: str
    number: int
    paragraph: bool = False


class KeepApart(HTMLParser):
    """Sanitised HTML (well formed, as nh3 writes it) with the removed blocks and cells
    still in: each block replaced by a paragraph break, each cell by a space.

    A paragraph break ends the paragraph it is in where paragraphs can be (the text
    itself, a quotation, a list item): where one breaks, every run of words in it is made
    a paragraph. Elsewhere it leaves a space, or a line break in preformatted text.
    """

    def __init__(self, paragraphs: set[int]) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs = paragraphs  # the elements, by number, whose runs are paragraphs
        self.broken: set[int] = set()  # the elements, by number, a paragraph break is in
        self.out: list[str] = []
        self.open = [Open("", -1)]
        self.started = 0

    @classmethod
    def run(cls, html: str) -> str:
        """``html`` with blocks and cells made breaks and spaces: once to find where
        paragraphs break, once to write them."""
        first = cls(set())
        first.feed(html)
        first.close()
        second = cls(first.broken)
        second.feed(html)
        second.close()
        return "".join(second.out).strip()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        number, self.started = self.started, self.started + 1
        if tag in CELLS:
            self.separate(" ")
        elif tag in REMOVED_BLOCKS:
            self.paragraph_break()
        else:
            if tag in ALLOWED_BLOCKS:
                self.end_paragraph()
            else:
                self.words()
            said = "".join(
                f" {name}" if value is None else f' {name}="{escape(value)}"'
                for name, value in attrs
            )
            self.out.append(f"<{tag}{said}>")
            if tag not in VOID:
                self.open.append(Open(tag, number))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in CELLS:
            self.separate(" ")
        elif tag in REMOVED_BLOCKS:
            self.paragraph_break()
        elif self.open[-1].tag == tag or any(e.tag == tag for e in self.open[1:]):
            while True:
                self.end_paragraph()
                element = self.open.pop()
                self.out.append(f"</{element.tag}>")
                if element.tag == tag:
                    break

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.words()
        self.out.append(escape(data, quote=False))

    def close(self) -> None:
        super().close()
        while len(self.open) > 1:
            self.handle_endtag(self.open[-1].tag)
        self.end_paragraph()

    def paragraph_break(self) -> None:
        here = self.open[-1]
        if here.tag in HOLDS_PARAGRAPHS or not here.tag:
            self.broken.add(here.number)
            self.end_paragraph()
            self.separate("\n")
        else:
            self.separate("\n" if here.tag == "pre" else " ")

    def separate(self, space: str) -> None:
        """Keep the words before apart from those after, with one space at most."""
        if self.out and not self.out[-1][-1:].isspace():
            self.out.append(space)

    def words(self) -> None:
        """Words or inline formatting come: in a paragraph, if they are to be in one."""
        here = self.open[-1]
        if here.number in self.paragraphs and not here.paragraph:
            self.out.append("<p>")
            here.paragraph = True

    def end_paragraph(self) -> None:
        here = self.open[-1]
        if here.paragraph:
            if self.out[-1].isspace():
                self.out.pop()
            self.out.append("</p>")
            here.paragraph = False
