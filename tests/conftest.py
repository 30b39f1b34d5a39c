"""Shared pytest fixtures: a blog app with its own database file.

The tests run in parallel, in pytest-xdist's workers (``-n 0`` runs them in one process),
so none shares a file, a folder or a port with another: each has its own temporary folder
and asks for a free port. What is made once for the run (the judged pages) is made under
a lock in the run's own folder. Hypothesis's example database is shared, safely: a test
keeps its examples under a key of its own, and runs in one worker at a time."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck
from hypothesis import settings
from playwright.sync_api import Browser
from playwright.sync_api import Page

from app import create_app
from app import reporting
from app.reporting import Reporting
from support.drivers.browser import chromium_path
from support.drivers.browser import INSTALL_HINT
from support.drivers.browser import launch_chromium
from support.scenarios.fixtures import DEFAULT_ADMIN
from support.services.stack import missing_programs
from tests import web_checks

#: Hypothesis's deadline (200 ms an example) and its health check of slow generation judge
#: wall time, which a busy machine stretches: the property tests judge results alone.
settings.register_profile("suite", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("suite")


#: Cucumber's HTML report, which renders the results written in Cucumber Messages.
HTML_FORMATTER = web_checks.ROOT / "node_modules" / "@cucumber" / "html-formatter"


def pytest_configure(config: pytest.Config) -> None:
    """The marker of the tests that render a run with Cucumber's own HTML report."""
    config.addinivalue_line(
        "markers", "html_formatter: runs @cucumber/html-formatter; skipped without node or it"
    )


def html_formatter_problem() -> str | None:
    """Why Cucumber's HTML report cannot run here, and what to do; None if it can."""
    if shutil.which("node") is None:
        return "no node for @cucumber/html-formatter: apt-get install -y nodejs npm"
    if not HTML_FORMATTER.is_dir():
        return "@cucumber/html-formatter is not installed: run 'npm ci' (make unit does)"
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that need Chromium (``browser``), Java (``nu``), axe-core (``axe``), Cucumber's
    HTML report (``html_formatter``) or the production stack's nginx and Redis (``stack``)
    are skipped where it is missing, saying how to get it; with REQUIRE_WEB_CHECKS=1 or
    REQUIRE_STACK=1 (CI) a missing one stops the run instead."""
    missing = {
        "browser": None if chromium_path() else f"no Chromium: {INSTALL_HINT}",
        "nu": None if web_checks.has_java() else web_checks.NO_JAVA,
        "axe": None if web_checks.has_axe() else web_checks.NO_AXE,
        "html_formatter": html_formatter_problem(),
        "stack": missing_programs(),
    }
    required = {
        "browser": web_checks.required(),
        "nu": web_checks.required(),
        "axe": web_checks.required(),
        "html_formatter": web_checks.required(),
        "stack": bool(os.environ.get("REQUIRE_STACK")),
    }
    for item in items:
        for marker, reason in missing.items():
            if reason and item.get_closest_marker(marker):
                if required[marker]:
                    raise pytest.UsageError(f"{item.nodeid} cannot run: {reason}")
                item.add_marker(pytest.mark.skip(reason=reason))


def blog_in(folder: Path) -> Flask:
    """A blog for tests whose database lives in ``folder``; its reporting is the caller's
    to close."""
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test secret",
            "DATABASE": str(folder / "blog.sqlite"),
            "ADMIN_USERNAME": DEFAULT_ADMIN.username,
            "ADMIN_PASSWORD_HASH": DEFAULT_ADMIN.password_hash,
        }
    )


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    """A blog whose database lives in pytest's temporary folder."""
    app = blog_in(tmp_path)
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


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of the whole run: pytest-xdist's workers each have one of their
    own inside it, and share it."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """The lock file ``path`` held by this process until the block ends; any other worker
    that asks for it meanwhile waits."""
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def judged_pages(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """The pages the Nu HTML Checker judges, each set (web_checks.PAGE_MAKERS) in a folder of
    its own: the sets of the test modules in this run, made once in the run's folder by
    the first worker that needs them, for the tests of every worker."""
    # By the module's own name: a module another imports as tests.test_x is test_x too.
    modules = {
        item.module.__name__.rpartition(".")[2]
        for item in request.session.items
        if hasattr(item, "module")
    }
    shared = run_folder(tmp_path_factory) / "judged"
    shared.mkdir(exist_ok=True)
    folders = {}
    with locked(shared / ".lock"):
        for name, make in web_checks.PAGE_MAKERS.items():
            if make.__module__.rpartition(".")[2] not in modules:
                continue
            folder = folders[name] = shared / re.sub(r"[^a-z0-9]+", "-", name.lower())
            if not (folder / ".made").exists():
                shutil.rmtree(folder, ignore_errors=True)  # what a failed attempt left
                folder.mkdir()
                make(folder)
                (folder / ".made").touch()
    return folders


@pytest.fixture(scope="session")
def nu_verdicts(
    judged_pages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """What the Nu HTML Checker says of each set of judged pages, by its name ("" when it
    finds nothing wrong), from one run of it over them all, shared by every worker: each
    ``nu`` test reads the verdict on its own set."""
    shared = run_folder(tmp_path_factory) / "judged"
    said = shared / ".nu-verdicts.json"
    with locked(shared / ".lock"):
        known = json.loads(said.read_text(encoding="utf-8")) if said.exists() else {}
        if not judged_pages.keys() <= known.keys():
            known = web_checks.nu_verdicts(judged_pages)
            said.write_text(json.dumps(known), encoding="utf-8")
    return {name: known[name] for name in judged_pages}


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


# The living documentation's pages, shared by its test modules (tests/test_living_docs*.py).


@pytest.fixture(scope="session")
def living_docs(judged_pages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project run in every mode and documented, and the real features
    documented (tests/test_living_docs.py makes them): the pages the Nu HTML Checker
    judges when that module is in the run, else made the same way here."""
    from tests.test_living_docs import LIVING_DOCS
    from tests.test_living_docs import make_living_docs

    return judged_or_made(judged_pages, LIVING_DOCS, make_living_docs, tmp_path_factory)


@pytest.fixture(scope="session")
def any_file_folder(
    judged_pages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The fixture and tests/living_docs/any_file/ documented (tests/test_living_docs_reading.py
    makes them): the judged pages when that module is in the run, else made here."""
    from tests.test_living_docs_reading import ANY_FILE_PAGES
    from tests.test_living_docs_reading import make_any_file_docs

    return judged_or_made(judged_pages, ANY_FILE_PAGES, make_any_file_docs, tmp_path_factory)


def judged_or_made(
    judged_pages: dict[str, Path],
    name: str,
    make: Callable[[Path], Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """The folder of pages ``name``: the one the Nu HTML Checker judged when its module is
    in the run, else one ``make`` writes now."""
    if name in judged_pages:
        return judged_pages[name]
    folder = tmp_path_factory.mktemp(name.replace(" ", "-"))
    make(folder)
    return folder


@pytest.fixture(scope="session")
def any_file(any_file_folder: Path) -> Path:
    """The site of the feature files of every kind, readable or not."""
    return any_file_folder / "site"


@pytest.fixture(scope="session")
def any_file_build(any_file_folder: Path) -> dict[str, str | int]:
    """What the build said of those files, and how it ended."""
    return json.loads((any_file_folder / "source" / "said.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def recorded(living_docs: Path) -> Path:
    """The fixture's features, run in every mode: the folder of recorded runs."""
    return living_docs / "runs"


@pytest.fixture(scope="session")
def site(living_docs: Path) -> Path:
    """The fixture's documentation."""
    return living_docs / "fixture"


@pytest.fixture(scope="session")
def real_site(living_docs: Path) -> Path:
    """The project's own features and steps, documented with no run recorded."""
    return living_docs / "real"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """A headless Chromium for the module's tests of pages."""
    with launch_chromium() as launched:
        yield launched


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    """A tab under the site's own Content-Security-Policy, as a reader gets it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()
