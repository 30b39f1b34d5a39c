"""Steps about what the blog refuses: forged posts, changes by GET, what browsers are told."""

from behave import then
from behave import when
from behave.runner import Context

from app.auth import LOGGED_IN
from support.authoring.expectations import DataTable
from support.authoring.expectations import opens_a_page
from support.authoring.expectations import reads_the_page_shown
from support.authoring.parameter_types import PLACEHOLDERS
from support.state.sessions import forged_token


def forge(context: Context, action: str, token: str) -> None:
    """Send ``action`` as another site would make the browser send it."""
    context.blog.raw_requests.forge(
        action, forged_token(context.app, token), (context.admin.username, context.admin.password)
    )


@when("another site makes the admin's browser post an entry, with {token:Token}")
@opens_a_page
def forged_post(context: Context, token: str) -> None:
    """When another site makes the admin's browser post an entry, with no form token"""
    forge(context, "post", token)


@when("another site makes the admin's browser log out, with {token:Token}")
@opens_a_page
def forged_logout(context: Context, token: str) -> None:
    """When another site makes the admin's browser log out, with no form token"""
    forge(context, "log out", token)


@when("another site makes a visitor's browser log in as the admin, with {token:Token}")
@opens_a_page
def forged_login(context: Context, token: str) -> None:
    """When another site makes a visitor's browser log in as the admin, with no form token"""
    forge(context, "log in", token)


@when("the admin's browser sends {form:Form} by {method:Method}, filled in and with its token")
@opens_a_page
def form_sent_by(context: Context, form: str, method: str) -> None:
    """When the admin's browser sends the posting form by HEAD, filled in and with its token"""
    context.login_before = context.blog.session.stored().get(LOGGED_IN)
    context.blog.raw_requests.send_form_by(
        method, form, (context.admin.username, context.admin.password)
    )


@then("the admin is still logged in, in the same session")
def same_session(context: Context) -> None:
    """Then the admin is still logged in, in the same session

    The same login as before the request: not ended, and not replaced by a new one.
    """
    login = context.blog.session.stored().get(LOGGED_IN)
    assert login is not None and login == context.login_before, (
        f"expected the login the admin had, {context.login_before!r}; the session holds {login!r}"
    )
    context.blog.front_page.open()
    assert context.blog.any_page.shows_logged_in() and context.blog.session.records_login(), (
        f"expected the admin still logged in: {context.blog.page.describe()}"
    )


@when("a visitor opens {page:Page}")
@when("another visitor opens {page:Page}")
@when("다른 방문자가 블로그를 열면")
@when("the admin's browser opens {page:Page}")
@when("the admin opens {page:Page}")
@when("방문자가 블로그를 열면")
@opens_a_page
def visitor_opens_page(context: Context, page: str = "the blog") -> None:
    """When a visitor opens the blog
    When another visitor opens the blog
    만일 방문자가 블로그를 열면
    만일 다른 방문자가 블로그를 열면
    When the admin's browser opens the logout address
    When the admin opens the blog
    """
    context.blog.any_page.open(page)


@then("the request is refused as {reason:Refusal}")
@then("로그인하지 않았으므로 요청이 거절된다")
@reads_the_page_shown
def request_refused_as(context: Context, reason: str = "not logged in") -> None:
    """Then the request is refused as a forgery
    그러면 로그인하지 않았으므로 요청이 거절된다
    """
    assert context.blog.error_page.refused_as(reason), (
        f"expected a refusal as {reason}, got {context.blog.page.describe()}"
    )


@then("the page offers a way back to the entries")
@reads_the_page_shown
def way_back(context: Context) -> None:
    """Then the page offers a way back to the entries"""
    assert context.blog.error_page.offers_way_back(), (
        f"expected a link back to the entries: {context.blog.page.describe()}"
    )


#: The protections a page's headers give, one a row.
PROTECTIONS = DataTable("protection", protection=PLACEHOLDERS["Protection"])


@then("the page tells browsers to:")
@PROTECTIONS.needed
@reads_the_page_shown
def page_tells_browsers(context: Context) -> None:
    """Then the page tells browsers to:
    | protection                |
    | never guess a file's type |
    """
    expected = [row["protection"] for row in PROTECTIONS.rows(context)]
    told = context.blog.any_page.protections()
    missing = [protection for protection in expected if protection not in told]
    assert not missing, (
        f"the page does not tell browsers to {missing}; its headers are {context.blog.page.headers}"
    )
