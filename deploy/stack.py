"""The production stack in the foreground: ``python -m deploy.stack --config FILE``.

nginx on ``127.0.0.1:PORT`` buffers every request and passes it to gunicorn's workers on
a Unix socket; the login limit is counted in Redis, which every worker shares and which
keeps its counts across restarts. The configuration file decides (``make production``):
it must be a production one, with ``TRUSTED_PROXIES: 1`` (nginx is the one proxy) and a
Redis ``LOGIN_LIMIT_STORAGE``. A Redis on 127.0.0.1 or a Unix socket that is not yet
running is started here, its data kept in the state folder.

Ctrl-C or SIGTERM stops everything this started: nginx first, then gunicorn (its
workers finish their requests and send queued error mail), then Redis (which saves).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment
from jinja2 import FileSystemLoader
from jinja2 import StrictUndefined

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

#: Seconds each part has to come up.
START_SECONDS = 20.0

#: Seconds a stopping worker gets beyond MAIL_TIMEOUT to finish its last request, and
#: each part beyond that to go down before it is killed.
GRACE_SECONDS = 10.0

#: How to get the programs the stack runs, for the message when one is missing.
PROGRAMS = {
    "nginx": "apt-get install nginx-light (or nginx)",
    "redis-server": "apt-get install redis-server",
}


class StackError(Exception):
    """The stack cannot start; the message says why and what to do."""


@dataclass
class Settings:
    """What the stack needs to know of the blog's configuration."""

    config: Path
    max_body_bytes: int
    #: How long a stopping worker may wait for the mail server (MAIL_TIMEOUT).
    mail_timeout: float
    #: The host names the blog answers to (TRUSTED_HOSTS); empty: any.
    trusted_hosts: list[str]
    redis_url: str
    #: Where a Redis the stack starts listens: ("unix", path) or ("tcp", port); None when
    #: the configuration names a Redis elsewhere, which is used as it is.
    redis_listen: tuple[str, str] | None


def read_settings(config: Path) -> Settings:
    """Load the configuration as the blog will, and check it suits this stack."""
    from app import ConfigError
    from app import create_app
    from app import reporting

    try:
        app = create_app(config)
    except ConfigError as error:
        raise StackError(str(error)) from None
    finally:
        reporting.close_current_reporting()
    values = app.config
    if not values["PRODUCTION"]:
        raise StackError(
            f"{config}: this stack serves production configurations only: "
            "set PRODUCTION: true (see config.production.example.yaml)"
        )
    if values["TRUSTED_PROXIES"] != 1:
        raise StackError(
            f"{config}: TRUSTED_PROXIES must be 1 behind this stack's nginx, "
            f"not {values['TRUSTED_PROXIES']}: otherwise every visitor shares one address "
            "for the login limit, or anyone can claim another address"
        )
    url = values["LOGIN_LIMIT_STORAGE"]
    return Settings(
        config,
        values["MAX_CONTENT_LENGTH"],
        float(values["MAIL_TIMEOUT"]),
        list(values.get("TRUSTED_HOSTS") or []),
        url,
        redis_to_start(config, url),
    )


def check_host(settings: Settings, config: Path, host: str) -> None:
    """Refuse to serve on an address the blog would answer only with 400."""
    trusted = settings.trusted_hosts
    if trusted and host not in trusted and host not in ("0.0.0.0", "::"):
        raise StackError(
            f"{config}: TRUSTED_HOSTS {trusted} does not name {host}, so the blog would "
            f"refuse every request to http://{host}:…/; for a trial on this machine add "
            f"{host} to TRUSTED_HOSTS"
        )


def redis_to_start(config: Path, url: str) -> tuple[str, str] | None:
    """Where to start Redis for ``url``, or None for a Redis on another machine."""
    parts = urlsplit(url)
    if parts.scheme in ("redis+unix", "unix"):
        return ("unix", parts.path)
    if parts.scheme == "redis" and parts.hostname in ("127.0.0.1", "localhost"):
        return ("tcp", str(parts.port or 6379))
    if parts.scheme in ("redis", "rediss"):
        return None
    raise StackError(
        f"{config}: LOGIN_LIMIT_STORAGE must be a Redis shared by every worker, such as "
        f"redis://127.0.0.1:6379, not {url!r}: each worker would count failed logins on "
        "its own, and a restart would forget them"
    )


def program(name: str) -> str:
    """The path of ``name``, or a StackError saying how to install it."""
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if path is None:
        raise StackError(f"{name} is not installed: {PROGRAMS[name]}")
    return path


@dataclass
class Proxy:
    """How nginx listens, and as whom its workers run."""

    listen: str
    #: gunicorn's socket; in the state folder unless said otherwise.
    upstream: Path | None = None
    user: str | None = "root" if os.geteuid() == 0 else None
    tls_certificate: Path | None = None
    tls_key: Path | None = None


def render_nginx(state: Path, proxy: Proxy, settings: Settings) -> Path:
    """Write nginx.conf into the state folder."""
    from app.security import HSTS
    from app.security import SECURITY_HEADERS

    templates = Environment(
        loader=FileSystemLoader(HERE),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    text = templates.get_template("nginx.conf.j2").render(
        state=state,
        listen=proxy.listen,
        upstream=proxy.upstream or state / "gunicorn.sock",
        user=proxy.user,
        tls_certificate=proxy.tls_certificate,
        tls_key=proxy.tls_key,
        errors=HERE / "errors",
        max_body_bytes=settings.max_body_bytes,
        headers={**SECURITY_HEADERS, "Strict-Transport-Security": HSTS},
    )
    for folder in ("nginx-body", "nginx-proxy", "nginx-fastcgi", "nginx-uwsgi", "nginx-scgi"):
        (state / folder).mkdir(exist_ok=True)
    path = state / "nginx.conf"
    path.write_text(text, encoding="utf-8")
    return path


class Stack:
    """The processes of one run, stopped in the reverse order of their start."""

    def __init__(self, settings: Settings, state: Path, host: str, port: int) -> None:
        self.settings = settings
        self.state = state
        self.host = host
        self.port = port
        self.proxy = Proxy(f"{host}:{port}")
        self.processes: list[tuple[str, subprocess.Popen[bytes], int]] = []
        #: A stopping worker sends its queued error mail, which waits MAIL_TIMEOUT at most.
        self.graceful_seconds = settings.mail_timeout + GRACE_SECONDS

    def start(self) -> None:
        """Start Redis (if it is ours to start), gunicorn, then nginx; each answers first."""
        nginx = program("nginx")
        conf = render_nginx(self.state, self.proxy, self.settings)
        if not port_is_free(self.host, self.port):
            raise StackError(f"{self.host}:{self.port} is taken: choose another with PORT=…")
        if self.settings.redis_listen is not None and not redis_answers(self.settings.redis_url):
            self.start_redis(*self.settings.redis_listen)
        self.wait_until(
            lambda: redis_answers(self.settings.redis_url),
            f"Redis at {self.settings.redis_url} does not answer",
        )
        sock = self.state / "gunicorn.sock"
        sock.unlink(missing_ok=True)
        self.spawn(
            "gunicorn",
            [sys.executable, "-m", "gunicorn", "--config", str(HERE / "gunicorn.conf.py"),
             "--graceful-timeout", str(int(self.graceful_seconds + 0.999)),
             "--bind", f"unix:{sock}", f"app:create_app({str(self.settings.config)!r})"],
            signal.SIGTERM,
        )  # fmt: skip
        self.wait_until(lambda: connects(socket.AF_UNIX, str(sock)), "gunicorn did not start")
        check = subprocess.run(
            [nginx, "-t", "-q", "-e", "stderr", "-p", str(self.state), "-c", str(conf)],
            capture_output=True, text=True,
        )  # fmt: skip
        if check.returncode != 0:
            raise StackError(f"nginx refused its configuration:\n{check.stderr.strip()}")
        self.spawn(
            "nginx", [nginx, "-e", "stderr", "-p", str(self.state), "-c", str(conf)], signal.SIGQUIT
        )
        self.wait_until(
            lambda: connects(socket.AF_INET, (self.host, self.port)),
            f"nginx does not answer on {self.host}:{self.port}",
        )

    def start_redis(self, kind: str, where: str) -> None:
        """A Redis for the login limit, appending every change to a file in the state folder."""
        if kind == "unix":
            Path(where).parent.mkdir(parents=True, exist_ok=True)
        self.spawn("redis", redis_command(kind, where, self.state, keep=True), signal.SIGTERM)

    def spawn(self, name: str, command: list[str], stop_signal: int) -> None:
        """Start a part in a session of its own: a Ctrl-C reaches only this process, which
        then stops each part the way it stops gracefully."""
        process = subprocess.Popen(command, cwd=ROOT, start_new_session=True)
        self.processes.append((name, process, stop_signal))

    def wait_until(self, ready: Callable[[], bool], problem: str) -> None:
        """Poll ``ready`` until it holds; a StackError(problem) if it does not in time, or
        at once when a part has ended meanwhile."""
        deadline = time.monotonic() + START_SECONDS
        while not ready():
            if (name := self.exited()) is not None:
                raise StackError(f"{problem}: {name} stopped (its messages are above)")
            if time.monotonic() > deadline:
                raise StackError(problem)
            time.sleep(0.05)

    def exited(self) -> str | None:
        """The name of a part that ended by itself, if any."""
        return next((name for name, p, _ in self.processes if p.poll() is not None), None)

    def stop(self) -> None:
        """Stop every part, newest first, each gracefully, killed if it takes too long."""
        while self.processes:
            _name, process, stop_signal = self.processes.pop()
            if process.poll() is None:
                process.send_signal(stop_signal)
                try:
                    process.wait(self.graceful_seconds + GRACE_SECONDS)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def redis_command(kind: str, where: str, folder: Path, keep: bool) -> list[str]:
    """redis-server on a Unix socket (``kind`` "unix", ``where`` its path) or on a port of
    127.0.0.1, logging to ``folder``; with ``keep``, every change appended to a file there."""
    listen = (
        ["--port", "0", "--unixsocket", where, "--unixsocketperm", "700"]
        if kind == "unix"
        else ["--bind", "127.0.0.1", "--port", where]
    )
    persistence = ["--appendonly", "yes", "--appendfsync", "everysec"] if keep else []
    return [
        program("redis-server"), *listen, "--dir", str(folder), *persistence, "--save", "",
        "--protected-mode", "yes",
        "--loglevel", "warning", "--logfile", str(folder / "redis.log"),
    ]  # fmt: skip


def redis_answers(url: str) -> bool:
    """Whether the Redis at ``url`` answers a PING."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        with client:
            return bool(client.ping())
    except (redis.RedisError, OSError, ValueError):
        return False


def connects(family: int, address: object) -> bool:
    """Whether something accepts connections at ``address``."""
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        try:
            probe.connect(address)
        except OSError:
            return False
    return True


def port_is_free(host: str, port: int) -> bool:
    """Whether nothing listens on ``host:port`` now."""
    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


#: The supervising process's id, in the state folder while it runs.
PIDFILE = "stack.pid"


def claim(state: Path) -> None:
    """Refuse a second stack on the same state folder while the first one lives."""
    pidfile = state / PIDFILE
    try:
        pid = int(pidfile.read_text())
        os.kill(pid, 0)
    except (FileNotFoundError, ValueError, ProcessLookupError):
        pidfile.write_text(f"{os.getpid()}\n")
        return
    raise StackError(
        f"a stack already runs from {state} (process {pid}): stop it first, or give "
        "this one another --state"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.stack", description=__doc__)
    parser.add_argument("--config", required=True, type=Path, help="the blog's YAML file")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port (8080)")
    parser.add_argument("--host", default="127.0.0.1", help="nginx's address (127.0.0.1)")
    parser.add_argument(
        "--state", type=Path, default=ROOT / "instance" / "production",
        help="where the stack keeps its sockets, logs and Redis data",
    )  # fmt: skip
    parser.add_argument(
        "--render", action="store_true",
        help="only write STATE/nginx.conf (for nginx run by systemd on a server) and exit",
    )  # fmt: skip
    parser.add_argument(
        "--gunicorn-socket", type=Path, help="gunicorn's Unix socket (with --render)"
    )
    parser.add_argument("--nginx-user", help="the user nginx's workers run as (with --render)")
    parser.add_argument("--tls-certificate", type=Path, help="HTTPS: the certificate chain")
    parser.add_argument("--tls-key", type=Path, help="HTTPS: the certificate's private key")
    args = parser.parse_args(argv)
    state = args.state.resolve()
    state.mkdir(parents=True, exist_ok=True)
    if args.render:
        try:
            settings = read_settings(args.config.resolve())
        except StackError as error:
            print(f"deploy.stack: {error}", file=sys.stderr)
            return 2
        proxy = Proxy(
            listen=f"{args.host}:{args.port}",
            upstream=args.gunicorn_socket,
            user=args.nginx_user,
            tls_certificate=args.tls_certificate,
            tls_key=args.tls_key,
        )
        print(render_nginx(state, proxy, settings))
        return 0
    stopping = False

    def stop_requested(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    # A closed terminal (SIGHUP) stops the stack too: nothing is left running unwatched.
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, stop_requested)
    stack: Stack | None = None
    try:
        settings = read_settings(args.config.resolve())
        check_host(settings, args.config, args.host)
        claim(state)
        stack = Stack(settings, state, args.host, args.port)
        stack.start()
        print(
            f"Serving the blog on http://{args.host}:{args.port}/ "
            "(nginx, gunicorn, login limit in Redis); Ctrl-C stops it.",
            flush=True,
        )
        while not stopping:
            if (name := stack.exited()) is not None:
                raise StackError(f"{name} stopped unexpectedly; stopping the rest")
            time.sleep(0.2)
        return 0
    except StackError as error:
        print(f"deploy.stack: {error}", file=sys.stderr)
        return 2
    finally:
        if stack is not None:
            stack.stop()
            (state / PIDFILE).unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
