"""Several workers of one blog, as gunicorn runs them in production.

Each worker is an app of its own (its own memory) with the same configuration, so the
same database and the same login-limit store. The store is a real Redis on a Unix
socket in the scenario's own folder, started when the scenario asks for it.
"""

from __future__ import annotations

import contextlib
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from behave import fixture
from behave import use_fixture
from behave.runner import Context
from flask import Flask

from app import create_app
from deploy.stack import program
from deploy.stack import PROGRAMS
from deploy.stack import redis_answers
from deploy.stack import redis_command
from deploy.stack import StackError
from support.pages.blog import Blog
from support.scenarios.fixtures import left_even_if_abandoned
from support.scenarios.fixtures import open_driver
from support.scenarios.fixtures import scenario_folder
from support.scenarios.fixtures import scenario_stderr
from support.scenarios.shared_code import share_compiled_code

#: Why a scenario that needs the shared store cannot run here.
NO_REDIS = f"it needs Redis for the shared login-limit store: {PROGRAMS['redis-server']}"


def has_redis() -> bool:
    """Whether Debian's Redis server is installed."""
    try:
        program("redis-server")
    except StackError:
        return False
    return True


@contextlib.contextmanager
def running_redis(folder: Path) -> Iterator[str]:
    """A Redis on a Unix socket in ``folder``, keeping nothing on disk; the socket's path."""
    try:
        command = redis_command("unix", str(folder / "redis.sock"), folder, keep=False)
    except StackError as error:
        raise AssertionError(str(error)) from None
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not redis_answers(f"unix://{folder / 'redis.sock'}"):
            if time.monotonic() > deadline or server.poll() is not None:
                raise AssertionError(f"Redis did not start: see {folder / 'redis.log'}")
            time.sleep(0.005)
        yield str(folder / "redis.sock")
    finally:
        # It keeps nothing, so nothing is lost by killing it: Redis notices a polite stop
        # only at its next tick, up to 100 ms later.
        server.kill()
        server.wait(10)


@fixture
def shared_store(context: Context) -> Iterator[str]:
    """The scenario's own Redis, in its own folder, stopped after it."""
    with left_even_if_abandoned(running_redis(scenario_folder(context))) as socket_path:
        yield socket_path


def share_login_limit(context: Context) -> None:
    """Give the scenario's blog a login-limit store of its own that every worker shares.

    Where there is no Redis the scenario is skipped, saying how to get it.
    """
    if not has_redis():
        context.scenario.skip(reason=NO_REDIS)
        context.skipped_for.setdefault(NO_REDIS, []).append(
            f"{context.scenario.filename}:{context.scenario.line}"
        )
        return
    socket_path = use_fixture(shared_store, context)
    settings = dict(context.app.config)
    settings["LOGIN_LIMIT_STORAGE"] = f"redis+unix://{socket_path}"
    serve(context, new_app(context, settings))


def new_app(context: Context, settings: dict) -> Flask:
    """An app with ``settings``, as a worker process starting would build it; its
    reporting is closed with the scenario, as a worker's is when its process ends."""
    with contextlib.redirect_stderr(scenario_stderr(context)):
        app = share_compiled_code(create_app(settings))
    context.add_cleanup(app.extensions["reporting"].close)
    return app


@fixture
def blog_served_by(context: Context, app: Flask) -> Iterator[Blog]:
    """A fresh browser session on ``app``, closed after the scenario."""
    with open_driver(context, app) as driver:
        yield Blog(driver)


def serve(context: Context, app: Flask) -> Blog:
    """From now on the scenario's people reach ``app``: whoever acts now in a fresh
    browser session, everyone else in one made when they are next named."""
    blog = use_fixture(blog_served_by, context, app)
    context.app, context.blog, context.sessions = app, blog, {context.actor: blog}
    return blog


def restart(context: Context) -> None:
    """Stop the blog and start it again with the same configuration: nothing in its
    memory survives, only what it stored."""
    context.app.extensions["reporting"].close()
    serve(context, new_app(context, dict(context.app.config)))


def at_worker(context: Context, number: int) -> None:
    """Let the next request of whoever acts reach worker ``number`` (1 is the blog the
    scenario began with; the others start when first named), in a browser session of
    that person's own at that worker."""
    apps: dict[int, Flask] | None = getattr(context, "workers_by_number", None)
    if apps is None:
        context.workers_by_number = apps = {1: context.app}
        context.worker_sessions = {(1, who): blog for who, blog in context.sessions.items()}
    if number not in apps:
        apps[number] = new_app(context, dict(apps[1].config))
    app, key = apps[number], (number, context.actor)
    if key not in context.worker_sessions:
        context.worker_sessions[key] = use_fixture(blog_served_by, context, app)
    if getattr(context, "live_server", None) is not None:
        context.live_server.app = app
    context.app = app
    context.blog = context.sessions[context.actor] = context.worker_sessions[key]
