"""Step parameter types shared by the step modules."""

from __future__ import annotations

import parse
from behave import register_type

from .blog import PAGES


@parse.with_pattern(r'[^"]*')
def parse_text(text: str) -> str:
    """Quoted text that may be empty, e.g. an empty username."""
    return text


register_type(Text=parse_text)


@parse.with_pattern(r"on|off")
def parse_on_off(text: str) -> bool:
    """A switch in a sentence: "on" or "off"."""
    return text == "on"


register_type(OnOff=parse_on_off)


@parse.with_pattern(r"an? (?:DEBUG|INFO|WARNING|ERROR|CRITICAL)")
def parse_level(text: str) -> str:
    """A logging level with its article: "a WARNING", "an INFO"."""
    return text.split()[1]


register_type(Level=parse_level)


#: The tokens a forged post may carry, by the names features give them.
TOKENS = ("no form token", "a made-up form token", "another visitor's form token")


@parse.with_pattern("|".join(TOKENS))
def parse_token(text: str) -> str:
    """The token a forged post carries: none, one never issued, or one issued to another."""
    return text


register_type(Token=parse_token)


@parse.with_pattern("|".join(PAGES))
def parse_page(text: str) -> str:
    """A page of the blog by the name features give it."""
    return text


register_type(Page=parse_page)
