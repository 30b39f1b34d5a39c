"""The session as a real browser holds it: a signed cookie, read with the app's own key."""

from __future__ import annotations

from abc import ABC
from abc import abstractmethod
from collections.abc import Mapping
from typing import Any

from flask import Flask
from itsdangerous import BadSignature

from support.drivers.base import CookieFlags
from support.state.sessions import read_session_cookie
from support.state.sessions import session_serializer


class CookieSession(ABC):
    """``session()`` and ``prepare_session()`` for drivers that only hold cookies.

    Mixed into a :class:`PageDriver`, whose ``cookie`` and ``set_cookie`` it builds on.
    """

    app: Flask

    @abstractmethod
    def cookie(self, name: str) -> CookieFlags | None:
        """The cookie ``name`` as the browser keeps it."""

    @abstractmethod
    def set_cookie(self, name: str, value: str) -> None:
        """Make the browser send ``name=value``."""

    def session(self) -> dict[str, Any]:
        """What the session cookie says, as the app would read it ({} if none or invalid)."""
        cookie = self.cookie(self.app.config["SESSION_COOKIE_NAME"])
        if cookie is None or not cookie.value:
            return {}
        try:
            return read_session_cookie(self.app, cookie.value)
        except BadSignature:
            return {}

    def prepare_session(self, values: Mapping[str, Any]) -> None:
        """Sign the session with ``values`` added, as the app would, and hand it over."""
        signed = session_serializer(self.app).dumps({**self.session(), **values})
        self.set_cookie(self.app.config["SESSION_COOKIE_NAME"], signed)
