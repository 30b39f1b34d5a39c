"""Small rules at the edges: the login token's size, the lock-out's wait in its last
second, the lowest and the farthest page numbers, a blank field's name, and how
``python -m app`` starts and ends."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from flask import Flask
from werkzeug.exceptions import TooManyRequests

from app.__main__ import main
from app.auth import start_login
from app.db import get_db
from app.db import transaction

START = datetime.datetime(2026, 11, 29, 12, 0, 0, tzinfo=datetime.UTC)


def test_a_login_token_holds_32_random_bytes(app: Flask) -> None:
    with app.test_request_context():
        token = start_login()
    assert len(token) == 43, f"expected 32 bytes in URL-safe base64 (43 characters), got {token!r}"


def refused_at(app: Flask, seconds_later: float) -> TooManyRequests:
    """The refusal of a sixth try ``seconds_later`` than five failed ones."""
    throttle = app.extensions["login_throttle"]
    with app.test_request_context():
        with time_machine.travel(START, tick=False):
            for _ in range(5):
                throttle.attempt("203.0.113.9")
        with time_machine.travel(START + datetime.timedelta(seconds=seconds_later), tick=False):
            with pytest.raises(TooManyRequests) as refused:
                throttle.attempt("203.0.113.9")
    return refused.value


@pytest.mark.parametrize(
    ("later", "wait", "words"),
    [(900, 1, "try again in 1 minute."), (899.5, 1, "try again in 1 minute."),
     (839, 61, "try again in 2 minutes."), (840, 60, "try again in 1 minute.")],
)  # fmt: skip
def test_the_lock_out_s_wait_is_at_least_a_second_and_rounded_up_to_minutes(
    app: Flask, later: float, wait: int, words: str
) -> None:
    refused = refused_at(app, later)
    assert (refused.retry_after, words in str(refused.description)) == (wait, True), (
        f"{900 - later} s before the window ends: expected Retry-After {wait} and {words!r}, "
        f"got {refused.retry_after} and {refused.description!r}"
    )


def add_entries(app: Flask, count: int) -> None:
    with app.app_context(), transaction(get_db()) as db:
        for n in range(count):
            db.execute("INSERT INTO entries (title, text) VALUES (?, ?)", (f"Entry {n}", "x"))


def test_the_lowest_entry_number_is_a_page_number(app: Flask) -> None:
    add_entries(app, 3)
    status = app.test_client().get("/?before=1").status_code
    assert status == 200, f"expected ?before=1 to be an (empty) page, got {status}"


def test_a_page_beyond_the_newest_entry_offers_no_newer_entries(app: Flask) -> None:
    add_entries(app, 3)
    client = app.test_client()
    beyond = client.get("/?before=100").get_data(as_text=True)
    within = client.get("/?before=3").get_data(as_text=True)
    assert "Newest entries" not in beyond, "a page beyond the newest entry links to newer ones"
    assert "Newest entries" in within, "a page within the blog lost its link to newer ones"


def test_a_blank_field_whose_name_is_not_utf8_is_refused(app: Flask) -> None:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None, "the login page has no form token"
    body = f"csrf_token={token[1]}&username=admin&password=guess&%ff=".encode()
    response = client.post("/login", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400, f"expected 400 for %ff=, got {response.status_code}"
    assert "not valid UTF-8" in response.get_data(as_text=True)


def test_python_m_app_serves_on_port_5000_and_ends_with_status_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[dict[str, object]] = []
    monkeypatch.setattr(Flask, "run", lambda self, **options: served.append(options))
    config = tmp_path / "config.yaml"
    config.write_text(f"FLASK: {{DATABASE: {tmp_path / 'blog.sqlite'}}}\n", encoding="utf-8")
    status = main(["--config", str(config)])
    assert (status, [o["port"] for o in served]) == (0, [5000]), (
        f"expected port 5000 and status 0 once the server stops, got {served} and {status}"
    )
