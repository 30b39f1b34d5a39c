"""Behave fixtures: a scratch folder per run, a fresh blog and driver per scenario."""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

from behave import fixture
from behave.runner import Context
from flask import Flask
from werkzeug.security import generate_password_hash

from app import create_app

from .blog import Blog
from .driver import ClientDriver

#: Cheap on purpose: the suite checks hashes thousands of times; production uses scrypt.
TEST_HASH_METHOD = "pbkdf2:sha256:1"


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


@fixture
def run_scratch_dir(context: Context) -> Iterator[str]:
    """One temporary folder for the run, removed at the end even if the run is cut short."""
    path = tempfile.mkdtemp(prefix="flaskr-suite-")
    # atexit also covers Ctrl-C and errors that end the run before after_all.
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    # A stop request (CI timeout, kill) ends the run the way Ctrl-C does, cleanups included.
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    context.scratch_root = path
    try:
        yield path
    finally:
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(path, ignore_errors=True)


@fixture
def blog_app(context: Context) -> Iterator[Flask]:
    """A fresh app with its own SQLite file in its own folder, gone after the scenario."""
    folder = tempfile.mkdtemp(prefix="scenario-", dir=context.scratch_root)
    try:
        # The folder, not just the file, goes: SQLite's -journal and -wal files go too.
        handle, database = tempfile.mkstemp(suffix=".sqlite", dir=folder)
        os.close(handle)
        context.admin = DEFAULT_ADMIN
        yield create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "scenario secret",
                "DATABASE": database,
                "ADMIN_USERNAME": DEFAULT_ADMIN.username,
                "ADMIN_PASSWORD_HASH": DEFAULT_PASSWORD_HASH,
            }
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@fixture
def client_blog(context: Context, app: Flask) -> Iterator[Blog]:
    """The blog as seen through the in-process test-client driver."""
    with ClientDriver(app) as driver:
        yield Blog(driver)


def set_admin(context: Context, admin: Admin) -> None:
    """Give the scenario's blog a different admin account."""
    context.admin = admin
    context.app.config.update(
        ADMIN_USERNAME=admin.username, ADMIN_PASSWORD_HASH=admin.password_hash
    )


DEFAULT_PASSWORD_HASH = DEFAULT_ADMIN.password_hash
