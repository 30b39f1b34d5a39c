"""``python -m support.living_docs``: build the site from the features and recorded runs."""

import argparse
import sys
from pathlib import Path

from .site import build
from .site import ROOT


def main(argv: list[str] | None = None) -> int:
    """Build the site and say where it is."""
    parser = argparse.ArgumentParser(prog="python -m support.living_docs")
    parser.add_argument(
        "--runs",
        type=Path,
        default=Path("reports/runs"),
        help="the folder of recorded runs, one JSON file per driver mode",
    )
    parser.add_argument("--out", type=Path, default=Path("reports/living-docs"))
    parser.add_argument("--features", type=Path, default=ROOT / "features")
    parser.add_argument("--steps", type=Path, default=ROOT / "steps")
    args = parser.parse_args(argv)
    if not args.runs.is_dir():
        parser.error(f"no recorded runs at {args.runs}: 'make docs' records them")
    written = build(args.runs, args.out, args.features.resolve(), args.steps.resolve())
    size = sum(path.stat().st_size for path in written)
    print(
        f"Living documentation: {args.out / 'index.html'} "
        f"({len(written)} files, {size // 1024} KiB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
