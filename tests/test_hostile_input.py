"""Hostile input beyond the scenarios: generated titles and texts, every GET route, odd
encodings."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from app.blog import entry_errors
from support.drivers.client import ClientDriver
from support.drivers.page import Page
from support.pages.blog import Blog
from support.scenarios.fixtures import DEFAULT_ADMIN
from support.state.store import add_entries
from support.state.store import stored_entries


@pytest.fixture
def admin(app: Flask) -> Iterator[Blog]:
    """The blog with one entry already there, seen by the logged-in admin."""
    add_entries(app, [("Existing", "<p>Kept as it is.</p>")])
    with ClientDriver(app) as driver:
        blog = Blog(driver)
        blog.login_page.log_in(DEFAULT_ADMIN.username, DEFAULT_ADMIN.password)
        yield blog


#: Titles of any length to past the limit, and many about the limit itself (200 characters),
#: of anything or of letters and spaces alone, which the limit alone can refuse; and titles
#: of what a reader cannot see (format characters, spaces, control characters).
TITLES = st.one_of(
    st.text(max_size=220),
    st.text(st.characters(categories=["Cf", "Zs", "Cc"]), max_size=8),
    st.text(min_size=195, max_size=205),
    st.text(st.characters(categories=["L", "Zs"]), min_size=195, max_size=205),
)


@settings(max_examples=500)
@given(title=TITLES, text=st.text(max_size=300))
def test_any_title_and_text_are_accepted_or_refused_by_the_documented_rules(
    title: str, text: str
) -> None:
    # The rule is a pure function: Hypothesis tries many inputs in milliseconds each.
    # The form trims the title before judging it, as submitted_entry does.
    errors = entry_errors(title.strip(), text)
    expected = expected_refusals(title, text)
    assert errors.keys() == expected.keys(), (
        f"expected refusals of {sorted(expected)}, got {errors} for {title!r}, {text!r}"
    )
    for field, reason in expected.items():
        assert errors[field].startswith(reason), f"expected {reason!r}, got {errors[field]!r}"


#: A few posts over the wire, one for each way the rule can go: the property above tries
#: the rule itself on hundreds of inputs.
POSTS = {
    "kept, its title trimmed": ("  Open on Sunday\u200b ", "Ten\ttill\r\nfour \U0001f35e"),
    "no visible title": ("\u200b\u00a0", "A text."),
    "a title too long": ("x" * 201, "A text."),
    "control characters in both": ("Bell\x07", "NUL\x00 and escape\x1b"),
}


@pytest.mark.parametrize("post", POSTS)
def test_a_post_is_stored_as_sent_or_refused_with_every_reason(
    app: Flask, admin: Blog, post: str
) -> None:
    title, text = POSTS[post]
    before = stored_entries(app)
    page = admin.raw_requests.send_entry(title=title, text=text)
    after = stored_entries(app)
    assert after[: len(before)] == before, "an existing entry was lost or altered"
    reasons = expected_refusals(title, text)
    if not reasons:
        assert page.status == 302, f"expected the post accepted: {page.describe()}"
        assert len(after) == len(before) + 1, f"expected one entry more, have {after}"
        assert after[-1][1] == title.strip(), "the stored title differs from what was sent"
    else:
        assert page.status == 400, f"expected 400 for {sorted(reasons)}: {page.describe()}"
        assert after == before, f"expected nothing stored, have {after}"
        missing = [reason for reason in reasons.values() if reason not in page.text()]
        assert missing == [], f"expected the page to say {missing}: {page.describe()}"


def expected_refusals(title: str, text: str) -> dict[str, str]:
    """The documented rules, written out here rather than taken from the app: what is
    wrong with each field, by the words its refusal starts with."""
    title = title.strip()
    visible = "".join(c for c in title if unicodedata.category(c) not in {"Cf", "Zs"})
    reasons = {}
    if not visible:
        reasons["title"] = "Title is required"
    elif len(title) > 200:
        reasons["title"] = "Title must be at most 200 characters"
    elif any(unicodedata.category(c) == "Cc" for c in title):
        reasons["title"] = "Title must not hold control characters"
    if any(unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in text):
        reasons["text"] = "Text must not hold control characters"
    return reasons


def test_no_get_request_changes_anything(app: Flask, admin: Blog) -> None:
    session_before, entries_before = admin.session.stored(), stored_entries(app)
    existing = str(entries_before[0][0])  # editing and deleting name an entry that exists
    for rule in app.url_map.iter_rules():
        path = rule.rule.replace("<path:filename>", "style.css")
        path = path.replace("<int:entry_id>", existing)
        page = admin.raw_requests.visit(path)
        assert page.status in {200, 405}, f"GET {path}: {page.describe()}"
        assert admin.session.stored() == session_before, f"GET {path} changed the session"
        assert stored_entries(app) == entries_before, f"GET {path} changed the entries"


def test_a_multipart_post_is_refused_as_unsupported(app: Flask, admin: Blog) -> None:
    token = admin.front_page.form_token()
    response = admin.driver.client.post(  # type: ignore[attr-defined]
        "/add",
        data={**token, "title": "Multipart", "text": "x"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 415
    assert "application/x-www-form-urlencoded" in response.get_data(as_text=True)


@pytest.mark.parametrize("encoding", ["JSON", "multipart form data"])
def test_a_post_that_is_not_a_form_stores_nothing(app: Flask, admin: Blog, encoding: str) -> None:
    before = stored_entries(app)
    page = admin.raw_requests.send_entry_as(encoding)
    assert admin.error_page.refused_as("not a form", saying="Forms must be sent as"), (
        page.describe()
    )
    assert stored_entries(app) == before


@pytest.mark.parametrize(
    "body",
    [b"title=%C3%28&text=x", b"title=ok&text=\xff\xfe", b"title=%ED%A0%80&text=surrogate"],
)
def test_bytes_that_are_not_utf8_are_refused(app: Flask, admin: Blog, body: bytes) -> None:
    page = admin.raw_requests.send_raw_entry(body)
    assert page.status == 400 and "not valid UTF-8" in page.text(), page.describe()


def test_the_title_limit_counts_characters_not_bytes(app: Flask, admin: Blog) -> None:
    page = admin.raw_requests.send_entry(title="é" * 200, text="Two hundred letters.")
    assert page.status == 302, page.describe()
    assert stored_entries(app)[-1][1] == "é" * 200


def test_a_post_at_the_size_limit_is_accepted(app: Flask, admin: Blog, tmp_path: Path) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 4096
    token = "&".join(f"{k}={v}" for k, v in admin.front_page.form_token().items()).encode()
    prefix = token + b"&title=Big&text="
    page = admin.raw_requests.send_raw_entry(b"title=Big&text=" + b"a" * (4096 - len(prefix) - 1))
    assert page.status == 302, page.describe()
    page = admin.raw_requests.send_raw_entry(b"title=Big&text=" + b"a" * 4096)
    assert page.status == 413, page.describe()


@pytest.mark.parametrize("title", ["\u200b\u200b", "\u00a0\u2003", "\u200e"])
def test_a_title_of_nothing_visible_is_refused(app: Flask, admin: Blog, title: str) -> None:
    page = admin.raw_requests.send_entry(title=title)
    assert page.status == 400 and "Title is required" in page.text(), page.describe()


def test_a_text_with_a_marked_section_is_posted_not_a_server_error(app: Flask, admin: Blog) -> None:
    # "<![" once stopped Python's HTML parser with an AssertionError: a 500 for the admin.
    page = admin.raw_requests.send_entry(title="Odd markup", text="a <![ b")
    assert page.status == 302, page.describe()
    assert stored_entries(app)[-1][1] == "Odd markup"


def test_emoji_joined_with_invisible_joiners_are_kept(app: Flask, admin: Blog) -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert admin.raw_requests.send_entry(title=family).status == 302
    assert stored_entries(app)[-1][1] == family


@pytest.mark.parametrize(
    ("title", "text"),
    [("مرحبا بالعالم", "שלום עולם"),
     ("\"Quoted\" & 'apostrophes'", "Fish & chips, \"fresh\" today")],
)  # fmt: skip
def test_right_to_left_text_and_quotes_are_kept_exactly(
    app: Flask, admin: Blog, title: str, text: str
) -> None:
    before = stored_entries(app)
    page = admin.raw_requests.send_entry(title=title, text=text)
    assert page.status == 302, page.describe()
    entry = admin.front_page.entry_titled(title)
    assert (entry.title, entry.text) == (title, text), entry.describe()
    assert stored_entries(app)[: len(before)] == before


#: Posts that cannot be an entry, by the feature's names for them: how the admin sends
#: one past the form, the status it is refused with, and the reason the page gives.
REFUSED_POSTS: dict[str, tuple[Callable[[Blog], Page], int, str]] = {
    "no text field": (
        lambda blog: blog.raw_requests.send_entry(text=None),
        400,
        "The form is missing its text field.",
    ),
    "a blank title": (
        lambda blog: blog.raw_requests.send_entry(title="   "),
        400,
        "Title is required",
    ),
    "NUL in a text": (
        lambda blog: blog.raw_requests.send_entry(text="A\x00text"),
        400,
        "Text must not hold control characters",
    ),
    "invalid UTF-8": (
        lambda blog: blog.raw_requests.send_invalid_utf8_entry(),
        400,
        "The form was not valid UTF-8.",
    ),
    "multipart": (
        lambda blog: blog.raw_requests.send_entry_as("multipart form data"),
        415,
        "Forms must be sent as application/x-www-form-urlencoded.",
    ),
}


@pytest.mark.parametrize("problem", REFUSED_POSTS)
def test_what_cannot_be_an_entry_is_refused_with_its_reason(
    app: Flask, admin: Blog, problem: str
) -> None:
    send, status, reason = REFUSED_POSTS[problem]
    before = stored_entries(app)
    page = send(admin)
    assert page.status == status and reason in page.text(), page.describe()
    assert stored_entries(app) == before
