"""The front page under load: gunicorn serving the blog, wrk asking, both on 127.0.0.1.

Bounded: each measurement is a few seconds of wrk against a server this script starts
and stops itself. Needs ``wrk`` (Debian's package: ``apt-get install -y wrk``).
"""

from __future__ import annotations

import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from support.services.mail import free_port

ROOT = Path(__file__).resolve().parent.parent

#: The targets the issue sets, on 2 cores.
MIN_REQUESTS_PER_SECOND = 1000
MAX_P99_MS = 50

#: How hard and how long wrk asks: bounded in connections and time.
WRK = ["-t", "1", "-c", "8", "-d", "5s", "--latency"]

#: A second of the same load first, not counted: gunicorn opens its port before its
#: workers have imported the app, and each worker's first pages compile templates.
WARM_UP = ["-t", "1", "-c", "8", "-d", "1s"]


@dataclass
class LoadResult:
    """What wrk measured."""

    entries: int
    requests_per_second: float
    p99_ms: float
    errors: int


def blog_with_entries(folder: Path, count: int) -> Path:
    """A configuration whose database already holds ``count`` entries."""
    database = folder / f"blog-{count}.sqlite"
    config = folder / f"config-{count}.yaml"
    config.write_text(f"FLASK:\n  DATABASE: {database}\n  SECRET_KEY: {'7c' * 32}\n")
    subprocess.run(
        [sys.executable, "-c", f"from app import create_app; from app.db import get_db\n"
         f"app = create_app({str(config)!r})\nwith app.app_context(): get_db()"],
        cwd=ROOT, check=True,
    )  # fmt: skip
    with closing(sqlite3.connect(database)) as db, db:
        db.executemany(
            "INSERT INTO entries (title, text) VALUES (?, ?)",
            ((f"Entry {n}", f"<p>The text of entry {n}.</p>") for n in range(count)),
        )
    return config


def measure(config: Path, entries: int) -> LoadResult:
    """Serve ``config`` with gunicorn (2 workers) and load its front page with wrk."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", f"app:create_app({str(config)!r})"],
        cwd=ROOT,
    )  # fmt: skip
    try:
        wait_for(port)
        return run_wrk(f"http://127.0.0.1:{port}/", entries)
    finally:
        server.terminate()
        server.wait(timeout=10)


def run_wrk(url: str, entries: int) -> LoadResult:
    """A second of load not counted, then wrk's measurement of ``url``."""
    subprocess.run(["wrk", *WARM_UP, url], capture_output=True, check=True, timeout=60)
    out = subprocess.run(
        ["wrk", *WRK, url], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])  # type: ignore[index]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99[2]]  # type: ignore[index]
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    count = int(errors[1]) if errors else 0
    if socket_errors:
        count += sum(int(n) for n in socket_errors.groups())
    return LoadResult(entries, rate, float(p99[1]) * scale, count)  # type: ignore[index]


def wait_for(port: int, seconds: float = 15) -> None:
    """Wait until the server accepts connections."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise SystemExit(f"gunicorn did not start on port {port}")


def main() -> list[str]:
    """Measure the front page at 10 and at 100,000 entries."""
    if shutil.which("wrk") is None:
        return ["- load not measured: wrk is missing (apt-get install -y wrk)"]
    lines = [
        "| entries | requests/s | p99 ms | errors |",
        "| ---: | ---: | ---: | ---: |",
    ]
    with tempfile.TemporaryDirectory() as folder:
        for count in (10, 100_000):
            result = measure(blog_with_entries(Path(folder), count), count)
            lines.append(
                f"| {result.entries:,} | {result.requests_per_second:,.0f} | "
                f"{result.p99_ms:.1f} | {result.errors} |"
            )
    lines += [
        "",
        f"gunicorn with 2 sync workers and wrk ({' '.join(WRK)}, after {' '.join(WARM_UP)} "
        "not counted) share the 2 cores; targets: "
        f"at least {MIN_REQUESTS_PER_SECOND} requests/s, p99 at most {MAX_P99_MS} ms, no errors.",
    ]
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
