"""``python -m bench``: print every benchmark's figures."""

import os
import platform
import sys
from datetime import date

from bench import browser_ratio
from bench import flood
from bench import load
from bench import mail_storm
from bench import modes
from bench import scale
from bench import stack


def machine() -> str:
    """One line about where the figures were taken."""
    return (
        f"{date.today()}, Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} cores"
    )


if __name__ == "__main__":
    print(f"# Benchmarks ({machine()})\n")
    print("## The scenarios in each driver mode\n")
    print("\n".join(modes.main()))
    print("\n".join(browser_ratio.main()))
    print("\n## The suite at scale, against the same work as a plain unittest\n")
    print("\n".join(scale.main()))
    print("\n## The front page under load\n")
    print("\n".join(load.main()))
    print("\n## Error mail under a storm of failures\n")
    print("\n".join(mail_storm.main()))
    print("\n## The production stack: slow clients and load\n")
    print("\n".join(stack.main()))
    print("\n## The production stack: a flood of slow connections from one address\n")
    print("\n".join(flood.main()))
    sys.stdout.flush()
