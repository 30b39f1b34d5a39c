"""Steps for developers: a request's hooks run by hand in a test request context."""

from behave import given
from behave import then
from behave import when
from behave.runner import Context

from support.state.lifecycle import has_open_connection
from support.state.lifecycle import is_closed
from support.state.lifecycle import KeptClient
from support.state.lifecycle import ManualRequest
from support.state.lifecycle import request_argument
from support.state.lifecycle import request_path


@given('a test request context for "{path}"')
def test_request_context(context: Context, path: str) -> None:
    """Given a test request context for "/?name=Peter" """
    context.manual = ManualRequest(context.app, path)
    context.add_cleanup(context.manual.end)


@when('a developer requests "{path}" through the test client')
def request_through_client(context: Context, path: str) -> None:
    """When a developer requests "/?tequila=42" through the test client"""
    kept = KeptClient(context.app)
    context.add_cleanup(kept.end)
    kept.get(path)


@given("no database connection is open yet")
def no_connection_yet(context: Context) -> None:
    """Given no database connection is open yet"""
    assert not has_open_connection(), "a connection was open before any hook ran"


@when("the before-request hooks run")
@given("the before-request hooks have run")
def before_hooks_run(context: Context) -> None:
    """When the before-request hooks run
    Given the before-request hooks have run
    """
    context.manual.run_before_hooks()


@when("the after-request hooks process a response")
def after_hooks_run(context: Context) -> None:
    """When the after-request hooks process a response"""
    context.manual.process_response()


@when("the request context ends")
def request_context_ends(context: Context) -> None:
    """When the request context ends"""
    context.manual.end()


@then('the request path is "{path}"')
def request_path_is(context: Context, path: str) -> None:
    """Then the request path is "/" """
    assert request_path() == path, f"expected the path {path!r}, got {request_path()!r}"


@then('the request argument "{name}" is "{value}"')
def request_argument_is(context: Context, name: str, value: str) -> None:
    """Then the request argument "name" is "Peter" """
    found = request_argument(name)
    assert found == value, f"expected {name}={value!r}, the request has {found!r}"


@then("a database connection is open")
def connection_is_open(context: Context) -> None:
    """Then a database connection is open"""
    assert has_open_connection(), "expected the before-request hooks to open a connection"


@then('the response carries the header "{name}" with "{value}"')
def response_has_header(context: Context, name: str, value: str) -> None:
    """Then the response carries the header "X-Content-Type-Options" with "nosniff" """
    headers = dict(context.manual.response.headers)
    assert headers.get(name) == value, f"expected {name}: {value}, the headers are {headers}"


@then("its database connection is closed")
def connection_is_closed(context: Context) -> None:
    """Then its database connection is closed"""
    connection = context.manual.connection
    assert connection is not None, "no connection was opened by the before-request hooks"
    assert is_closed(connection), "the connection is still open after the context ended"
