"""The flaskr blog: entries, one admin, and a posting form whose HTML is made safe."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import ConfigError
from .config import DEV_PASSWORD
from .config import DEV_PASSWORD_HASH
from .config import DEV_USERNAME

__all__ = ["DEV_PASSWORD", "DEV_PASSWORD_HASH", "DEV_USERNAME", "ConfigError", "create_app"]


class SharedBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory for every app of the process.

    A template is compiled once per process instead of once per app: the suite builds
    an app per scenario, and a server with several apps loads each template once.
    Buckets are keyed by template name and source checksum, so an edit is never stale;
    every app gets the same Jinja settings from create_app, so the code fits them all.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill ``bucket`` with the template's compiled code, if it was compiled before."""
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep the code Jinja just compiled, for the next app."""
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = SharedBytecodeCache()


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
    app.jinja_env.bytecode_cache = TEMPLATES
    reporting.init_app(app)
    db.init_app(app)
    # Order matters: before-request hooks run as registered, so an anonymous post gets
    # its 401 before the form checks, and a malformed form its reason before CSRF's.
    auth.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    app.register_blueprint(blog.bp)
    return app
