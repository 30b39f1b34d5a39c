"""The production stack (``make production``) as the tests and benchmarks run it.

Everything on loopback: nginx on a free port, gunicorn's workers behind it on a Unix
socket, Redis with a password of its own on another free port (two stacks never share
one: the stack refuses a port something already listens on), all started by ``python -m
deploy.stack`` exactly as an operator starts them (``make production`` runs the same
command), and stopped the way Ctrl-C stops them. Run as root, the parts run as the
stack's own user (``flaskr``), so their files live in a folder that user may enter.
The processes are found the way an operator finds them, with ``ps``: the stack runs
supervisord in a session of its own, which starts the parts.
"""

from __future__ import annotations

import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
import yaml

from deploy.stack import DEFAULT_USER
from deploy.stack import program
from deploy.stack import PROGRAMS
from deploy.stack import StackError
from support import ROOT
from support.scenarios.fixtures import PRODUCTION_SECRET_KEY
from support.scenarios.fixtures import scrypt_hash
from support.services.mail import free_port

#: The admin of the stack's blog.
ADMIN = ("admin", "a long production password")


def missing_programs() -> str | None:
    """Why the stack cannot run here (a program it needs, and how to install it), or None."""
    for name in PROGRAMS:
        try:
            program(name)
        except StackError as error:
            return str(error)
    return None


def stack_user() -> str:
    """Who runs the stack's parts: the stack's own user as root, else the caller."""
    return DEFAULT_USER if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name


@contextmanager
def stack_folder() -> Iterator[Path]:
    """A folder for a stack's configuration, files and state, as an operator's /srv/flaskr:
    its caller's (root's, run as root), and any user may pass through it, so that what
    keeps the others out of the blog's state is what the stack itself makes. (pytest's own
    folders are root's alone, which the stack's user could not enter.)"""
    folder = Path(tempfile.mkdtemp(prefix="flaskr-stack-"))
    try:
        os.chmod(folder, 0o755)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def production_config(folder: Path, redis_port: int, **extra: object) -> Path:
    """A production configuration for the stack in ``folder``, the blog's files in its
    ``instance/`` as in a fresh clone (made by the stack or the blog when missing); made
    as docs/operating.md says (it holds the secret key and Redis's password, a fresh one
    each time): the caller's alone, or run as root, root's and readable by the parts."""
    settings: dict[str, object] = {
        "PRODUCTION": True,
        "SECRET_KEY": PRODUCTION_SECRET_KEY,
        "ADMIN_USERNAME": ADMIN[0],
        "ADMIN_PASSWORD_HASH": scrypt_hash(ADMIN[1]),
        "DATABASE": str(folder / "instance" / "blog.sqlite"),
        "ERROR_LOG": str(folder / "instance" / "error.log"),
        "TRUSTED_PROXIES": 1,
        "TRUSTED_HOSTS": ["127.0.0.1", "localhost"],
        "LOGIN_LIMIT_STORAGE": f"redis://:{secrets.token_hex(16)}@127.0.0.1:{redis_port}/0",
        **extra,
    }
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump({"FLASK": settings}), encoding="utf-8")
    path.chmod(0o600)
    if os.geteuid() == 0:
        shutil.chown(path, group=DEFAULT_USER)
        path.chmod(0o640)
    return path


def the_parts_own(path: Path) -> Path:
    """Give ``path`` to the user the stack's parts run as: what a test prepares for a
    stack (a database and its folder) is then theirs, as an operator's would be."""
    if os.geteuid() == 0:
        shutil.chown(path, DEFAULT_USER, DEFAULT_USER)
    return path


#: The Python programs of the stack, by the module ``python -m`` runs.
MODULES = {
    "gunicorn": "gunicorn",
    "supervisor.supervisord": "supervisord",
    "deploy.watch": "watch",
}


def part_of(pid: int) -> str:
    """Which part of the stack a process is (redis, gunicorn, nginx, supervisord or
    watch, its event listener), by the program its command line starts with; else that."""
    words = command_of(pid).split() or [""]
    if words[0].startswith("nginx:"):  # nginx names its processes "nginx: master process"
        return "nginx"
    if Path(words[0]).name == "redis-server":
        return "redis"
    if "-m" in words[:-1]:
        return MODULES.get(words[words.index("-m") + 1], words[0])
    return words[0]


@dataclass
class Stack:
    """A running stack: its address, the process a user starts (``python -m
    deploy.stack``), and supervisord's, whose session holds every part."""

    url: str
    process: subprocess.Popen[str]
    config: Path
    state: Path
    manager: int

    def parts(self) -> dict[str, int]:
        """The process id of each part supervisord runs now (its master process)."""
        return {part_of(pid): pid for pid in children_of(self.manager)}

    def gunicorn_workers(self) -> list[int]:
        """The process ids of gunicorn's workers now."""
        return children_of(self.parts()["gunicorn"])

    def processes(self) -> list[int]:
        """Every process still alive in supervisord's session: supervisord, its event
        listener, Redis, gunicorn and its workers, nginx and its workers, whatever they
        renamed themselves to."""
        return [pid for pid in all_processes() if session_of(pid) == self.manager]

    def stop(self, signum: int = signal.SIGTERM) -> str:
        """Stop it as Ctrl-C or a supervisor would; return what it printed."""
        self.process.send_signal(signum)
        output, _ = self.process.communicate(timeout=90)
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
            children = children_of(process.pid)
            assert len(children) == 1, f"expected supervisord alone under the stack: {children}"
            return Stack(f"http://127.0.0.1:{port}", process, config, state, children[0])
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


def all_processes() -> list[int]:
    """The ids of every process on the machine."""
    return [int(entry) for entry in os.listdir("/proc") if entry.isdigit()]


def session_of(pid: int) -> int | None:
    """A process's session id, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            # The command name, in parentheses, may hold spaces: count from after it.
            return int(f.read().rsplit(")", 1)[1].split()[3])
    except (OSError, IndexError, ValueError):
        return None


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


def failed_login(
    url: str, password: str = "not the password", headers: dict[str, str] | None = None
) -> requests.Response:
    """One login as a visitor at a fresh browser would try it: the form, then the post."""
    with requests.Session() as browser:
        browser.headers.update(headers or {})
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
            headers=headers,
            allow_redirects=False,
            timeout=10,
        )
