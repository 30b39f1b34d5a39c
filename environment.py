"""Behave hooks: every scenario gets a fresh blog with its own database file."""

from behave import use_fixture
from behave.model import Scenario
from behave.runner import Context

from support.fixtures import blog_app
from support.fixtures import client_blog
from support.fixtures import run_scratch_dir


def before_all(context: Context) -> None:
    """Make the run's scratch folder, which holds every scenario's files."""
    use_fixture(run_scratch_dir, context)


def before_scenario(context: Context, scenario: Scenario) -> None:
    """A new app, database and driver, so no scenario sees another's state."""
    context.app = use_fixture(blog_app, context)
    context.blog = use_fixture(client_blog, context, context.app)
