"""Moving the clock past the failed-login limit's window, instead of waiting it out.

The blog's clock is Python's, in this process in every driver mode (the live server
runs here too), so time-machine moves it for the app, its login limit and its tokens
alike; the scenario's cleanup moves it back.
"""

from __future__ import annotations

import datetime
import time

import time_machine
from behave.runner import Context
from flask import Flask

from app.auth import LoginThrottle


def move_clock(context: Context, seconds: float) -> None:
    """Let ``seconds`` pass at once for the blog; the clock keeps ticking from there.

    behave times steps with the same clock: ``context.clock_moved`` says by how much the
    current step moved it, so that the step is not reported as having taken that long.
    """
    now = datetime.datetime.now(datetime.UTC)
    traveller = time_machine.travel(now + datetime.timedelta(seconds=seconds), tick=True)
    traveller.start()
    context.add_cleanup(traveller.stop)
    context.clock_moved = getattr(context, "clock_moved", 0.0) + seconds


def login_window_seconds(app: Flask, client: str = "127.0.0.1") -> float:
    """How long until the oldest failed login of ``client`` leaves the limit's window."""
    throttle: LoginThrottle = app.extensions["login_throttle"]
    with app.app_context():
        stats = throttle.limiter.get_window_stats(throttle.limit(), "login", client)
    return max(0.0, stats.reset_time - time.time())  # time-machine moves time.time too
