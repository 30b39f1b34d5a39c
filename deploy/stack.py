"""The production stack in the foreground: ``python -m deploy.stack --config FILE``.

nginx on ``127.0.0.1:PORT`` buffers every request and passes it to gunicorn's workers on
a Unix socket; the login limit is counted in Redis, which every worker shares and which
keeps its counts across restarts. The configuration file decides (``make production``):
it must be a production one, with ``TRUSTED_PROXIES: 1`` (nginx is the one proxy) and a
Redis ``LOGIN_LIMIT_STORAGE`` that only the blog can reach (a password, or a Unix
socket). A Redis on 127.0.0.1 (or localhost) or on a Unix socket is the stack's own: it
starts it, its data kept in the state folder, and refuses to start (one line, without
ever talking to it) when something else already listens on that port or socket, since a
program of another user there would receive the password and every count; a socket's
folder that exists must be the parts' user's alone (drwx------). A Redis elsewhere is
used as it is. While the stack's Redis restarts, its port is free for a moment and a
worker logging in then could tell the password to whoever took it: on a machine shared
with other users, prefer the Unix socket.

Only the blog's own processes reach its state: everything the parts create is their
user's alone (umask 077). The stack refuses a state folder, or its run/ folder, that is
a symbolic link or someone else's, and a DATABASE, ERROR_LOG (or its rotated files),
their folders or the configuration file that other users may read or write, saying the
chmod to run. Run as root the stack runs gunicorn, Redis and nginx's workers as an
unprivileged user (``--user``, by default ``flaskr``); nginx's master stays root to bind
the port. Then every folder above the state folder must be one only root may change,
those it makes are root's and open to the parts' group with the sticky bit (the blog
writes a DATABASE beside the state folder, as instance/ holds both in a fresh clone,
but cannot swap the state folder for a link), and the configuration must be root's.

What is ours is here: refusing what cannot work, rendering nginx's and supervisord's
configurations into the state folder, and saying when the blog is served. supervisord
starts, watches and stops the parts. Ctrl-C, SIGTERM or a closed terminal stops
everything: nginx first, then gunicorn (its workers finish their requests and send
queued error mail), then Redis (which saves). Redis, when it ends by itself, is started
again (its append-only file keeps the counts); nginx or gunicorn ending stops the rest.
"""

from __future__ import annotations

import argparse
import errno
import fcntl
import glob
import grp
import ipaddress
import json
import math
import os
import pwd
import shlex
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs
from urllib.parse import parse_qsl
from urllib.parse import unquote
from urllib.parse import urlencode
from urllib.parse import urlsplit

import redis
from flask import Flask
from jinja2 import Environment
from jinja2 import FileSystemLoader
from jinja2 import StrictUndefined
from redis.backoff import NoBackoff
from redis.retry import Retry

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


#: Who runs the parts when root starts the stack, and the command that makes that user.
DEFAULT_USER = "flaskr"
MAKE_USER = "useradd --system --no-create-home --shell /usr/sbin/nologin"

#: The parts' own folder in the state folder: gunicorn's socket, Redis's files.
PARTS_FOLDER = "run"


class StackError(Exception):
    """The stack cannot start; the message says why and what to do."""


@dataclass(frozen=True)
class Account:
    """The user gunicorn, Redis and nginx's workers run as."""

    name: str
    uid: int
    gid: int
    group: str

    @property
    def switched(self) -> bool:
        """Whether the parts run as another user than the stack itself (root)."""
        return self.uid != os.geteuid()

    def subprocess_options(self) -> dict[str, Any]:
        """subprocess's arguments that run a command as this user."""
        if not self.switched:
            return {}
        groups = os.getgrouplist(self.name, self.gid)
        return {"user": self.uid, "group": self.gid, "extra_groups": groups}


def parts_account(name: str | None) -> Account:
    """The user the parts run as: ``name``, else ``flaskr`` for root and the caller for
    anyone else. Root never runs them itself, and only root can switch users."""
    root = os.geteuid() == 0
    if name is None and not root:
        uid, gid = os.geteuid(), os.getegid()
        return Account(current_user() or str(uid), uid, gid, group_name(gid))
    name = name or DEFAULT_USER
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        raise StackError(
            f"there is no user {name!r} to run the blog's parts as: create it with "
            f"`{MAKE_USER} {name}` (as root), or name another with --user"
        ) from None
    if entry.pw_uid == 0:
        raise StackError(
            f"--user {name}: the blog's parts would run as root; name an unprivileged user "
            f"(by default {DEFAULT_USER}, made with `{MAKE_USER} {DEFAULT_USER}`)"
        )
    if not root and entry.pw_uid != os.geteuid():
        raise StackError(
            f"--user {name}: only root can run the parts as another user; "
            "leave --user out to run them as yourself"
        )
    return Account(name, entry.pw_uid, entry.pw_gid, group_name(entry.pw_gid))


def group_name(gid: int) -> str:
    """A group's name, or its number when it has none."""
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


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
    #: The files the blog writes, as the settings name them (ERROR_LOG may be None).
    files: dict[str, Path | None]

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
    # The parts start in the repository, so a relative path is relative to it.
    files = {
        key: ROOT / values[key] if values.get(key) else None for key in ("DATABASE", "ERROR_LOG")
    }
    return Settings(
        config,
        values["MAX_CONTENT_LENGTH"],
        float(values["MAIL_TIMEOUT"]),
        list(values.get("TRUSTED_HOSTS") or []),
        url,
        redis_to_start(config, url),
        files,
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


def redis_kind(url: str) -> str | None:
    """How ``url`` (LOGIN_LIMIT_STORAGE) reaches Redis: "unix" for a Unix socket (the
    blog's limits library writes redis+unix://, redis-py unix://), "tcp" for redis:// or
    rediss://; None when it names no Redis."""
    scheme = urlsplit(url).scheme
    if scheme in ("redis+unix", "unix"):
        return "unix"
    if scheme in ("redis", "rediss"):
        return "tcp"
    return None


#: The names of this machine's loopback where a Redis is the stack's own (it binds
#: 127.0.0.1 and ::1).
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` leads to this machine however it is spelled (127.0.0.2,
    ``localhost.``, none at all, which redis-py reads as localhost)."""
    if not host or host.rstrip(".") == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def redis_password(url: str) -> str:
    """The password redis-py sends for ``url``: its userinfo's, else its query's."""
    parts = urlsplit(url)
    query = parse_qs(parts.query).get("password", [""])
    return unquote(parts.password or "") or query[0]


def redis_to_start(config: Path, url: str) -> tuple[str, str] | None:
    """Where to start Redis for ``url``, or None for a Redis on another machine."""
    kind = redis_kind(url)
    parts = urlsplit(url)
    setting = f"{config}: LOGIN_LIMIT_STORAGE {shown(url)}"
    if kind is None:
        raise StackError(
            f"{config}: LOGIN_LIMIT_STORAGE must be a Redis shared by every worker, such as "
            f"redis://:PASSWORD@127.0.0.1:6379/0, not {shown(url)!r}: each worker would "
            "count failed logins on its own, and a restart would forget them"
        )
    password = redis_password(url)
    if not password.isprintable():
        raise StackError(
            f"{setting}: its password holds a control character (such as %0A, a new "
            "line), which Redis's configuration cannot hold; make one of letters and "
            "digits, such as `python3 -c 'import secrets; print(secrets.token_hex())'` prints"
        )
    if kind == "unix":
        return ("unix", parts.path)
    try:
        port = parts.port or 6379
    except ValueError:
        raise StackError(
            f"{setting}: its port is not a number from 1 to 65535; write one, such as "
            "redis://:PASSWORD@127.0.0.1:6379/0"
        ) from None
    if not password:
        colon = (
            " (it names a user but no password: the colon before the password is missing)"
            if parts.username
            else ""
        )
        raise StackError(
            f"{setting} names a Redis without a password{colon}, which every user of this "
            "machine can reach (to clear the login limit, or stop Redis): give it one in "
            f"the address, such as redis://:PASSWORD@{parts.hostname}:{port}/0 with "
            "PASSWORD from `python3 -c 'import secrets; print(secrets.token_hex())'` (a "
            "Redis the stack starts gets it; your own needs `requirepass PASSWORD`), or a "
            "Unix socket in a folder only the blog's user may enter, such as "
            "redis+unix:///var/lib/flaskr/redis/redis.sock"
        )
    if parts.scheme == "redis" and parts.hostname in LOOPBACK:
        return ("tcp", str(port))
    if parts.scheme == "redis" and is_loopback(parts.hostname):
        raise StackError(
            f"{setting} names this machine ({parts.hostname or 'no host'}), where the "
            "stack starts its own Redis on 127.0.0.1 and ::1 alone: write "
            f"redis://:PASSWORD@127.0.0.1:{port}/0"
        )
    return None


def redis_quoted(value: str) -> str:
    """``value`` as one argument of a line of redis.conf: in double quotes, inside which
    Redis reads a backslash as the start of an escape."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


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
    #: Who nginx's workers run as, and their group (by default the user's own); None:
    #: as nginx's master.
    user: str | None = None
    group: str | None = None
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
        upstream=proxy.upstream or state / PARTS_FOLDER / "gunicorn.sock",
        user=proxy.user,
        group=proxy.group,
        tls_certificate=proxy.tls_certificate,
        tls_key=proxy.tls_key,
        errors=HERE / "errors",
        max_body_bytes=settings.max_body_bytes,
        headers={**SECURITY_HEADERS, "Strict-Transport-Security": HSTS},
    )


def render_supervisord(
    state: Path,
    settings: Settings,
    account: Account,
    nginx: list[str],
    redis: list[str] | None,
) -> Path:
    """Write supervisord.conf into the state folder: Redis (when ``redis`` is its command),
    gunicorn and nginx (``nginx`` its command), each with how it stops; Redis and
    gunicorn as ``account``."""
    gunicorn = [
        sys.executable, "-m", "gunicorn", "--config", str(HERE / "gunicorn.conf.py"),
        "--graceful-timeout", str(settings.graceful_seconds),
        "--bind", f"unix:{state / PARTS_FOLDER / 'gunicorn.sock'}",
        # Its control socket (gunicornc) with the other, not in the home folder of a user
        # the parts may not even be allowed to enter.
        "--control-socket", str(state / PARTS_FOLDER / "gunicorn.ctl"),
        f"app:create_app({json.dumps(str(settings.config))})",
    ]  # fmt: skip
    return render(
        "supervisord.conf.j2",
        state / "supervisord.conf",
        state=state,
        root=ROOT,
        user=current_user(),
        parts_user=account.name if account.switched else None,
        watch=[sys.executable, "-m", "deploy.watch", "--restarted", "redis"],
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


def redis_command(
    kind: str, where: str, folder: Path, keep: bool, conf: Path | None = None
) -> list[str]:
    """redis-server on a Unix socket (``kind`` "unix", ``where`` its path) or on a port of
    127.0.0.1, logging to ``folder``; with ``keep``, every change appended to a file there
    before it answers, so a Redis killed outright loses no failed login; ``conf``, a file
    of settings read first (its password, kept off the command line every user can read)."""
    listen = (
        ["--port", "0", "--unixsocket", where, "--unixsocketperm", "700"]
        if kind == "unix"
        # ::1 too where the machine has it ("-": if it can), so that "localhost" leads
        # to this Redis whichever address a client tries first.
        else ["--bind", "127.0.0.1", "-::1", "--port", where]
    )
    persistence = ["--appendonly", "yes", "--appendfsync", "always"] if keep else []
    return [
        program("redis-server"), *([str(conf)] if conf else []), *listen, "--dir",
        str(folder), *persistence, "--save", "", "--protected-mode", "yes",
        "--loglevel", "warning", "--logfile", str(folder / "redis.log"),
    ]  # fmt: skip


def write_private(path: Path, text: str, account: Account) -> None:
    """Write ``text`` to a new file that root and ``account`` alone may read."""
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        if account.switched:
            os.fchown(f.fileno(), 0, account.gid)
            os.fchmod(f.fileno(), 0o640)
        f.write(text)


def make_state(state: Path, account: Account) -> Path:
    """The state folder, the caller's alone, and in it the parts' own folder (their
    socket, Redis's files), ``account``'s alone; the latter is returned. Run as root,
    the state folder stays root's, so the parts cannot change what root writes there
    (supervisord's and nginx's configurations and logs); they may only pass through it,
    and every folder above it must be one only root may change. Folders above it that
    are missing are made: the caller's alone, or run as root root's, open to the parts'
    group (drwxrwx--T: the blog may write a DATABASE beside the state folder, and the
    sticky bit keeps it from renaming what root made there)."""
    try:
        if account.switched:
            check_ancestors(nearest_folder(state))
        make_parents(state.parent, account)
        state.mkdir(exist_ok=True)
        check_folder(state, {os.geteuid()}, "--state")
        os.chmod(state, 0o700)
        parts = state / PARTS_FOLDER
        parts.mkdir(exist_ok=True)
        check_folder(parts, {account.uid, os.geteuid()}, "the parts' folder")
        os.chmod(parts, 0o700)
        if account.switched:
            os.chown(state, 0, account.gid)
            os.chmod(state, 0o710)
            os.chown(parts, account.uid, account.gid, follow_symlinks=False)
    except OSError as error:
        raise StackError(
            f"cannot prepare the state folder {state}: {error.strerror} "
            f"({error.filename}); give --state a folder of your own"
        ) from None
    return parts


def make_parents(folder: Path, account: Account) -> None:
    """Make ``folder`` and the missing ones above it, as make_state says."""
    if folder.exists() or folder.is_symlink():
        return
    make_parents(folder.parent, account)
    folder.mkdir(mode=0o700)
    if account.switched:
        os.chown(folder, 0, account.gid, follow_symlinks=False)
        os.chmod(folder, 0o1770)


def check_ancestors(folder: Path) -> None:
    """Run as root: refuse ``folder`` (the state folder's, or the nearest above it that
    exists) when it or one above it, as written or where its links lead, is not root's
    or may be changed by other users (written, without the sticky bit): they could put
    a link in the state folder's place, and root would write where it leads."""
    real = folder.resolve()
    for above in dict.fromkeys([folder, *folder.parents, real, *real.parents]):
        info = above.stat()
        if info.st_uid == 0 and not (info.st_mode & 0o022 and not info.st_mode & stat.S_ISVTX):
            continue
        how = (
            f"belongs to {user_name(info.st_uid)}"
            if info.st_uid != 0
            else f"may be changed by other users ({stat.filemode(info.st_mode)})"
        )
        raise StackError(
            f"{above}, above the state folder, {how}: run as root, the stack writes its "
            "configurations in the state folder, and whoever may change a folder above "
            "it could have root write elsewhere; keep the repository in folders only "
            "root may change (such as /srv/flaskr), or give --state such a folder"
        )


def make_theirs(folder: Path, account: Account) -> None:
    """Make ``folder`` and the missing folders above it, ``account``'s alone (drwx------):
    each made and given away through the folder it is in, never through a link another
    user put in its place meanwhile."""
    missing = []
    while not os.path.lexists(folder):
        missing.append(folder.name)
        folder = folder.parent
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for name in reversed(missing):
            os.mkdir(name, 0o700, dir_fd=fd)
            made = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
            os.close(fd)
            fd = made
            os.fchmod(fd, 0o700)
            os.fchown(fd, account.uid, account.gid)
    finally:
        os.close(fd)


def check_folder(folder: Path, owners: set[int], what: str) -> None:
    """Refuse a folder of the stack that is a symbolic link or none of ``owners``': root
    would write where it leads, or into a folder another user may change."""
    info = folder.lstat()
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise StackError(
            f"{folder} ({what}) is a {'symbolic link' if stat.S_ISLNK(info.st_mode) else 'file'}"
            ", not a folder: the stack writes only into a folder of its own; remove it, "
            "or give --state another folder"
        )
    if info.st_uid not in owners:
        expected = " or ".join(sorted(user_name(uid) for uid in owners))
        raise StackError(
            f"{folder} ({what}) belongs to {user_name(info.st_uid)}, not to {expected}: "
            "the stack writes only into a folder of its own; remove it, or give --state "
            "another folder"
        )


def user_name(uid: int) -> str:
    """A user's name, or its number when it has none."""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def may(account: Account, path: Path, *tests: str) -> bool:
    """Whether ``account`` passes each of test(1)'s ``tests`` (``-r``, ``-w``…) on
    ``path``, as the kernel decides for that user: every folder above must let it
    through too."""
    options = account.subprocess_options()
    checks = (subprocess.run(["test", test, str(path)], **options) for test in tests)
    return all(checked.returncode == 0 for checked in checks)


def nearest_folder(path: Path) -> Path:
    """The folder ``path`` is in, or the nearest one above it that exists (the blog
    makes the missing ones)."""
    folder = path.parent
    while not folder.exists():
        folder = folder.parent
    return folder


def check_access(settings: Settings, account: Account, parts: Path) -> None:
    """Refuse to start parts that ``account`` could not run: its files out of its reach."""
    who = f"{account.name}, the user the blog runs as,"
    config = settings.config
    if not may(account, Path(sys.executable), "-x"):
        raise StackError(
            f"{who} cannot run Python at {sys.executable} "
            f"({os.path.realpath(sys.executable)}): make the virtual environment from a "
            "Python every user may run, such as Debian's: /usr/bin/python3 -m venv .venv"
        )
    if not may(account, ROOT / "app" / "__init__.py", "-r"):
        raise StackError(
            f"{who} cannot read the blog's code in {ROOT}: put the repository where it may "
            "(such as /srv/flaskr), or name another user with --user"
        )
    if not may(account, config, "-r"):
        raise StackError(f"{who} cannot read {config}: {config_mode_advice(config, account)}")
    for key, path in settings.files.items():
        if path is None:
            continue
        folder = nearest_folder(path)
        if not may(account, folder, "-w", "-x") or (path.exists() and not may(account, path, "-w")):
            raise StackError(
                f"{who} cannot write {path} ({key} in {config}): as root, run "
                f"`install -d -o {account.name} -g {account.group} -m 700 {path.parent}`"
                + (f" and `chown {account.name} {path}`" if path.exists() else "")
                + "; every folder above it must let that user through"
            )
    if not may(account, parts, "-w", "-x"):
        raise StackError(
            f"{who} cannot reach {parts}: give --state a folder whose every folder above "
            "lets that user through"
        )
    # Run as root, the configuration must be root's, readable by the parts' group alone
    # (640 root:flaskr), so the blog reads its settings and cannot rewrite them.
    group = account.gid if account.switched else None
    what = "the configuration file, which holds the secret key"
    owner = config.stat().st_uid
    if account.switched and owner != 0:
        raise StackError(
            f"{config} ({what}) belongs to {user_name(owner)}, who could change the blog's "
            f"settings (lift the login limit, say): {config_mode_advice(config, account)}"
        )
    check_private(config, what, group, advice=config_mode_advice(config, account))
    for key, path in settings.files.items():
        if path is None:
            continue
        what = f"{key} in {config}"
        if path.parent.is_dir():
            check_private(path.parent, f"the folder of {what}", group)
            rotated = sorted(path.parent.glob(f"{glob.escape(path.name)}.[0-9]*"))
            for file in [path, *rotated]:
                if file.exists():
                    check_private(file, what)


def config_mode_advice(config: Path, account: Account) -> str:
    """How to make the configuration file readable by the parts and by nobody else."""
    if account.switched:
        return (
            f"run `chown root:{account.group} {config} && chmod 640 {config}`, in a folder "
            f"{account.name} may enter"
        )
    return f"run `chmod 600 {config}`"


def check_private(
    path: Path, what: str, group: int | None = None, advice: str | None = None
) -> None:
    """Refuse ``path`` when users other than its owner may read or write it (a file made
    before under umask 022, say), except that ``group`` (the parts', run as root) may read
    a file and use a folder: the stack does not change the modes of what it did not make,
    it says the chmod to run."""
    status = path.stat()
    mode = status.st_mode
    open_to = mode & 0o066
    if group is not None and status.st_gid == group:
        open_to &= ~(stat.S_IRWXG if stat.S_ISDIR(mode) else stat.S_IRGRP)
    if open_to:
        private = "700" if stat.S_ISDIR(mode) else "600"
        raise StackError(
            f"{path} ({what}) is open to other users of this machine "
            f"({stat.filemode(mode)}): {advice or f'run `chmod {private} {path}`'}"
        )


def shown(url: str) -> str:
    """``url`` as the stack prints it: its whole userinfo (a password, or a user name
    that may be one) and a password in its query replaced by ``***``."""
    parts = urlsplit(url)
    if "@" in parts.netloc:
        parts = parts._replace(netloc="***@" + parts.netloc.rpartition("@")[2])
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(name == "password" for name, _ in query):
        masked = [(name, "***" if name == "password" else value) for name, value in query]
        parts = parts._replace(query=urlencode(masked, safe="*"))
    return parts.geturl()


#: How the stack asks Redis whether it is there: once, for a second at most. redis-py
#: would otherwise retry a refused connection, or a "password required" answer, with
#: growing pauses (seconds each) before saying so.
ONE_TRY: dict[str, Any] = {
    "socket_connect_timeout": 1,
    "socket_timeout": 1,
    "retry": Retry(NoBackoff(), 0),
}


def redis_answers(url: str) -> bool:
    """Whether the Redis at ``url`` answers a PING (with the password ``url`` holds)."""
    if redis_kind(url) == "unix":
        # redis-py writes a Unix socket as unix://, the blog's limits library redis+unix://.
        url = "unix://" + url.split("://", 1)[1]
    try:
        client = redis.Redis.from_url(url, **ONE_TRY)
        with client:
            return bool(client.ping())
    except (redis.RedisError, OSError, ValueError):
        return False


def redis_listens(kind: str, where: str) -> bool:
    """Whether the stack's own Redis (``kind`` and ``where`` as redis_to_start says them)
    listens: a PING without the password, which an answer asking for it also proves. The
    password goes only where the stack knows its own Redis listens."""
    address = {"unix_socket_path": where} if kind == "unix" else {"port": int(where)}
    try:
        with redis.Redis(**address, **ONE_TRY) as client:
            return bool(client.ping())
    except redis.AuthenticationError:
        return True
    except (redis.RedisError, OSError):
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


def loopback_port_is_free(port: int) -> bool:
    """Whether nothing listens on ``port`` of the loopback, 127.0.0.1 or ::1 (where the
    machine has it)."""
    return port_is_free("127.0.0.1", port) and port_is_free("::1", port)


def port_is_free(host: str, port: int) -> bool:
    """Whether nothing listens on ``host:port`` now. Bound as nginx binds its port (with
    SO_REUSEADDR), so the connections a stopped stack leaves in TIME_WAIT do not count.
    An address this machine does not have (::1 without IPv6) is free."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        probe = socket.socket(family, socket.SOCK_STREAM)
    except OSError:
        return True
    with probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            return error.errno == errno.EADDRNOTAVAIL
    return True


#: The kernel's tables of TCP sockets, and the state a listening one is in there.
TCP_TABLES = ("/proc/net/tcp", "/proc/net/tcp6")
LISTENING = "0A"


def listeners(port: int) -> set[int]:
    """The users (their ids) whose programs listen on ``port`` of any address."""
    found = set()
    for table in TCP_TABLES:
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == LISTENING and int(fields[1].rpartition(":")[2], 16) == port:
                found.add(int(fields[7]))
    return found


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
        self,
        settings: Settings,
        state: Path,
        host: str,
        port: int,
        stop: threading.Event,
        account: Account,
    ) -> None:
        self.settings = settings
        self.state = state
        self.account = account
        self.host = host
        self.port = port
        #: Set by Ctrl-C, SIGTERM or a closed terminal; passed on to supervisord.
        self.stop_requested = stop
        self.manager: subprocess.Popen[bytes] | None = None
        self.asked_to_stop = False

    def prepare(self) -> Path:
        """Check what can be checked before anything starts; the configuration to run."""
        nginx = program("nginx")
        parts = self.state / PARTS_FOLDER
        for key, path in self.settings.files.items():
            if path is not None and not os.path.lexists(path.parent):
                try:
                    make_theirs(path.parent, self.account)
                except OSError as error:
                    raise StackError(
                        f"cannot make {path.parent} for {key} in {self.settings.config}: "
                        f"{error.strerror}; make it {self.account.name}'s first"
                    ) from None
        check_access(self.settings, self.account, parts)
        switched = self.account.switched
        proxy = Proxy(
            f"{self.host}:{self.port}",
            user=self.account.name if switched else None,
            group=self.account.group if switched else None,
        )
        nginx_conf = render_nginx(self.state, proxy, self.settings)
        if not port_is_free(self.host, self.port):
            raise StackError(f"{self.host}:{self.port} is taken: choose another with PORT=…")
        nginx_command = [nginx, "-e", "stderr", "-p", str(self.state), "-c", str(nginx_conf)]
        check = subprocess.run([*nginx_command, "-t", "-q"], capture_output=True, text=True)
        if check.returncode != 0:
            raise StackError(f"nginx refused its configuration:\n{check.stderr.strip()}")
        redis = None
        if self.settings.redis_listen is not None:
            redis = self.own_redis(parts)
        else:
            self.wait_until(
                lambda: redis_answers(self.settings.redis_url),
                f"Redis at {shown(self.settings.redis_url)} does not answer",
            )
        (parts / "gunicorn.sock").unlink(missing_ok=True)
        return render_supervisord(self.state, self.settings, self.account, nginx_command, redis)

    def own_redis(self, parts: Path) -> list[str]:
        """The command of the Redis the stack starts, once nothing else listens where it
        will; what it needs made (its password's file, its socket's folder)."""
        assert self.settings.redis_listen is not None
        kind, where = self.settings.redis_listen
        setting = f"LOGIN_LIMIT_STORAGE in {self.settings.config}"
        redis_conf = None
        if kind == "unix":
            self.make_socket_folder(Path(where).parent)
            if connects(socket.AF_UNIX, where):
                raise StackError(
                    f"something already listens on {where} ({setting}): the stack starts "
                    "its own Redis there and shares it with no other program; stop that "
                    "one, or name another socket"
                )
        elif not loopback_port_is_free(int(where)):
            raise StackError(
                f"port {where} of 127.0.0.1 or ::1 ({setting}) is taken by another "
                "program: the stack starts its own Redis there and tells no other program "
                "its password; stop that program, or name a free port"
            )
        password = redis_password(self.settings.redis_url)
        if password:
            redis_conf = self.state / "redis.conf"
            write_private(redis_conf, f"requirepass {redis_quoted(password)}\n", self.account)
        return redis_command(kind, where, parts, keep=True, conf=redis_conf)

    def make_socket_folder(self, folder: Path) -> None:
        """The folder of a Redis socket the stack starts: made the parts' alone if it is
        missing; one that exists must be theirs alone already, or another user could
        listen there first or replace the socket."""
        setting = f"LOGIN_LIMIT_STORAGE in {self.settings.config}"
        account = self.account
        example = f"redis+unix://{ROOT / 'instance' / 'redis' / 'redis.sock'}"
        try:
            info = folder.lstat()
        except FileNotFoundError:
            try:
                make_theirs(folder, account)
            except OSError as error:
                raise StackError(
                    f"cannot make {folder} for Redis's socket ({setting}): "
                    f"{error.strerror}; name a socket elsewhere, such as {example}"
                ) from None
            return
        except OSError as error:
            raise StackError(
                f"cannot reach {folder}, the folder of Redis's socket ({setting}): "
                f"{error.strerror}; name a socket elsewhere, such as {example}"
            ) from None
        theirs = stat.S_ISDIR(info.st_mode) and info.st_uid == account.uid
        if not theirs or stat.S_IMODE(info.st_mode) != 0o700:
            fix = (
                f"run `chmod 700 {folder}`"
                if theirs
                else "name a socket in a folder that does not exist yet, which the stack "
                f"makes {account.name}'s alone, such as {example}"
            )
            raise StackError(
                f"{folder}, the folder of Redis's socket ({setting}), must be "
                f"{account.name}'s alone (drwx------ {account.name}), found "
                f"{stat.filemode(info.st_mode)} {user_name(info.st_uid)}: {fix}"
            )
        if not may(account, folder, "-w", "-x"):
            raise StackError(
                f"{account.name}, the user the blog runs as, cannot reach {folder} "
                f"({setting}): every folder above it must let that user through"
            )

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
        url, listen = self.settings.redis_url, self.settings.redis_listen
        if listen is None:
            self.wait_until(lambda: redis_answers(url), f"Redis at {shown(url)} does not answer")
        else:
            self.wait_until(lambda: redis_listens(*listen), "Redis did not start")
            self.check_own_redis(*listen)
        sock = str(self.state / PARTS_FOLDER / "gunicorn.sock")
        self.wait_until(lambda: connects(socket.AF_UNIX, sock), "gunicorn did not start")
        self.wait_until(
            lambda: connects(socket.AF_INET, (self.host, self.port)),
            f"nginx does not answer on {self.host}:{self.port}",
        )

    def check_own_redis(self, kind: str, where: str) -> None:
        """Once the stack's Redis listens: that what listens is the parts' (something
        could have taken the port since it was found free), and that it takes the
        password LOGIN_LIMIT_STORAGE gives, which the workers will send."""
        setting = f"LOGIN_LIMIT_STORAGE in {self.settings.config}"
        if kind == "tcp":
            users = listeners(int(where))
            if users != {self.account.uid}:
                names = ", ".join(sorted(user_name(uid) for uid in users))
                raise StackError(
                    f"port {where} ({setting}) is held by a program of {names}, not only "
                    f"by the stack's Redis ({self.account.name}'s): stop that program, "
                    "or name a free port"
                )
        if not redis_answers(self.settings.redis_url):
            raise StackError(
                f"the stack's Redis does not answer {shown(self.settings.redis_url)} "
                f"({setting}) with its password"
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
    parser.add_argument(
        "--user",
        help=f"run as root: the user gunicorn, Redis and nginx's workers run as ({DEFAULT_USER})",
    )
    parser.add_argument("--tls-certificate", type=Path, help="HTTPS: the certificate chain")
    parser.add_argument("--tls-key", type=Path, help="HTTPS: the certificate's private key")
    args = parser.parse_args(argv)
    # As written, not where links lead: make_state refuses a link in the state's place.
    state = Path(os.path.abspath(args.state))
    if args.render:
        state.mkdir(parents=True, exist_ok=True)
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
    # Everything the stack and its parts create is their user's alone: the state folder,
    # gunicorn's socket, the database, the logs, Redis's files.
    os.umask(0o077)
    try:
        settings = read_settings(args.config.resolve())
        check_host(settings, args.config, args.host)
        account = parts_account(args.user)
        make_state(state, account)
        claim(state)
        claimed = True
        run = Run(settings, state, args.host, args.port, stop, account)
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
