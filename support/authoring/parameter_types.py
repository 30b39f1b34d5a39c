"""The typed placeholders of the step sentences: the one source of truth for what each
accepts. The steps use them in their patterns (``{page:Page}``), behave matches with
them, ``make lint`` names a word outside a closed set, and the glossary lists them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from typing import Any

import parse
from behave import register_type

from app.config import CHECKED_KEYS
from app.config import EXTENSION_KEYS
from support.pages.words import FORMATTING
from support.pages.words import OTHER_METHODS
from support.pages.words import PAGES
from support.pages.words import PARTS
from support.pages.words import PROTECTIONS
from support.pages.words import REFUSALS
from support.pages.words import WRITING_FORMS


def same(text: str) -> str:
    return text


@dataclass(frozen=True)
class Placeholder:
    """A kind of value a sentence takes: how the glossary names it, what it accepts in
    plain words, and the text behave matches it with."""

    name: str  # the type's name in patterns: {page:Page}
    what: str  # "a page of the blog"
    pattern: str
    convert: Callable[[str], Any] = same
    words: tuple[str, ...] = field(default=())  # a closed set, when it is one
    #: Words also accepted, so that scenarios written before keep running, but not shown.
    aliases: tuple[str, ...] = field(default=())
    #: A counted noun's two forms, singular and plural: ("entry", "entries").
    forms: tuple[str, str] | None = None

    def accepts_word(self, word: str) -> bool:
        return word in self.words or word in self.aliases

    @property
    def accepts(self) -> str:
        """What the glossary says it accepts."""
        if self.words:
            return f"{self.what}, one of: " + ", ".join(f"“{w}”" for w in self.words)
        return self.what

    def register(self) -> None:
        """Make the type known to behave's matcher (a function of its own: parse keeps
        the pattern on the function)."""

        def converter(text: str) -> Any:
            return self.convert(text)

        register_type(**{self.name: parse.with_pattern(self.pattern)(converter)})


def choice(
    name: str,
    what: str,
    words: tuple[str, ...],
    convert: Callable[[str], Any] = same,
    aliases: tuple[str, ...] = (),
) -> Placeholder:
    """A placeholder that accepts one word of a closed set (the longest match first)."""
    accepted = sorted((*words, *aliases), key=len, reverse=True)
    pattern = "|".join(re.escape(w) for w in accepted)
    return Placeholder(name, what, pattern, convert, words, aliases)


#: The levels of Python's logging, with the article a sentence gives them; the other
#: article is accepted too, as it always was.
LEVELS = ("a DEBUG", "an INFO", "a WARNING", "an ERROR", "a CRITICAL")
OTHER_ARTICLE = tuple(
    f"{'an' if level.startswith('a ') else 'a'} {level.split()[1]}" for level in LEVELS
)
#: The tokens a forged post may carry, by the names features give them.
TOKENS = ("no form token", "a made-up form token", "another visitor's form token")
#: The fields of an entry, as a post names them.
FIELDS = ("title", "text")
#: An IPv4 address (203.0.113.7) or an IPv6 one (2001:db8:1:2::a), as a visitor's is written.
ADDRESS = r"(?:[0-9]{1,3}\.){3}[0-9]{1,3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}"


def counted(name: str, one: str, many: str) -> Placeholder:
    """A number with its noun, singular or plural as English has it: "1 entry",
    "2 entries" ("1 entries", once the only form, is still accepted)."""
    return Placeholder(
        name,
        f"a number and “{one}” or “{many}”, such as “1 {one}” or “2 {many}”",
        rf"1 {re.escape(one)}|\d+ {re.escape(many)}",
        lambda text: int(text.split()[0]),
        forms=(one, many),
    )


PLACEHOLDERS = {
    p.name: p
    for p in (
        Placeholder("Text", "any text, possibly empty", r'[^"]*'),
        # An entry's title or text: quotes included (HTML has them), "" for none.
        Placeholder("Value", 'any text, quotes included, possibly empty ("" for none)', r".*?"),
        choice("OnOff", "a switch", ("on", "off"), lambda text: text == "on"),
        choice("Level", "a logging level", LEVELS, lambda text: text.split()[1], OTHER_ARTICLE),
        choice("Token", "the form token a forged request carries", TOKENS),
        choice("Page", "a page of the blog", tuple(PAGES)),
        choice("Form", "a form of the blog that changes something", tuple(WRITING_FORMS)),
        choice("Method", "an HTTP method other than POST", OTHER_METHODS),
        choice("Formatting", "a kind of formatting", tuple(FORMATTING)),
        choice("Part", "a part of an entry's text", tuple(PARTS)),
        choice("Refusal", "a reason the blog gives for refusing", tuple(REFUSALS)),
        choice("Protection", "what the page tells browsers to do", tuple(PROTECTIONS)),
        choice("Field", "a field of an entry", FIELDS),
        choice(
            "Setting",
            "a setting of the configuration file",
            (*CHECKED_KEYS, *sorted(EXTENSION_KEYS)),
        ),
        # Any word: a scenario may name a key the blog does not know, to see it refused.
        Placeholder("Key", "the name of a setting, known to the blog or not", r"\S+"),
        Placeholder("Limit", 'a rate of attempts, such as "5 per 15 minutes"', r".+"),
        Placeholder("Address", "an IPv4 or IPv6 address, such as 203.0.113.7", ADDRESS),
        counted("Entries", "entry", "entries"),
        counted("Times", "time", "times"),
        counted("MoreTimes", "more time", "more times"),
        counted("MinutesPassed", "minute has", "minutes have"),
        counted("Mails", "mail", "mails"),
        counted("Characters", "character", "characters"),
        counted("Bytes", "byte", "bytes"),
        counted("OldLogs", "old log", "old logs"),
    )
}

for _placeholder in PLACEHOLDERS.values():
    _placeholder.register()

#: How the glossary describes the placeholders that are not ours: parse's own types and
#: untyped ones, which take any text (between quotes, up to the quote).
BUILT_IN = {
    "d": "a whole number",
    "": "any text",
}


def describe(kind: str) -> str:
    """What a placeholder of type ``kind`` accepts, in plain words."""
    if kind in PLACEHOLDERS:
        return PLACEHOLDERS[kind].accepts
    return BUILT_IN.get(kind, kind)
