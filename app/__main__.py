"""Run the blog with the development server: ``python -m app --config config.yaml``."""

from __future__ import annotations

import argparse
import ipaddress
import sqlite3
import sys
from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any

from . import ConfigError
from . import create_app
from .config import weak_secrets
from .db import get_db


def run_options(
    config: Mapping[str, Any], host: str, source: str = "configuration"
) -> dict[str, Any]:
    """Debugger and reloader as the config asks; refused where they would be unsafe.

    With an external debugger attached, Flask's own debugger and reloader are off so
    they do not fight it; the debug flag stays as configured. The development server is
    reached directly, so it believes no proxy's headers.
    """
    proxies = config.get("TRUSTED_PROXIES")
    if proxies:
        raise ConfigError(
            f"{source}: TRUSTED_PROXIES must be 0 for python -m app, not {proxies}: it is "
            "reached with no proxy in front, so any visitor could claim any address in "
            "X-Forwarded-For and escape the login limit; TRUSTED_PROXIES is only for a blog "
            "behind a proxy that sets X-Forwarded-For (nginx in make production); remove "
            "the key or write TRUSTED_PROXIES: 0"
        )
    debug = bool(config.get("DEBUG"))
    external = bool(config.get("DEBUG_WITH_EXTERNAL_DEBUGGER"))
    if debug and not is_loopback(host):
        raise ConfigError(
            f"refusing to run with DEBUG on host {host}: the debugger runs any code it is "
            "sent, so it may listen only on a loopback address such as 127.0.0.1"
        )
    problem = None if is_loopback(host) else weak_secrets(config)
    if problem:
        raise ConfigError(f"refusing to serve on {host}, reachable from other machines: {problem}")
    use_debugger = debug and not external
    return {
        "host": host,
        "debug": debug,
        "use_debugger": use_debugger,
        "use_reloader": use_debugger,
    }


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line, build the app and serve it."""
    parser = argparse.ArgumentParser(prog="python -m app", description=__doc__)
    parser.add_argument("--config", help="YAML file with a FLASK: section")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=5000, help="port to listen on")
    args = parser.parse_args(argv)
    try:
        app = create_app(args.config)
        options = run_options(app.config, args.host, args.config or "default configuration")
    except ConfigError as error:
        print(f"flaskr: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        # The error log's folder is made as the app is created.
        print(f"flaskr: cannot prepare the error log: {error}", file=sys.stderr)
        return 2
    try:
        # Opened once before serving, so a database that cannot be opened stops start-up
        # with its reason rather than turning every page into an error page.
        with app.app_context():
            get_db()
    except (OSError, sqlite3.Error) as error:
        print(
            f"flaskr: cannot open the database {app.config['DATABASE']}: {error}", file=sys.stderr
        )
        return 2
    app.run(port=args.port, **options)
    return 0


if __name__ == "__main__":
    sys.exit(main())
