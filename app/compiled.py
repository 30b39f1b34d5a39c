"""Code Jinja and Werkzeug generate for an app, compiled once and kept for every app.

The suite builds a fresh app for every scenario, and a process that serves several
apps builds each of them; without these, each app would compile the same templates
and URL builders again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from werkzeug.routing import Rule


class SharedBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory for every app of the process.

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

#: URL builders by rule, parsed form and kind, shared by every app of the process.
BUILDERS: dict[tuple[str, tuple[tuple[bool, str], ...], bool], Callable[..., Any]] = {}


class SharedBuilderRule(Rule):
    """A URL rule whose builder function is generated once per process, not per app.

    Werkzeug writes Python code for every rule's URL builder when the rule is added to
    an app, which is most of the cost of creating an app. The generated function reads
    everything that differs between apps (converters) from the rule it is bound to, so
    rules that parse to the same parts can share it. Rules with defaults are compiled
    as usual: their defaults are written into the code.

    ``_compile_builder`` is Werkzeug's own, not a public hook: Werkzeug is pinned in
    requirements.txt, and tests/test_compiled.py compares what these rules build with
    what Werkzeug's do, so an upgrade that changes it fails there first.
    """

    def _compile_builder(self, append_unknown: bool = True) -> Callable[..., Any]:
        if self.defaults:
            return super()._compile_builder(append_unknown)
        key = (self.rule, tuple(self._trace), append_unknown)
        builder = BUILDERS.get(key)
        if builder is None:
            builder = BUILDERS[key] = super()._compile_builder(append_unknown)
        return builder


class BlogFlask(Flask):
    """Flask, with the URL builders shared between apps."""

    url_rule_class = SharedBuilderRule
