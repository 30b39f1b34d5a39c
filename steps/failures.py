"""Steps that make things go wrong for real: a broken database, a broken mail server."""

from behave import given
from behave import when
from behave.runner import Context

from support.scenarios.fixtures import configure_blog
from support.services.mail import ClosedPort
from support.services.mail import LOOPBACK
from support.services.mail import SilentServer
from support.state.failures import corrupt_database
from support.state.failures import refuse_new_entries
from support.state.failures import remove_folder
from support.state.failures import replace_database_by_folder


@given("the database file has been corrupted")
def database_corrupted(context: Context) -> None:
    """Given the database file has been corrupted"""
    context.failure_cause = corrupt_database(context.app.config["DATABASE"])


@when("the database file is replaced by a folder")
def database_replaced_by_folder(context: Context) -> None:
    """When the database file is replaced by a folder"""
    path = context.app.config["DATABASE"]
    context.failure_cause = replace_database_by_folder(path)
    context.add_cleanup(remove_folder, path)


@given("the database refuses to store new entries")
def database_refuses_entries(context: Context) -> None:
    """Given the database refuses to store new entries"""
    context.failure_cause = refuse_new_entries(context.app.config["DATABASE"])


@given("the mail server is down")
def mail_server_down(context: Context) -> None:
    """Given the mail server is down"""
    closed = ClosedPort()
    context.add_cleanup(closed.close)
    configure_blog(context, MAIL_SERVER=LOOPBACK, MAIL_PORT=closed.port)


@given("the mail server accepts connections but never answers")
def mail_server_silent(context: Context) -> None:
    """Given the mail server accepts connections but never answers"""
    silent = SilentServer()
    # Closing it releases the waiting mail thread at once; the timeout is the backstop.
    context.add_cleanup(silent.close)
    configure_blog(context, MAIL_SERVER=LOOPBACK, MAIL_PORT=silent.port, MAIL_TIMEOUT=3)
