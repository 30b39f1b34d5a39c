"""make mutation's own logic: decisions matched to survivors, scores, survivors judged again."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from mutation import decisions
from mutation.run import again_ids
from mutation.run import judged_again
from mutation.run import Mutant
from mutation.run import scores

SOURCE = """\
LIMIT = 3


def check(value):
    if value > LIMIT:
        return False
    return True


class Sender:
    def send(self, count):
        def retry():
            return count > 0
        return retry()


@cache
def cached():
    return 1
"""


def mutant(outcome: str, line: int = 5, before: str = "if value > LIMIT:", **kw) -> Mutant:
    fields = {
        "id": f"app/x.py:core/Op:{line}",
        "module": "app/x.py",
        "line": line,
        "operator": "Op",
        "occurrence": line,
        "before": before,
        "after": before.replace(">", ">="),
        "change": "> -> >=",
        "diff": "",
        "outcome": outcome,
        "scope": "check",
    }
    return Mutant(**{**fields, **kw})


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "decisions.yaml"
    path.write_text(text)
    return path


def test_a_change_is_placed_in_its_innermost_function_or_class() -> None:
    spans = decisions.scopes(SOURCE)
    assert decisions.scope_of(1, spans) == ""
    assert decisions.scope_of(6, spans) == "check"
    assert decisions.scope_of(10, spans) == "Sender"
    assert decisions.scope_of(11, spans) == "Sender.send"
    assert decisions.scope_of(13, spans) == "Sender.send.retry"
    assert decisions.scope_of(14, spans) == "Sender.send"
    assert decisions.scope_of(17, spans) == "cached", "a decorator belongs to its function"


def test_a_decision_follows_its_line_not_its_line_number(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "app/x.py:\n"
        "  - scope: check\n"
        "    before: 'if value > LIMIT:'\n"
        "    after: 'if value >= LIMIT:'\n"
        "    decision: unit test\n"
        "    why: LIMIT itself accepted\n",
    )
    moved, elsewhere = mutant("pytest", line=40), mutant("pytest", scope="other")
    used = decisions.apply([moved, elsewhere], decisions.load(path))
    assert (moved.decision, moved.why) == ("unit test", "LIMIT itself accepted")
    assert elsewhere.decision == "", "the same line in another function is another change"
    assert len(used) == 1


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("decision: scenario\n    why: x", "write one of unit test, equivalent"),
        ("decision: equivalent\n    why: ''", "say why"),
        ("decision: equivalent", "give before, after, decision and why"),
        ("decision: equivalent\n    why: x\n    because: y", "unknown field(s) ['because']"),
    ],
)
def test_a_malformed_decision_names_its_entry_and_what_to_write(
    tmp_path: Path, entry: str, message: str
) -> None:
    path = write(tmp_path, f"app/x.py:\n  - before: a\n    after: b\n    {entry}\n")
    with pytest.raises(SystemExit) as stopped:
        decisions.load(path)
    assert str(stopped.value).startswith("decisions.yaml: app/x.py, entry 1: ")
    assert message in str(stopped.value)


def test_the_suites_contradict_a_wrong_decision() -> None:
    assert "no unit test kills it" in decisions.contradiction(
        replace(mutant("survived"), decision="unit test")
    )
    assert "it is not" in decisions.contradiction(replace(mutant("pytest"), decision="equivalent"))
    assert decisions.contradiction(replace(mutant("pytest"), decision="unit test")) == ""
    assert decisions.contradiction(replace(mutant("survived"), decision="equivalent")) == ""


def test_undecided_survivors_are_written_as_entries_to_fill_in(tmp_path: Path) -> None:
    text = decisions.template([mutant("survived")])
    path = write(
        tmp_path,
        text.replace("decision: ''", "decision: equivalent").replace(
            "why: ''", "why: no input reaches it"
        ),
    )
    assert decisions.load(path) == {
        ("app/x.py", "check", "if value > LIMIT:", "if value >= LIMIT:"): (
            "equivalent",
            "no input reaches it",
        )
    }


def test_scores_leave_out_only_the_survivors_judged_equivalent() -> None:
    mutants = [
        mutant("behave", line=1),
        mutant("timeout", line=2),
        mutant("pytest", line=3),
        replace(mutant("survived", line=4), decision="equivalent"),
        mutant("survived", line=5),
        mutant("skipped", line=6),
        mutant("error", line=7),
    ]
    row = scores(mutants)["all"]
    assert (row["mutants"], row["killed_behave"], row["killed_both"], row["equivalent"]) == (
        5,
        2,
        3,
        1,
    )
    assert (row["score_behave"], row["score_both"]) == (40.0, 60.0)
    assert (row["score_behave_real"], row["score_both_real"]) == (50.0, 75.0)


def test_survivors_judged_again_replace_only_their_own_outcomes() -> None:
    first = [mutant("behave", line=1), mutant("pytest", line=2), mutant("survived", line=3)]
    assert again_ids(first, []) == ["app/x.py:core/Op:2", "app/x.py:core/Op:3"]
    assert again_ids(first, ["app/x.py:core/Op:3"]) == ["app/x.py:core/Op:3"]
    assert again_ids(first, ["blog"]) == []
    again = [mutant("behave", line=2), mutant("skipped", line=3)]
    merged, meta = judged_again(
        first, {"commit": "a"}, again, {"date": "d", "commit": "b", "run_seconds": 60}
    )
    assert [m.outcome for m in merged] == ["behave", "behave", "survived"]
    assert meta["commit"] == "a"
    assert meta["again"] == [
        {
            "date": "d",
            "commit": "b",
            "judged": 1,
            "killed": 1,
            "killed_by_pytest": 0,
            "run_seconds": 60,
        }
    ]


def test_the_recorded_decisions_are_well_formed() -> None:
    recorded = decisions.load()
    assert recorded, f"no decision in {decisions.FILE}"
    assert all(kind in decisions.KINDS for kind, _ in recorded.values())
