"""Starting the blog from a configuration file, as ``python -m app`` does."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask

from app import ConfigError
from app import create_app
from app.__main__ import run_options


@dataclass
class StartUp:
    """What happened when the blog was started: an app and its run options, or a refusal."""

    config_file: Path
    app: Flask | None = None
    options: dict[str, Any] | None = None
    refusal: str | None = None


def write_config(folder: Path, content: str) -> Path:
    """Write ``content`` as ``config.yaml`` in ``folder``."""
    path = folder / "config.yaml"
    path.write_text(content + "\n", encoding="utf-8")
    return path


def start_from(config_file: Path, host: str) -> StartUp:
    """Build the app from ``config_file`` and work out how it would be served on ``host``."""
    outcome = StartUp(config_file)
    try:
        outcome.app = create_app(config_file)
        outcome.options = run_options(outcome.app.config, host)
    except ConfigError as error:
        outcome.refusal = str(error)
    return outcome
