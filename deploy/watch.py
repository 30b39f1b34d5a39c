"""supervisord's event listener for the stack: a part that ends by itself stops them all,
except the ones supervisord starts again (``--restarted redis``).

The stack is whole or not at all: without nginx nobody reaches the blog, and without
gunicorn nginx answers only with errors. Those are not restarted (they would likely end
again, and quietly); the rest are stopped in order, and ``python -m deploy.stack`` ends
with status 2. Redis is started again at once: while it is away only logging in is
refused, and its append-only file keeps the failed logins; it stops the stack only when
it cannot be started again.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys

from supervisor import childutils


def main(argv: list[str] | None = None) -> None:
    """Wait for supervisord's events: a part that exited, or that could not be started."""
    parser = argparse.ArgumentParser(prog="python -m deploy.watch")
    parser.add_argument(
        "--restarted", action="append", default=[], help="a part supervisord starts again"
    )
    restarted = set(parser.parse_args(argv).restarted)
    while True:
        headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
        fields = childutils.get_headers(payload.split("\n", 1)[0])
        name, event = fields["processname"], headers["eventname"]
        # BACKOFF: a part that ended within its first second, which supervisord starts
        # again up to three times; only a part it restarts gets there.
        if name in restarted and event in ("PROCESS_STATE_EXITED", "PROCESS_STATE_BACKOFF"):
            say(f"{name} stopped unexpectedly; supervisord starts it again")
            childutils.listener.ok(sys.stdout)
            continue
        if event == "PROCESS_STATE_BACKOFF":
            childutils.listener.ok(sys.stdout)
            continue
        if name in restarted:
            say(f"{name} could not be started again; stopping the rest")
        else:
            say(f"{name} stopped unexpectedly; stopping the rest")
        if "pid" in fields:
            stop_what_is_left(int(fields["pid"]))
        childutils.listener.ok(sys.stdout)
        # supervisord, whose child this is, takes SIGTERM as "stop everything in order".
        os.kill(os.getppid(), signal.SIGTERM)


def say(message: str) -> None:
    """One line on the stack's terminal."""
    print(f"deploy.stack: {message}", file=sys.stderr, flush=True)


def stop_what_is_left(pid: int) -> None:
    """Stop the workers of a master that was killed (nginx's, gunicorn's): they would go
    on serving, unwatched. supervisord gives each part a process group of its own."""
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass  # nothing was left


if __name__ == "__main__":
    main()
