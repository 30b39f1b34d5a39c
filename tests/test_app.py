"""App pieces that the scenarios do not reach directly."""

from __future__ import annotations

import gc
import json
import logging
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import check_password_hash
from werkzeug.test import TestResponse

from app import create_app
from app import DEV_PASSWORD
from app import DEV_PASSWORD_HASH
from app.blog import readable_time
from app.db import get_db
from app.db import transaction
from app.text import clean_text
from support.drivers.base import FORM_TYPE
from support.services.mail import MailServer
from support.state.store import add_entries
from support.state.store import admin_login
from support.state.store import stored_entries
from support.state.store import stored_titles

ROOT = Path(__file__).resolve().parent.parent


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
    result = app.test_cli_runner().invoke(args=["init-db"], input="y\n")
    assert "The blog holds 1 entry. Delete it? [y/N]" in result.output
    assert "Initialized the database." in result.output and result.exit_code == 0
    assert stored_titles(app) == []


@pytest.mark.parametrize("answer", ["n\n", "\n", "no\n", ""])
def test_init_db_without_a_yes_deletes_nothing_and_fails(app: Flask, answer: str) -> None:
    add_entries(app, [("Old news", "Kept."), ("Newer news", "Kept too.")])
    result = app.test_cli_runner().invoke(args=["init-db"], input=answer)
    assert "The blog holds 2 entries. Delete them all? [y/N]" in result.output
    assert "Nothing was deleted." in result.output and result.exit_code == 1, result.output
    assert stored_titles(app) == ["Old news", "Newer news"]


def test_init_db_yes_and_an_empty_blog_ask_nothing(app: Flask) -> None:
    for args in (["init-db"], ["init-db", "--yes"]):
        add_entries(app, [("Old news", "Gone soon.")] if "--yes" in args else [])
        result = app.test_cli_runner().invoke(args=args, input="")
        assert result.output == "Initialized the database.\n" and result.exit_code == 0
        assert stored_titles(app) == []


def test_flask_init_db_as_its_own_process_asks_and_exits_1_without_a_yes(
    app: Flask, tmp_path: Path
) -> None:
    """The command as the README gives it, in a process of its own: the scenarios run it
    in-process, so this one shows what the process itself does with input that ends."""
    add_entries(app, [("Old news", "Kept.")])
    config = tmp_path / "config.yaml"
    config.write_text(f"FLASK:\n  DATABASE: {json.dumps(app.config['DATABASE'])}\n")
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", f"app:create_app({json.dumps(str(config))})",
         "init-db"],
        cwd=ROOT, input="", capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Delete it? [y/N]" in done.stdout and "Nothing was deleted." in done.stdout
    assert "Traceback" not in done.stderr, done.stderr
    assert stored_titles(app) == ["Old news"]


def test_logging_out_by_get_is_not_allowed(client: FlaskClient) -> None:
    response = client.get("/logout")
    assert response.status_code == 405


def test_an_unknown_page_gets_the_sites_own_404(client: FlaskClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Back to the entries" in response.get_data(as_text=True)


SECURITY_HEADERS = {
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
}


def responses_of_every_kind(client: FlaskClient) -> dict[str, TestResponse]:
    """A page, a static file, a redirect and the error pages, by name."""
    return {
        "page": client.get("/"),
        "static file": client.get("/static/style.css"),
        "redirect": client.post("/logout", data={}),
        "bad request": client.post("/login", data=b"u=%FF", content_type=FORM_TYPE),
        "unauthorised": client.post("/add", data={"title": "x", "text": "y"}),
        "not found": client.get("/no-such-page"),
        "method not allowed": client.get("/logout"),
        "too large": client.post("/login", data=b"u=" + b"a" * (2 * 1024 * 1024)),
    }


def test_every_kind_of_response_carries_the_security_headers(client: FlaskClient) -> None:
    for kind, response in responses_of_every_kind(client).items():
        with response:
            missing = SECURITY_HEADERS - set(response.headers.keys())
            assert not missing, f"the {kind} ({response.status_code}) lacks {missing}"
            assert "Strict-Transport-Security" not in response.headers, (
                f"the {kind} tells browsers to insist on HTTPS outside production"
            )


def test_a_failing_page_carries_the_security_headers(app: Flask, client: FlaskClient) -> None:
    app.config["TESTING"] = False
    Path(app.config["DATABASE"]).write_bytes(b"not a database" * 100)
    with client.get("/") as response:
        assert response.status_code == 500
        assert SECURITY_HEADERS <= set(response.headers.keys())


def test_the_policy_allows_nothing_from_elsewhere(client: FlaskClient) -> None:
    policy = client.get("/").headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "base-uri 'none'", "form-action 'self'",
                      "frame-ancestors 'none'", "object-src 'none'"):  # fmt: skip
        assert directive in policy


def test_clean_text_keeps_formatting_and_adds_safe_link_rel() -> None:
    cleaned = clean_text('<p><a href="https://example.org">x</a> <b>y</b></p>')
    assert cleaned == (
        '<p><a href="https://example.org" rel="noopener noreferrer nofollow">x</a> <b>y</b></p>'
    )


def test_clean_text_drops_scripts_with_their_content() -> None:
    assert clean_text("a<script>alert(1)</script>b") == "ab"


def test_the_front_page_searches_the_primary_key_and_never_scans(app: Flask) -> None:
    add_entries(app, [(f"Entry {n}", "x") for n in range(30)])
    executed: list[str] = []
    with app.test_request_context("/?before=20"):
        db = get_db()
        db.set_trace_callback(executed.append)
        app.full_dispatch_request()
        db.set_trace_callback(None)
        selects = [sql for sql in executed if sql.lstrip().upper().startswith("SELECT")]
        assert selects, "the front page ran no query"
        for sql in selects:
            plan = " ".join(row["detail"] for row in db.execute("EXPLAIN QUERY PLAN " + sql))
            assert "SCAN" not in plan, f"{sql!r} scans: {plan}"


@pytest.mark.parametrize("before", ["x", "0", "-1", "-3", "1.5", "99999999999999999999"])
def test_a_page_given_as_anything_but_an_entry_number_is_refused(
    client: FlaskClient, before: str
) -> None:
    with client.get(f"/?before={before}") as response:
        assert response.status_code == 400
        page = response.get_data(as_text=True)
        assert "The page of older entries must be given as an entry number." in page
        assert "Back to the entries" in page


@pytest.mark.parametrize(("before", "status"), [(2**63 - 1, 200), (2**63, 400)])
def test_the_largest_number_sqlite_stores_is_the_last_page_number_accepted(
    client: FlaskClient, before: int, status: int
) -> None:
    with client.get(f"/?before={before}") as response:
        assert response.status_code == status


@pytest.mark.parametrize(("seconds", "status"), [(3600, 302), (3601, 400)])
def test_a_posting_form_is_good_for_exactly_an_hour(
    app: Flask, client: FlaskClient, seconds: int, status: int
) -> None:
    opened = round(time.time())  # whole seconds: the form token's clock
    with client.session_transaction() as session:
        session.update(admin_login(app))
    with time_machine.travel(opened, tick=False), client.get("/") as page:
        found = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    assert found, "the front page shows the admin no posting form"
    fields = {"csrf_token": found.group(1), "title": "Late", "text": "x"}
    with time_machine.travel(opened + seconds, tick=False):
        with client.post("/add", data=fields) as sent:
            assert sent.status_code == status
    assert stored_titles(app) == (["Late"] if status == 302 else [])


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("2026-11-29T14:05:09Z", "29 November 2026, 14:05 UTC"),
        ("2027-06-01T09:30:59Z", "1 June 2027, 09:30 UTC"),
    ],
)
def test_a_stored_time_reads_as_day_month_year_and_minute_in_utc(stored: str, shown: str) -> None:
    assert readable_time(stored) == shown


def entry_page(client: FlaskClient, path: str) -> str:
    """The HTML of ``path`` as the client sees it."""
    with client.get(path) as response:
        return response.get_data(as_text=True)


def test_an_entry_from_before_times_were_kept_shows_no_posted_time(
    app: Flask, client: FlaskClient
) -> None:
    with app.app_context(), transaction(get_db()) as db:
        db.execute("INSERT INTO entries (title, text) VALUES ('Old', 'From long ago.')")
        db.execute(
            "INSERT INTO entries (title, text, changed) VALUES ('Fixed', 'Corrected.', ?)",
            ("2026-11-29T14:05:09Z",),
        )
    page = entry_page(client, "/")
    assert "Posted" not in page
    assert (
        '<p class="entry-times">Last changed <time class="changed" '
        'datetime="2026-11-29T14:05:09Z">29 November 2026, 14:05 UTC</time></p>'
    ) in page


def test_an_entry_never_edited_says_nothing_of_changes(app: Flask, client: FlaskClient) -> None:
    add_entries(app, [("Fresh", "Never corrected.")])
    page = entry_page(client, "/")
    assert '<time class="posted"' in page and "changed" not in page


@pytest.mark.parametrize("action", ["edit", "delete"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_visitor_can_neither_edit_nor_delete(
    app: Flask, client: FlaskClient, action: str, method: str
) -> None:
    add_entries(app, [("Kept", "As it is.")])
    before = stored_entries(app)
    with client.open(f"/1/{action}", method=method, data={"title": "x", "text": "y"}) as response:
        assert response.status_code == 401
    assert stored_entries(app) == before


@pytest.mark.parametrize("action", ["edit", "delete"])
@pytest.mark.parametrize("number", ["2", str(2**63 - 1), str(2**63), "9" * 40])
def test_an_entry_that_does_not_exist_is_not_found_with_a_way_back(
    app: Flask, client: FlaskClient, action: str, number: str
) -> None:
    add_entries(app, [("The only one", "x")])
    with client.session_transaction() as session:
        session.update(admin_login(app))
    with client.get(f"/{number}/{action}") as response:
        assert response.status_code == 404
        assert "Back to the entries" in response.get_data(as_text=True)


def test_the_largest_number_sqlite_gives_is_an_entry_that_can_be_edited(
    app: Flask, client: FlaskClient
) -> None:
    with app.app_context(), transaction(get_db()) as db:
        db.execute("INSERT INTO entries (id, title, text) VALUES (?, 'Last', 'x')", (2**63 - 1,))
    with client.session_transaction() as session:
        session.update(admin_login(app))
    with client.get(f"/{2**63 - 1}/edit") as response:
        assert response.status_code == 200, f"expected its Edit page, got {response.status_code}"


def test_a_deletion_without_the_forms_token_deletes_nothing(
    app: Flask, client: FlaskClient
) -> None:
    add_entries(app, [("Kept", "As it is.")])
    with client.session_transaction() as session:
        session.update(admin_login(app))
    with client.post("/1/delete", data={}) as response:
        assert response.status_code == 400
    assert stored_titles(app) == ["Kept"]


def test_the_edit_page_holds_the_entry_as_stored(app: Flask, client: FlaskClient) -> None:
    add_entries(app, [("Tom & Jerry", "<p>Cats <strong>&amp;</strong> mice</p>")])
    with client.session_transaction() as session:
        session.update(admin_login(app))
    page = entry_page(client, "/1/edit")
    assert 'value="Tom &amp; Jerry"' in page
    assert "&lt;p&gt;Cats &lt;strong&gt;&amp;amp;&lt;/strong&gt; mice&lt;/p&gt;</textarea>" in page


def stored_text_and_source(app: Flask, number: int) -> tuple[str, str | None]:
    """The HTML and the typed source stored for entry ``number``."""
    with app.app_context():
        row = get_db().execute("SELECT text, source FROM entries WHERE id = ?", (number,))
        return tuple(row.fetchone())


def send_form(client: FlaskClient, page: str, action: str, fields: dict[str, str]) -> int:
    """Post ``fields`` to ``action`` with the token of the form on ``page``; the status."""
    token = re.search(r'name="csrf_token" value="([^"]+)"', entry_page(client, page))
    assert token, f"{page} has no form with a token"
    with client.post(action, data={"csrf_token": token.group(1), **fields}) as response:
        return response.status_code


def test_a_correction_keeps_the_text_as_typed_and_stores_the_html_made_from_it(
    app: Flask, client: FlaskClient
) -> None:
    with client.session_transaction() as session:
        session.update(admin_login(app))
    typed = {"title": "Summer break", "text": "We close in August.\r\n\r\n- bread\r\n- cakes\r\n"}
    assert send_form(client, "/", "/add", typed) == 302
    assert stored_text_and_source(app, 1) == (
        "<p>We close in August.</p>\n<ul><li>bread</li><li>cakes</li></ul>",
        "We close in August.\n\n- bread\n- cakes",
    )
    assert ">We close in August.\n\n- bread\n- cakes</textarea>" in entry_page(client, "/1/edit")
    corrected = {"title": "Summer break", "text": "We close in July.\r\n- <u>bread</u>"}
    assert send_form(client, "/1/edit", "/1/edit", corrected) == 302
    assert stored_text_and_source(app, 1) == (
        "<p>We close in July.</p>\n<ul><li>bread</li></ul>",
        "We close in July.\n- <u>bread</u>",
    )
    assert "&lt;u&gt;bread&lt;/u&gt;</textarea>" in entry_page(client, "/1/edit")


@pytest.mark.parametrize(
    ("typed", "html", "removed"),
    [("We close at six.<script>alert('pwned')</script>", "<p>We close at six.</p>", "a script"),
     ('<p onclick="steal()">We close at six.</p>', "<p>We close at six.</p>",
      "an event handler"),
     ('<a href="javascript:steal()">We close at six.</a>',
      '<p><a rel="noopener noreferrer nofollow">We close at six.</a></p>', "an unsafe link")],
)  # fmt: skip
def test_dangerous_html_is_removed_from_a_correction_as_from_a_new_entry(
    app: Flask, client: FlaskClient, typed: str, html: str, removed: str
) -> None:
    add_entries(app, [("Summer hours", "From June we close at six.")])
    with client.session_transaction() as session:
        session.update(admin_login(app))
    corrected = {"title": "Summer hours", "text": typed}
    assert send_form(client, "/1/edit", "/1/edit", corrected) == 302
    assert stored_text_and_source(app, 1) == (html, typed)
    assert f"The entry was changed. Removed from the text: {removed}." in entry_page(client, "/")


def loggers_holding(handlers: list[logging.Handler]) -> list[str]:
    """The loggers of this process that hold any of ``handlers``, named, with what they hold."""
    loggers = [o for o in gc.get_objects() if isinstance(o, logging.Logger)]
    return [
        f"{logger.name}: {handler!r}"
        for logger in loggers
        for handler in logger.handlers
        if any(handler is mine for mine in handlers)
    ]


def files_open_at(path: Path) -> int:
    """How many of this process's file descriptors are open on ``path``."""
    folder = Path("/proc/self/fd")
    return sum(Path(os.readlink(fd)) == path for fd in folder.iterdir() if fd.is_symlink())


def module_variables_holding(targets: list[object], words: list[str]) -> list[str]:
    """The variables of the modules of app/ that hold one of ``targets`` or one of
    ``words``, directly or in a list, set, tuple or dict."""

    def holds(value: object, depth: int = 0) -> bool:
        if any(value is target for target in targets) or value in words:
            return True
        if depth < 3 and isinstance(value, dict):
            return any(holds(v, depth + 1) for item in value.items() for v in item)
        if depth < 3 and isinstance(value, list | set | frozenset | tuple):
            return any(holds(v, depth + 1) for v in value)
        return False

    return [
        f"{name}.{variable}"
        for name, module in list(sys.modules.items())
        if name == "app" or name.startswith("app.")
        for variable, value in vars(module).items()
        if not variable.startswith("__") and holds(value)
    ]


def what_is_left_of(
    app: Flask, handlers: list[logging.Handler], threads: list[threading.Thread]
) -> list[str]:
    """What the process still holds of ``app`` once it was closed: its handlers on a
    logger, its threads alive, its log file open, a module variable of app/ on it."""
    log = Path(app.config["ERROR_LOG"])
    return [
        *(f"a handler on the logger {held}" for held in loggers_holding(handlers)),
        *(f"its thread {t.name}" for t in threads if t in threading.enumerate()),
        *([f"its log file open, {n} times"] if (n := files_open_at(log)) else []),
        *(
            f"the module variable {held}"
            for held in module_variables_holding(
                [app, app.extensions["reporting"], *handlers],
                [app.config["DATABASE"], app.config["ERROR_LOG"]],
            )
        ),
    ]


def reporting_app(folder: Path, database: str, port: int) -> Flask:
    """An app that logs to a file in ``folder`` and mails its admins through ``port``."""
    return create_app(
        {
            "DATABASE": database,
            "ADMINS": ["ops@example.org"],
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": port,
            "ERROR_LOG": str(folder / "error.log"),
            "LOG_ALSO": ["werkzeug"],
        }
    )


def close_app(app: Flask) -> list[str]:
    """Close ``app`` as its owner does; what the process still holds of it."""
    made = app.extensions["reporting"]
    handlers = [*made.handlers, *made.failure_handlers, made.sender.mail]
    threads = [made.sender.thread]
    made.close()
    return what_is_left_of(app, handlers, threads)


def test_an_app_closed_leaves_nothing_in_the_process_for_the_next(tmp_path: Path) -> None:
    """One process makes app after app (a test suite does): each is closed by its owner,
    and then the process holds nothing of it; the next starts afresh, even on the same
    database file."""
    database = str(tmp_path / "blog.sqlite")
    with MailServer() as server:
        first = reporting_app(tmp_path / "first", database, server.port)
        with first.app_context():
            get_db()
        first.logger.error("a failure of the first app")
        second = reporting_app(tmp_path / "second", database, server.port)
        left_of_first = close_app(first)
        for suffix in ("", "-wal", "-shm"):
            Path(database + suffix).unlink(missing_ok=True)
        with second.test_client().get("/") as page:
            status = page.status_code
        second.logger.error("a failure of the second app")
        left_of_second = close_app(second)
        mails = sorted(mail.body.strip().splitlines()[-1] for mail in server.sink.received())
    assert left_of_first == [], f"once closed, the first app left {left_of_first}"
    assert left_of_second == [], f"once closed, the second app left {left_of_second}"
    assert status == 200, f"the second app did not give the new database file the schema: {status}"
    second_log = (tmp_path / "second" / "error.log").read_text()
    assert "a failure of the second app" in second_log, second_log
    first_log = (tmp_path / "first" / "error.log").read_text()
    assert "second" not in first_log, (
        f"the second app's report reached the first's log: {first_log}"
    )
    assert mails == ["a failure of the first app", "a failure of the second app"], (
        f"expected each app's failure mailed once, by its own app, got {mails}"
    )
