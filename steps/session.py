"""Steps about what the visitor's session holds."""

from behave import given
from behave import then
from behave.runner import Context


@given('a visitor whose session holds "{key}" set to "{value}"')
@given('the admin\'s session holds "{key}" set to "{value}"')
def session_holds(context: Context, key: str, value: str) -> None:
    """Given a visitor whose session holds "theme" set to "dark"
    Given the admin's session holds "theme" set to "dark"
    """
    context.blog.give_session({key: value})


@given("a visitor whose session already records the admin's login")
def session_records_login(context: Context) -> None:
    """Given a visitor whose session already records the admin's login"""
    context.blog.give_logged_in_session()


@then("the session records that the admin is logged in")
def session_says_logged_in(context: Context) -> None:
    """Then the session records that the admin is logged in"""
    assert context.blog.session_says_logged_in(), (
        f"expected the session to record the login, it holds {context.blog.session()}"
    )


@then("the session no longer records the admin's login")
def session_forgot_login(context: Context) -> None:
    """Then the session no longer records the admin's login"""
    assert not context.blog.session_says_logged_in(), (
        f"expected the login gone from the session, it holds {context.blog.session()}"
    )


@then('the session no longer holds "{key}"')
def session_lacks(context: Context, key: str) -> None:
    """Then the session no longer holds "theme" """
    session = context.blog.session()
    assert key not in session, f"expected no {key!r} in the session, it holds {session}"
