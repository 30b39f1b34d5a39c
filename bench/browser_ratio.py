"""Browser mode against its own limit: one typical scenario through the suite, against a
hand-written Playwright script doing the same work.

The scenario is "The admin logs in" (features/logging_in.feature:12): a fresh app and
database with the admin's account, a fresh browser context, the login page, the form
filled and sent, the answer's message and the logged-in page read. The script does
exactly that with Playwright's own calls, against the same live server and Chromium;
the suite's figure is its recorded wall time for that scenario, set-up and teardown
included. The ratio says what the suite's layers (fixtures, steps, page object, driver)
cost over the bare minimum.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from werkzeug.security import generate_password_hash

from app import create_app
from support.drivers.browser import chromium_path
from support.drivers.browser import launch_chromium
from support.drivers.live_server import LiveServer
from support.scenarios.fixtures import TEST_HASH_METHOD
from support.scenarios.shared_code import share_compiled_code

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = 'features/logging_in.feature:12, "The admin\'s username and password log in"'
TARGET = 1.2
ROUNDS = 40
WARM_UP = 5


FEATURE = """Feature: Logging in, again and again
  As the admin
  I want to log in
  So that I can post

  Background:
    Given the admin's account is "editor" with the password "correct horse"
"""

SCENARIO_TEXT = """
  Scenario: The admin logs in ({number})
    When someone logs in as "editor" with the password "correct horse"
    Then they are told "You were logged in"
    And they are logged in
"""


def suite_seconds(rounds: int) -> list[float]:
    """The suite's wall time for the scenario in browser mode, ``rounds`` copies in one
    run (in a project of its own with the suite's steps and environment)."""
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        (project / "features").mkdir()
        text = FEATURE + "".join(SCENARIO_TEXT.format(number=n) for n in range(rounds))
        (project / "features" / "ratio.feature").write_text(text, encoding="utf-8")
        (project / "steps").symlink_to(ROOT / "steps")
        (project / "environment.py").symlink_to(ROOT / "environment.py")
        timings = project / "timings.jsonl"
        done = subprocess.run(
            [sys.executable, "-m", "behave", "--format", "null", "--no-summary",
             "-D", "driver=browser", "-D", f"timings={timings}", "features"],
            cwd=project, capture_output=True, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        if done.returncode != 0:
            raise SystemExit(f"the scenario failed in browser mode:\n{done.stdout}{done.stderr}")
        return [json.loads(line)["seconds"] for line in timings.read_text().splitlines()]


def script_seconds(rounds: int) -> list[float]:
    """The same work written by hand with Playwright, ``rounds`` times over."""
    seconds = []
    with launch_chromium() as browser, LiveServer() as server, tempfile.TemporaryDirectory() as tmp:
        for number in range(rounds):
            start = time.perf_counter()
            app = create_app(
                {
                    "TESTING": True,
                    "SECRET_KEY": "script secret",
                    "DATABASE": str(Path(tmp) / f"{number}.sqlite"),
                    "ADMIN_USERNAME": "editor",
                    "ADMIN_PASSWORD_HASH": generate_password_hash(
                        "correct horse", method=TEST_HASH_METHOD
                    ),
                }
            )
            server.app = share_compiled_code(app)  # as the suite's apps do
            context = browser.new_context(base_url=server.url)
            page = context.new_page()
            page.goto("/login")
            page.get_by_label("Username").fill("editor")
            page.get_by_label("Password").fill("correct horse")
            page.get_by_role("button", name="Log in").click()
            page.wait_for_load_state()
            assert "You were logged in" in page.locator(".flash").inner_text()
            assert page.get_by_role("button", name="Log out").count() == 1
            context.close()
            server.app = None
            seconds.append(time.perf_counter() - start)
    return seconds


def main() -> list[str]:
    """Measure both; the report's lines."""
    if chromium_path() is None:
        return ["- browser ratio not measured: no Chromium here"]
    # The first rounds of each warm Chromium and the templates up.
    suite = statistics.median(suite_seconds(ROUNDS)[WARM_UP:]) * 1000
    script = statistics.median(script_seconds(ROUNDS)[WARM_UP:]) * 1000
    return [
        f"- browser mode, one typical scenario ({SCENARIO}), median of {ROUNDS - WARM_UP}: suite "
        f"{suite:.0f} ms, hand-written Playwright script {script:.0f} ms, "
        f"{suite / script:.2f}x (target at most {TARGET}x)"
    ]


if __name__ == "__main__":
    print("\n".join(main()))
