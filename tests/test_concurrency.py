"""Many admins' browsers posting at once to a real server: every entry is stored."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from bs4 import BeautifulSoup
from werkzeug.serving import make_server

from app import create_app
from support.scenarios.fixtures import DEFAULT_ADMIN
from support.state.store import stored_titles

THREADS = 8
POSTS_EACH = 50


@pytest.fixture
def live_blog(tmp_path: Path) -> Iterator[tuple[str, object]]:
    """The blog served by a threaded WSGI server on 127.0.0.1 at a free port."""
    app = create_app(
        {
            "SECRET_KEY": "concurrency secret",
            "DATABASE": str(tmp_path / "blog.sqlite"),
            "ADMIN_USERNAME": DEFAULT_ADMIN.username,
            "ADMIN_PASSWORD_HASH": DEFAULT_ADMIN.password_hash,
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", app
    finally:
        server.shutdown()
        thread.join(timeout=10)


def token(session: requests.Session, url: str, form: str) -> str:
    """The anti-forgery token of ``form`` on the page at ``url``."""
    page = session.get(url, timeout=10)
    page.raise_for_status()
    field = BeautifulSoup(page.text, "html.parser").select_one(f"{form} input[name=csrf_token]")
    assert field is not None, f"no {form} with a token at {url}"
    return str(field["value"])


def post_entries(base: str, writer: int) -> list[int]:
    """Log in as the admin in a browser of one's own and post POSTS_EACH entries."""
    with requests.Session() as browser:
        login = {
            "csrf_token": token(browser, f"{base}/login", "form.login"),
            "username": DEFAULT_ADMIN.username,
            "password": DEFAULT_ADMIN.password,
        }
        assert browser.post(f"{base}/login", data=login, timeout=10).ok
        form_token = token(browser, f"{base}/", "form.add-entry")
        statuses = []
        for n in range(POSTS_EACH):
            entry = {"csrf_token": form_token, "title": f"w{writer}-{n}", "text": "Concurrent."}
            reply = browser.post(f"{base}/add", data=entry, allow_redirects=False, timeout=30)
            statuses.append(reply.status_code)
        return statuses


def test_eight_writers_store_every_entry(live_blog: tuple[str, object]) -> None:
    base, app = live_blog
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(post_entries, [base] * THREADS, range(THREADS)))
    statuses = [status for result in results for status in result]
    assert statuses == [302] * THREADS * POSTS_EACH, sorted(set(statuses))
    titles = stored_titles(app)  # type: ignore[arg-type]
    expected = {f"w{w}-{n}" for w in range(THREADS) for n in range(POSTS_EACH)}
    assert len(titles) == THREADS * POSTS_EACH and set(titles) == expected
