"""supervisord's event listener for the stack: a part that ends by itself stops them all.

The stack is whole or not at all: without nginx nobody reaches the blog, without
gunicorn nginx answers only with errors, and without Redis nobody can log in. A part
that ends is not restarted (it would likely end again, and quietly); the rest are
stopped in order, and ``python -m deploy.stack`` ends with status 2.
"""

from __future__ import annotations

import os
import signal
import sys

from supervisor import childutils


def main() -> None:
    """Wait for supervisord's events: a part that exited, or that could not be started."""
    while True:
        _headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
        fields = childutils.get_headers(payload.split("\n", 1)[0])
        print(
            f"deploy.stack: {fields['processname']} stopped unexpectedly; stopping the rest",
            file=sys.stderr,
            flush=True,
        )
        if "pid" in fields:
            stop_what_is_left(int(fields["pid"]))
        childutils.listener.ok(sys.stdout)
        # supervisord, whose child this is, takes SIGTERM as "stop everything in order".
        os.kill(os.getppid(), signal.SIGTERM)


def stop_what_is_left(pid: int) -> None:
    """Stop the workers of a master that was killed (nginx's, gunicorn's): they would go
    on serving, unwatched. supervisord gives each part a process group of its own."""
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass  # nothing was left


if __name__ == "__main__":
    main()
