"""The production stack in the foreground: ``python -m deploy.stack --config FILE``.

nginx on ``127.0.0.1:PORT`` buffers every request and passes it to gunicorn's workers on
a Unix socket; the login limit is counted in Redis, which every worker shares and which
keeps its counts across restarts. The configuration file decides (``make production``):
it must be a production one, with ``TRUSTED_PROXIES: 1`` (nginx is the one proxy) and a
Redis ``LOGIN_LIMIT_STORAGE``. A Redis on 127.0.0.1 or a Unix socket that is not yet
running is started too, its data kept in the state folder.

What is ours is here: refusing what cannot work, rendering nginx's and supervisord's
configurations into the state folder, and saying when the blog is served. supervisord
starts, watches and stops the parts. Ctrl-C, SIGTERM or a closed terminal stops
everything: nginx first, then gunicorn (its workers finish their requests and send
queued error mail), then Redis (which saves). A part that ends by itself stops the rest.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import math
import os
import pwd
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import redis
from flask import Flask
from jinja2 import Environment
from jinja2 import FileSystemLoader
from jinja2 import StrictUndefined

from app import config as blog_config
from app import ConfigError
from app.security import HSTS
from app.security import SECURITY_HEADERS

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

    @property
    def graceful_seconds(self) -> int:
        """How long gunicorn's stopping workers may take: a worker sends its queued
        error mail, which waits MAIL_TIMEOUT at most, after its last request."""
        return math.ceil(self.mail_timeout + GRACE_SECONDS)


def checked_config(config: Path) -> dict[str, Any]:
    """The blog's settings from ``config``, checked as the blog checks them when it starts.

    They are loaded into a bare Flask object: the blog itself is not built, so no log
    file, mail thread or database is touched just to read them.
    """
    holder = Flask("app", instance_relative_config=True)
    try:
        blog_config.load(holder, config)
    except ConfigError as error:
        raise StackError(str(error)) from None
    return dict(holder.config)


def read_settings(config: Path) -> Settings:
    """Load the configuration as the blog will, and check it suits this stack."""
    values = checked_config(config)
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


def supervisor_value(value: object) -> str:
    """A value for supervisord's configuration, which reads ``%(name)s`` in every value."""
    return str(value).replace("%", "%%")


def supervisor_command(words: list[str]) -> str:
    """A command line for supervisord, which splits it as a shell would."""
    return supervisor_value(shlex.join(words))


def render(template: str, target: Path, **values: object) -> Path:
    """Write ``template`` (in deploy/) filled with ``values`` to ``target``."""
    templates = Environment(
        loader=FileSystemLoader(HERE),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    templates.filters["value"] = supervisor_value
    templates.filters["command"] = supervisor_command
    target.write_text(templates.get_template(template).render(**values), encoding="utf-8")
    return target


def render_nginx(state: Path, proxy: Proxy, settings: Settings) -> Path:
    """Write nginx.conf into the state folder."""
    for folder in ("nginx-body", "nginx-proxy", "nginx-fastcgi", "nginx-uwsgi", "nginx-scgi"):
        (state / folder).mkdir(exist_ok=True)
    return render(
        "nginx.conf.j2",
        state / "nginx.conf",
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


def render_supervisord(
    state: Path, settings: Settings, nginx: list[str], redis: list[str] | None
) -> Path:
    """Write supervisord.conf into the state folder: Redis (when ``redis`` is its command),
    gunicorn and nginx (``nginx`` its command), each with how it stops."""
    gunicorn = [
        sys.executable, "-m", "gunicorn", "--config", str(HERE / "gunicorn.conf.py"),
        "--graceful-timeout", str(settings.graceful_seconds),
        "--bind", f"unix:{state / 'gunicorn.sock'}",
        f"app:create_app({json.dumps(str(settings.config))})",
    ]  # fmt: skip
    return render(
        "supervisord.conf.j2",
        state / "supervisord.conf",
        state=state,
        root=ROOT,
        user=current_user(),
        watch=[sys.executable, "-m", "deploy.watch"],
        redis=redis,
        gunicorn=gunicorn,
        nginx=nginx,
        # Each part gets what a gunicorn worker needs to finish, and a margin to go down.
        stop_seconds=settings.graceful_seconds + math.ceil(GRACE_SECONDS),
    )


def current_user() -> str | None:
    """Who runs the stack, which supervisord is told so it knows it is meant."""
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return None


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
    # The blog's limits library writes a Unix socket as redis+unix://, redis-py as unix://.
    url = url.replace("redis+unix://", "unix://", 1) if url.startswith("redis+unix:") else url
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
    """Whether nothing listens on ``host:port`` now. Bound as nginx binds its port (with
    SO_REUSEADDR), so the connections a stopped stack leaves in TIME_WAIT do not count."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


#: The process's id of ``python -m deploy.stack``, in the state folder while it runs.
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


class Run:
    """One run of the stack under supervisord, stopped when asked or when a part ends."""

    def __init__(
        self, settings: Settings, state: Path, host: str, port: int, stop: threading.Event
    ) -> None:
        self.settings = settings
        self.state = state
        self.host = host
        self.port = port
        #: Set by Ctrl-C, SIGTERM or a closed terminal; passed on to supervisord.
        self.stop_requested = stop
        self.manager: subprocess.Popen[bytes] | None = None
        self.asked_to_stop = False

    def prepare(self) -> Path:
        """Check what can be checked before anything starts; the configuration to run."""
        nginx = program("nginx")
        conf = render_nginx(self.state, Proxy(f"{self.host}:{self.port}"), self.settings)
        if not port_is_free(self.host, self.port):
            raise StackError(f"{self.host}:{self.port} is taken: choose another with PORT=…")
        nginx_command = [nginx, "-e", "stderr", "-p", str(self.state), "-c", str(conf)]
        check = subprocess.run([*nginx_command, "-t", "-q"], capture_output=True, text=True)
        if check.returncode != 0:
            raise StackError(f"nginx refused its configuration:\n{check.stderr.strip()}")
        redis = None
        if self.settings.redis_listen is not None and not redis_answers(self.settings.redis_url):
            kind, where = self.settings.redis_listen
            if kind == "unix":
                Path(where).parent.mkdir(parents=True, exist_ok=True)
            redis = redis_command(kind, where, self.state, keep=True)
        else:
            self.wait_until(
                lambda: redis_answers(self.settings.redis_url),
                f"Redis at {self.settings.redis_url} does not answer",
            )
        (self.state / "gunicorn.sock").unlink(missing_ok=True)
        return render_supervisord(self.state, self.settings, nginx_command, redis)

    def start(self, conf: Path) -> None:
        """Hand the parts to supervisord, and wait until each one answers."""
        if self.stop_requested.is_set():
            return
        # A session of its own: a Ctrl-C in the terminal reaches only this process, which
        # asks supervisord for the orderly stop; a closed terminal's SIGHUP, which
        # supervisord takes as "restart everything", is turned into a stop the same way.
        self.manager = subprocess.Popen(
            [sys.executable, "-m", "supervisor.supervisord", "--configuration", str(conf)],
            cwd=ROOT,
            start_new_session=True,
        )
        url = self.settings.redis_url
        self.wait_until(lambda: redis_answers(url), f"Redis at {url} does not answer")
        sock = str(self.state / "gunicorn.sock")
        self.wait_until(lambda: connects(socket.AF_UNIX, sock), "gunicorn did not start")
        self.wait_until(
            lambda: connects(socket.AF_INET, (self.host, self.port)),
            f"nginx does not answer on {self.host}:{self.port}",
        )

    def wait_until(self, ready: Callable[[], bool], problem: str) -> None:
        """Poll ``ready`` until it holds; a StackError(problem) if it does not in time, or
        at once when supervisord has stopped meanwhile (a part ended, or a stop was asked)."""
        deadline = time.monotonic() + START_SECONDS
        while not ready() and not self.stop_requested.is_set():
            if self.manager is not None and self.manager.poll() is not None:
                raise StackError(f"{problem}: the stack stopped (its messages are above)")
            if time.monotonic() > deadline:
                raise StackError(problem)
            time.sleep(0.05)

    def watch(self) -> None:
        """Wait for a stop request or for supervisord to stop because a part ended."""
        assert self.manager is not None
        while not self.stop_requested.is_set():
            if self.manager.poll() is not None:
                raise StackError(
                    "the stack stopped because a part did (its messages are above; "
                    f"supervisord's own log: {self.state / 'supervisord.log'})"
                )
            time.sleep(0.2)

    def forward_stop(self) -> None:
        """Ask supervisord, once, for the orderly stop, if it runs."""
        if self.manager is not None and not self.asked_to_stop:
            self.asked_to_stop = True
            self.manager.send_signal(signal.SIGTERM)

    def stop(self) -> None:
        """Ask supervisord to stop every part in order, and wait until it has."""
        if self.manager is not None:
            self.forward_stop()
            self.manager.wait()


def append_to_output_files() -> None:
    """Write to a redirected output file at its end, as the parts do: supervisord opens
    it anew for them (as /dev/stdout, appending), so at our own offset our lines would
    overwrite theirs."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if not os.path.isfile(f"/proc/self/fd/{stream.fileno()}"):
                continue
            flags = fcntl.fcntl(stream.fileno(), fcntl.F_GETFL)
            fcntl.fcntl(stream.fileno(), fcntl.F_SETFL, flags | os.O_APPEND)
        except (OSError, ValueError):
            continue


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.stack", description=__doc__)
    parser.add_argument("--config", required=True, type=Path, help="the blog's YAML file")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port (8080)")
    parser.add_argument("--host", default="127.0.0.1", help="nginx's address (127.0.0.1)")
    parser.add_argument(
        "--state", type=Path, default=ROOT / "instance" / "production",
        help="where the stack keeps its configurations, sockets, logs and Redis data",
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
    stop = threading.Event()
    run: Run | None = None

    def stop_requested(signum: int, frame: object) -> None:
        stop.set()
        if run is not None:
            run.forward_stop()

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, stop_requested)
    claimed = False
    append_to_output_files()
    try:
        settings = read_settings(args.config.resolve())
        check_host(settings, args.config, args.host)
        claim(state)
        claimed = True
        run = Run(settings, state, args.host, args.port, stop)
        run.start(run.prepare())
        if not stop.is_set():
            print(
                f"Serving the blog on http://{args.host}:{args.port}/ "
                "(nginx, gunicorn, login limit in Redis); Ctrl-C stops it.",
                flush=True,
            )
        run.watch()
        return 0
    except StackError as error:
        print(f"deploy.stack: {error}", file=sys.stderr)
        return 2
    finally:
        if run is not None:
            run.stop()
        if claimed:
            (state / PIDFILE).unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
