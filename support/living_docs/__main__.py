"""``python -m support.living_docs``: build the site from the features and recorded runs."""

import argparse
import sys
from pathlib import Path

from .changes import default_since
from .changes import GitError
from .changes import read_baseline
from .site import build
from .site import BuildFailed
from .site import ROOT

#: The most a reader should have to fetch for the whole site: 5 MB.
MAX_BYTES = 5_000_000


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
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=MAX_BYTES,
        help=f"the most the site may weigh, screenshots included ({MAX_BYTES:,})",
    )
    parser.add_argument(
        "--since",
        nargs="?",
        const="",
        metavar="REF",
        help="add a page of what changed in the features since this git ref; "
        "alone: since the latest tag, else before the latest commit that changed them",
    )
    args = parser.parse_args(argv)
    if not args.runs.is_dir():
        parser.error(f"no recorded runs at {args.runs}: 'make docs' records them")
    features = args.features.resolve()
    since = None
    if args.since is not None:
        ref = args.since or default_since(features)
        if ref is None:
            print(
                "No 'What changed' page: git knows no tag and no earlier commit of "
                f"{args.features}; name one with --since REF (make docs SINCE=REF)."
            )
        else:
            try:
                since = read_baseline(features, ref)
            except GitError as error:
                parser.error(
                    f"--since expected a git commit, tag or branch that has {args.features}, "
                    f"found {ref!r} ({error}); write a tag such as v1.0, or HEAD~10"
                )
    if args.max_bytes <= 0:
        parser.error(f"--max-bytes expected a number of bytes above 0, found {args.max_bytes}")
    failed = None
    try:
        written = build(args.runs, args.out, features, args.steps.resolve(), since)
    except BuildFailed as error:  # the site is written all the same
        written, failed = error.written, error
    size = sum(path.stat().st_size for path in written)
    print(
        f"Living documentation: {args.out / 'index.html'} "
        f"({len(written)} files, {size // 1024} KiB)"
    )
    if size > args.max_bytes:
        print(
            f"The site is {size // 1000:,} KB, more than the {args.max_bytes // 1000:,} KB a "
            "reader should have to fetch: its screenshots are the most of it (count them in "
            f"{args.out / 'screenshots'}); keep fewer sentences in environment.py's "
            "SEEN_ON_A_PAGE, or raise --max-bytes",
            file=sys.stderr,
        )
    if failed is not None:
        for message in failed.messages:
            print(message, file=sys.stderr)
        print(
            f"{len(failed.messages)} problem{'s' if len(failed.messages) != 1 else ''} in the "
            "feature files: the site shows them, and 'make lint' names them the same way",
            file=sys.stderr,
        )
    return 1 if failed is not None or size > args.max_bytes else 0


if __name__ == "__main__":
    sys.exit(main())
