"""The production stack (``make production``) against itself, on loopback: nginx, gunicorn
with two workers and Redis under supervisord, started and stopped as an operator does.

Skipped where nginx or redis-server is missing; CI (REQUIRE_STACK=1) requires them. Run
as root, the stack runs its parts as the user ``flaskr``, which must exist (the stack
says how to create it; CI does).
"""

from __future__ import annotations

import grp
import http.client
import os
import pwd
import re
import selectors
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from email.message import Message
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import quote
from urllib.parse import unquote
from urllib.parse import urlsplit

import pytest
import requests
import yaml

from app.security import HSTS
from app.security import SECURITY_HEADERS
from deploy.stack import Account
from deploy.stack import check_access
from deploy.stack import listeners
from deploy.stack import make_state
from deploy.stack import parts_account
from deploy.stack import port_is_free
from deploy.stack import read_settings
from deploy.stack import redis_answers
from deploy.stack import redis_listens
from deploy.stack import redis_quoted
from deploy.stack import Run
from deploy.stack import Settings
from deploy.stack import shown
from deploy.stack import StackError
from support.services.stack import children_of
from support.services.stack import command_of
from support.services.stack import failed_login
from support.services.stack import free_port
from support.services.stack import part_of
from support.services.stack import production_config
from support.services.stack import ROOT
from support.services.stack import running_stack
from support.services.stack import Stack
from support.services.stack import stack_folder
from support.services.stack import stack_user
from support.services.stack import the_parts_own
from support.services.stack import wait_for_workers

pytestmark = pytest.mark.stack

EXPECTED_HEADERS = {**SECURITY_HEADERS, "Strict-Transport-Security": HSTS}


@pytest.fixture
def tmp_path() -> Iterator[Path]:
    """A folder for one test's stack that the stack's user may enter (pytest's own are
    its caller's alone)."""
    with stack_folder() as folder:
        yield folder


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    """One stack for the tests that only read from it, laid out as in a fresh clone: the
    state folder in instance/, which does not exist yet, beside the database."""
    with ExitStack() as cleanup:
        folder = cleanup.enter_context(stack_folder())
        config = production_config(folder, free_port())
        yield cleanup.enter_context(running_stack(config, folder / "instance" / "production"))


def missing_headers(response: requests.Response) -> dict[str, str | None]:
    """The security headers that are absent or different, with what came instead."""
    return {
        name: response.headers.get(name)
        for name, value in EXPECTED_HEADERS.items()
        if response.headers.get(name) != value
    }


def test_the_blog_is_served_through_nginx_with_its_headers(stack: Stack) -> None:
    page = requests.get(stack.url, timeout=10)
    assert page.status_code == 200, page.text[:300]
    assert "No entries here so far" in page.text
    assert page.headers.get("Server") == "nginx", page.headers
    assert missing_headers(page) == {}


@pytest.mark.parametrize(
    ("name", "request_kwargs", "status"),
    [
        ("a header too large", {"headers": {"X-Padding": "a" * 9000}}, 400),
        ("an address too long", {"path": "/" + "a" * 40000}, 414),
        ("a post too large", {"method": "POST", "path": "/add", "data": b"a" * 2_000_000}, 413),
        ("a method nginx refuses", {"method": "TRACE"}, 405),
        ("an encoding nginx does not know", {"headers": {"Transfer-Encoding": "gzip"}}, 501),
    ],
)
def test_nginx_own_refusals_carry_the_security_headers(
    stack: Stack, name: str, request_kwargs: dict, status: int
) -> None:
    kwargs = dict(request_kwargs)
    method = kwargs.pop("method", "GET")
    path = kwargs.pop("path", "/")
    answer = requests.request(method, stack.url + path, timeout=10, **kwargs)
    assert answer.status_code == status, f"{name}: {answer.status_code} {answer.text[:200]}"
    assert missing_headers(answer) == {}, f"{name}: {answer.headers}"


def test_an_unknown_host_is_not_reflected(stack: Stack) -> None:
    answer = requests.get(
        stack.url + "/static//style.css",
        headers={"Host": "evil.example"},
        allow_redirects=False,
        timeout=10,
    )
    assert "evil.example" not in answer.headers.get("Location", ""), answer.headers
    assert answer.status_code == 400, answer.status_code


def slow_client(port: int, stop_at: float) -> None:
    """A client that sends one header line every second and never finishes its request."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        n = 0
        while time.monotonic() < stop_at:
            time.sleep(1)
            n += 1
            try:
                sock.sendall(f"X-Slow-{n}: yes\r\n".encode())
            except OSError:
                return  # nginx gave up on it: also fine


def test_slow_clients_do_not_hold_the_workers(stack: Stack) -> None:
    """64 clients trickling headers; every probe meanwhile is answered. Without nginx,
    two gunicorn sync workers would each be held by one of them."""
    port = int(stack.url.rsplit(":", 1)[1])
    stop_at = time.monotonic() + 6
    with ThreadPoolExecutor(max_workers=64) as pool:
        slow = [pool.submit(slow_client, port, stop_at) for _ in range(64)]
        time.sleep(1)
        answers = [requests.get(stack.url, timeout=10).status_code for _ in range(10)]
        for future in slow:
            future.result()
    assert answers == [200] * 10


def test_the_login_limit_holds_across_workers_and_restarts(tmp_path: Path) -> None:
    """5 failed logins, then 429 whichever worker answers, after a worker is killed and
    replaced, and after the whole stack is stopped and started again."""
    config = production_config(tmp_path, free_port())
    state = tmp_path / "state"
    with running_stack(config, state) as stack:
        statuses = [failed_login(stack.url).status_code for _ in range(5)]
        assert statuses == [200] * 5, statuses  # the form again, saying it failed
        refused = failed_login(stack.url)
        assert refused.status_code == 429, refused.status_code
        assert int(refused.headers["Retry-After"]) > 800, refused.headers
        workers = wait_for_workers(stack, 2)
        os.kill(workers[0], signal.SIGKILL)
        fresh = wait_for_workers(stack, 2, without=workers[0])
        answers = [failed_login(stack.url).status_code for _ in range(6)]
        assert answers == [429] * 6, (answers, fresh)
    assert stack.processes() == [], "the stack left processes behind"
    with running_stack(config, state) as stack:
        again = failed_login(stack.url)
        assert again.status_code == 429, again.status_code


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stop_ends_every_part(tmp_path: Path, signum: int) -> None:
    """A closed terminal (SIGHUP) too: supervisord alone would restart everything."""
    config = production_config(tmp_path, free_port())
    state = tmp_path / "state"
    # gunicorn and its 2 workers; nginx and its worker; Redis; supervisord's listener.
    expected = ["gunicorn"] * 3 + ["nginx"] * 2 + ["redis", "supervisord", "watch"]
    with running_stack(config, state) as stack:
        # nginx listens before it forks its worker, and gunicorn its workers: each part
        # may still be starting its own when the stack already answers.
        deadline = time.monotonic() + 30
        while (kinds := sorted(map(part_of, stack.processes()))) != expected:
            assert time.monotonic() < deadline, f"expected the parts {expected}, found {kinds}"
            time.sleep(0.05)
        output = stack.stop(signum)
        assert stack.process.returncode == 0, f"exit status {stack.process.returncode}: {output}"
    assert stack.processes() == [], [command_of(pid) for pid in stack.processes()]


def alive(pid: int) -> bool:
    """Whether a process runs (a dead one not yet reaped does not)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_stop_takes_nginx_first_and_redis_last(tmp_path: Path) -> None:
    """No request comes in while gunicorn finishes; Redis counts until the last worker
    is done. Each part is watched going down, a millisecond at a time."""
    config = production_config(tmp_path, free_port())
    with running_stack(config, tmp_path / "state") as stack:
        parts = {name: stack.parts()[name] for name in ("nginx", "gunicorn", "redis")}
        stack.process.send_signal(signal.SIGTERM)
        order: list[str] = []
        deadline = time.monotonic() + 60
        while len(order) < len(parts) and time.monotonic() < deadline:
            order += [name for name, pid in parts.items() if name not in order and not alive(pid)]
            time.sleep(0.001)
        output = stack.stop()
    assert order == ["nginx", "gunicorn", "redis"], f"the parts went down in the order {order}"
    assert stack.process.returncode == 0, output


@pytest.mark.parametrize("part", ["nginx", "gunicorn"])
def test_a_part_that_dies_stops_the_stack_which_says_so(tmp_path: Path, part: str) -> None:
    """Killed outright (the kernel's out-of-memory killer, say): not left half there.
    What is left of it (nginx's or gunicorn's workers) goes too."""
    config = production_config(tmp_path, free_port())
    with running_stack(config, tmp_path / "state") as stack:
        wait_for_workers(stack, 2)
        os.kill(stack.parts()[part], signal.SIGKILL)
        output, _ = stack.process.communicate(timeout=90)
    assert stack.process.returncode == 2, f"exit status {stack.process.returncode}: {output}"
    said = f"deploy.stack: {part} stopped unexpectedly; stopping the rest"
    assert said in output, f"expected {said!r} in what the stack printed: {output}"
    left = [command_of(pid) for pid in stack.processes()]
    deadline = time.monotonic() + 10
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = [command_of(pid) for pid in stack.processes()]
    assert left == [], f"the stack left processes behind: {left}"


@pytest.mark.parametrize(
    ("setting", "says"),
    [
        ({"LOGIN_LIMIT_STORAGE": "memory://"}, "LOGIN_LIMIT_STORAGE must be a Redis"),
        ({"TRUSTED_PROXIES": 0}, "TRUSTED_PROXIES must be 1"),
        ({"PRODUCTION": False}, "set PRODUCTION: true"),
    ],
)
def test_a_configuration_unfit_for_the_stack_is_refused(
    tmp_path: Path, setting: dict, says: str
) -> None:
    config = production_config(tmp_path, free_port(), **setting)
    result = subprocess.run(
        [sys.executable, "-m", "deploy.stack", "--config", str(config),
         "--port", str(free_port()), "--state", str(tmp_path / "state")],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2, result
    assert says in result.stderr, result.stderr


def test_the_configuration_for_a_server_renders_and_nginx_accepts_it(tmp_path: Path) -> None:
    """What flaskr-nginx.service runs before nginx: HTTPS on 443 with a certificate."""
    if shutil.which("openssl") is None:
        pytest.skip("no openssl to make a test certificate")
    key, certificate = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=blog.example.org", "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )  # fmt: skip
    config = production_config(tmp_path, free_port())
    state = tmp_path / "nginx"
    rendered = subprocess.run(
        [sys.executable, "-m", "deploy.stack", "--config", str(config), "--state", str(state),
         "--render", "--host", "0.0.0.0", "--port", "443", "--gunicorn-socket",
         "/run/flaskr/gunicorn.sock", "--tls-certificate", str(certificate),
         "--tls-key", str(key)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert rendered.returncode == 0, rendered.stderr
    text = (state / "nginx.conf").read_text()
    assert "listen 0.0.0.0:443 ssl;" in text
    assert "server unix:/run/flaskr/gunicorn.sock" in text
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    check = subprocess.run(
        [nginx, "-t", "-q", "-e", "stderr", "-p", str(state), "-c", str(state / "nginx.conf")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert check.returncode == 0, check.stderr


def test_a_redirect_keeps_the_port_the_visitor_used(stack: Stack) -> None:
    answer = requests.get(stack.url + "/static//style.css", allow_redirects=False, timeout=10)
    assert answer.status_code == 308, answer.status_code
    assert answer.headers["Location"].startswith(stack.url + "/static/"), answer.headers


def test_a_taken_port_or_a_running_stack_is_said_at_once(stack: Stack, tmp_path: Path) -> None:
    port = int(stack.url.rsplit(":", 1)[1])
    config = production_config(tmp_path, free_port())

    def start(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "deploy.stack", "--config", str(config), *extra],
            cwd=ROOT, capture_output=True, text=True, timeout=60,
        )  # fmt: skip

    taken = start("--port", str(port), "--state", str(tmp_path / "state"))
    assert taken.returncode == 2 and f"127.0.0.1:{port} is taken" in taken.stderr, taken
    twice = start("--port", str(free_port()), "--state", str(stack.state))
    assert twice.returncode == 2 and "a stack already runs from" in twice.stderr, twice
    assert requests.get(stack.url, timeout=10).status_code == 200, "the running stack was hurt"


def test_a_redis_on_a_unix_socket_is_started_and_counts(tmp_path: Path) -> None:
    """LOGIN_LIMIT_STORAGE as docs/operating.md writes a Unix socket: redis+unix://."""
    socket_path = tmp_path / "redis" / "redis.sock"
    config = production_config(
        tmp_path, free_port(), LOGIN_LIMIT_STORAGE=f"redis+unix://{socket_path}"
    )
    with running_stack(config, tmp_path / "state") as stack:
        assert "redis" in stack.parts(), f"no Redis started: {stack.parts()}"
        statuses = [failed_login(stack.url).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429], statuses


def test_a_claimed_address_does_not_escape_the_login_limit(tmp_path: Path) -> None:
    """Through nginx, an X-Forwarded-For a guesser writes himself changes nothing."""
    config = production_config(tmp_path, free_port())
    with running_stack(config, tmp_path / "state") as stack:
        statuses = [
            failed_login(stack.url, headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code
            for n in range(6)
        ]
    assert statuses == [200] * 5 + [429], statuses


# Only the blog's own processes reach its state: its files, its socket and its Redis
# are the stack's user's alone; run as root, the parts run as that user.


def listing(folder: Path) -> dict[str, str]:
    """Each path under ``folder`` with its mode, owner and group, as ``ls -l`` says them."""
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        owner = pwd.getpwuid(info.st_uid).pw_name
        found[str(path.relative_to(folder))] = f"{stat.filemode(info.st_mode)} {owner}"
    return found


def test_what_the_stack_makes_is_its_users_alone(stack: Stack) -> None:
    """Other users may not even list the state folder; root's state folder lets the
    stack's user through (group), and it alone reads Redis's password there."""
    # A failed login writes the database, the log and Redis's append-only file.
    assert failed_login(stack.url).status_code == 200
    folder = stack.config.parent
    made = listing(folder)
    # T: sticky, nothing open ("--T"), what root made there cannot be renamed.
    open_to_others = {path: mode for path, mode in made.items() if mode[7:10] not in ("---", "--T")}
    assert open_to_others == {}, f"expected nothing open to other users, found {made}"
    state = str(stack.state.relative_to(folder))
    blog = ["instance/blog.sqlite", "instance/error.log", f"{state}/run"]
    expected = {*blog, f"{state}/access.log", f"{state}/run/gunicorn.sock"}
    assert expected <= set(made), f"expected {sorted(expected)} among {made}"
    assert (stack.state / "run" / "appendonlydir").is_dir(), made
    user = stack_user()
    group_of = {path: grp_name(folder / path) for path in made if made[path][4:7] != "---"}
    others_groups = {path: group for path, group in group_of.items() if group != user}
    assert others_groups == {}, f"expected only the group {user} to have access: {made}"
    blog_files = {path: made[path] for path in blog}
    wrong_owner = {path: mode for path, mode in blog_files.items() if mode.split()[1] != user}
    assert wrong_owner == {}, f"expected the blog's files to be {user}'s: {blog_files}"
    # Root's instance/ is one the parts write in but cannot rename root's state folder in.
    instance = "drwxrwx--T root" if os.geteuid() == 0 else f"drwx------ {user}"
    assert made["instance"] == instance, f"expected instance/ {instance}: {made}"


def grp_name(path: Path) -> str:
    """The name of a file's group."""
    return grp.getgrgid(path.lstat().st_gid).gr_name


def user_of(pid: int) -> str:
    """Who a process runs as, as ps says it."""
    return subprocess.run(
        ["ps", "-o", "user=", "-p", str(pid)], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_the_parts_run_as_the_stacks_user(stack: Stack) -> None:
    """Run as root: gunicorn, its workers, Redis and nginx's workers run as flaskr;
    nginx's master alone stays root, to bind the port."""
    if os.geteuid() != 0:
        pytest.skip("run by another user, the parts run as that user: nothing is switched")
    parts = stack.parts()
    pids = {
        "gunicorn": [parts["gunicorn"], *wait_for_workers(stack, 2)],
        "redis": [parts["redis"]],
        "nginx's workers": children_of(parts["nginx"]),
    }
    assert pids["nginx's workers"], f"nginx has no workers: {parts}"
    users = {name: sorted({user_of(pid) for pid in group}) for name, group in pids.items()}
    expected = {name: [stack_user()] for name in pids}
    assert users == expected, f"expected the parts to run as {stack_user()}, found {users}"


def as_nobody(script: str) -> subprocess.CompletedProcess[str]:
    """``script`` run by Python as the user nobody, another user of the machine."""
    return subprocess.run(
        ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
         sys.executable, "-I", "-c", script],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip


def test_another_user_reaches_neither_gunicorn_nor_redis(stack: Stack) -> None:
    """The user nobody tries gunicorn's socket, which would believe any X-Forwarded-For
    it wrote, and tells the stack's Redis to stop."""
    if os.geteuid() != 0:
        pytest.skip("only root can act as another user")
    words = command_of(stack.parts()["gunicorn"]).split()
    sock = words[words.index("--bind") + 1].removeprefix("unix:")
    settings = yaml.safe_load(stack.config.read_text())["FLASK"]
    redis_port = int(settings["LOGIN_LIMIT_STORAGE"].rsplit(":", 1)[1].split("/")[0])
    probe = as_nobody(
        "import socket\n"
        "def answer(family, address, command):\n"
        "    try:\n"
        "        with socket.socket(family) as s:\n"
        "            s.settimeout(5); s.connect(address); s.sendall(command)\n"
        "            reply = s.recv(200).decode(errors='replace').splitlines()\n"
        "            return reply[0] if reply else 'closed without a word'\n"
        "    except OSError as error:\n"
        "        return f'refused: {error.strerror}'\n"
        f"print(answer(socket.AF_UNIX, {sock!r}, b'GET / HTTP/1.0\\r\\n\\r\\n'))\n"
        f"print(answer(socket.AF_INET, ('127.0.0.1', {redis_port}), b'SHUTDOWN NOSAVE\\r\\n'))\n"
    )
    assert probe.returncode == 0, probe.stderr
    gunicorn, redis = probe.stdout.splitlines()
    assert gunicorn.startswith("refused:"), f"expected gunicorn's socket refused, got {gunicorn}"
    assert redis.startswith("-NOAUTH"), f"expected Redis to ask for its password, got {redis}"
    assert failed_login(stack.url).status_code == 200, "Redis no longer counts"


def test_a_redis_that_dies_is_started_again_and_keeps_the_counts(tmp_path: Path) -> None:
    """Killed outright: pages are still read meanwhile, and the failed logins counted
    before it died still count once it is back."""
    config = production_config(tmp_path, free_port())
    with running_stack(config, tmp_path / "state") as stack:
        before = [failed_login(stack.url).status_code for _ in range(3)]
        redis = stack.parts()["redis"]
        os.kill(redis, signal.SIGKILL)
        read = requests.get(stack.url, timeout=10).status_code
        url = yaml.safe_load(config.read_text())["FLASK"]["LOGIN_LIMIT_STORAGE"]
        deadline = time.monotonic() + 30
        while stack.parts().get("redis") in (None, redis) or not redis_answers(url):
            assert time.monotonic() < deadline, f"Redis was not started again: {stack.parts()}"
            time.sleep(0.05)
        after = [failed_login(stack.url).status_code for _ in range(3)]
        output = stack.stop()
    assert (before, read, after) == ([200] * 3, 200, [200, 200, 429]), (before, read, after)
    said = "deploy.stack: redis stopped unexpectedly; supervisord starts it again"
    assert said in output, f"expected {said!r} in what the stack printed: {output}"
    assert stack.process.returncode == 0, output


def stack_refusal(config: Path, state: Path, *options: str) -> str:
    """What the stack says when it refuses to start (status 2)."""
    result = subprocess.run(
        [sys.executable, "-m", "deploy.stack", "--config", str(config),
         "--port", str(free_port()), "--state", str(state), *options],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2, result
    return result.stderr


def test_a_redis_without_a_password_is_refused(tmp_path: Path) -> None:
    """Any user of the machine could clear the login limit or stop it."""
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    config = production_config(tmp_path, port, LOGIN_LIMIT_STORAGE=url)
    said = stack_refusal(config, tmp_path / "state")
    assert f"LOGIN_LIMIT_STORAGE {url} names a Redis without a password" in said, said
    assert f"redis://:PASSWORD@127.0.0.1:{port}/0" in said, said


def test_a_missing_user_is_said_with_the_command_that_makes_it(tmp_path: Path) -> None:
    config = production_config(tmp_path, free_port())
    said = stack_refusal(config, tmp_path / "state", "--user", "flaskr-nobody-made")
    if os.geteuid() == 0:
        command = "useradd --system --no-create-home --shell /usr/sbin/nologin flaskr-nobody-made"
        assert f"create it with `{command}`" in said, said
    else:
        assert "only root can run the parts as another user" in said, said


def test_a_database_folder_the_user_cannot_write_is_said(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    config = production_config(tmp_path, free_port(), DATABASE=str(locked / "blog.sqlite"))
    said = stack_refusal(config, tmp_path / "state")
    user = stack_user()
    group = grp.getgrgid(pwd.getpwnam(user).pw_gid).gr_name
    assert f"{user}, the user the blog runs as, cannot write {locked / 'blog.sqlite'}" in said
    assert f"install -d -o {user} -g {group} -m 700 {locked}" in said, said


# A flood from one address, and request heads nginx passes on -----------------------------


def answer_from(source: str, port: int) -> http.client.HTTPResponse:
    """An ordinary request for ``/`` sent from the loopback address ``source``."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=10, source_address=(source, 0)
    )
    connection.request("GET", "/")
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def waiting_request(port: int) -> socket.socket:
    """A login from 127.0.0.1 whose header is sent whole and whose form never comes."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(
        b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
    )
    return sock


@dataclass
class Answer:
    """An answer's status and headers, as read off its socket."""

    status: int
    headers: Message


def read_answer(sock: socket.socket) -> Answer:
    """The status line and headers nginx sent on ``sock``, read by hand: the HTTP
    client of the standard library reads only from connections it made itself."""
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            break
        head += chunk
    status_line, _, fields = head.partition(b"\r\n\r\n")[0].partition(b"\r\n")
    version, status, _ = status_line.decode("latin-1").split(" ", 2)
    assert version.startswith("HTTP/"), f"expected an HTTP status line, found {status_line!r}"
    return Answer(int(status), BytesParser().parsebytes(fields, headersonly=True))


def first_answers(socks: list[socket.socket], count: int) -> list[Answer]:
    """The answers to the first ``count`` of ``socks`` nginx answers; fewer if it has not
    answered that many within 8 s (it answers a form that never comes after 10 s)."""
    answers = []
    with selectors.DefaultSelector() as selector:
        for sock in socks:
            selector.register(sock, selectors.EVENT_READ)
        deadline = time.monotonic() + 8
        while len(answers) < count and (left := deadline - time.monotonic()) > 0:
            for key, _ in selector.select(left):
                selector.unregister(key.fileobj)
                answers.append(read_answer(key.fileobj))  # type: ignore[arg-type]
    return answers


def per_address_limit(stack: Stack) -> int:
    """How many requests at a time nginx takes from one address, as the stack wrote it."""
    found = re.search(r"limit_conn per_address (\d+);", (stack.state / "nginx.conf").read_text())
    assert found, "expected a limit per address (limit_conn per_address N;) in nginx.conf"
    return int(found[1])


def test_one_address_beyond_its_limit_is_refused_while_another_is_served(stack: Stack) -> None:
    """Requests that never finish, from one address: those beyond nginx's limit are
    refused at once with its own page, and another address is served meanwhile."""
    port = int(stack.url.rsplit(":", 1)[1])
    limit = per_address_limit(stack)
    flood = [waiting_request(port) for _ in range(limit + 5)]
    try:
        refused = first_answers(flood, 5)
        statuses = [answer.status for answer in refused]
        assert statuses == [429] * 5, (
            f"expected {limit} unfinished requests from 127.0.0.1 held and the 5 beyond "
            f"them refused with 429, found the answers {statuses}"
        )
        same, other = answer_from("127.0.0.1", port), answer_from("127.0.0.2", port)
        assert (same.status, other.status) == (429, 200), (
            "expected 127.0.0.1 refused and 127.0.0.2 served while 127.0.0.1 is at its "
            f"limit, found {same.status} and {other.status}"
        )
        heads = [answer.headers for answer in refused] + [same.headers]
        for head in heads:
            missing = {name: head.get(name) for name, value in EXPECTED_HEADERS.items()
                       if head.get(name) != value}  # fmt: skip
            assert missing == {}, f"nginx's refusal without the security headers: {missing}"
    finally:
        for sock in flood:
            sock.close()
    # nginx counts a connection until it has seen it close; the next test shares the stack.
    deadline = time.monotonic() + 30
    while (status := answer_from("127.0.0.1", port).status) != 200:
        assert time.monotonic() < deadline, f"127.0.0.1 still refused ({status}) after the flood"
        time.sleep(0.1)


#: Request heads around gunicorn's default limits (a request line of 4094 bytes, 100
#: header fields, 8190 bytes a field) and nginx's own (a line, with its CRLF, in one
#: buffer of 8 KiB: large_client_header_buffers 4 8k), each with the largest size nginx
#: passes on to the blog.
HEADS = {
    "a long request line": (  # "GET /" + n + " HTTP/1.1\r\n": n + 16 bytes
        lambda n: {"path": "/" + "a" * n},
        [4000, 4090, 4094, 4100, 6000, 8170, 8175, 8180, 9000],
        8175,
    ),
    "many header fields": (  # all of them in nginx's 4 buffers
        lambda n: {"headers": {f"X-Field-{i}": "x" for i in range(n)}},
        [90, 95, 96, 100, 200, 1000, 5000],
        200,
    ),
    "a long header field": (  # "Cookie: a=" + n + "\r\n": n + 12 bytes
        lambda n: {"headers": {"Cookie": "a=" + "a" * n}},
        [8000, 8170, 8180, 8185, 8190, 9000],
        8180,
    ),
    "a long X-Forwarded-For, which nginx lengthens": (  # n + 19 bytes
        lambda n: {"headers": {"X-Forwarded-For": "a" * n}},
        [8000, 8160, 8170, 8175, 9000],
        8170,
    ),
}


def answered_by_the_blog(answer: requests.Response) -> bool:
    """Whether the blog itself answered: its page (the home page, or its own 404 for an
    address it does not know), not nginx's error page."""
    return answer.status_code in (200, 404) and "· Flaskr</title>" in answer.text


@pytest.mark.parametrize("name", HEADS)
def test_every_answer_to_a_large_request_head_carries_the_security_headers(
    stack: Stack, name: str
) -> None:
    """Whichever of nginx and gunicorn would find the head too large, the answer is the
    blog's page or nginx's own, never gunicorn's bare 414 or 431; and every head nginx
    passes on reaches the blog."""
    make, sizes, within = HEADS[name]
    bare, unanswered = [], []
    for size in sizes:
        kwargs = make(size)
        answer = requests.get(stack.url + kwargs.pop("path", "/"), timeout=10, **kwargs)
        if missing_headers(answer):
            bare.append((size, answer.status_code))
        if size <= within and not answered_by_the_blog(answer):
            unanswered.append((size, answer.status_code))
    assert bare == [], f"{name}: answers without the security headers (size, status): {bare}"
    assert unanswered == [], (
        f"{name}: expected the blog to answer every size up to {within}, found these "
        f"answered otherwise (size, status): {unanswered}"
    )


# The port check agrees with nginx -------------------------------------------------------


def in_time_wait(port: int) -> bool:
    """Whether a TCP connection of local port ``port`` is in TIME_WAIT (state 06)."""
    with open("/proc/net/tcp") as table:
        rows = [line.split() for line in table.readlines()[1:]]
    return any(row[1].endswith(f":{port:04X}") and row[3] == "06" for row in rows)


def test_a_port_left_in_time_wait_is_free_and_a_listened_one_is_taken() -> None:
    """After a stop under traffic nginx's port holds connections in TIME_WAIT; nginx
    binds it again at once, and so the stack's check must say it is free."""
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as nginx's
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        client = socket.create_connection(("127.0.0.1", port))
        server, _ = listener.accept()
        assert not port_is_free("127.0.0.1", port), "a port something listens on said free"
        server.close()  # the side that closes first keeps the port in TIME_WAIT
        client.close()
    deadline = time.monotonic() + 10
    while not in_time_wait(port):
        assert time.monotonic() < deadline, f"expected a connection of port {port} in TIME_WAIT"
        time.sleep(0.01)
    assert port_is_free("127.0.0.1", port), f"port {port}, only in TIME_WAIT, said taken"


# What another user of the machine could slip in ----------------------------------------


def redis_password(config: Path) -> str:
    """The password of the stack's Redis, as the configuration gives it."""
    url = yaml.safe_load(config.read_text())["FLASK"]["LOGIN_LIMIT_STORAGE"]
    return unquote(urlsplit(url).password or "")


def test_a_redis_port_taken_by_another_program_is_refused_without_the_password(
    tmp_path: Path,
) -> None:
    """A program of another user listening where the stack's Redis would: the stack says
    so and starts nothing, and the program never hears the password."""
    heard = bytearray()
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        config = production_config(tmp_path, port)
        listener.settimeout(0.2)

        def listen() -> None:
            while not done.is_set():
                try:
                    conn, _ = listener.accept()
                except TimeoutError:
                    continue
                with conn:
                    conn.settimeout(2)
                    try:
                        while chunk := conn.recv(4096):
                            heard.extend(chunk)
                    except OSError:
                        pass

        done = threading.Event()
        thread = threading.Thread(target=listen)
        thread.start()
        try:
            said = stack_refusal(config, tmp_path / "state")
        finally:
            done.set()
            thread.join()
    expected = (
        f"deploy.stack: port {port} of 127.0.0.1 or ::1 (LOGIN_LIMIT_STORAGE in {config}) is taken"
    )
    assert said.startswith(expected) and said.count("\n") == 1, f"expected {expected!r}: {said}"
    assert redis_password(config).encode() not in heard, f"the listener heard {bytes(heard)!r}"


def stack_parts(config: Path) -> tuple[Settings, Account]:
    """The settings the stack reads from ``config``, and the user it would run its parts as."""
    return read_settings(config), parts_account(None)


@pytest.mark.parametrize("whose", ["the parts'", "a shared"])
def test_a_socket_folder_others_may_enter_is_refused(tmp_path: Path, whose: str) -> None:
    """Redis's socket in a folder that exists: it must be the parts' user's alone, or
    another user could listen there first. A folder of theirs gets the chmod; a shared
    one (such as /tmp, or root's) is never to be changed: another socket is named."""
    if whose == "a shared" and os.geteuid() != 0:
        pytest.skip("only root's folders are another user's than the parts' here")
    folder = tmp_path / "redis"
    folder.mkdir(mode=0o755)
    if whose == "the parts'":
        the_parts_own(folder)
    config = production_config(
        tmp_path, free_port(), LOGIN_LIMIT_STORAGE=f"redis+unix://{folder}/redis.sock"
    )
    settings, account = stack_parts(config)
    run = Run(settings, tmp_path / "state", "127.0.0.1", free_port(), threading.Event(), account)
    with pytest.raises(StackError) as refused:
        run.make_socket_folder(folder)
    said = str(refused.value)
    assert f"must be {account.name}'s alone (drwx------ {account.name}), found drwxr-xr-x" in said
    if whose == "the parts'":
        assert said.endswith(f"run `chmod 700 {folder}`"), said
    else:
        assert "chmod" not in said and "name a socket in a folder that does not" in said, said


@pytest.mark.parametrize("which", ["config", "database", "database folder", "rotated log"])
def test_state_files_other_users_may_read_are_refused(tmp_path: Path, which: str) -> None:
    """Files made before under umask 022 (an upgrade): the stack says the chmod to run."""
    config = production_config(tmp_path, free_port())
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o700)
    the_parts_own(instance)
    files = {
        "config": config,
        "database": instance / "blog.sqlite",
        "database folder": instance,
        "rotated log": instance / "error.log.1",
    }
    for path in files.values():
        if path != config:  # made by production_config as an operator makes it
            path.touch()
            path.chmod(0o700 if path.is_dir() else 0o600)
            the_parts_own(path)
    open_file = files[which]
    open_file.chmod(0o755 if open_file.is_dir() else 0o644)
    settings, account = stack_parts(config)
    with pytest.raises(StackError) as refused:
        check_access(settings, account, make_state(tmp_path / "state", account))
    mode = "700" if open_file.is_dir() else "600"
    if which == "config" and account.switched:
        advice = f"run `chown root:{account.group} {open_file} && chmod 640 {open_file}`"
    else:
        advice = f"run `chmod {mode} {open_file}`"
    assert advice in str(refused.value), refused.value


def test_a_configuration_roots_and_readable_by_the_parts_group_is_taken(tmp_path: Path) -> None:
    """As docs/operating.md says for root: 640 root:flaskr, read by the blog, not rewritten."""
    if os.geteuid() != 0:
        pytest.skip("only root runs the parts as another user")
    config = production_config(tmp_path, free_port())
    settings, account = stack_parts(config)
    made = config.stat()
    assert (made.st_uid, made.st_gid, stat.S_IMODE(made.st_mode)) == (0, account.gid, 0o640)
    state = tmp_path / "instance" / "state"  # instance/, the DATABASE's folder, made with it
    check_access(settings, account, make_state(state, account))
    config.chmod(0o644)
    with pytest.raises(StackError, match="chmod 640"):
        check_access(settings, account, make_state(state, account))


@pytest.mark.parametrize("where", ["state", "run"])
@pytest.mark.parametrize("kind", ["a symbolic link", "another user's"])
def test_a_state_folder_not_the_stacks_own_is_refused(
    tmp_path: Path, where: str, kind: str
) -> None:
    """Root would write where a link leads, or into a folder another user may change."""
    if kind == "another user's" and os.geteuid() != 0:
        pytest.skip("only root can give a folder to another user")
    state = tmp_path / "state"
    target = tmp_path / "elsewhere"
    target.mkdir(mode=0o700)
    folder = state if where == "state" else state / "run"
    folder.parent.mkdir(mode=0o700, exist_ok=True)
    if kind == "a symbolic link":
        folder.symlink_to(target)
    else:
        folder.mkdir(mode=0o700)
        os.chown(folder, pwd.getpwnam("nobody").pw_uid, -1)
    with pytest.raises(StackError) as refused:
        make_state(state, parts_account(None))
    assert str(refused.value).startswith(f"{folder} ("), refused.value
    assert stat.S_IMODE(target.stat().st_mode) == 0o700, "the link's target was changed"


def test_no_refusal_prints_redis_password(tmp_path: Path) -> None:
    """Not the raw address, whichever way it is wrong."""
    password = "a-secret-nobody-may-read"
    wrong = [
        f"mongodb://:{password}@127.0.0.1:27017/",  # not a Redis
        f"redis://{password}@127.0.0.1:6379/0",  # the colon forgotten: a user name
        f"redis://:{password}%0A@127.0.0.1:6379/0",  # a new line, from %0A
    ]
    said = []
    for url in wrong:
        config = production_config(tmp_path, free_port(), LOGIN_LIMIT_STORAGE=url)
        with pytest.raises(StackError) as refused:
            read_settings(config)
        said.append(str(refused.value))
    leaked = [message for message in said if password in message]
    assert leaked == [], f"expected no message to hold the password, found {leaked}"
    assert "***@127.0.0.1:6379/0" in said[1] and "the colon before" in said[1], said[1]
    assert shown(f"redis://user:{password}@h:1/0") == "redis://***@h:1/0"


def test_redis_reads_the_quoted_password_as_it_was(tmp_path: Path) -> None:
    """Quotes, backslashes, spaces and a # in the password: the Redis the stack starts
    asks for exactly it; a control character is refused before (it would end the line)."""
    password = "a \"quoted\" \\ back\\\\slash # 'single' $x \\x41"
    port = free_port()
    conf = tmp_path / "redis.conf"
    conf.write_text(f"bind 127.0.0.1\nport {port}\nrequirepass {redis_quoted(password)}\n")
    redis_server = subprocess.Popen(
        [shutil.which("redis-server") or "/usr/bin/redis-server", str(conf), "--save", "",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        url = f"redis://:{quote(password, safe='')}@127.0.0.1:{port}/0"
        deadline = time.monotonic() + 10
        while not redis_listens("tcp", str(port)):
            assert time.monotonic() < deadline, "Redis did not start"
            time.sleep(0.05)
        assert redis_answers(url), f"Redis did not take the password {password!r}"
        assert not redis_answers(url.replace("%23", "")), "Redis took a wrong password"
    finally:
        redis_server.terminate()
        redis_server.wait(timeout=10)


def test_a_link_in_the_state_folders_place_is_refused_and_not_followed(tmp_path: Path) -> None:
    """Given as --state, a link is not followed to a folder root would then chmod."""
    config = production_config(tmp_path, free_port())
    target = tmp_path / "elsewhere"
    target.mkdir(mode=0o755)
    state = tmp_path / "state"
    state.symlink_to(target)
    said = stack_refusal(config, state)
    assert f"{state} (--state) is a symbolic link" in said, said
    assert stat.S_IMODE(target.stat().st_mode) == 0o755, "the link's target was changed"
    assert list(target.iterdir()) == [], f"the stack wrote where the link leads: {target}"


def test_root_refuses_a_state_folder_in_one_the_parts_may_change(tmp_path: Path) -> None:
    """The parts' user could put a link in the state folder's place: root would write
    supervisord's and nginx's configurations where it leads."""
    if os.geteuid() != 0:
        pytest.skip("only root writes for other users")
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o700)
    the_parts_own(theirs)
    config = production_config(tmp_path, free_port())
    said = stack_refusal(config, theirs / "state")
    expected = f"{theirs}, above the state folder, belongs to {stack_user()}"
    assert said.startswith(f"deploy.stack: {expected}"), said
    assert not (theirs / "state").exists(), "the stack made the state folder anyway"


def test_root_refuses_a_configuration_the_parts_could_rewrite(tmp_path: Path) -> None:
    """A configuration of the parts' user: the blog could lift its own login limit."""
    if os.geteuid() != 0:
        pytest.skip("only root runs the parts as another user")
    config = the_parts_own(production_config(tmp_path, free_port()))
    config.chmod(0o600)
    said = stack_refusal(config, tmp_path / "state")
    assert f"belongs to {stack_user()}, who could change the blog's settings" in said, said
    assert f"chown root:{stack_user()} {config} && chmod 640 {config}" in said, said


@pytest.mark.parametrize(
    ("host", "port"),
    [("127.0.0.2", 6390), ("localhost.", 6390), ("", 6390), ("0.0.0.0", 6390), ("[::1]", 99999)],
)
def test_redis_on_this_machine_spelled_otherwise_or_a_bad_port_is_refused(
    tmp_path: Path, host: str, port: int
) -> None:
    """The stack's own Redis listens on 127.0.0.1 and ::1: another spelling of this
    machine would send the password to whatever listens there."""
    url = f"redis://:a-password@{host}:{port}/0"
    config = production_config(tmp_path, free_port(), LOGIN_LIMIT_STORAGE=url)
    with pytest.raises(StackError) as refused:
        read_settings(config)
    said = str(refused.value)
    if port > 65535:
        assert "its port is not a number from 1 to 65535" in said, said
    else:
        assert f"names this machine ({host or 'no host'})" in said, said
        assert f"redis://:PASSWORD@127.0.0.1:{port}/0" in said, said
    assert "a-password" not in said, said


def test_a_password_in_the_query_counts_and_is_never_printed(tmp_path: Path) -> None:
    """redis-py reads ?password= too: the Redis is not password-less, and it is masked."""
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0?password=a-secret-nobody-may-read"
    config = production_config(tmp_path, port, LOGIN_LIMIT_STORAGE=url)
    assert read_settings(config).redis_listen == ("tcp", str(port))
    assert shown(url) == f"redis://127.0.0.1:{port}/0?password=***"
    ipv6 = f"redis://:p@[::1]:{port}/0"
    assert read_settings(production_config(tmp_path, port, LOGIN_LIMIT_STORAGE=ipv6)).redis_listen


def test_a_socket_with_a_password_gets_a_redis_that_asks_for_it(tmp_path: Path) -> None:
    """The password in redis+unix://:PASSWORD@/path is the stack's Redis's too, so the
    workers' AUTH succeeds and counts, and a client without it is refused."""
    socket_path = tmp_path / "redis" / "redis.sock"
    url = f"redis+unix://:a-socket-password@{socket_path}"
    config = production_config(tmp_path, free_port(), LOGIN_LIMIT_STORAGE=url)
    with running_stack(config, tmp_path / "state") as stack:
        statuses = [failed_login(stack.url).status_code for _ in range(6)]
        assert redis_answers(url), "the stack's Redis refused its own password"
        assert not redis_answers(f"redis+unix://{socket_path}"), "it answered without"
    assert statuses == [200] * 5 + [429], statuses


def test_the_users_listening_on_a_port_are_read_from_the_kernel() -> None:
    """What the stack checks once its Redis listens: that it alone holds the port."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        port = listener.getsockname()[1]
        assert listeners(port) == set(), "a bound socket that does not listen counted"
        listener.listen()
        assert listeners(port) == {os.geteuid()}
