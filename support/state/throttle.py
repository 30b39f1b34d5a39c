"""Whom the failed-login limit counts, and moving the clock past its window.

The blog's clock is Python's, in this process in every driver mode (the live server
runs here too), so time-machine moves it for the app, its login limit and its tokens
alike; the scenario's cleanup moves it back.

Every request reaches the blog from 127.0.0.1 in every driver mode. A visitor at another
address comes through a proxy in front of the blog: the proxy passes on whatever the
visitor wrote into ``X-Forwarded-For`` and appends the address it saw, as nginx's
``$proxy_add_x_forwarded_for`` does, and the driver sends that header with each of the
visitor's requests.
"""

from __future__ import annotations

import datetime
import time

import time_machine
from behave.runner import Context
from flask import Flask

from app.auth import LoginThrottle
from support.scenarios.workers import new_app
from support.scenarios.workers import serve

#: Addresses a guesser writes into X-Forwarded-For, a new one for each attempt
#: (198.51.100.0/24 is set aside for documentation).
MADE_UP_ADDRESSES = "198.51.100.{}"


def move_clock(context: Context, seconds: float) -> None:
    """Let ``seconds`` pass at once for the blog when this step ends; the clock keeps
    ticking from there.

    behave times each step with the same clock, so the move waits until the step has
    been timed (``move_clock_as_asked``, after every step): the step is not reported as
    having taken that long.
    """
    context.clock_to_move = getattr(context, "clock_to_move", 0.0) + seconds


def move_clock_as_asked(context: Context) -> None:
    """Move the blog's clock by what the step just ended asked for, back at the end of
    the scenario."""
    seconds = getattr(context, "clock_to_move", 0.0)
    if seconds:
        context.clock_to_move = 0.0
        now = datetime.datetime.now(datetime.UTC)
        traveller = time_machine.travel(now + datetime.timedelta(seconds=seconds), tick=True)
        traveller.start()
        context.add_cleanup(traveller.stop)


def login_window_seconds(app: Flask, client: str = "127.0.0.1") -> float:
    """How long until the oldest failed login of ``client`` leaves the limit's window."""
    throttle: LoginThrottle = app.extensions["login_throttle"]
    with app.app_context():
        stats = throttle.limiter.get_window_stats(throttle.limit(), "login", client)
    return max(0.0, stats.reset_time - time.time())  # time-machine moves time.time too


def trust_proxies(context: Context, count: int) -> None:
    """Start the blog anew, configured to stand behind ``count`` proxies (TRUSTED_PROXIES):
    the setting is read when the blog starts."""
    serve(context, new_app(context, {**context.app.config, "TRUSTED_PROXIES": count}))


def come_from(context: Context, address: str | None, claimed: str | None = None) -> None:
    """Send the visitor's requests from now on as from ``address``, through the proxy in
    front of the blog (None: straight to the blog), with ``claimed`` written into
    X-Forwarded-For by the visitor themselves."""
    context.blog.driver.forward_for([name for name in (claimed, address) if name])


def made_up_address(context: Context) -> str:
    """An address nobody has claimed yet in this scenario, for a guesser to claim."""
    context.addresses_claimed = getattr(context, "addresses_claimed", 0) + 1
    return MADE_UP_ADDRESSES.format(context.addresses_claimed)
