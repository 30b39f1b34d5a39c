"""The blog's own pages as readers meet them: what they say, how they look, and that the
Nu HTML Checker and axe-core find nothing wrong with them."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask_wtf.csrf import CSRFError

from app.security import render_csrf_error
from support.blog import Blog
from support.driver import ClientDriver
from support.fixtures import DEFAULT_ADMIN
from support.page import Page
from support.page import squash

#: Every reason Flask-WTF gives for refusing a form, and whether it means the form was
#: left open too long (the others: it did not come from the blog's own pages).
REFUSAL_REASONS = {
    "The CSRF token is missing.": False,
    "The CSRF session token is missing.": False,
    "The CSRF token has expired.": True,
    "The CSRF token is invalid.": False,
    "The CSRF tokens do not match.": False,
    "The referrer header is missing.": False,
    "The referrer does not match the host.": False,
}

#: Words of the machinery behind the blog, which a visitor's page must not use.
JARGON = ("CSRF", "token", "referrer", "session", "Flask")


def refusal_page(app: Flask, reason: str) -> Page:
    """The page the blog answers a form refused for ``reason`` with."""
    with app.test_request_context("/add", method="POST"):
        html, status = render_csrf_error(CSRFError(reason))
    return Page(status=status, url="/add", html=html)


def plain_words_problems(text: str) -> list[str]:
    """What keeps ``text`` from being plain words: jargon, brackets, doubled punctuation."""
    found = [f"the word {word!r}" for word in JARGON if re.search(rf"\b{word}\b", text, re.I)]
    found += [f"{mark!r}" for mark in ("(", ")", "..", ".,", ",.") if mark in text]
    return found


@pytest.mark.parametrize("reason", REFUSAL_REASONS)
def test_a_refused_form_is_explained_in_plain_words(app: Flask, reason: str) -> None:
    page = refusal_page(app, reason)
    detail = " ".join(page.texts(".error-detail"))
    assert page.status == 400
    assert plain_words_problems(page.text()) == [], page.text()
    assert detail.count("Nothing was changed.") == 1, detail
    if REFUSAL_REASONS[reason]:
        assert "left open too long" in detail and "did not come from" not in detail, detail
    else:
        assert "did not come from this site" in detail and "too long" not in detail, detail


def test_a_forged_post_gets_the_plain_refusal_from_the_blog_itself(app: Flask) -> None:
    with ClientDriver(app) as driver:
        blog = Blog(driver)
        blog.forge("log in", None, (DEFAULT_ADMIN.username, DEFAULT_ADMIN.password))
        assert blog.refused_as("a forgery"), blog.page.describe()
        assert plain_words_problems(blog.page.text()) == [], blog.page.text()
        assert squash(blog.page.texts("h2")[0]) == "This form could not be accepted"
