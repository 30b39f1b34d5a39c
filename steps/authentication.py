"""Steps about the admin's account: logging in and out."""

from behave import given
from behave import then
from behave import when
from behave.runner import Context

import support.parameter_types  # noqa: F401  (registers {…:Text})
from support.fixtures import Admin
from support.fixtures import set_admin


@given('the admin\'s account is "{username}" with the password "{password}"')
def admin_account_is(context: Context, username: str, password: str) -> None:
    """Given the admin's account is "editor" with the password "correct horse" """
    set_admin(context, Admin(username, password))


@given("the admin is logged in")
def admin_is_logged_in(context: Context) -> None:
    """Given the admin is logged in"""
    context.blog.log_in(context.admin.username, context.admin.password)
    assert context.blog.shows_logged_in(), (
        f"the admin could not log in: {context.blog.page.describe()}"
    )


@when("the admin logs in")
def admin_logs_in(context: Context) -> None:
    """When the admin logs in"""
    context.blog.log_in(context.admin.username, context.admin.password)


@when('someone logs in as "{username:Text}" with the password "{password:Text}"')
def someone_logs_in(context: Context, username: str, password: str) -> None:
    """When someone logs in as "editor" with the password "correct horse" """
    context.blog.log_in(username, password)


@when("the admin logs out")
def admin_logs_out(context: Context) -> None:
    """When the admin logs out"""
    context.blog.log_out()


@then("they are logged in")
def they_are_logged_in(context: Context) -> None:
    """Then they are logged in"""
    assert context.blog.shows_logged_in(), (
        f"expected the page of a logged-in admin, with a way to log out: "
        f"{context.blog.page.describe()}"
    )


@then("they are not logged in")
def they_are_not_logged_in(context: Context) -> None:
    """Then they are not logged in"""
    page = context.blog.page.describe()
    assert not context.blog.shows_logged_in(), f"expected to be logged out: {page}"
    assert not context.blog.session_says_logged_in(), (
        f"the page looks logged out, but the session says logged in: {context.blog.session()}"
    )
