"""make mutation's own logic: the judge's verdict, equivalent entries matched to mutants,
scores, the report, survivors judged again."""

from __future__ import annotations

import json
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from mutation import decisions
from mutation import judge
from mutation import run
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
        "    decision: equivalent\n"
        "    why: LIMIT is never reached\n",
    )
    moved, elsewhere = mutant("survived", line=40), mutant("survived", scope="other")
    used = decisions.apply([moved, elsewhere], decisions.load(path))
    assert (moved.decision, moved.why) == ("equivalent", "LIMIT is never reached")
    assert elsewhere.decision == "", "the same line in another function is another change"
    assert len(used) == 1


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("decision: scenario\n    why: x", "decision 'scenario'; write equivalent"),
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


def test_a_unit_test_decision_is_refused_as_withdrawn_with_its_place(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "app/x.py:\n"
        "  - before: a\n    after: b\n    decision: equivalent\n    why: x\n"
        "  - before: c\n    after: d\n    decision: unit test\n    why: held by a test\n",
    )
    with pytest.raises(SystemExit) as stopped:
        decisions.load(path)
    message = str(stopped.value)
    assert message.startswith("decisions.yaml: app/x.py, entry 2: ")
    assert "'unit test' was withdrawn" in message
    assert "delete this entry" in message


def test_an_equivalent_that_either_suite_kills_is_contradicted() -> None:
    def said(outcome: str, decision: str = "equivalent", **kw: str) -> str:
        return decisions.contradiction(replace(mutant(outcome, **kw), decision=decision))

    assert "a scenario kills it: it is not" in said("behave")
    assert "tests/test_x.py::test_y kills it: it is not" in said(
        "pytest", caught_by="tests/test_x.py::test_y"
    )
    assert "a unit test kills it" in said("pytest")
    assert "out of time" in said("timeout")
    assert said("survived") == ""
    assert said("pytest", decision="") == "", "a mutant pytest catches needs no entry"


def test_undecided_means_that_neither_suite_catches_it_and_no_entry_says_equivalent() -> None:
    assert decisions.undecided(mutant("survived"))
    assert not decisions.undecided(replace(mutant("survived"), decision="equivalent"))
    assert not decisions.undecided(mutant("pytest"))
    assert not decisions.undecided(mutant("behave"))
    assert not decisions.undecided(mutant("timeout"))


def test_undecided_mutants_are_written_as_equivalent_entries_to_give_a_reason(
    tmp_path: Path,
) -> None:
    text = decisions.template([mutant("survived")])
    with pytest.raises(SystemExit, match="say why"):
        decisions.load(write(tmp_path, text))
    path = write(tmp_path, text.replace("why: ''", "why: no input reaches it"))
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


def test_a_mutant_either_suite_catches_counts_as_caught_against_the_target() -> None:
    caught = [mutant("behave", line=n) for n in range(1, 50)] + [
        mutant("pytest", line=n) for n in range(50, 98)
    ]
    equivalent = [replace(mutant("survived", line=n), decision="equivalent") for n in (98, 99)]
    row = scores([*caught, *equivalent, mutant("survived", line=100)])["all"]
    assert (row["killed_both"], row["score_both_real"]) == (97, 99.0)
    assert (row["killed_behave"], row["score_behave_real"]) == (49, 50.0)
    said = run.headline(row)
    assert said[0].startswith("Caught by the scenarios and pytest together: 97 of 100 mutants")
    assert "97 of the 98 not judged equivalent (99.0%; target 97%: met)" in said[0]
    assert "for information only" in said[1]
    short = scores([*caught[:-2], *(mutant("survived", line=n) for n in (200, 201, 202))])
    assert short["all"]["score_both_real"] == 96.9
    assert "target 97%: NOT MET" in run.headline(short["all"])[0]


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
    caught = [mutant("pytest", line=3, caught_by="tests/test_x.py::test_y")]
    merged, _ = judged_again(first, {}, caught, {"date": "d", "commit": "b", "run_seconds": 1})
    assert [(m.outcome, m.caught_by) for m in merged][2] == ("pytest", "tests/test_x.py::test_y")
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
    assert all(kind == "equivalent" for kind, _ in recorded.values())


def test_the_judge_names_the_first_test_that_fails_with_its_own_pytest_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_a.py").write_text(
        textwrap.dedent(
            """\
            import pytest

            def test_passes():
                pass

            @pytest.mark.parametrize("word", ["a - b"])
            def test_fails_first(word):
                assert word == "c"

            def test_fails_later():
                assert False
            """
        )
    )
    monkeypatch.chdir(tmp_path)
    status, output = judge.run(judge.settings()["pytest"], timeout=120)
    assert status == "failed", output
    assert judge.first_failure(output) == "tests/test_a.py::test_fails_first[a - b]"
    assert judge.first_failure("FAILED tests/test_a.py::test_x - no summary above") == ""


def test_the_verdict_names_the_test_that_caught_the_mutant_and_the_run_reads_it_back(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = "=== short test summary info ===\nFAILED tests/test_b.py::test_c - assert 1\n"
    outcomes = iter([("passed", ""), ("failed", summary)])
    monkeypatch.setattr(judge, "run", lambda args, timeout, env=None: next(outcomes))
    assert judge.main() == 1
    output = capsys.readouterr().out
    assert output.splitlines()[-1] == "verdict: pytest killed by tests/test_b.py::test_c"
    assert "FAILED tests/test_b.py::test_c - assert 1" in output  # what it said, kept
    result = {"worker_outcome": "normal", "test_outcome": "killed", "output": output}
    assert run.outcome_of(result) == ("pytest", "")
    assert run.caught_by_of(result) == "tests/test_b.py::test_c"
    assert run.caught_by_of({"output": "verdict: pytest killed\n"}) == ""
    assert run.caught_by_of({"output": "verdict: behave killed\n"}) == ""


def session_row(line: int, output: str | None, worker: str = "normal") -> tuple[dict, dict]:
    item = {
        "mutations": [
            {
                "module_path": "app/x.py",
                "operator_name": "core/Op",
                "occurrence": line,
                "start_pos": [line, 4],
            }
        ]
    }
    old, new = ("if value > LIMIT:", "if value >= LIMIT:") if line == 5 else ("a", f"b{line}")
    diff = f"--- a\n+++ b\n@@ -1 +1 @@\n-    {old}\n+    {new}\n"
    result = {"worker_outcome": worker, "test_outcome": "killed", "output": output, "diff": diff}
    return item, result


def test_the_report_scores_both_suites_and_names_the_test_that_caught_each_survivor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded = write(
        tmp_path,
        "app/x.py:\n"
        "  - scope: check\n    before: 'if value > LIMIT:'\n    after: 'if value >= LIMIT:'\n"
        "    decision: equivalent\n    why: LIMIT is never reached\n"
        "  - before: a\n    after: b1\n"
        "    decision: equivalent\n    why: thought so\n",
    )
    rows = [
        session_row(1, "verdict: behave killed\n"),
        session_row(2, "pytest: failed\nverdict: pytest killed by tests/test_x.py::test_y\n"),
        session_row(3, "pytest: failed\nverdict: pytest killed by tests/test_x.py::test_z\n"),
        session_row(4, "verdict: survived\n"),
        session_row(5, "verdict: survived\n"),
    ]
    monkeypatch.setattr(run, "session_rows", lambda session: rows)
    monkeypatch.setattr(run, "OUT", tmp_path / "out")
    monkeypatch.setattr(decisions, "FILE", recorded)
    code = {"app/x.py": SOURCE}
    mutants = run.read_session(tmp_path / "session.sqlite", code)
    assert [m.caught_by for m in mutants] == [
        "",
        "tests/test_x.py::test_y",
        "tests/test_x.py::test_z",
        "",
        "",
    ]
    meta = {"date": "d", "cosmic_ray": "8.7.0", "commit": "c", "jobs": 1, "run_seconds": 60}
    lines = run.report(mutants, meta)
    printed = "\n".join(lines)
    assert "Caught by the scenarios and pytest together: 3 of 5 mutants (60.0%)" in printed
    assert "3 of the 4 not judged equivalent (75.0%; target 97%: NOT MET)" in printed
    assert "scenarios alone, for information only: 1 (20.0%; 25.0%" in printed
    assert "CONTRADICTED: app/x.py:1 a -> b1: decided 'equivalent', but a scenario kills it" in (
        printed
    )
    assert "UNDECIDED: 1 mutant(s) neither suite catches" in printed
    out = tmp_path / "out"
    survivors = (out / "survivors-behave.txt").read_text()
    assert "= caught by pytest: tests/test_x.py::test_y" in survivors
    assert "= caught by pytest: tests/test_x.py::test_z" in survivors
    assert "= equivalent: LIMIT is never reached" in survivors
    assert "= UNDECIDED: neither suite catches it" in survivors
    assert "app/x.py:core/Op:1" not in survivors
    both = (out / "survivors-both.txt").read_text()
    assert "tests/test_x.py" not in both and "app/x.py:core/Op:4" in both
    undecided = (out / "undecided.yaml").read_text()
    assert "before: a\n" in undecided and "after: b4\n" in undecided
    assert "LIMIT" not in undecided, "a survivor judged equivalent is decided"
    data = json.loads((out / "mutants.json").read_text())
    assert [m["caught_by"] for m in data["mutants"]][1:3] == [
        "tests/test_x.py::test_y",
        "tests/test_x.py::test_z",
    ]
    assert data["scores"]["all"]["killed_both"] == 3
    assert data["target_percent"] == 97.0
    again, again_meta = run.load_run()
    assert [m.caught_by for m in again] == [m.caught_by for m in mutants]
    assert "scores" not in again_meta and "target_percent" not in again_meta


def test_each_pytest_run_of_the_judge_keeps_its_own_hypothesis_examples(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stores = []

    def fake_run(args: list[str], timeout: float, env: dict | None = None) -> tuple[str, str]:
        if env is not None:
            stores.append(env["HYPOTHESIS_STORAGE_DIRECTORY"])
        return "passed", ""

    monkeypatch.setattr(judge, "run", fake_run)
    assert judge.main() == 0 and judge.main() == 0
    assert len(stores) == 2 and stores[0] != stores[1], stores
