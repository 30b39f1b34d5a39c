"""The flaskr blog: entries, one admin, and a posting form whose HTML is made safe."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import ConfigError
from .config import DEV_PASSWORD
from .config import DEV_PASSWORD_HASH
from .config import DEV_USERNAME

__all__ = ["DEV_PASSWORD", "DEV_PASSWORD_HASH", "DEV_USERNAME", "ConfigError", "create_app"]


def create_app(config: Mapping[str, Any] | str | os.PathLike[str] | None = None) -> Flask:
    """Build a blog from a mapping of settings or a YAML file's ``FLASK:`` section.

    Raises :class:`ConfigError`, naming the file and the key, for a configuration the
    blog cannot safely start with.
    """
    app = Flask(__name__, instance_relative_config=True)

    from . import auth
    from . import blog
    from . import config as settings
    from . import db
    from . import errors
    from . import reporting
    from . import security

    settings.load(app, config)
    if app.config["TRUSTED_PROXIES"]:
        # Behind N proxies, the client's address and scheme come from their headers.
        proxies = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    db.init_app(app)
    # Order matters: before-request hooks run as registered, so an anonymous post gets
    # its 401 before the form checks, and a malformed form its reason before CSRF's.
    auth.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    app.register_blueprint(blog.bp)
    # Last: an app that fails to be made leaves no handler or mail thread behind.
    reporting.init_app(app)
    return app
