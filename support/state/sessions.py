"""Session cookies made by hand with the app's own signing, as an attacker or time would."""

from __future__ import annotations

import secrets
import time
from typing import Any

import time_machine
from flask import Flask
from itsdangerous import URLSafeTimedSerializer


def session_serializer(app: Flask) -> URLSafeTimedSerializer:
    """The serializer the app signs its session cookies with."""
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    if serializer is None:
        raise AssertionError("the app has no SECRET_KEY, so it cannot sign sessions")
    return serializer


def backdated_dumps(serializer: URLSafeTimedSerializer, data: Any, age_seconds: float) -> str:
    """What ``serializer`` would have signed ``age_seconds`` ago: signed with the clock
    set back that far for the moment of signing."""
    with time_machine.travel(time.time() - age_seconds, tick=False):
        return serializer.dumps(data)


def aged_session_cookie(app: Flask, data: dict[str, Any], age_seconds: float) -> str:
    """A correctly signed session cookie whose signature is ``age_seconds`` old."""
    return backdated_dumps(session_serializer(app), data, age_seconds)


def tampered_session_cookie(app: Flask, data: dict[str, Any]) -> str:
    """A cookie that says ``data`` but carries another payload's signature."""
    genuine = session_serializer(app).dumps({})
    forged_payload = session_serializer(app).dumps(data).split(".")[0]
    return ".".join([forged_payload, *genuine.split(".")[1:]])


def read_session_cookie(app: Flask, cookie: str) -> dict[str, Any]:
    """What a session cookie says, checked against the app's key and lifetime."""
    max_age = int(app.permanent_session_lifetime.total_seconds())
    return session_serializer(app).loads(cookie, max_age=max_age)


#: A token in the right shape that the blog never issued.
MADE_UP_TOKEN = "IjRmNzJhYjQ2ZTk5ZjBiOGQ0Ig.aXnMWQ.made-up-signature-0123456789"


def forged_token(app: Flask, kind: str) -> str | None:
    """The anti-forgery token a forged post carries, by the feature's name for it."""
    if kind == "no form token":
        return None
    if kind == "a made-up form token":
        return MADE_UP_TOKEN
    # Signed with the blog's key as Flask-WTF signs it, for another session's raw token.
    signer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="wtf-csrf-token")
    return signer.dumps(secrets.token_hex(20))
