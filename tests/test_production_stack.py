"""The production stack (``make production``) against itself, on loopback: nginx, gunicorn
with two workers and Redis under supervisord, started and stopped as an operator does.

Skipped where nginx or redis-server is missing; CI (REQUIRE_STACK=1) requires them.
"""

from __future__ import annotations

import http.client
import os
import re
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from app.security import HSTS
from app.security import SECURITY_HEADERS
from deploy.stack import port_is_free
from support.services.stack import command_of
from support.services.stack import failed_login
from support.services.stack import free_port
from support.services.stack import part_of
from support.services.stack import production_config
from support.services.stack import ROOT
from support.services.stack import running_stack
from support.services.stack import Stack
from support.services.stack import wait_for_workers

pytestmark = pytest.mark.stack

EXPECTED_HEADERS = {**SECURITY_HEADERS, "Strict-Transport-Security": HSTS}


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """One stack for the tests that only read from it."""
    folder = tmp_path_factory.mktemp("stack")
    config = production_config(folder, free_port())
    with running_stack(config, folder / "state") as running:
        yield running


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


@pytest.mark.parametrize("part", ["nginx", "gunicorn", "redis"])
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


def first_answers(socks: list[socket.socket], count: int) -> list[http.client.HTTPResponse]:
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
                answer = http.client.HTTPResponse(key.fileobj)  # type: ignore[arg-type]
                answer.begin()
                answer.read()
                answers.append(answer)
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
        for answer in [*refused, same]:
            missing = {name: answer.getheader(name) for name, value in EXPECTED_HEADERS.items()
                       if answer.getheader(name) != value}  # fmt: skip
            assert missing == {}, f"nginx's refusal without the security headers: {missing}"
    finally:
        for sock in flood:
            sock.close()


#: Request heads whose size nginx allows, around gunicorn's default limits (a request
#: line of 4094 bytes, 100 header fields, 8190 bytes a field) and nginx's own (8k).
HEADS = {
    "a long request line": (
        lambda n: {"path": "/" + "a" * n},
        [4000, 4090, 4094, 4100, 6000, 8170, 8175, 8180, 9000],
    ),
    "many header fields": (
        lambda n: {"headers": {f"X-Field-{i}": "x" for i in range(n)}},
        [90, 95, 96, 100, 200, 1000, 5000],
    ),
    "a long header field": (
        lambda n: {"headers": {"Cookie": "a=" + "a" * n}},
        [8000, 8170, 8180, 8185, 8190, 9000],
    ),
    "a long X-Forwarded-For, which nginx lengthens": (
        lambda n: {"headers": {"X-Forwarded-For": "a" * n}},
        [8000, 8160, 8170, 8175, 9000],
    ),
}


@pytest.mark.parametrize("name", HEADS)
def test_every_answer_to_a_large_request_head_carries_the_security_headers(
    stack: Stack, name: str
) -> None:
    """Whichever of nginx and gunicorn would find the head too large, the answer is the
    blog's page or nginx's own, never gunicorn's bare 414 or 431."""
    make, sizes = HEADS[name]
    bare = []
    for size in sizes:
        kwargs = make(size)
        answer = requests.get(stack.url + kwargs.pop("path", "/"), timeout=10, **kwargs)
        if missing_headers(answer):
            bare.append((size, answer.status_code))
    assert bare == [], f"{name}: answers without the security headers (size, status): {bare}"


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
