"""Starting the blog from a configuration file, as ``python -m app`` does."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask

from app import ConfigError
from app import create_app
from app.__main__ import run_options
from support import ROOT


@dataclass
class StartUp:
    """What happened when the blog was started: an app and its run options, or a refusal."""

    config_file: Path
    app: Flask | None = None
    options: dict[str, Any] | None = None
    refusal: str | None = None


#: The project's folder, where ``python -m app`` finds the blog.

#: Seconds ``python -m app`` may take to give up; one still running then is serving.
SERVE_TIMEOUT = 15


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
        outcome.options = run_options(outcome.app.config, host, str(config_file))
    except ConfigError as error:
        outcome.refusal = str(error)
    return outcome


def database_config(folder: Path, database: str) -> Path:
    """A configuration file naming ``database``, and nothing else."""
    return write_config(folder, f"FLASK:\n  DATABASE: {json.dumps(database)}")


@dataclass
class CommandRun:
    """What a ``flask`` command did: its exit status and everything it wrote."""

    status: int
    said: str


def run_flask_command(config_file: Path, *command: str, answer: str | None = None) -> CommandRun:
    """Run a ``flask`` command of the blog made from ``config_file``, as ``flask --app
    'app:create_app("<config_file>")' <command>`` would, through click's own runner in
    this process (what the command does is the rule, not the process around it):
    ``answer`` is what the operator types, a line ended by Enter; without one, as a
    script runs it, the input ends at once. A crash is raised, traceback and all."""
    app = create_app(config_file)
    try:
        result = app.test_cli_runner().invoke(
            args=list(command),
            input="" if answer is None else f"{answer}\n",
            catch_exceptions=False,
        )
    finally:
        app.extensions["reporting"].close()
    return CommandRun(result.exit_code, result.output)


@dataclass
class ModuleRun:
    """What ``python -m app`` did: its exit status and what it wrote on stderr, or that it
    was still serving when it was stopped (``status`` None)."""

    status: int | None
    stderr: str


def run_blog_module(config_file: Path, host: str, port: int) -> ModuleRun:
    """Run ``python -m app --config <config_file> --host <host> --port <port>`` as an
    operator would, in a process group of its own; one still running after
    ``SERVE_TIMEOUT`` seconds is serving, and is stopped with everything it started."""
    command = [sys.executable, "-m", "app", "--config", str(config_file)]
    command += ["--host", host, "--port", str(port)]
    with subprocess.Popen(
        command,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a reloader's child goes with it
    ) as process:
        try:
            _, stderr = process.communicate(timeout=SERVE_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            _, stderr = process.communicate()
            return ModuleRun(None, stderr)
    return ModuleRun(process.returncode, stderr)
