"""Code the suite's apps share: compiled once for the run, not once per scenario.

The suite builds an app for every scenario; a production process builds one. What
would be compiled again for each app is compiled once here and handed to every app
through public APIs, so the blog itself holds nothing for the suite's sake.
"""

from __future__ import annotations

from flask import Flask
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class SharedBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory for every app of the run.

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


def share_compiled_code(app: Flask) -> Flask:
    """Give ``app`` the run's compiled templates (Jinja's public ``bytecode_cache``)."""
    app.jinja_env.bytecode_cache = TEMPLATES
    return app
