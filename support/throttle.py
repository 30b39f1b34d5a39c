"""Waiting out the failed-login limit, as a locked-out visitor must."""

from __future__ import annotations

import time

from flask import Flask

from app.auth import LoginThrottle

#: The longest a scenario may wait; scenarios configure a window of a second or two.
MAX_WAIT = 5.0


def wait_for_login_window(app: Flask, client: str = "127.0.0.1") -> None:
    """Sleep until the oldest failed login of ``client`` has left the limit's window."""
    throttle: LoginThrottle = app.extensions["login_throttle"]
    with app.app_context():
        stats = throttle.limiter.get_window_stats(throttle.limit(), "login", client)
    wait = stats.reset_time - time.time()
    if wait > MAX_WAIT:
        raise AssertionError(f"the login limit's window ends in {wait:.0f} s; use a shorter one")
    time.sleep(max(0.0, wait) + 0.05)
