"""Session cookies made by hand with the app's own signing, as an attacker or time would."""

from __future__ import annotations

import copy
import time
from typing import Any

from flask import Flask
from itsdangerous import URLSafeTimedSerializer


def session_serializer(app: Flask) -> URLSafeTimedSerializer:
    """The serializer the app signs its session cookies with."""
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    if serializer is None:
        raise AssertionError("the app has no SECRET_KEY, so it cannot sign sessions")
    return serializer


def aged_session_cookie(app: Flask, data: dict[str, Any], age_seconds: float) -> str:
    """A correctly signed session cookie whose signature is ``age_seconds`` old."""
    serializer = copy.copy(session_serializer(app))
    signer = serializer.signer

    class Backdated(signer):  # type: ignore[misc, valid-type]
        """Stamps signatures with a time in the past."""

        def get_timestamp(self) -> int:
            return int(time.time() - age_seconds)

    serializer.signer = Backdated
    return serializer.dumps(data)


def tampered_session_cookie(app: Flask, data: dict[str, Any]) -> str:
    """A cookie that says ``data`` but carries another payload's signature."""
    genuine = session_serializer(app).dumps({})
    forged_payload = session_serializer(app).dumps(data).split(".")[0]
    return ".".join([forged_payload, *genuine.split(".")[1:]])


def read_session_cookie(app: Flask, cookie: str) -> dict[str, Any]:
    """What a session cookie says, checked against the app's key and lifetime."""
    max_age = int(app.permanent_session_lifetime.total_seconds())
    return session_serializer(app).loads(cookie, max_age=max_age)
