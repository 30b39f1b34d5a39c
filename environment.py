"""Behave hooks: every scenario gets a fresh blog with its own database file.

``behave -D driver=client`` (the default) drives the app in-process through Flask's
test client; ``-D driver=http`` serves it on 127.0.0.1 and speaks real HTTP;
``-D driver=browser`` drives headless Chromium against that server.
"""

import gc
import json
import os
import sys
import time
from pathlib import Path

from behave import use_fixture
from behave.model import Scenario
from behave.model import Status
from behave.model import Step
from behave.runner import Context

from support.authoring.sentences import explain_unknown_steps
from support.scenarios.fixtures import act_as
from support.scenarios.fixtures import blog_under_test
from support.scenarios.fixtures import chromium
from support.scenarios.fixtures import driver_mode
from support.scenarios.fixtures import live_server
from support.scenarios.fixtures import mail_server
from support.scenarios.fixtures import run_scratch_dir
from support.state.throttle import move_clock_as_asked

#: Where browser mode leaves a screenshot and the HTML of each failed scenario.
FAILURES = Path("reports") / "failures"


def before_all(context: Context) -> None:
    """The run's scratch folder; the server and the browser when the driver needs them.

    A run that cannot start (browser mode without a Chromium to drive) is aborted at
    once with one line saying why, and fails.
    """
    # Everything imported so far lives for the whole run: set aside from the collector,
    # it is not walked again each time the parsed pages of a scenario are collected.
    gc.freeze()
    context.skipped_for = {}  # reason -> places, said once at the end
    context.unknown_steps = []  # the sentences no step definition matched
    context.driver_mode = driver_mode(context.config.userdata)
    if context.driver_mode == "browser":
        # Imported here: Playwright is for browser mode only, and slow to import.
        from support.drivers.browser import chromium_problem

        if problem := chromium_problem():
            context.abort(reason=f"behave cannot run in browser mode: {problem}")
            return
    use_fixture(run_scratch_dir, context)
    if context.driver_mode in ("http", "browser"):
        use_fixture(live_server, context)
    if context.driver_mode == "browser":
        use_fixture(chromium, context)


def before_scenario(context: Context, scenario: Scenario) -> None:
    """A new app, database and driver, so no scenario sees another's state.

    Scenarios tagged @mail_server get a real SMTP server on 127.0.0.1 at once (the steps
    that mail errors start one when there is none, so the tag is no longer needed); those tagged
    @in-process run only with the client driver.
    """
    if "timings" in context.config.userdata:
        # Registered first, so it runs last: the time includes every fixture's teardown.
        context.add_cleanup(record_timing, context, scenario, time.perf_counter())
    if context.driver_mode != "client" and "in-process" in scenario.effective_tags:
        reason = (
            "it inspects Flask's request context in the test's own process, "
            "which only the client driver shares"
        )
        scenario.skip(reason=reason)
        context.skipped_for.setdefault(reason, []).append(f"{scenario.filename}:{scenario.line}")
        return
    if "mail_server" in scenario.effective_tags:
        use_fixture(mail_server, context)
    use_fixture(blog_under_test, context)


def before_step(context: Context, step: Step) -> None:
    """A sentence acts in the browser session of the person it names (``SUBJECTS`` in
    support/scenarios/people.py)."""
    act_as(context, step.name)


def after_step(context: Context, step: Step) -> None:
    """A step that lets time pass moves the blog's clock once it has been timed, so
    that behave reports the step's own time, not the time it let pass."""
    move_clock_as_asked(context)


def record_timing(context: Context, scenario: Scenario, started: float) -> None:
    """Append the scenario's wall time, set-up and teardown included, to ``-D timings=FILE``."""
    if scenario.status == Status.skipped:
        return
    line = {
        "scenario": f"{scenario.filename}:{scenario.line}",
        "seconds": time.perf_counter() - started,
    }
    with open(context.config.userdata["timings"], "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")


def after_scenario(context: Context, scenario: Scenario) -> None:
    """Say which known sentences come closest to an unknown one; in browser mode, keep a
    screenshot and the HTML of a failed scenario."""
    context.unknown_steps.extend(
        {
            "place": f"{os.path.relpath(step.filename)}:{step.line}",
            "keyword": step.keyword,
            "step_type": step.step_type,
            "name": step.name,
        }
        for step in scenario.all_steps
        if step.status == Status.undefined
    )
    said = getattr(context, "blog_stderr", None)
    if scenario.status == Status.failed and said is not None and said.getvalue():
        print(f"What the blog wrote to stderr:\n{said.getvalue()}", file=sys.__stderr__)
    if context.driver_mode == "browser" and scenario.status == Status.failed:
        name = f"{Path(scenario.filename).stem}-{scenario.line}"
        for path in context.blog.driver.save_evidence(FAILURES, name):
            print(f"saved {path}", file=sys.__stderr__)
            if path.suffix == ".png":
                # The living documentation shows it with the failed scenario (make docs).
                context.attach("image/png", path.read_bytes())


def after_all(context: Context) -> None:
    """Say why scenarios were skipped, once per reason, whatever the formatter; say what
    ``make lint`` says of each unknown sentence (the closest ones the suite knows)."""
    if getattr(context, "unknown_steps", None):
        steps = Path(context.config.base_dir) / "steps"
        print(explain_unknown_steps(context.unknown_steps, steps), file=sys.__stderr__)
    for reason, places in context.skipped_for.items():
        count = len(places)
        print(
            f"{count} scenario{'s' if count != 1 else ''} skipped: {reason} ({', '.join(places)})",
            file=sys.__stdout__,
        )
