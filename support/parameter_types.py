"""Step parameter types shared by the step modules."""

from __future__ import annotations

import parse
from behave import register_type


@parse.with_pattern(r'[^"]*')
def parse_text(text: str) -> str:
    """Quoted text that may be empty, e.g. an empty username."""
    return text


register_type(Text=parse_text)
