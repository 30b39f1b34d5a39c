"""The flaskr blog: entries, one admin, and a posting form whose HTML is made safe."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

#: The development login that ``make run`` prints; production configs replace both.
DEV_USERNAME = "admin"
DEV_PASSWORD = "default"
DEV_PASSWORD_HASH = (
    "scrypt:32768:8:1$NV2Kj1helbFZqyyA$918a31e71dcb0b1ce119a2af11c6992a6e1dc5ab8a1b5d1f"
    "92cd5393c1f9bd4bd40ebc730a90940ec17ec6191ef9fb9a56f680a162be90b343011bc020310c65"
)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build a blog; ``config`` overrides the development defaults."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY="dev",
        DATABASE=os.path.join(app.instance_path, "flaskr.sqlite"),
        ADMIN_USERNAME=DEV_USERNAME,
        ADMIN_PASSWORD_HASH=DEV_PASSWORD_HASH,
    )
    if config is not None:
        app.config.from_mapping(config)
    os.makedirs(os.path.dirname(os.path.abspath(app.config["DATABASE"])), exist_ok=True)

    from . import auth
    from . import blog
    from . import db
    from . import errors
    from . import security

    db.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(blog.bp)
    return app
