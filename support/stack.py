"""The production stack (``make production``) as the tests and benchmarks run it.

Everything on loopback: nginx on a free port, gunicorn's workers behind it on a Unix
socket, Redis on another free port, all started by ``python -m deploy.stack`` exactly as
an operator starts them, and stopped the way Ctrl-C stops them.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
import yaml

from support.fixtures import PRODUCTION_SECRET_KEY
from support.fixtures import scrypt_hash
from support.mail import free_port

ROOT = Path(__file__).resolve().parent.parent

#: The admin of the stack's blog.
ADMIN = ("admin", "a long production password")

#: What the stack needs that pip does not install, and how to get it.
PROGRAMS = {"nginx": "nginx-light", "redis-server": "redis-server"}


def missing_programs() -> str | None:
    """Why the stack cannot run here, or None."""
    missing = [
        package
        for name, package in PROGRAMS.items()
        if not (shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin"))
    ]
    if not missing:
        return None
    needed = " and ".join(missing)
    return f"the production stack needs {needed}: apt-get install {' '.join(missing)}"


def production_config(folder: Path, redis_port: int, **extra: object) -> Path:
    """A production configuration for the stack, its files in ``folder``."""
    settings: dict[str, object] = {
        "PRODUCTION": True,
        "SECRET_KEY": PRODUCTION_SECRET_KEY,
        "ADMIN_USERNAME": ADMIN[0],
        "ADMIN_PASSWORD_HASH": scrypt_hash(ADMIN[1]),
        "DATABASE": str(folder / "blog.sqlite"),
        "ERROR_LOG": str(folder / "error.log"),
        "TRUSTED_PROXIES": 1,
        "TRUSTED_HOSTS": ["127.0.0.1", "localhost"],
        "LOGIN_LIMIT_STORAGE": f"redis://127.0.0.1:{redis_port}",
        **extra,
    }
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump({"FLASK": settings}), encoding="utf-8")
    return path


@dataclass
class Stack:
    """A running stack: its address and its supervising process."""

    url: str
    process: subprocess.Popen[str]
    state: Path

    def gunicorn_workers(self) -> list[int]:
        """The process ids of gunicorn's workers now."""
        master = next(pid for pid in processes_of(self.state) if "gunicorn" in command_of(pid))
        return children_of(master)

    def stop(self, signum: int = signal.SIGTERM) -> str:
        """Stop it as Ctrl-C or a supervisor would; return what it printed."""
        self.process.send_signal(signum)
        output, _ = self.process.communicate(timeout=60)
        return output


def start_stack(config: Path, state: Path, port: int | None = None) -> Stack:
    """``python -m deploy.stack`` in the background, once it says it serves."""
    port = port or free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "deploy.stack", "--config", str(config), "--port", str(port),
         "--state", str(state)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    seen = []
    for line in process.stdout:
        seen.append(line)
        if line.startswith("Serving the blog"):
            return Stack(f"http://127.0.0.1:{port}", process, state)
    process.wait()
    raise RuntimeError(f"the stack did not start:\n{''.join(seen)}")


@contextmanager
def running_stack(config: Path, state: Path, port: int | None = None) -> Iterator[Stack]:
    """A stack for the duration of a ``with`` block, stopped even if the block fails."""
    stack = start_stack(config, state, port)
    try:
        yield stack
    finally:
        if stack.process.poll() is None:
            stack.stop()


def processes_of(state: Path) -> list[int]:
    """Every process whose command line names the stack's state folder (its parts)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and str(state) in command_of(int(entry)):
            found.append(int(entry))
    return found


def command_of(pid: int) -> str:
    """A process's command line, or "" once it is gone."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def children_of(pid: int) -> list[int]:
    """The direct children of a process."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(child) for child in f.read().split()]
    except OSError:
        return []


def wait_for_workers(stack: Stack, count: int, without: int | None = None) -> list[int]:
    """gunicorn's workers once there are ``count`` of them (and ``without`` is gone)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        workers = stack.gunicorn_workers()
        if len(workers) == count and without not in workers:
            return workers
        time.sleep(0.1)
    raise AssertionError(f"gunicorn did not get back to {count} workers: {workers}")


def failed_login(url: str, password: str = "not the password") -> requests.Response:
    """One login as a visitor at a fresh browser would try it: the form, then the post."""
    with requests.Session() as browser:
        form = browser.get(f"{url}/login", timeout=10)
        # The session cookie is Secure (production); this loopback test speaks plain
        # HTTP, so it is carried by hand.
        cookies = {cookie.name: cookie.value for cookie in browser.cookies}
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token is not None, f"no anti-forgery token on the login page: {form.text[:300]}"
        return requests.post(
            f"{url}/login",
            data={"csrf_token": token[1], "username": ADMIN[0], "password": password},
            cookies=cookies,
            allow_redirects=False,
            timeout=10,
        )
