"""Steps about configuration files and starting the blog from them."""

import yaml
from behave import given
from behave import then
from behave import when
from behave.runner import Context

import support.authoring.parameter_types  # noqa: F401  (registers {…:OnOff})
from support.authoring.expectations import DataTable
from support.authoring.expectations import DocString
from support.authoring.expectations import needs
from support.authoring.expectations import outside_the_page
from support.authoring.parameter_types import PLACEHOLDERS
from support.scenarios.fixtures import configure_blog
from support.scenarios.fixtures import production_settings
from support.scenarios.fixtures import scenario_folder
from support.scenarios.workers import share_login_limit
from support.services.mail import free_port
from support.services.startup import database_config
from support.services.startup import run_blog_module
from support.services.startup import run_flask_command
from support.services.startup import start_from
from support.services.startup import write_config


@given('a configuration file containing "{content}"')
@outside_the_page
def configuration_file(context: Context, content: str) -> None:
    """Given a configuration file containing "FLASK: {DEBUG: true}" """
    context.config_file = write_config(scenario_folder(context), content)


FILE_TEXT = DocString("the file's text")


@given("a configuration file containing:")
@FILE_TEXT.needed
@outside_the_page
def configuration_file_text(context: Context) -> None:
    """Given a configuration file containing:
    \"\"\"
    FLASK:
      DEBUG: false
    \"\"\"
    """
    context.config_file = write_config(scenario_folder(context), FILE_TEXT.text(context))


#: The value that leaves a key out of the file, so that the blog's default holds.
NOT_SET = "not set"


@given("a configuration file with {first:Key} {first_value} and {second:Key} {second_value}")
@outside_the_page
def configuration_file_with(
    context: Context, first: str, first_value: str, second: str, second_value: str
) -> None:
    """Given a configuration file with DEBUG true and DEBUG_WITH_EXTERNAL_DEBUGGER false
    Given a configuration file with DEBUG true and DEBUG_WITH_EXTERNAL_DEBUGGER not set

    A value "not set" leaves its key out of the file.
    """
    settings = [(first, first_value), (second, second_value)]
    lines = [f"\n  {key}: {value}" for key, value in settings if value != NOT_SET]
    content = "FLASK:" + ("".join(lines) or " {}")
    context.config_file = write_config(scenario_folder(context), content)


#: What starting the blog, and what it did, need earlier in their scenario.
WRITTEN = needs(
    'a configuration file, e.g. Given a configuration file containing "FLASK: {DEBUG: true}"',
    configuration_file,
    configuration_file_text,
    configuration_file_with,
)


@when("the blog is started from it on {host}")
@WRITTEN
@outside_the_page
def start_blog_from_file(context: Context, host: str) -> None:
    """When the blog is started from it on 127.0.0.1"""
    context.startup = start_from(context.config_file, host)


@when("the blog is started from a configuration file that does not exist")
@outside_the_page
def start_blog_without_file(context: Context) -> None:
    """When the blog is started from a configuration file that does not exist"""
    context.startup = start_from(scenario_folder(context) / "missing.yaml", "127.0.0.1")


STARTED = needs(
    "the blog started, e.g. When the blog is started from it on 127.0.0.1",
    start_blog_from_file,
    start_blog_without_file,
)


@when("the operator starts the blog with python -m app on {host}")
@WRITTEN
@outside_the_page
def operator_runs_module(context: Context, host: str) -> None:
    """When the operator starts the blog with python -m app on blog.example.org

    The command as the README gives it, in a process of its own, with the configuration
    file and --host; a blog still running after a while is serving, and is stopped.
    """
    context.module_run = run_blog_module(context.config_file, host, free_port())


RAN_MODULE = needs(
    "python -m app run, e.g. When the operator starts the blog with python -m app on 127.0.0.1",
    operator_runs_module,
)


@then('python -m app stops with exit status {status:d}, saying only "{message}"')
@RAN_MODULE
@outside_the_page
def module_stops_saying(context: Context, status: int, message: str) -> None:
    """Then python -m app stops with exit status 2, saying only "flaskr: cannot open the database"

    Only: one line on stderr, starting "flaskr: ", and no traceback.
    """
    run = context.module_run
    said = run.stderr
    assert run.status is not None, f"expected python -m app to stop; it was serving: {said!r}"
    assert run.status == status, f"expected exit status {status}, it was {run.status}: {said!r}"
    lines = said.splitlines()
    assert len(lines) == 1 and "Traceback" not in said, f"expected one line, it said {said!r}"
    assert lines[0].startswith("flaskr: "), f"expected a line starting 'flaskr: ': {said!r}"
    assert message in lines[0], f"expected it to say {message!r}, it said {said!r}"


@then("Flask's debugger is {debugger:OnOff} and its reloader is {reloader:OnOff}")
@STARTED
@outside_the_page
def debugger_and_reloader(context: Context, debugger: bool, reloader: bool) -> None:
    """Then Flask's debugger is on and its reloader is on"""
    options = context.startup.options
    assert options is not None, f"the blog refused to start: {context.startup.refusal}"
    shown = (options["use_debugger"], options["use_reloader"])
    assert shown == (debugger, reloader), (
        f"expected debugger={debugger} and reloader={reloader}, the run options are {options}"
    )


def refusal_saying(context: Context, message: str) -> str:
    """The start-up's refusal, checked to say ``message``."""
    refusal = context.startup.refusal
    assert refusal is not None, f"expected a refusal, the blog started: {context.startup}"
    assert message in refusal, f"expected the refusal to say {message!r}, it said {refusal!r}"
    return refusal


@then('it refuses to start, saying "{message}"')
@STARTED
@outside_the_page
def refuses_to_start(context: Context, message: str) -> None:
    """Then it refuses to start, saying "may listen only on a loopback address"

    The refusal need only hold these words, word for word: a part of it is enough. What
    each setting must be is under "The settings a configuration may hold".
    """
    refusal_saying(context, message)


@then('it refuses to start, naming the file and saying "{message}"')
@STARTED
@outside_the_page
def refuses_naming_file(context: Context, message: str) -> None:
    """Then it refuses to start, naming the file and saying "unknown key 'MAIL_PORTT'"

    The refusal need only hold these words, word for word: a part of it is enough.
    """
    refusal = refusal_saying(context, message)
    assert str(context.startup.config_file) in refusal, (
        f"expected the refusal to name {context.startup.config_file}, it said {refusal!r}"
    )


@then('the blog starts with {key_a:Setting} "{value_a}" and {key_b:Setting} "{value_b}"')
@STARTED
@outside_the_page
def starts_with_settings(
    context: Context, key_a: str, value_a: str, key_b: str, value_b: str
) -> None:
    """Then the blog starts with ADMIN_USERNAME "editor" and MAIL_SUBJECT "Blog down" """
    app = context.startup.app
    assert app is not None, f"the blog refused to start: {context.startup.refusal}"
    found = {key_a: app.config[key_a], key_b: app.config[key_b]}
    assert found == {key_a: value_a, key_b: value_b}, f"the blog started with {found}"


#: Settings and their values, as a configuration file writes them.
SETTINGS = DataTable("setting", "value", setting=PLACEHOLDERS["Setting"])


@then("the blog starts with these settings:")
@STARTED
@SETTINGS.needed
@outside_the_page
def starts_with_these_settings(context: Context) -> None:
    """Then the blog starts with these settings:
    | setting      | value |
    | MAIL_PORT    | 25    |
    | MAIL_TIMEOUT | 10    |

    Each value as the configuration file would write it: 25, 0.5, true, [], null, INFO.
    """
    expected = {row["setting"]: row["value"] for row in SETTINGS.rows(context)}
    assert_started_with(context, expected)


@then("the blog starts with {key:Setting} set to {value}")
@STARTED
@outside_the_page
def starts_with_setting(context: Context, key: str, value: str) -> None:
    """Then the blog starts with MAIL_PORT set to 65535

    The value as the configuration file would write it: 25, 0.5, true, [], null, INFO.
    """
    assert_started_with(context, {key: value})


def assert_started_with(context: Context, expected: dict[str, str]) -> None:
    """The blog started, each setting holding the value its YAML text stands for."""
    app = context.startup.app
    assert app is not None, f"the blog refused to start: {context.startup.refusal}"
    wrong = [
        f"{key}: expected {text}, the blog has {as_yaml(app.config[key])}"
        for key, text in expected.items()
        if app.config[key] != yaml.safe_load(text)
    ]
    assert not wrong, "; ".join(wrong)


def as_yaml(value: object) -> str:
    """A value as a configuration file would write it: 25, 0.5, true, [a, b], null."""
    return yaml.safe_dump(value, default_flow_style=True).strip().removesuffix("...").strip()


@when('the operator runs flask init-db on the blog and answers "{answer:Text}"')
@outside_the_page
def operator_runs_init_db(context: Context, answer: str) -> None:
    """When the operator runs flask init-db on the blog and answers "y"

    The command of the README, with a configuration file that names the blog's database,
    run in this process; the answer is typed as a line, Enter included (an empty answer
    is Enter alone).
    """
    run_init_db(context, answer=answer)


@when("a script runs flask init-db on the blog")
@outside_the_page
def script_runs_init_db(context: Context) -> None:
    """When a script runs flask init-db on the blog

    Nobody is there to answer: the command's input ends at once.
    """
    run_init_db(context)


@when("a script runs flask init-db --yes on the blog")
@outside_the_page
def script_runs_init_db_yes(context: Context) -> None:
    """When a script runs flask init-db --yes on the blog"""
    run_init_db(context, "--yes")


def run_init_db(context: Context, *options: str, answer: str | None = None) -> None:
    """Run flask init-db on the scenario's blog and keep what it did for the steps after."""
    config_file = database_config(scenario_folder(context), context.app.config["DATABASE"])
    context.command = run_flask_command(config_file, "init-db", *options, answer=answer)
    configure_blog(context)  # the command's app took over reporting; give it back


#: The sentences about what flask init-db said need it run first.
RAN_INIT_DB = needs(
    'flask init-db run, e.g. When the operator runs flask init-db on the blog and answers "y"',
    operator_runs_init_db,
    script_runs_init_db,
    script_runs_init_db_yes,
)


@then('flask init-db says "{words}"')
@RAN_INIT_DB
@outside_the_page
def init_db_says(context: Context, words: str) -> None:
    """Then flask init-db says "The blog holds 2 entries. Delete them all? [y/N]" """
    said = context.command.said
    assert words in said, (
        f"expected flask init-db to say {words!r}; it said {said!r} "
        f"and ended with status {context.command.status}"
    )


@then("flask init-db asks nothing")
@RAN_INIT_DB
@outside_the_page
def init_db_asks_nothing(context: Context) -> None:
    """Then flask init-db asks nothing"""
    said = context.command.said
    assert "?" not in said, f"expected flask init-db to ask nothing; it said {said!r}"


@given("the blog shows visitors plain error pages, as in production")
@outside_the_page
def plain_error_pages(context: Context) -> None:
    """Given the blog shows visitors plain error pages, as in production"""
    configure_blog(context, TESTING=False, DEBUG=False)


@given("the blog runs in production")
@outside_the_page
def runs_in_production(context: Context) -> None:
    """Given the blog runs in production"""
    # Production counts failed logins in a shared store: the scenario's own Redis.
    share_login_limit(context)
    if not context.scenario.should_skip:
        storage = context.app.config["LOGIN_LIMIT_STORAGE"]
        configure_blog(context, **production_settings(context.admin, storage))
