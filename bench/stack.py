"""The production stack (nginx, gunicorn with 2 workers, Redis) under slow clients and load.

- Slow clients: SLOW_CLIENTS connections each send one header line every 5 s for 30 s
  and never finish their request; meanwhile a probe asks for ``/`` every half second.
  Target: every probe answered, each within 1 s.
- Load: wrk on ``/`` through the whole stack at 10 and 100,000 entries, with and without
  the slow clients attached.

Everything on 127.0.0.1; needs nginx, redis-server and wrk (Debian's packages).
"""

from __future__ import annotations

import shutil
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from contextlib import contextmanager
from pathlib import Path

import requests

from bench.load import run_wrk
from support.services.stack import free_port
from support.services.stack import missing_programs
from support.services.stack import production_config
from support.services.stack import running_stack
from support.services.stack import stack_folder
from support.services.stack import the_parts_own

SLOW_CLIENTS = 64
SLOW_SECONDS = 30.0
LINE_EVERY = 5.0
PROBE_EVERY = 0.5
MAX_PROBE_SECONDS = 1.0


@contextmanager
def slow_clients(
    port: int, count: int = SLOW_CLIENTS, seconds: float = SLOW_SECONDS
) -> Iterator[None]:
    """``count`` connections trickling header lines for ``seconds`` (or until the block ends)."""
    stop = threading.Event()

    def trickle() -> None:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            n = 0
            while not stop.wait(LINE_EVERY):
                n += 1
                try:
                    sock.sendall(f"X-Slow-{n}: yes\r\n".encode())
                except OSError:
                    return

    threads = [threading.Thread(target=trickle, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    timer = threading.Timer(seconds, stop.set)
    timer.start()
    try:
        yield
    finally:
        stop.set()
        timer.cancel()
        for thread in threads:
            thread.join(15)


def probe_during_slow_clients(url: str, port: int) -> tuple[int, int, float]:
    """Probes answered, probes sent and the slowest answer's seconds while slow clients hang on."""
    latencies: list[float | None] = []
    with slow_clients(port):
        deadline = time.monotonic() + SLOW_SECONDS
        while time.monotonic() < deadline:
            start = time.monotonic()
            try:
                ok = requests.get(url, timeout=10).status_code == 200
            except requests.RequestException:
                ok = False
            latencies.append(time.monotonic() - start if ok else None)
            time.sleep(PROBE_EVERY)
    answered = [t for t in latencies if t is not None]
    return len(answered), len(latencies), max(answered, default=float("nan"))


def with_entries(folder: Path, count: int) -> Path:
    """A production configuration whose database holds ``count`` entries."""
    from app import create_app
    from app.db import get_db

    database = folder / "instance" / f"blog-{count}.sqlite"
    # The blog's folder as an operator makes it: the stack's user's alone.
    database.parent.mkdir(mode=0o700, exist_ok=True)
    the_parts_own(database.parent)
    config = production_config(folder, free_port(), DATABASE=str(database))
    app = create_app(config)
    with app.app_context():
        get_db()
    app.extensions["reporting"].close()
    with closing(sqlite3.connect(database)) as db, db:
        db.executemany(
            "INSERT INTO entries (title, text) VALUES (?, ?)",
            ((f"Entry {n}", f"<p>The text of entry {n}.</p>") for n in range(count)),
        )
    database.chmod(0o600)  # the stack refuses a database other users may read
    the_parts_own(database)
    return config


def main() -> list[str]:
    """Measure and return the report's lines."""
    if problem := missing_programs():
        return [f"- the stack was not measured: {problem}"]
    lines = []
    with stack_folder() as base:
        config = with_entries(base, 10)
        port = free_port()
        with running_stack(config, base / "state-slow", port) as stack:
            answered, sent, worst = probe_during_slow_clients(stack.url + "/", port)
        lines.append(
            f"- {SLOW_CLIENTS} slow clients (a header line every {LINE_EVERY:.0f} s for "
            f"{SLOW_SECONDS:.0f} s): {answered} of {sent} probes answered, the slowest in "
            f"{worst * 1000:.0f} ms (target: all, each within {MAX_PROBE_SECONDS * 1000:.0f} ms)"
        )
        if shutil.which("wrk") is None:
            return [*lines, "- load through the stack not measured: wrk is missing"]
        lines += ["", "| entries | slow clients | requests/s | p99 ms | errors |",
                  "| ---: | ---: | ---: | ---: | ---: |"]  # fmt: skip
        for count in (10, 100_000):
            folder_n = base / f"n{count}"
            folder_n.mkdir()
            config = with_entries(folder_n, count)
            port = free_port()
            with running_stack(config, folder_n / "state", port) as stack:
                for slow in (0, SLOW_CLIENTS):
                    if slow:
                        with slow_clients(port, slow, seconds=120):
                            result = run_wrk(stack.url + "/", count)
                    else:
                        result = run_wrk(stack.url + "/", count)
                    lines.append(
                        f"| {count:,} | {slow} | {result.requests_per_second:,.0f} | "
                        f"{result.p99_ms:.1f} | {result.errors} |"
                    )
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
