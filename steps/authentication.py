"""Steps about the admin's account: logging in and out."""

from behave import given
from behave import then
from behave import when
from behave.runner import Context

import support.authoring.parameter_types  # noqa: F401  (registers {…:Text}, {…:Address})
from app.messages import INVALID_LOGIN
from support.authoring.expectations import needs
from support.authoring.expectations import opens_a_page
from support.authoring.expectations import reads_the_page_shown
from support.scenarios.fixtures import Admin
from support.scenarios.fixtures import configure_blog
from support.scenarios.fixtures import set_admin
from support.scenarios.workers import at_worker
from support.scenarios.workers import restart
from support.scenarios.workers import share_login_limit
from support.state.store import admin_login
from support.state.throttle import come_from
from support.state.throttle import login_window_seconds
from support.state.throttle import made_up_address
from support.state.throttle import move_clock
from support.state.throttle import trust_proxies


@given('the admin\'s account is "{username}" with the password "{password}"')
@given('관리자 계정의 사용자 이름은 "{username}"이고 비밀번호는 "{password}"이다')
def admin_account_is(context: Context, username: str, password: str) -> None:
    """Given the admin's account is "editor" with the password "correct horse"
    조건 관리자 계정의 사용자 이름은 "editor"이고 비밀번호는 "correct horse"이다
    """
    set_admin(context, Admin(username, password))


@given("the admin is logged in")
@given("관리자가 로그인해 있다")
def admin_is_logged_in(context: Context) -> None:
    """Given the admin is logged in
    조건 관리자가 로그인해 있다

    A precondition, so the login is recorded directly, as logging in would record it;
    the login form itself is the subject of its own scenarios.
    """
    context.blog.session.give_login(admin_login(context.app))


@when("the admin logs in")
@opens_a_page
def admin_logs_in(context: Context) -> None:
    """When the admin logs in"""
    context.blog.login_page.log_in(context.admin.username, context.admin.password)


@when('someone logs in as "{username:Text}" with the password "{password:Text}"')
@when(
    '누군가 사용자 이름이 "{username:Text}"이고 비밀번호가 "{password:Text}"인 계정으로 로그인하면'
)
@opens_a_page
def someone_logs_in(context: Context, username: str, password: str) -> None:
    """When someone logs in as "editor" with the password "correct horse"
    만일 누군가 사용자 이름이 "editor"이고 비밀번호가 "correct horse"인 계정으로 로그인하면
    """
    context.blog.login_page.log_in(username, password)
    context.answers = [*getattr(context, "answers", []), context.blog.any_page.answer()]


@when("the admin logs out")
@when("관리자가 로그아웃하면")
@opens_a_page
def admin_logs_out(context: Context) -> None:
    """When the admin logs out
    만일 관리자가 로그아웃하면
    """
    context.blog.any_page.log_out()


@then("they are logged in")
@then("로그인된 상태이다")
@reads_the_page_shown
def they_are_logged_in(context: Context) -> None:
    """Then they are logged in
    그러면 로그인된 상태이다
    """
    assert context.blog.any_page.shows_logged_in(), (
        f"expected the page of a logged-in admin, with a way to log out: "
        f"{context.blog.page.describe()}"
    )


@then("they are not logged in")
@then("로그인되지 않은 상태이다")
@reads_the_page_shown
def they_are_not_logged_in(context: Context) -> None:
    """Then they are not logged in
    그러면 로그인되지 않은 상태이다
    """
    page, session = context.blog.page.describe(), context.blog.session
    assert not context.blog.any_page.shows_logged_in(), f"expected to be logged out: {page}"
    assert not session.records_login(), (
        f"the page looks logged out, but the session says logged in: {session.stored()}"
    )


@then('the login form holds the username "{username:Text}"')
@reads_the_page_shown
def login_form_holds_username(context: Context, username: str) -> None:
    """Then the login form holds the username "editor" """
    held = context.blog.login_page.form()
    assert held.get("Username") == username, (
        f"expected the login form to hold the username {username!r}, it holds {held}"
    )


@then("the login form holds no password")
@reads_the_page_shown
def login_form_holds_no_password(context: Context) -> None:
    """Then the login form holds no password

    Its password field is empty, and the password typed is nowhere in the page.
    """
    held = context.blog.login_page.form()
    assert held.get("Password") == "", f"expected an empty password field, the form holds {held}"
    assert not context.blog.login_page.shows_typed_password(), (
        f"the page sent the typed password back: {context.blog.page.html}"
    )


@given("someone has failed to log in {times:Times}")
@opens_a_page
def failed_logins(context: Context, times: int) -> None:
    """Given someone has failed to log in 5 times
    Given someone has failed to log in 1 time
    """
    for attempt in range(times):
        fail_to_log_in(context, attempt)


def fail_to_log_in(context: Context, attempt: int) -> None:
    """One wrong guess at the admin's password, answered as an ordinary failed login."""
    context.blog.login_page.log_in(context.admin.username, f"wrong guess {attempt}")
    assert context.blog.any_page.messages() == [INVALID_LOGIN], (
        f"attempt {attempt + 1} was not an ordinary failed login: {context.blog.page.describe()}"
    )


@given("someone has failed to log in {times:Times}, sending a new X-Forwarded-For each time")
@opens_a_page
def failed_logins_sending_new_addresses(context: Context, times: int) -> None:
    """Given someone has failed to log in 5 times, sending a new X-Forwarded-For each time

    No proxy stands between them and the blog: the header is all their own work.
    """
    for attempt in range(times):
        come_from(context, None, claimed=made_up_address(context))
        fail_to_log_in(context, attempt)


@when("the admin logs in, sending a new X-Forwarded-For")
@opens_a_page
def admin_logs_in_sending_new_address(context: Context) -> None:
    """When the admin logs in, sending a new X-Forwarded-For"""
    come_from(context, None, claimed=made_up_address(context))
    admin_logs_in(context)


@given("the blog stands behind one proxy, which it is configured to trust")
def trusted_proxy(context: Context) -> None:
    """Given the blog stands behind one proxy, which it is configured to trust

    TRUSTED_PROXIES: 1, as in production behind nginx. The blog starts anew with it.
    """
    trust_proxies(context, 1)


@given("the blog stands behind a proxy it has not been told about")
def untold_proxy(context: Context) -> None:
    """Given the blog stands behind a proxy it has not been told about

    TRUSTED_PROXIES keeps its default, 0, as when nobody sets it.
    """
    trusted = context.app.config["TRUSTED_PROXIES"]
    assert trusted == 0, f"expected a blog told of no proxy, but TRUSTED_PROXIES is {trusted}"


#: The sentences that say where a visitor's requests come from need a proxy to say it.
PROXIED = needs(
    "a proxy in front of the blog, e.g. Given the blog stands behind one proxy, which it is "
    "configured to trust",
    trusted_proxy,
    untold_proxy,
)


@given("someone at {address:Address} has failed to log in {times:Times}")
@PROXIED
@opens_a_page
def failed_logins_from(context: Context, address: str, times: int) -> None:
    """Given someone at 203.0.113.7 has failed to log in 5 times
    Given someone at 2001:db8:1:2::a has failed to log in 1 time

    The proxy says where they are, as it says for every request.
    """
    come_from(context, address)
    failed_logins(context, times)


@given(
    "someone at {address:Address} has failed to log in {times:Times}, "
    "sending X-Forwarded-For {claimed:Address}"
)
@PROXIED
@opens_a_page
def failed_logins_claiming(context: Context, address: str, times: int, claimed: str) -> None:
    """Given someone at 192.0.2.7 has failed to log in 5 times, sending X-Forwarded-For 192.0.2.8

    The proxy passes on the header they wrote and adds their own address after it.
    """
    come_from(context, address, claimed=claimed)
    failed_logins(context, times)


@when("the admin logs in from {address:Address}")
@PROXIED
@opens_a_page
def admin_logs_in_from(context: Context, address: str) -> None:
    """When the admin logs in from 2001:db8:1:3::a"""
    come_from(context, address)
    admin_logs_in(context)


@given("the admin has logged in and out {times:Times}")
@opens_a_page
def logged_in_and_out(context: Context, times: int) -> None:
    """Given the admin has logged in and out 4 times
    Given the admin has logged in and out 1 time
    """
    for _ in range(times):
        context.blog.login_page.log_in(context.admin.username, context.admin.password)
        context.blog.any_page.log_out()


@given("failed logins are limited to {limit:Limit}")
def login_limit(context: Context, limit: str) -> None:
    """Given failed logins are limited to 5 per 1 second"""
    configure_blog(context, LOGIN_LIMIT=limit)


@when("the limit's window has passed")
def limit_window_passes(context: Context) -> None:
    """When the limit's window has passed"""
    move_clock(context, login_window_seconds(context.app) + 1)


@when("{minutes:MinutesPassed} passed")
def minutes_pass(context: Context, minutes: int) -> None:
    """When 15 minutes have passed
    When 1 minute has passed

    For the blog: its clock is moved on at once, nobody waits.
    """
    move_clock(context, minutes * 60)


@then("the login is refused for too many attempts, saying when to try again")
@reads_the_page_shown
def login_refused_too_many(context: Context) -> None:
    """Then the login is refused for too many attempts, saying when to try again"""
    assert context.blog.error_page.refused_as("too many attempts", saying="try again in"), (
        f"expected 429 Too Many Requests: {context.blog.page.describe()}"
    )
    assert context.blog.error_page.retry_after() is not None, (
        f"the refusal does not tell clients when to retry: {context.blog.page.headers}"
    )


@when('the admin\'s password is changed to "{password}"')
def password_changed(context: Context, password: str) -> None:
    """When the admin's password is changed to "a brand new passphrase" """
    set_admin(context, Admin(context.admin.username, password))


@then("the admin is still logged in")
def admin_still_logged_in(context: Context) -> None:
    """Then the admin is still logged in"""
    context.blog.front_page.open()
    assert context.blog.any_page.shows_logged_in() and context.blog.session.records_login(), (
        f"expected the admin still logged in: {context.blog.page.describe()}, "
        f"session {context.blog.session.stored()}"
    )


@then("both answers are exactly the same")
def answers_identical(context: Context) -> None:
    """Then both answers are exactly the same"""
    first, second = context.answers[-2:]
    assert first == second, f"the answers differ:\n{first}\n---\n{second}"


@given("failed logins are counted in a store shared by every worker of the blog")
def shared_login_limit(context: Context) -> None:
    """Given failed logins are counted in a store shared by every worker of the blog

    The store is a real Redis; where none is installed the scenario is skipped.
    """
    share_login_limit(context)


@given("someone has failed to log in {times:Times} at worker {worker:d}")
@opens_a_page
def failed_logins_at_worker(context: Context, times: int, worker: int) -> None:
    """Given someone has failed to log in 3 times at worker 1
    Given someone has failed to log in 1 time at worker 2

    Workers are the blog's processes in production; each has its own memory.
    """
    at_worker(context, worker)
    failed_logins(context, times)


@when("the admin logs in at worker {worker:d}")
@opens_a_page
def admin_logs_in_at_worker(context: Context, worker: int) -> None:
    """When the admin logs in at worker 3"""
    at_worker(context, worker)
    admin_logs_in(context)


@when("the blog is restarted")
def blog_restarted(context: Context) -> None:
    """When the blog is restarted

    Nothing in the blog's memory survives; what it stored does.
    """
    restart(context)
