"""Behave hooks: every scenario gets a fresh blog with its own database file.

``behave -D driver=client`` (the default) drives the app in-process through Flask's
test client; ``-D driver=http`` serves it on 127.0.0.1 and speaks real HTTP;
``-D driver=browser`` drives headless Chromium against that server.
"""

import functools
import gc
import json
import os
import re
import sys
import time
from pathlib import Path

import parse
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

#: The Then sentences that check what a person sees on a page: an entry as posted, a
#: refusal, the delete question, the lock-out message. In browser mode a scenario that
#: passes one of them keeps a screenshot of that page (at a phone's width), which the
#: living documentation shows with the example; nobody writes anything in the features
#: for it. A sentence is named here by its step definition's pattern.
SEEN_ON_A_PAGE = frozenset(
    {
        'the blog shows an entry titled "{title:Value}" with the text "{text:Value}"',
        '블로그에 제목이 "{title:Value}"이고 본문이 "{text:Value}"인 글이 보인다',
        'the post is refused as {answer:Refusal}, saying "{reason}"',
        "the request is refused as {reason:Refusal}",
        "로그인하지 않았으므로 요청이 거절된다",
        'the blog asks whether to delete the entry "{title}"',
        "the login is refused for too many attempts, saying when to try again",
        'they are told "{message}"',
        '"{message}"라는 안내를 받는다',
        '"{message}"이라는 안내를 받는다',
        "they see a plain error page",
    }
)


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
    that behave reports the step's own time, not the time it let pass. In browser mode,
    the first sentence of ``SEEN_ON_A_PAGE`` that passes leaves a screenshot of the page
    it checked: the scenario's point, before any step goes on from there."""
    move_clock_as_asked(context)
    if (
        context.driver_mode == "browser"
        and step.status == Status.passed
        and not getattr(context, "seen", None)
        and shows_a_page(step)
    ):
        from playwright.sync_api import Error as PlaywrightError  # browser mode alone

        try:
            seen = context.blog.driver.screenshot()
        except PlaywrightError as error:  # a picture for the documentation, not a check
            print(f"no screenshot after “{step.name}”: {error}", file=sys.__stderr__)
            return
        if seen is not None:
            image, page = seen
            context.seen = (image, f"{page}, once “{step.name}” held")


def shows_a_page(step: Step) -> bool:
    """Whether ``step`` is a Then sentence that checks what a person sees on a page."""
    return step.step_type == "then" and any(p.parse(step.name) for p in seen_on_a_page())


@functools.cache
def seen_on_a_page() -> list[parse.Parser]:
    """``SEEN_ON_A_PAGE`` as patterns that take any words for a placeholder: whether a
    step says one of these sentences is all that counts, the step definition checks
    the words."""
    return [parse.compile(re.sub(r"\{(\w*):\w+\}", r"{\1}", p)) for p in SEEN_ON_A_PAGE]


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
    screenshot and the HTML of a failed scenario, and attach the screenshot of what a
    passed one showed (``after_step``)."""
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
    elif scenario.status == Status.passed and getattr(context, "seen", None):
        # The words first: the living documentation says with the image what page it is.
        image, shows = context.seen
        context.attach("text/plain", shows)
        context.attach("image/png", image)


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
