"""``python -m app``: the blog served for real with the debugger options of its config."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from app import create_app
from app.__main__ import run_options
from support.services.mail import free_port
from tests.test_config import production
from tests.test_config import UNSAFE_PRODUCTION_SETTINGS

ROOT = Path(__file__).resolve().parent.parent


def config(tmp_path: Path, debug: bool, external: bool) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(
        "FLASK:\n"
        f"  DEBUG: {str(debug).lower()}\n"
        f"  DEBUG_WITH_EXTERNAL_DEBUGGER: {str(external).lower()}\n"
        f"  DATABASE: {tmp_path / 'blog.sqlite'}\n"
    )
    return path


def run_app(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )


def serve(tmp_path: Path, debug: bool, external: bool) -> tuple[str, int]:
    """Serve the blog until its front page answers; return what it printed and the status."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "app", "--config", str(config(tmp_path, debug, external)),
         "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # the reloader starts a child: stop the whole group
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as page:
                    status = page.status
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.1)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output, _ = server.communicate(timeout=10)
    return output, status


def test_a_bad_config_file_stops_start_up(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("FLASK: {DEBUGG: true}\n")
    result = run_app("--config", str(path))
    assert result.returncode == 2
    assert result.stderr.strip() == f"flaskr: {path}: unknown key 'DEBUGG'"


@pytest.mark.parametrize(
    ("key", "name", "message"),
    [
        ("DATABASE", "blog.sqlite", "cannot open the database {path}: "),
        ("ERROR_LOG", "error.log", "cannot prepare the error log: "),
    ],
)
def test_a_file_that_cannot_be_made_stops_start_up(
    tmp_path: Path, key: str, name: str, message: str
) -> None:
    in_the_way = tmp_path / "a file"
    in_the_way.write_text("not a folder")
    path = tmp_path / "config.yaml"
    path.write_text(f"FLASK:\n  {key}: {in_the_way / name}\n")
    result = run_app("--config", str(path))
    assert result.returncode == 2
    assert result.stderr.startswith("flaskr: " + message.format(path=in_the_way / name))
    assert f"File exists: {str(in_the_way)!r}" in result.stderr


def test_debug_mode_on_a_public_address_is_refused(tmp_path: Path) -> None:
    result = run_app("--config", str(config(tmp_path, True, False)), "--host", "0.0.0.0")
    assert result.returncode == 2
    assert "may listen only on a loopback address" in result.stderr


@pytest.mark.parametrize(
    ("debug", "external", "debugger_and_reloader"),
    [(True, False, True), (True, True, False), (False, False, False)],
)
def test_the_debugger_and_reloader_follow_the_config(
    tmp_path: Path, debug: bool, external: bool, debugger_and_reloader: bool
) -> None:
    output, status = serve(tmp_path, debug, external)
    assert status == 200
    assert ("Debugger is active!" in output) is debugger_and_reloader, output
    assert ("Restarting with stat" in output) is debugger_and_reloader, output
    assert f"Debug mode: {'on' if debug else 'off'}" in output, output


@pytest.mark.parametrize(
    ("debug", "external", "debugger_and_reloader"),
    [("false", "false", False), ("true", "false", True), ("true", "true", False),
     ("false", "true", False), ("true", None, True)],
)  # fmt: skip
def test_the_debugger_and_reloader_follow_debug_and_the_external_debugger(
    tmp_path: Path, debug: str, external: str | None, debugger_and_reloader: bool
) -> None:
    path = tmp_path / "config.yaml"
    external_line = "" if external is None else f"  DEBUG_WITH_EXTERNAL_DEBUGGER: {external}\n"
    path.write_text(f"FLASK:\n  DEBUG: {debug}\n{external_line}")
    app = create_app(path)
    app.extensions["reporting"].close()
    options = run_options(app.config, "127.0.0.1")
    assert (options["use_debugger"], options["use_reloader"]) == (
        debugger_and_reloader,
        debugger_and_reloader,
    ), f"DEBUG {debug}, DEBUG_WITH_EXTERNAL_DEBUGGER {external}: {options}"


@pytest.mark.parametrize(
    ("content", "host", "message"),
    [("FLASK: {DEBUG: true}", "blog.example.org",
      "refusing to run with DEBUG on host blog.example.org"),
     ("FLASK: {ERROR_LOG: /dev/null/logs/error.log}", "127.0.0.1",
      "cannot prepare the error log"),
     ("FLASK: {DATABASE: /dev/null/flaskr.sqlite}", "127.0.0.1",
      "cannot open the database /dev/null/flaskr.sqlite")],
)  # fmt: skip
def test_python_m_app_stops_with_status_2_and_one_line_saying_what_is_wrong(
    tmp_path: Path, content: str, host: str, message: str
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(content + "\n")
    result = run_app("--config", str(path), "--host", host, "--port", str(free_port()))
    lines = result.stderr.splitlines()
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("flaskr: ") and message in lines[0], result.stderr


def first_of_each_key() -> list[tuple[dict[str, object] | str, str]]:
    """One unsafe production setting of each key, and a merge key, with its refusal."""
    seen: dict[str, tuple[dict[str, object] | str, str]] = {}
    for changes, message in UNSAFE_PRODUCTION_SETTINGS:
        seen.setdefault(next(iter(changes)), (changes, message))
    return [*seen.values(), ("<<: {MAIL_PORT: 25}", "a merge key (<<) on line 2")]


def unsafe_file(tmp_path: Path, change: dict[str, object] | str) -> Path:
    """A production configuration file with one unsafe change: settings, or a first line."""
    settings = production(tmp_path, **change) if isinstance(change, dict) else production(tmp_path)
    text = yaml.safe_dump({"FLASK": settings})
    path = tmp_path / "config.yaml"
    path.write_text(
        text if isinstance(change, dict) else text.replace("FLASK:\n", f"FLASK:\n  {change}\n", 1)
    )
    return path


@pytest.mark.parametrize("server", ["python -m app", "gunicorn"])
@pytest.mark.parametrize(("change", "message"), first_of_each_key())
def test_each_start_path_refuses_an_unsafe_production_setting(
    tmp_path: Path, server: str, change: dict[str, object] | str, message: str
) -> None:
    """python -m app and gunicorn build the blog as create_app does, and stop the same way:
    gunicorn's worker cannot boot, so gunicorn exits instead of serving."""
    path = unsafe_file(tmp_path, change)
    if server == "gunicorn":
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "--workers",
            "1",
            "--bind",
            f"unix:{tmp_path / 'gunicorn.sock'}",
            f'app:create_app("{path}")',
        ]
    else:
        command = [sys.executable, "-m", "app", "--config", str(path), "--port", str(free_port())]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert result.returncode != 0, f"{server} started with {change}: {result.stderr}"
    assert f"{path}: {message}" in result.stderr, (
        f"expected {server} to say {path}: {message!r}; it said {result.stderr}"
    )


@pytest.mark.parametrize("proxies", [1, 2])
def test_python_m_app_believes_no_proxy(tmp_path: Path, proxies: int) -> None:
    """It is reached directly: with TRUSTED_PROXIES above 0 any visitor could claim any
    address in X-Forwarded-For and escape the login limit."""
    path = tmp_path / "config.yaml"
    path.write_text(f"FLASK: {{TRUSTED_PROXIES: {proxies}}}\n")
    result = run_app("--config", str(path), "--port", str(free_port()))
    assert result.returncode == 2, result.stderr
    assert result.stderr == (
        f"flaskr: {path}: TRUSTED_PROXIES must be 0 for python -m app, not {proxies}: it is "
        "reached with no proxy in front, so any visitor could claim any address in "
        "X-Forwarded-For and escape the login limit; TRUSTED_PROXIES is only for a blog behind "
        "a proxy that sets X-Forwarded-For (nginx in make production); remove the key or "
        "write TRUSTED_PROXIES: 0\n"
    )
