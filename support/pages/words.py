"""The blog's words: its addresses, the labels of its links, buttons and fields, and the
closed lists of words a feature may use. Each list is the one source of truth: the page
objects read it, and so does support/authoring/parameter_types.py for the sentences."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from werkzeug.test import encode_multipart

# Addresses.

FRONT_PAGE = "/"
LOGIN_PAGE = "/login"
LOGOUT = "/logout"
ADD_ENTRY = "/add"
#: Where an entry is edited and deleted, by its number.
EDIT_ENTRY = "/{}/edit"
DELETE_ENTRY = "/{}/delete"
#: An address of either, as links and forms on a page give it.
CHANGE_ADDRESS = re.compile(r"^/\d+/(edit|delete)$")

#: Where the front page's link to older entries says which page it is.
OLDER_THAN = "before"

#: Pages a feature may name, and where they are.
PAGES = {
    "the blog": FRONT_PAGE,
    "the login page": LOGIN_PAGE,
    "a page that does not exist": "/no-such-page",
    "the logout address": LOGOUT,
    "the posting address": ADD_ENTRY,
}

#: The forms that change something, by the names features give them, and where they are
#: sent; "{}" is the number of the entry whose form it is.
WRITING_FORMS = {
    "the posting form": ADD_ENTRY,
    "the newest entry's Edit form": EDIT_ENTRY,
    "the newest entry's Delete confirmation": DELETE_ENTRY,
    "the Log out button": LOGOUT,
    "the login form": LOGIN_PAGE,
}

#: The methods other than POST a feature may send a form with: HEAD, which forgery
#: checks let through as they do GET, and those no form of the blog uses.
OTHER_METHODS = ("HEAD", "GET", "PUT", "PATCH", "DELETE", "OPTIONS")


def path_of(address: object) -> str:
    """The path of a link's or form's address ("" when it has none)."""
    return urlsplit(str(address or "")).path


# Labels: what a person reads on the fields, buttons and links they use.

USERNAME = "Username"
PASSWORD = "Password"
LOG_IN = "Log in"
LOG_OUT = "Log out"
TITLE = "Title"
TEXT = "Text"
SHARE = "Share"

#: What the admin presses or follows to change entries. The front page names each
#: entry's Edit and Delete after it, for screen readers: Edit “Summer hours”.
EDIT = "Edit"
DELETE = "Delete"
SAVE_CHANGES = "Save changes"
CONFIRM_DELETION = "Delete"
KEEP_ENTRY = "Keep the entry"

#: The links between pages of entries.
OLDER_ENTRIES = "Older entries"
NEWEST_ENTRIES = "Newest entries"


def named(action: str, title: str) -> str:
    """What an entry's Edit or Delete is called, to a screen reader and to the drivers."""
    return f"{action} “{title}”"


#: What the blog asks before deleting an entry.
DELETION_QUESTION = "Delete the entry “{}”?"

#: How features and the blog write a time: 29 November 2026, 14:05 (UTC follows it).
TIME_WRITTEN = "%d %B %Y, %H:%M"

# Names of fields and cookies that no person reads but the pages carry.

#: The hidden field that carries a form's anti-forgery token.
TOKEN_FIELD = "csrf_token"

#: The login form's field for the username.
USERNAME_FIELD = "username"

#: The cookie that carries the session.
SESSION_COOKIE = "session"

# The closed lists of words a feature may use.

#: What the browser is told to refuse: the header that says it, and a check of its value.
PROTECTIONS: dict[str, tuple[str, Callable[[str], bool]]] = {
    "run only the blog's own scripts and styles": (
        "Content-Security-Policy",
        lambda v: "default-src 'self'" in v,
    ),
    "never guess a file's type": ("X-Content-Type-Options", lambda v: v == "nosniff"),
    "never show the page inside a frame": ("X-Frame-Options", lambda v: v == "DENY"),
    "keep the page's address from other sites": (
        "Referrer-Policy",
        # Not no-referrer: HTTPS form posts are checked against the Referer header.
        lambda v: v in {"same-origin", "strict-origin"},
    ),
    "use only HTTPS for a year": (
        "Strict-Transport-Security",
        lambda v: v.startswith("max-age=") and int(v[8:].split(";")[0]) >= 31536000,
    ),
}


#: The elements that carry each kind of formatting a feature may name; the words people
#: use for the same thing name the same elements.
FORMATTING = {
    "strong": "strong, b",
    "bold": "strong, b",
    "emphasis": "em, i",
    "italics": "em, i",
    "a link": "a[href]",
    "a list item": "ul > li, ol > li",
    "code": "code",
    "preformatted text": "pre",
    "a quotation": "blockquote",
    "a paragraph": "p",
}

#: The parts an entry's text is laid out in, top to bottom, by the words features use
#: (the same as for formatting), and the element that is each.
PARTS = {
    "a paragraph": "p",
    "a list item": "li",
    "a quotation": "blockquote",
    "preformatted text": "pre",
}

#: What a failure message calls words that stand in no part.
LOOSE_TEXT = "words in no paragraph"


#: Why a request was refused: the status that says so and words the page must use.
REFUSALS = {
    "not logged in": (401, "need to be logged in"),
    "a forgery": (400, "did not come from this site"),
    "too many attempts": (429, "Too many failed logins"),
    "too large": (413, "larger than"),
    "a method not allowed": (405, "Method Not Allowed"),
    "not found": (404, "Not Found"),
    "a bad request": (400, ""),
    "not a form": (415, "Unsupported Media Type"),
}

#: What the page for a form left open too long says. It says only that: a stale form is
#: told apart from a forged one (REFUSALS["a forgery"]).
STALE_FORM = "left open too long"

#: What an error page must never show a visitor.
INTERNALS = ["Traceback", 'File "', ".py", "sqlite", "DatabaseError", "Exception", "Debugger"]


def as_json(fields: dict[str, str]) -> tuple[bytes, str]:
    """``fields`` as a script would send them: a JSON object."""
    return json.dumps(fields).encode("utf-8"), "application/json"


def as_multipart(fields: dict[str, str]) -> tuple[bytes, str]:
    """``fields`` as a browser sends a form with a file field: multipart/form-data."""
    boundary, body = encode_multipart(fields)
    return body, f"multipart/form-data; boundary={boundary}"


#: Posts that are not forms, by the words features use: how the posting form's fields
#: become such a body, and its content type.
NOT_FORMS: dict[str, Callable[[dict[str, str]], tuple[bytes, str]]] = {
    "JSON": as_json,
    "multipart form data": as_multipart,
}
