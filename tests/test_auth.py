"""Logging in: one and the same answer to every failed login."""

from __future__ import annotations

import pytest
from flask import Flask

from app.auth import LOGGED_IN
from app.auth import LOGGED_USERNAME_LENGTH
from support.drivers.client import ClientDriver
from support.pages.blog import Blog
from support.scenarios.fixtures import DEFAULT_ADMIN


@pytest.mark.parametrize(
    ("username", "password"),
    [("admni", DEFAULT_ADMIN.password), (DEFAULT_ADMIN.username, "horse correct"),
     ("mallory", "letmein"), ("", "")],
)  # fmt: skip
def test_a_failed_login_does_not_say_what_was_wrong(
    app: Flask, username: str, password: str
) -> None:
    with ClientDriver(app) as driver:
        blog = Blog(driver)
        page = blog.login_page.log_in(username, password)
        assert page.status == 200, page.describe()
        assert blog.any_page.messages() == ["Invalid username or password"], page.describe()
        assert LOGGED_IN not in blog.session.stored() and not blog.any_page.shows_logged_in()


def test_a_login_refused_for_too_many_failures_is_logged_once_with_the_address(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    with ClientDriver(app) as driver:
        blog = Blog(driver)
        for _ in range(5):
            blog.login_page.log_in("admin", "guess")
        caplog.clear()
        page = blog.login_page.log_in("admin\r\nINFO forged line", "guess")
    assert page.status == 429, page.describe()
    lines = [record.getMessage() for record in caplog.records if record.levelname == "WARNING"]
    assert lines == [
        "Login for username 'admin\\r\\nINFO forged line' from 127.0.0.1 refused: "
        "too many failed logins"
    ], f"expected one warning naming the username and the address, the log holds {lines}"


def test_a_long_username_is_logged_only_by_its_start(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    """A refused guesser sends as many requests as it likes: each may log a line, never
    its whole form."""
    long_name = "x" * 100_000
    with ClientDriver(app) as driver:
        blog = Blog(driver)
        for _ in range(6):
            blog.login_page.log_in(long_name, "guess")
    lines = [record.getMessage() for record in caplog.records if record.levelname == "WARNING"]
    assert len(lines) == 6 and all(
        repr("x" * LOGGED_USERNAME_LENGTH) in line and len(line) < 200 for line in lines
    ), f"expected 6 warnings, each with the username's first characters: {[len(x) for x in lines]}"
