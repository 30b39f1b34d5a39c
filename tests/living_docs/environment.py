"""The fixture's hooks: like the suite's, a skip outside client mode for @in-process and
a screenshot attached to a scenario that fails in browser mode."""

from pathlib import Path

from behave.model import Status

SCREENSHOT = Path(__file__).with_name("screenshot.png")


def before_scenario(context, scenario):
    """@in-process scenarios run only with the client driver."""
    mode = context.config.userdata.get("driver", "client")
    if mode != "client" and "in-process" in scenario.effective_tags:
        scenario.skip(reason="it needs the app in the test's own process")


def after_scenario(context, scenario):
    """A failed browser scenario leaves what the browser showed."""
    mode = context.config.userdata.get("driver", "client")
    if mode == "browser" and scenario.status == Status.failed:
        context.attach("image/png", SCREENSHOT.read_bytes())
