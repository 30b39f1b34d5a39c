"""Behave fixtures: a scratch folder per run; a fresh blog, database and driver per scenario."""

from __future__ import annotations

import atexit
import contextlib
import functools
import io
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from typing import TypeVar

from behave import fixture
from behave import use_fixture
from behave.runner import Context
from flask import Flask
from werkzeug.security import generate_password_hash

from app import config
from app import create_app
from app import reporting
from app.db import get_db
from support.drivers.base import PageDriver
from support.drivers.client import ClientDriver
from support.drivers.live_server import LiveServer
from support.drivers.live_server import LOOPBACK
from support.pages.blog import Blog
from support.scenarios.people import ADMIN
from support.scenarios.people import subject_of
from support.scenarios.shared_code import share_compiled_code
from support.services.mail import MailServer

T = TypeVar("T")

#: Cheap on purpose: the suite checks hashes thousands of times; production uses scrypt.
TEST_HASH_METHOD = "pbkdf2:sha256:1"

#: scrypt at Werkzeug's default cost (32768:8:1), the least production accepts: about
#: 90 ms for each login, and for each check of the hash as the blog starts.
PRODUCTION_HASH_METHOD = "scrypt"


@dataclass(frozen=True)
class Admin:
    """The admin's credentials for one scenario."""

    username: str
    password: str

    @property
    def password_hash(self) -> str:
        """The Werkzeug hash the app's configuration holds instead of the password."""
        return generate_password_hash(self.password, method=TEST_HASH_METHOD)


DEFAULT_ADMIN = Admin("admin", "correct horse battery staple")

#: A secret key long enough for production (64 hex digits).
PRODUCTION_SECRET_KEY = "5f1c0e9a4b7d2e8f3a6c1b9d0e7f4a2c8b5d1e6f9a3c7b0d4e2f8a1c6b9d3e7f"


@functools.cache
def scrypt_hash(password: str) -> str:
    """An scrypt hash of ``password``, as production requires, made once per run."""
    return generate_password_hash(password, method=PRODUCTION_HASH_METHOD)


def production_settings(admin: Admin, login_limit_storage: str) -> dict[str, Any]:
    """What production needs: no testing or debug, real secrets, the hosts it answers to,
    and failed logins counted in a store every worker shares (``login_limit_storage``)."""
    return {
        "PRODUCTION": True,
        "TESTING": False,
        "DEBUG": False,
        "SECRET_KEY": PRODUCTION_SECRET_KEY,
        "ADMIN_PASSWORD_HASH": scrypt_hash(admin.password),
        # The hosts the drivers name: Flask's test client says localhost; the http and
        # browser drivers reach the live server on its loopback address.
        "TRUSTED_HOSTS": ["localhost", LOOPBACK],
        "LOGIN_LIMIT_STORAGE": login_limit_storage,
    }


DEFAULT_PASSWORD_HASH = DEFAULT_ADMIN.password_hash


@contextlib.contextmanager
def left_even_if_abandoned(manager: AbstractContextManager[T]) -> Iterator[T]:
    """Enter ``manager`` and leave it at the end, or at exit if the run ends early.

    behave gives up without its cleanups when, say, its output is piped into `head` or
    the run is interrupted: the run's folder would stay, and the server and the browser
    would be stopped only while Python shuts down, after it has frozen the threads they
    run on, so that stopping them would never end.
    """
    stack = contextlib.ExitStack()
    entered = stack.enter_context(manager)
    atexit.register(stack.close)
    try:
        yield entered
    finally:
        atexit.unregister(stack.close)
        stack.close()


def memory_folder(path: str = "/dev/shm", room: int = 512 * 1024 * 1024) -> str | None:
    """Where the run's files go: a folder in memory where the machine has one with room
    to spare (Linux's /dev/shm; a container's may be small), so that SQLite's commits do
    not wait for a disk (0.25 ms each here, against 0.01 ms); otherwise None, the
    system's temporary folder."""
    if not os.access(path, os.W_OK):
        return None
    free = os.statvfs(path)
    return path if free.f_bavail * free.f_frsize >= room else None


@fixture
def run_scratch_dir(context: Context) -> Iterator[str]:
    """One temporary folder for the run, removed at the end even if the run is cut short."""
    folder = tempfile.TemporaryDirectory(
        prefix="flaskr-suite-", dir=memory_folder(), ignore_cleanup_errors=True
    )
    # A stop request (CI timeout, kill) ends the run the way Ctrl-C does, cleanups included.
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        with left_even_if_abandoned(folder) as path:
            context.scratch_root = path
            context.empty_database = prepare_empty_database(Path(path))
            yield path
    finally:
        signal.signal(signal.SIGTERM, previous)


def prepare_empty_database(folder: Path) -> bytes:
    """An empty blog's database, made once per run by the app itself: the bytes of its
    file, which each scenario writes to a file of its own."""
    path = folder / "empty-blog.sqlite"
    app = create_app({"DATABASE": str(path)})
    with app.app_context():
        get_db()
    app.extensions["reporting"].close()
    return path.read_bytes()


@fixture
def blog_under_test(context: Context) -> Iterator[Blog]:
    """A fresh app with its own SQLite file, gone after the scenario with every file
    SQLite and the scenario made beside it."""
    handle, database = tempfile.mkstemp(
        prefix="scenario-", suffix=".sqlite", dir=context.scratch_root
    )
    context.database = database
    app: Flask | None = None  # its reporting is closed at the end, whoever serves then
    try:
        # A database the schema was written to once, from memory: cheaper than running the
        # schema (2.8 ms) or copying its file (0.2 ms).
        with os.fdopen(handle, "wb") as out:
            out.write(context.empty_database)
        context.admin = DEFAULT_ADMIN
        context.app = share_compiled_code(
            create_app(
                {
                    "TESTING": True,
                    "SECRET_KEY": "scenario secret",
                    "DATABASE": database,
                    "ADMIN_USERNAME": DEFAULT_ADMIN.username,
                    "ADMIN_PASSWORD_HASH": DEFAULT_PASSWORD_HASH,
                }
            )
        )
        app = context.app
        with open_driver(context, context.app) as driver:
            context.blog = Blog(driver)
            context.sessions = {ADMIN: context.blog}
            context.actor = ADMIN
            yield context.blog
    finally:
        if getattr(context, "live_server", None) is not None:
            context.live_server.app = None
        # Mails what is still queued (or says it could not), closes the log.
        if app is not None:
            app.extensions["reporting"].close()
        for suffix in SQLITE_FILES:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(database + suffix)
        if os.path.isdir(files := database + FOLDER_SUFFIX):
            shutil.rmtree(files, ignore_errors=True)


@fixture
def second_browser(context: Context) -> Iterator[Blog]:
    """Another person's own session on the same blog (a browser context, cookie jar or
    test client of its own), closed after the scenario."""
    with open_driver(context, context.app) as driver:
        yield Blog(driver)


def act_as(context: Context, sentence: str) -> None:
    """Make ``context.blog`` the session of the sentence's subject (``context.actor``),
    made when first named; a sentence naming nobody leaves both as they are."""
    who = subject_of(sentence)
    if who is not None and hasattr(context, "sessions"):
        context.actor = who
        context.blog = session_of(context, who)


def session_of(context: Context, who: str) -> Blog:
    """The browser session of ``who`` (one of PEOPLE), opened on the scenario's blog when
    first asked for."""
    if who not in context.sessions:
        context.sessions[who] = use_fixture(second_browser, context)
    return context.sessions[who]


#: The files SQLite keeps for a database: itself, its write-ahead log and its journal.
SQLITE_FILES = ("", "-wal", "-shm", "-journal")

#: What the scenario's own folder is called, after its database.
FOLDER_SUFFIX = ".files"


def scenario_folder(context: Context) -> Path:
    """A folder of the scenario's own for the files it writes (configuration, logs),
    made when first asked for: most scenarios need none, and a folder costs more to
    make and remove than the database itself."""
    folder = Path(context.database + FOLDER_SUFFIX)
    folder.mkdir(exist_ok=True)
    return folder


#: The ways the scenarios can reach the blog (behave -D driver=...).
DRIVERS = ("client", "http", "browser")


def driver_mode(userdata: Mapping[str, str]) -> str:
    """The driver chosen with ``-D driver=...``; client when none is given."""
    mode = userdata.get("driver", "client")
    if mode not in DRIVERS:
        raise ValueError(
            f"unknown driver {mode!r}: use -D driver= with one of {', '.join(DRIVERS)}"
        )
    return mode


def open_driver(context: Context, app: Flask) -> PageDriver:
    """A driver of the run's kind for ``app``; the live server serves ``app`` meanwhile."""
    if context.driver_mode == "client":
        return ClientDriver(app)
    context.live_server.app = app
    # Imported here: client runs, the default, need neither requests nor Playwright.
    if context.driver_mode == "http":
        from support.drivers.http import HttpDriver

        return HttpDriver(app, context.live_server.url)
    from support.drivers.browser import BrowserDriver

    return BrowserDriver(app, context.live_server.url, context.browser)


@fixture
def live_server(context: Context) -> Iterator[LiveServer]:
    """The run's WSGI server on 127.0.0.1 (http and browser modes)."""
    with left_even_if_abandoned(LiveServer()) as server:
        context.live_server = server
        yield server


@fixture
def chromium(context: Context) -> Iterator[Any]:
    """One headless Chromium for the whole run (browser mode)."""
    from support.drivers.browser import launch_chromium

    with left_even_if_abandoned(launch_chromium()) as browser:
        context.browser = browser
        yield browser


def configure_blog(context: Context, **settings: Any) -> None:
    """Change the running blog's settings, checked as a config file's would be.

    Mail and log settings take effect at once; the database, the session and whatever
    the visitor already did stay, so Given steps may come in any order.
    """
    config.apply(context.app, settings, "scenario settings")
    # What the blog says on stderr for a process supervisor (a mail it could not send)
    # is kept with the scenario, not printed among the run's output: a scenario that
    # breaks the mail server on purpose leaves no ERROR line on a passing run.
    with contextlib.redirect_stderr(scenario_stderr(context)):
        context.app.extensions["reporting"].close()
        reporting.init_app(context.app)


def scenario_stderr(context: Context) -> io.StringIO:
    """What the scenario's blog wrote to stderr."""
    if getattr(context, "blog_stderr", None) is None:
        context.blog_stderr = io.StringIO()
    return context.blog_stderr


def set_admin(context: Context, admin: Admin) -> None:
    """Give the scenario's blog a different admin account."""
    context.admin = admin
    configure_blog(context, ADMIN_USERNAME=admin.username, ADMIN_PASSWORD_HASH=admin.password_hash)


def running_mail_server(context: Context) -> MailServer:
    """The scenario's mail server, started the first time a step needs it."""
    if getattr(context, "mail_server", None) is None:
        use_fixture(mail_server, context)
    return context.mail_server


@fixture
def mail_server(context: Context) -> Iterator[MailServer]:
    """A real SMTP server on loopback for this scenario, stopped after it."""
    with MailServer() as server:
        context.mail_server = server
        yield server
