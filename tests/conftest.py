"""Shared pytest fixtures: a blog app with its own database file.

The tests run in parallel, in pytest-xdist's workers (``-n 0`` runs them in one process),
so none shares a file, a folder or a port with another: each has its own temporary folder
and asks for a free port. Hypothesis's example database is shared, safely: a test keeps its
examples under a key of its own, and runs in one worker at a time."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app import reporting
from app.reporting import Reporting
from support.drivers.browser import chromium_path
from support.drivers.browser import INSTALL_HINT
from support.scenarios.fixtures import DEFAULT_ADMIN
from support.services.stack import missing_programs
from tests import web_checks


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that need Chromium (``browser``), Java (``nu``), axe-core (``axe``) or the
    production stack's nginx and Redis (``stack``) are skipped where it is missing,
    saying how to get it; with REQUIRE_WEB_CHECKS=1 or REQUIRE_STACK=1 (CI) a missing
    one stops the run instead."""
    missing = {
        "browser": None if chromium_path() else f"no Chromium: {INSTALL_HINT}",
        "nu": None if web_checks.has_java() else web_checks.NO_JAVA,
        "axe": None if web_checks.has_axe() else web_checks.NO_AXE,
        "stack": missing_programs(),
    }
    required = {
        "browser": web_checks.required(),
        "nu": web_checks.required(),
        "axe": web_checks.required(),
        "stack": bool(os.environ.get("REQUIRE_STACK")),
    }
    for item in items:
        for marker, reason in missing.items():
            if reason and item.get_closest_marker(marker):
                if required[marker]:
                    raise pytest.UsageError(f"{item.nodeid} cannot run: {reason}")
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """A blog whose database lives in pytest's temporary folder."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test secret",
            "DATABASE": str(tmp_path / "blog.sqlite"),
            "ADMIN_USERNAME": DEFAULT_ADMIN.username,
            "ADMIN_PASSWORD_HASH": DEFAULT_ADMIN.password_hash,
        }
    )
    yield app
    app.extensions["reporting"].close()


@pytest.fixture(autouse=True)
def no_reporting_left_behind(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test ends with no mail thread or log file of its apps still running: the
    reporting of each app it made is closed, as a server's is when it exits, unless the
    test closed it itself."""
    made: list[Reporting] = []
    install = reporting.init_app

    def init_app(app: Flask) -> Reporting:
        made.append(install(app))
        return made[-1]

    monkeypatch.setattr(reporting, "init_app", init_app)
    yield
    for installed in made:
        installed.close()


@pytest.fixture(scope="session")
def judged_pages(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """The pages the Nu HTML Checker judges, each set (web_checks.PAGE_MAKERS) in a folder of
    its own: the sets of the test modules in this run, made once for all their tests."""
    modules = {item.module.__name__ for item in request.session.items if hasattr(item, "module")}
    folders = {}
    for name, make in web_checks.PAGE_MAKERS.items():
        if make.__module__ in modules:
            folders[name] = tmp_path_factory.mktemp("judged")
            make(folders[name])
    return folders


@pytest.fixture(scope="session")
def nu_verdicts(judged_pages: dict[str, Path]) -> dict[str, str]:
    """What one run of the Nu HTML Checker says of each set of judged pages, by its name
    ("" when it finds nothing wrong): each ``nu`` test reads the verdict on its own set."""
    return web_checks.nu_verdicts(judged_pages)


@pytest.fixture
def short_tmp_path() -> Iterator[Path]:
    """A temporary folder of its own with a short path: a Unix socket's path (Chromium's,
    multiprocessing's) must fit in 108 bytes, which pytest-xdist's folders can exceed."""
    path = Path(tempfile.mkdtemp(prefix="bh-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Flask's test client for ``app``."""
    return app.test_client()
