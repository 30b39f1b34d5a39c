"""Steps about what the blog reports: the error page, mails to the admins, the error log."""

import time

from behave import given
from behave import then
from behave import when
from behave.runner import Context

from support.authoring.expectations import DocString
from support.authoring.expectations import needs
from support.authoring.expectations import opens_a_page
from support.authoring.expectations import outside_the_page
from support.authoring.expectations import reads_the_page_shown
from support.scenarios.fixtures import configure_blog
from support.scenarios.fixtures import running_mail_server
from support.scenarios.fixtures import scenario_folder
from support.services.mail import Mail
from support.services.mail import MAIL_FIELDS
from support.services.mail import MAIL_LOCATION
from support.state.reports import AT_ONCE
from support.state.reports import ErrorLog
from support.state.reports import mails_received
from support.state.reports import RECORD_SOURCE
from support.state.reports import stop_reporting

#: Seconds a summary may take to arrive once its window has ended; the blog looks at
#: the clock every 0.2 s while one is pending.
SUMMARY_WAIT = 5


def error_log(context: Context) -> ErrorLog:
    """The scenario's error log, in the scenario's own folder."""
    return ErrorLog.in_folder(scenario_folder(context))


def assert_plain_error_page(context: Context) -> None:
    """The current page is a 500 that shows none of the blog's internals."""
    page = context.blog.page
    assert context.blog.error_page.shows_failure(), (
        f"expected the error page, got {page.describe()}"
    )
    leaks = context.blog.error_page.internals_shown(context.failure_cause)
    assert not leaks, f"the error page shows the blog's internals {leaks}: {page.describe()}"


@given('errors are mailed to "{first}" and "{second}"')
@given('errors are mailed to "{first:Text}"')
def errors_mailed_to(context: Context, first: str, second: str = "") -> None:
    """Given errors are mailed to "ops@example.org" and "owner@example.org"
    Given errors are mailed to "ops@example.org"
    """
    server = running_mail_server(context)
    admins = [address for address in (first, second) if address]
    configure_blog(context, ADMINS=admins, MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port)


@given("errors are written to the error log")
def errors_logged(context: Context) -> None:
    """Given errors are written to the error log"""
    configure_blog(context, ERROR_LOG=str(error_log(context).path))


#: What the mail and error log sentences need earlier in their scenario.
MAILED = needs(
    'errors mailed to the admins, e.g. Given errors are mailed to "ops@example.org" and '
    '"owner@example.org"',
    errors_mailed_to,
)
LOGGED = needs(
    "an error log, e.g. Given errors are written to the error log",
    errors_logged,
)


@given("the error log rotates at {size:Bytes} and keeps {backups:OldLogs}")
@LOGGED
def log_rotates(context: Context, size: int, backups: int) -> None:
    """Given the error log rotates at 2000 bytes and keeps 2 old logs"""
    configure_blog(context, LOG_MAX_BYTES=size, LOG_BACKUP_COUNT=backups)


@when("a visitor opens the blog {times:Times}")
@opens_a_page
def visitor_opens_blog_repeatedly(context: Context, times: int) -> None:
    """When a visitor opens the blog 8 times
    When a visitor opens the blog 1 time
    """
    for _ in range(times):
        context.blog.front_page.open()


USERNAME = DocString("the username")


@when("someone logs in with this username:")
@USERNAME.needed
@opens_a_page
def logs_in_with_username_text(context: Context) -> None:
    """When someone logs in with this username:
    \"\"\"
    mallory
    \"\"\"
    """
    context.blog.login_page.log_in(USERNAME.text(context), "guess")


@then("they see a plain error page")
@reads_the_page_shown
def plain_error_page(context: Context) -> None:
    """Then they see a plain error page"""
    assert_plain_error_page(context)


@then("they see a plain error page within a second")
@reads_the_page_shown
def plain_error_page_fast(context: Context) -> None:
    """Then they see a plain error page within a second"""
    assert_plain_error_page(context)
    elapsed = context.blog.page.elapsed
    assert elapsed < 1.0, f"the error page took {elapsed:.2f} s: it waited for the mail server"


@then('the admins receive exactly one mail with the subject "{subject}"')
@MAILED
@outside_the_page
def admins_receive_one_mail(context: Context, subject: str) -> None:
    """Then the admins receive exactly one mail with the subject "Flaskr failed"

    The mail comes at once; then the blog's reporting stops, as a server's does, so that
    everything it would still mail arrives: a summary of repeats has a subject of its own.
    """
    at_once = mails_received(context.mail_server, 1)
    assert at_once, f"expected a mail at once, none came within {AT_ONCE:g} s"
    stop_reporting(context.app)
    mails = context.mail_server.sink.received()
    named = [mail for mail in mails if mail.subject == subject]
    assert len(named) == 1, (
        f"expected one mail with the subject {subject!r}, received {[m.subject for m in mails]}"
    )
    mail = named[0]
    admins = context.app.config["ADMINS"]
    assert sorted(mail.recipients) == sorted(admins), (
        f"expected the mail to go to {admins}, it went to {mail.recipients}"
    )
    context.mail = mail


@then("the admins receive one more mail saying the same failure happened {more:MoreTimes}")
@MAILED
@outside_the_page
def admins_receive_summary(context: Context, more: int) -> None:
    """Then the admins receive one more mail saying the same failure happened 4 more times
    Then the admins receive one more mail saying the same failure happened 1 more time

    The mail after the first: its subject and text say how many more times, and when
    (first and last).
    """
    assert_summary(mails_received(context.mail_server, 2), more)


@then("on its own the blog mails the admins that the same failure happened {more:MoreTimes}")
@MAILED
@outside_the_page
def admins_receive_summary_unprompted(context: Context, more: int) -> None:
    """Then on its own the blog mails the admins that the same failure happened 4 more times

    One more mail, the first's summary, with nothing happening meanwhile (no failure, no
    request): the blog sends it when the window ends; the step waits a few seconds at
    most for it to arrive.
    """
    deadline = time.monotonic() + SUMMARY_WAIT
    while len(context.mail_server.sink.received()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert_summary(context.mail_server.sink.received(), more)


def assert_summary(mails: list[Mail], more: int) -> None:
    """The first mail, and a second one saying the same failure happened ``more`` more
    times, and when."""
    about = [f"{m.subject} ({m.failure_place()})" for m in mails]
    assert len(mails) == 2, f"expected the first mail and one more, received {about}"
    summary = mails[1]
    said = summary.repeats()
    assert said is not None, f"the second mail does not sum up repeats:\n{summary.body}"
    assert int(said["more"]) == more, f"expected {more} more times, the mail says {said[0]!r}"
    assert f"{more} more time" in summary.subject, f"its subject does not say so: {about}"
    assert said["mailed"] <= said["first"] <= said["last"], f"times out of order: {said[0]}"
    assert len({m.failure_place() for m in mails}) == 1, f"not the same failure: {about}"


@then("the admins receive {count:Mails}, one for each failure")
@MAILED
@outside_the_page
def admins_receive_one_mail_per_failure(context: Context, count: int) -> None:
    """Then the admins receive 2 mails, one for each failure

    Different failures: a different kind of error, or one raised at a different place.
    Each comes at once; then the blog's reporting stops, as a server's does, so that
    everything it would still mail arrives.
    """
    at_once = mails_received(context.mail_server, count)
    assert len(at_once) >= count, (
        f"expected {count} mails at once, {len(at_once)} came within {AT_ONCE:g} s"
    )
    stop_reporting(context.app)
    mails = context.mail_server.sink.received()
    failures = [mail.failure() for mail in mails]
    assert len(mails) == count, f"expected {count} mails, received {len(mails)}: {failures}"
    assert len(set(failures)) == count, (
        f"expected {count} different failures, the mails say {failures}"
    )


@then("the mail says what failed, where, in which module and function, and when")
@MAILED
@outside_the_page
def mail_has_details(context: Context) -> None:
    """Then the mail says what failed, where, in which module and function, and when"""
    fields = context.mail.fields()
    missing = [name for name in MAIL_FIELDS if not fields.get(name)]
    assert not missing, f"the mail lacks {missing}:\n{context.mail.body}"
    assert fields["Message type"] == "ERROR", f"expected an ERROR, got {fields['Message type']}"
    assert MAIL_LOCATION.fullmatch(fields["Location"]), f"no file:line in {fields['Location']!r}"
    body = context.mail.body
    assert "Traceback (most recent call last)" in body, f"no traceback in the mail:\n{body}"
    cause = context.failure_cause
    assert cause in body, f"the mail does not name the cause {cause!r}:\n{body}"


@then('the error log records "{message}" with its traceback')
@LOGGED
def log_records_with_traceback(context: Context, message: str) -> None:
    """Then the error log records "Exception on / [GET]" with its traceback"""
    log = error_log(context)
    line = log.find("ERROR", message)
    assert line is not None, f"no ERROR record {message!r} in the log:\n{log.text()}"
    assert RECORD_SOURCE.search(line), f"the record does not say where it was logged: {line}"
    assert "Traceback (most recent call last)" in log.text(), f"no traceback:\n{log.text()}"


@then('the error log records "{message}" {times:Times}')
@LOGGED
def log_records_times(context: Context, message: str, times: int) -> None:
    """Then the error log records "Exception on / [GET]" 5 times"""
    log = error_log(context)
    found = [line for line in log.records() if f" ERROR: {message}" in line]
    assert len(found) == times, f"expected {times} ERROR records {message!r}, found {len(found)}"


@then("the error log says the report could not be mailed")
@LOGGED
def log_says_mail_failed(context: Context) -> None:
    """Then the error log says the report could not be mailed"""
    log = error_log(context)
    line = log.written("ERROR", "Could not mail the error report")
    assert line is not None, f"the log does not say that mailing failed:\n{log.text()}"


@then('the error log folder holds "{first}", "{second}" and "{third}"')
@LOGGED
def log_folder_holds(context: Context, first: str, second: str, third: str) -> None:
    """Then the error log folder holds "error.log", "error.log.1" and "error.log.2" """
    files = error_log(context).files()
    assert files == sorted([first, second, third]), f"the log folder holds {files}"


@then('the error log has {level:Level} "{text}"')
@LOGGED
def log_has_record(context: Context, level: str, text: str) -> None:
    """Then the error log has a WARNING "Failed login for username 'admin'" """
    log = error_log(context)
    assert log.find(level, text), f"no {level} record {text!r} in the log:\n{log.text()}"


@then('the error log never mentions "{secret}" or the admin\'s password')
@LOGGED
def log_keeps_secrets(context: Context, secret: str) -> None:
    """Then the error log never mentions "letmein please" or the admin's password"""
    text = error_log(context).text()
    for word in (secret, context.admin.password):
        assert word not in text, f"the log gives away {word!r}:\n{text}"


@then("the error log holds exactly one line")
@LOGGED
def log_holds_one_line(context: Context) -> None:
    """Then the error log holds exactly one line"""
    lines = error_log(context).lines()
    assert len(lines) == 1, f"expected one line, the log holds {len(lines)}: {lines}"
