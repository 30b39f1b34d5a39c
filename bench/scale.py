"""The suite at scale: N generated scenarios against the same work as a plain unittest.

Every scenario has the usual shape (fresh blog, log in, post, read the front page). The
same work is written as a classic Flask ``unittest.TestCase`` with ``setUp`` and
``tearDown`` and run in the same invocation, on the same machine.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path
from types import SimpleNamespace

from app import create_app
from support.scenarios.fixtures import blog_under_test
from support.scenarios.fixtures import DEFAULT_ADMIN
from support.scenarios.fixtures import DEFAULT_PASSWORD_HASH
from support.scenarios.fixtures import prepare_empty_database
from support.scenarios.shared_code import share_compiled_code
from support.state.store import admin_login

ROOT = Path(__file__).resolve().parent.parent

SCENARIO = """
  Scenario: Posting entry {n}
    Given the admin is logged in
    When the admin posts an entry titled "Entry {n}" with the text "Text of entry {n}."
    And a visitor opens the blog
    Then the blog shows an entry titled "Entry {n}" with the text "Text of entry {n}."
"""

FEATURE = """Feature: Posting, many times
  As the admin
  I want to post
  So that readers read
"""


def generated_project(folder: Path, count: int) -> Path:
    """A project with the suite's steps and environment and ``count`` generated scenarios."""
    project = folder / "project"
    (project / "features").mkdir(parents=True)
    text = FEATURE + "".join(SCENARIO.format(n=n) for n in range(1, count + 1))
    (project / "features" / "generated.feature").write_text(text)
    (project / "environment.py").symlink_to(ROOT / "environment.py")
    (project / "steps").symlink_to(ROOT / "steps")
    return project


def run_behave(count: int) -> tuple[float, list[float]]:
    """Wall time of a behave run of ``count`` scenarios, and each scenario's time."""
    with tempfile.TemporaryDirectory() as folder:
        project = generated_project(Path(folder), count)
        timings = Path(folder) / "timings.jsonl"
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "behave", "-f", "null", "--no-summary",
             "-D", f"timings={timings}", "features"],
            cwd=project, capture_output=True, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        wall = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(f"the generated scenarios failed:\n{result.stdout}{result.stderr}")
        seconds = [json.loads(line)["seconds"] for line in timings.read_text().splitlines()]
    return wall, seconds


def isolation_cost(count: int) -> float:
    """Seconds per scenario for a fresh app, database and driver, and their cleanup."""
    with tempfile.TemporaryDirectory() as folder:
        context = SimpleNamespace(
            scratch_root=folder,
            empty_database=prepare_empty_database(Path(folder)),
            driver_mode="client",
        )
        start = time.perf_counter()
        for _ in range(count):
            fixture = blog_under_test(context)
            next(fixture)
            for _ in fixture:  # runs the teardown
                pass
        return (time.perf_counter() - start) / count


class ClassicPostingTest(unittest.TestCase):
    """The same work, the classic way: setUp makes the app and database, tearDown removes them."""

    def setUp(self) -> None:
        handle, self.database = tempfile.mkstemp(suffix=".sqlite")
        os.close(handle)
        # The templates compiled once, as the suite's apps get them: the same work.
        self.app = share_compiled_code(
            create_app(
                {
                    "TESTING": True,
                    "SECRET_KEY": "unittest secret",
                    "DATABASE": self.database,
                    "ADMIN_USERNAME": DEFAULT_ADMIN.username,
                    "ADMIN_PASSWORD_HASH": DEFAULT_PASSWORD_HASH,
                }
            )
        )
        self.client = self.app.test_client()

    def tearDown(self) -> None:
        self.app.extensions["reporting"].close()
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(self.database + suffix):
                os.unlink(self.database + suffix)

    def post_and_read(self, n: int) -> None:
        with self.client.session_transaction() as session:
            session.update(admin_login(self.app))
        form = self.client.get("/").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert token is not None
        data = {"csrf_token": token[1], "title": f"Entry {n}", "text": f"Text of entry {n}."}
        self.client.post("/add", data=data, follow_redirects=True)
        page = self.client.get("/").get_data(as_text=True)
        self.assertIn(f"Entry {n}", page)
        self.assertIn(f"Text of entry {n}.", page)


def run_unittest(count: int) -> float:
    """Seconds for ``count`` classic test methods, run by unittest in this process."""
    for n in range(1, count + 1):
        setattr(ClassicPostingTest, f"test_entry_{n}", lambda self, n=n: self.post_and_read(n))
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(ClassicPostingTest)
    start = time.perf_counter()
    result = unittest.TextTestRunner(stream=open(os.devnull, "w"), verbosity=0).run(suite)
    elapsed = time.perf_counter() - start
    if not result.wasSuccessful():
        raise SystemExit(f"the unittest equivalent failed: {result.errors or result.failures}")
    return elapsed


def main(count: int = 1000) -> list[str]:
    """Run both and return the report's lines."""
    wall, seconds = run_behave(count)
    classic = run_unittest(count)
    isolation = isolation_cost(200)
    scenarios = sum(seconds)
    default_wall = default_suite_wall()
    return [
        f"- {count} generated scenarios: behave run {wall:.2f} s wall, {scenarios:.2f} s in "
        f"scenarios, median {statistics.median(seconds) * 1000:.2f} ms per scenario",
        f"- the same work as a unittest TestCase: {classic:.2f} s, "
        f"{classic / count * 1000:.2f} ms per test",
        f"- behave / unittest: {scenarios / classic:.2f}x in the scenarios, {wall / classic:.2f}x "
        "with behave's start-up (target at most 1.3x)",
        f"- isolation per scenario (fresh app, its own database file, driver, cleanup): "
        f"{isolation * 1000:.3f} ms (target at most 1.5 ms)",
        f"- the whole default suite (`behave`), start-up included: {default_wall:.2f} s wall "
        "(target at most 2.0 s)",
    ]


def default_suite_wall() -> float:
    """Wall time of a plain ``behave`` in the project."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "behave", "-f", "null", "--no-summary"],
        cwd=ROOT, capture_output=True, check=True,
    )  # fmt: skip
    return time.perf_counter() - start


if __name__ == "__main__":
    print("\n".join(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)))
