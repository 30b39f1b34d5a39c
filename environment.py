"""Behave hooks: every scenario gets a fresh blog with its own database file."""

from behave import use_fixture
from behave.model import Scenario
from behave.runner import Context

from support.fixtures import blog_under_test
from support.fixtures import mail_server
from support.fixtures import run_scratch_dir


def before_all(context: Context) -> None:
    """Make the run's scratch folder, which holds every scenario's files."""
    use_fixture(run_scratch_dir, context)


def before_scenario(context: Context, scenario: Scenario) -> None:
    """A new app, database and driver, so no scenario sees another's state.

    Scenarios tagged @mail_server also get a real SMTP server on 127.0.0.1.
    """
    if "mail_server" in scenario.effective_tags:
        use_fixture(mail_server, context)
    use_fixture(blog_under_test, context)
