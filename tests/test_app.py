"""App pieces that the scenarios do not reach directly."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import check_password_hash

from app import create_app
from app import DEV_PASSWORD
from app import DEV_PASSWORD_HASH
from app.blog import clean_text
from support.store import add_entries
from support.store import stored_titles


def test_development_login_matches_its_hash() -> None:
    assert check_password_hash(DEV_PASSWORD_HASH, DEV_PASSWORD)


def test_defaults_put_the_database_under_instance() -> None:
    app = create_app()
    assert Path(app.config["DATABASE"]).parent == Path(app.instance_path)
    assert app.config["ADMIN_PASSWORD_HASH"].startswith("scrypt:")


def test_the_database_folder_is_made_on_first_use(tmp_path: Path) -> None:
    app = create_app({"DATABASE": str(tmp_path / "nested" / "blog.sqlite")})
    assert not (tmp_path / "nested").exists(), "creating the app must not touch the disk"
    assert app.test_client().get("/").status_code == 200
    assert (tmp_path / "nested" / "blog.sqlite").stat().st_size > 0


def test_an_empty_database_file_gets_the_schema(app: Flask, client: FlaskClient) -> None:
    Path(app.config["DATABASE"]).write_bytes(b"")
    response = client.get("/")
    assert response.status_code == 200
    with closing(sqlite3.connect(app.config["DATABASE"])) as db:
        tables = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    assert "entries" in {name for (name,) in tables}


def test_init_db_command_empties_the_blog(app: Flask) -> None:
    add_entries(app, [("Old news", "Gone soon.")])
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert "Initialized the database." in result.output
    assert stored_titles(app) == []


def test_logging_out_by_get_is_not_allowed(client: FlaskClient) -> None:
    response = client.get("/logout")
    assert response.status_code == 405


def test_an_unknown_page_gets_the_sites_own_404(client: FlaskClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Back to the entries" in response.get_data(as_text=True)


def test_every_response_carries_the_security_headers(client: FlaskClient) -> None:
    headers = client.get("/").headers
    assert headers["Content-Security-Policy"] == "default-src 'self'"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_clean_text_keeps_formatting_and_adds_safe_link_rel() -> None:
    cleaned = clean_text('<p><a href="https://example.org">x</a> <b>y</b></p>')
    assert cleaned == (
        '<p><a href="https://example.org" rel="noopener noreferrer nofollow">x</a> <b>y</b></p>'
    )


def test_clean_text_drops_scripts_with_their_content() -> None:
    assert clean_text("a<script>alert(1)</script>b") == "ab"
