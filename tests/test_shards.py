"""SHARD=k/N: every scenario in exactly one share, the shares balanced, each one what
behave takes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support.stages.shards import costs
from support.stages.shards import load_timings
from support.stages.shards import parse_shard
from support.stages.shards import places
from support.stages.shards import shares

ROOT = Path(__file__).resolve().parent.parent
#: The formatter that records which scenarios a run took, and where each is.
RECORDER = "support.living_docs.recorder:RunRecorder"


@pytest.mark.parametrize("count", range(1, 9))
def test_each_scenario_is_in_exactly_one_share(count: int) -> None:
    scenarios = places()
    timings = load_timings()
    split = shares(scenarios, timings, count)
    assert len(split) == count
    together = [s for share in split for s in share]
    assert sorted(together) == sorted(scenarios), "a scenario is missing or in two shares"
    assert len(together) == len(set(together))
    # Balanced: no share carries more than the lightest one plus its longest scenario.
    seconds = costs(scenarios, timings)
    cost = [sum(seconds[s] for s in share) for share in split]
    longest = max(seconds.values())
    assert max(cost) - min(cost) <= longest + 1e-9, cost
    assert shares(scenarios, timings, count) == split, "the same files give the same shares"


@pytest.mark.parametrize("said", ["2", "0/3", "4/3", "a/b"])
def test_a_share_that_is_no_share_is_refused_in_words(said: str) -> None:
    with pytest.raises(ValueError, match="SHARD="):
        parse_shard(said)


def test_a_share_runs_exactly_its_scenarios(tmp_path: Path) -> None:
    # A dry run selects the scenarios as a run does and defines every step, without running
    # one: the stages of make test run them all; here what counts is which ones behave takes.
    chosen = shares(places(), load_timings(), 3)[1]
    recorded = tmp_path / "run.json"
    done = subprocess.run(
        [sys.executable, "-m", "behave", "--dry-run", "--format", RECORDER,
         "--outfile", str(recorded), *chosen],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    scenarios = json.loads(recorded.read_text(encoding="utf-8"))["scenarios"]
    taken = sorted(scenario["where"] for scenario in scenarios)
    assert taken == sorted(chosen), f"expected the share's {len(chosen)}, behave took {taken}"
    not_ready = {
        scenario["where"]: step["status"]
        for scenario in scenarios
        for step in scenario["steps"]
        if step["status"] != "untested"
    }
    assert not_ready == {}, f"expected every step defined and none run, got {not_ready}"


def test_a_scenario_the_timings_do_not_know_counts_as_a_typical_one() -> None:
    timings = {"a:1": 1.0, "a:2": 3.0, "a:3": 5.0}
    assert costs(["a:1", "a:2", "a:3", "new:1"], timings)["new:1"] == 3.0
    split = shares(["a:1", "a:2", "a:3", "new:1"], timings, 2)
    assert split == [["a:1", "a:3"], ["a:2", "new:1"]]
