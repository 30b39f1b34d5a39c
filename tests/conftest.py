"""Shared pytest fixtures: a blog app with its own database file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.reporting import close_current_reporting
from support.browser_driver import chromium_path
from support.browser_driver import INSTALL_HINT
from support.fixtures import DEFAULT_ADMIN


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``browser`` are skipped where there is no Chromium, saying how to get it."""
    if chromium_path() is not None:
        return
    skip = pytest.mark.skip(reason=f"no Chromium: {INSTALL_HINT}")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


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
def no_reporting_left_behind() -> Iterator[None]:
    """Every test ends with no mail thread or log file of its apps still running."""
    yield
    close_current_reporting()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Flask's test client for ``app``."""
    return app.test_client()
