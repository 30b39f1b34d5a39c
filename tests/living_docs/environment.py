"""The fixture's hooks: like the suite's, a skip outside client mode for @in-process, a
screenshot attached to a scenario that fails in browser mode, and one (after the words
saying what page it shows) to a scenario that passes a sentence of SEEN_ON_A_PAGE."""

from pathlib import Path

from behave.model import Status

SCREENSHOT = Path(__file__).with_name("screenshot.png")
#: The sentences that check what a person sees, as the suite's environment.py lists them.
SEEN_ON_A_PAGE = {"the list reads:"}


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
    elif mode == "browser" and any(step.name in SEEN_ON_A_PAGE for step in scenario.steps):
        context.attach("text/plain", "“Shopping list” at /list")
        context.attach("image/png", SCREENSHOT.read_bytes())
