"""Templates and URL builders compiled once per process still build what Flask would."""

from __future__ import annotations

import pytest
from flask import Flask
from flask import url_for
from werkzeug.routing import Map
from werkzeug.routing import Rule

from app import create_app
from app.compiled import BUILDERS
from app.compiled import SharedBuilderRule

#: Rules, their defaults, and values to build them with.
RULES = [
    ("/", {}, {}),
    ("/entries/<int:entry_id>", {}, {"entry_id": 42}),
    ("/files/<path:filename>", {}, {"filename": "css/a b.css"}),
    ("/by/<name>/<int(min=1):page>.html", {}, {"name": "Zoë & co", "page": 3}),
    ("/page/<int:page>", {"page": 7}, {"page": 7}),
]


def built(rule_class: type[Rule], rule: str, defaults: dict, values: dict) -> tuple[str, str]:
    """What a rule of ``rule_class`` builds for ``values``, with a query for the extras."""
    urls = Map([rule_class(rule, endpoint="e", defaults=defaults or None)]).bind("example.org")
    return urls.build("e", {**values, "q": "x y"}, force_external=True), urls.build("e", values)


@pytest.mark.parametrize(("rule", "defaults", "values"), RULES)
def test_a_shared_builder_builds_what_werkzeugs_own_does(
    rule: str, defaults: dict, values: dict
) -> None:
    assert built(SharedBuilderRule, rule, defaults, values) == built(Rule, rule, defaults, values)


def test_the_same_rule_in_two_apps_shares_one_builder() -> None:
    first, second = create_app({"TESTING": True}), create_app({"TESTING": True})
    rule_of = {app: {r.endpoint: r for r in app.url_map.iter_rules()} for app in (first, second)}
    for endpoint, rule in rule_of[first].items():
        other = rule_of[second][endpoint]
        assert other is not rule
        assert other._build.__func__ is rule._build.__func__, endpoint
        assert other._build.__self__ is other, "a shared builder must read its own rule"
    assert any(key[0] == "/static/<path:filename>" for key in BUILDERS)


def test_a_rule_with_defaults_gets_its_own_builder() -> None:
    one = Map([SharedBuilderRule("/p/<int:page>", endpoint="e", defaults={"page": 1})])
    two = Map([SharedBuilderRule("/p/<int:page>", endpoint="e", defaults={"page": 2})])
    # Werkzeug writes the default into the builder: sharing it would build "/p/1" twice.
    assert one.bind("h").build("e", {"page": 1}) == "/p/1"
    assert two.bind("h").build("e", {"page": 2}) == "/p/2"


def test_the_blogs_links_are_built_by_the_shared_rules() -> None:
    app = create_app({"TESTING": True})
    assert isinstance(next(iter(app.url_map.iter_rules())), SharedBuilderRule)
    with app.test_request_context():
        assert url_for("static", filename="style.css") == "/static/style.css"
        assert url_for("blog.index", before=11) == "/?before=11"
        assert url_for("auth.login") == "/login"


def test_a_plain_flask_app_is_unaffected() -> None:
    assert Flask("plain").url_rule_class is Rule


#: One rule string in maps set up differently: the builder must follow the setup.
SETUPS = [
    ({}, {}, {}),
    ({}, {"subdomain": "api"}, {}),
    ({}, {"subdomain": "<user>"}, {"user": "ann"}),
    ({"host_matching": True}, {"host": "<shop>.example.org"}, {"shop": "tea"}),
    ({"host_matching": True}, {"host": "example.net"}, {}),
    ({"merge_slashes": False}, {}, {}),
]


def build_in(rule_class: type[Rule], map_options: dict, rule_options: dict, values: dict) -> str:
    urls = Map([rule_class("/a//<int:n>", endpoint="e", **rule_options)], **map_options)
    bound = urls.bind("example.org", subdomain="www" if not map_options else None)
    return bound.build("e", {"n": 5, **values}, force_external=True)


def test_one_rule_string_in_differently_set_up_maps_builds_what_werkzeug_does() -> None:
    # In this order each setup follows one the cache has already seen for the string.
    for map_options, rule_options, values in SETUPS:
        shared = build_in(SharedBuilderRule, map_options, rule_options, values)
        assert shared == build_in(Rule, map_options, rule_options, values), (
            map_options,
            rule_options,
        )
