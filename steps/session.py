"""Steps about what a person's session holds."""

from behave import given
from behave import then
from behave import when
from behave.runner import Context

from support.authoring.expectations import opens_a_page
from support.authoring.expectations import prepares_session
from support.scenarios.fixtures import session_of
from support.scenarios.people import ADMIN
from support.state.sessions import aged_session_cookie
from support.state.sessions import tampered_session_cookie
from support.state.store import admin_login


@given('the admin\'s session holds "{key}" set to "{value}"')
@given('a visitor whose session holds "{key}" set to "{value}"')
@prepares_session
def session_holds(context: Context, key: str, value: str) -> None:
    """Given the admin's session holds "theme" set to "dark"
    Given a visitor whose session holds "theme" set to "dark"
    """
    context.blog.session.give({key: value})


@given("the admin's session already records the login")
@given("a visitor whose session already records the admin's login")
@prepares_session
def session_records_login(context: Context) -> None:
    """Given the admin's session already records the login
    Given a visitor whose session already records the admin's login
    """
    context.blog.session.give_login(admin_login(context.app))


@then("the session records that the admin is logged in")
def session_says_logged_in(context: Context) -> None:
    """Then the session records that the admin is logged in"""
    assert context.blog.session.records_login(), (
        f"expected the session to record the login, it holds {context.blog.session.stored()}"
    )


@then("the session no longer records the admin's login")
def session_forgot_login(context: Context) -> None:
    """Then the session no longer records the admin's login"""
    assert not context.blog.session.records_login(), (
        f"expected the login gone from the session, it holds {context.blog.session.stored()}"
    )


@then('the session no longer holds "{key}"')
def session_lacks(context: Context, key: str) -> None:
    """Then the session no longer holds "theme" """
    session = context.blog.session.stored()
    assert key not in session, f"expected no {key!r} in the session, it holds {session}"


@given("a visitor whose session cookie was altered to claim the admin's login")
@prepares_session
def altered_cookie(context: Context) -> None:
    """Given a visitor whose session cookie was altered to claim the admin's login"""
    forged = tampered_session_cookie(context.app, admin_login(context.app))
    context.blog.session.give_cookie(forged)


@given("the admin's session cookie recorded the login {days:d} days ago")
@given("a visitor whose session cookie recorded the admin's login {days:d} days ago")
@prepares_session
def aged_cookie(context: Context, days: int) -> None:
    """Given the admin's session cookie recorded the login 32 days ago
    Given a visitor whose session cookie recorded the admin's login 32 days ago
    """
    cookie = aged_session_cookie(context.app, admin_login(context.app), days * 24 * 3600)
    context.blog.session.give_cookie(cookie)


@then("the session cookie is hidden from scripts")
def cookie_http_only(context: Context) -> None:
    """Then the session cookie is hidden from scripts"""
    cookie = context.blog.session.cookie()
    assert cookie is not None and cookie.http_only, f"expected an HttpOnly cookie: {cookie}"


@then("the session cookie is not sent along with other sites' posts")
def cookie_same_site(context: Context) -> None:
    """Then the session cookie is not sent along with other sites' posts"""
    cookie = context.blog.session.cookie()
    assert cookie is not None and cookie.same_site in {"Lax", "Strict"}, (
        f"expected SameSite=Lax or Strict: {cookie}"
    )


@then("the session cookie may travel over plain HTTP outside production")
def cookie_not_secure(context: Context) -> None:
    """But the session cookie may travel over plain HTTP outside production"""
    cookie = context.blog.session.cookie()
    assert cookie is not None and not cookie.secure, f"expected no Secure flag: {cookie}"


@then("the session cookie is only sent over HTTPS")
def cookie_secure(context: Context) -> None:
    """Then the session cookie is only sent over HTTPS"""
    cookie = context.blog.session.cookie()
    assert cookie is not None and cookie.secure, f"expected a Secure cookie: {cookie}"


@given("someone has copied the admin's session cookie")
def copy_cookie(context: Context) -> None:
    """Given someone has copied the admin's session cookie"""
    cookie = session_of(context, ADMIN).session.cookie()
    assert cookie is not None, "the admin's browser holds no session cookie to copy"
    context.copied_cookie = cookie.value


@when("someone opens the blog with the copied cookie")
@opens_a_page
def open_with_copied_cookie(context: Context) -> None:
    """When someone opens the blog with the copied cookie"""
    context.blog.session.give_cookie(context.copied_cookie)
    context.blog.front_page.open()
