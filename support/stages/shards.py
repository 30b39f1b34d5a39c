"""A deterministic share of the scenarios, for suites that outgrow one machine.

``make test SHARD=k/N`` runs the k-th of N shares. Every scenario (every Examples row) is
in exactly one share; shares are balanced by the seconds each scenario took in a
recorded run (``.ci/timings.json``, written by ``make timings``), longest first onto the
share with the least work so far. A scenario the timings do not know yet counts as the
median. The same files give every machine the same shares.

``python -m support.stages.shards k/N`` prints the share's scenarios, one ``file:line`` a line.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

from behave.parser import parse_file

from support.authoring.reading_order import FEATURES
from support.authoring.reading_order import ROOT
from support.authoring.sentences import runnable

TIMINGS = ROOT / ".ci" / "timings.json"


def places(folder: Path = FEATURES) -> list[str]:
    """Every scenario a run makes (each Examples row on its own), as ``file:line``."""
    found = []
    for path in sorted(folder.rglob("*.feature")):
        feature = parse_file(str(path))
        if feature is None:
            continue
        where = path.relative_to(ROOT).as_posix()
        found += [f"{where}:{scenario.line}" for scenario in runnable(feature)]
    return found


def load_timings(path: Path = TIMINGS) -> dict[str, float]:
    """Seconds per scenario from the last recorded run; none if there is none."""
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def parse_shard(said: str) -> tuple[int, int]:
    """ "2/4" as (2, 4), refused in words if it is no share of a whole."""
    try:
        index, count = (int(part) for part in said.split("/"))
    except ValueError:
        raise ValueError(f"SHARD={said!r}: write k/N, such as 2/4 (the 2nd of 4 shares)") from None
    if not 1 <= index <= count:
        raise ValueError(f"SHARD={said!r}: k must be between 1 and N")
    return index, count


def costs(scenarios: list[str], timings: dict[str, float]) -> dict[str, float]:
    """Each scenario's seconds; the median for one the timings do not know yet."""
    known = [timings[s] for s in scenarios if s in timings]
    usual = statistics.median(known) if known else 1.0
    return {s: timings.get(s, usual) for s in scenarios}


def shares(scenarios: list[str], timings: dict[str, float], count: int) -> list[list[str]]:
    """``scenarios`` in ``count`` shares of about equal seconds, each in exactly one."""
    cost = costs(scenarios, timings)
    loads = [0.0] * count
    result: list[list[str]] = [[] for _ in range(count)]
    # Longest first, each onto the lightest share; ties broken by name, so every
    # machine computes the same shares.
    for scenario in sorted(scenarios, key=lambda s: (-cost[s], s)):
        lightest = min(range(count), key=lambda i: (loads[i], i))
        result[lightest].append(scenario)
        loads[lightest] += cost[scenario]
    return [sorted(share) for share in result]


def share(said: str) -> list[str]:
    """The scenarios of share ``k/N``."""
    index, count = parse_shard(said)
    return shares(places(), load_timings(), count)[index - 1]


def record(jsonl: Path, path: Path = TIMINGS) -> int:
    """Turn a run's ``-D timings=FILE`` lines into the timings file; how many it holds."""
    seconds: dict[str, float] = {}
    for line in jsonl.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        seconds[row["scenario"]] = round(row["seconds"], 4)
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(dict(sorted(seconds.items())), indent=1) + "\n", encoding="utf-8")
    return len(seconds)


def main(argv: list[str]) -> int:
    """``k/N``: print the share; ``record FILE``: write the timings file from a run."""
    if argv[:1] == ["record"]:
        print(f"wrote {TIMINGS.relative_to(ROOT)} ({record(Path(argv[1]))} scenarios)")
        return 0
    try:
        print("\n".join(share(argv[0])))
    except (ValueError, IndexError) as error:
        print(error or "usage: python -m support.stages.shards k/N", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
