"""The mutants judged equivalent (mutation/decisions.yaml).

A mutant counts as caught when a scenario or a unit test notices it, and then needs no
entry: the report names the test that caught it. The only decision recorded is
"equivalent", with the reason: a change no input can tell apart. A mutant that neither
suite catches and that has no such entry is undecided: it needs a test, a scenario or an
entry.

An entry names its mutant by module, the function it is in (``scope``) and the line
before and after the change, not by cosmic-ray's id or a line number: those shift when
code above the change moves, and a decision should follow its line. The run checks each
decision against what the suites did: an "equivalent" that a suite kills is reported as
a contradiction.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

import yaml

FILE = Path(__file__).resolve().parent / "decisions.yaml"
KINDS = ("equivalent",)
#: Kinds that were once written and are refused now, with what to do instead.
WITHDRAWN = {
    "unit test": "the decision kind 'unit test' was withdrawn: a mutant that pytest catches "
    "needs no entry (the report names the test that catches it); delete this entry",
}
#: The outcomes of a mutant that a suite killed (mutation.run.Mutant.outcome).
KILLED = ("behave", "pytest", "timeout")
FIELDS = {"scope", "before", "after", "decision", "why"}

Key = tuple[str, str, str, str]


class Judged(Protocol):
    """What a decision is matched on and written to (mutation.run.Mutant)."""

    module: str
    scope: str
    before: str
    after: str
    outcome: str
    caught_by: str
    decision: str
    why: str


def scopes(source: str) -> list[tuple[int, int, str]]:
    """Every function and class of a module: (first line, decorators included, last
    line, qualified name)."""
    found: list[tuple[int, int, str]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}"
                start = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                found.append((start, child.end_lineno or child.lineno, name))
                visit(child, f"{name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return found


def scope_of(line: int, spans: list[tuple[int, int, str]]) -> str:
    """The innermost function or class holding ``line``; "" at module level."""
    holding = [(end - start, name) for start, end, name in spans if start <= line <= end]
    return min(holding)[1] if holding else ""


def key(module: str, scope: str, before: str, after: str) -> Key:
    return (module, scope, before.strip(), after.strip())


def load(path: Path | None = None) -> dict[Key, tuple[str, str]]:
    """The decisions of ``path`` (mutation/decisions.yaml by default), by the change they
    name: (decision, why). A malformed entry stops the run with the entry's place and what
    to write instead."""
    path = path or FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    decisions: dict[Key, tuple[str, str]] = {}
    for module, entries in (data or {}).items():
        for number, entry in enumerate(entries or [], start=1):
            where = f"{path.name}: {module}, entry {number}"
            if isinstance(entry, dict) and str(entry.get("decision")) in WITHDRAWN:
                raise SystemExit(f"{where}: {WITHDRAWN[str(entry['decision'])]}")
            if not isinstance(entry, dict) or not {"before", "after", "decision", "why"} <= set(
                entry
            ):
                raise SystemExit(f"{where}: give before, after, decision and why (and scope)")
            if set(entry) - FIELDS:
                raise SystemExit(f"{where}: unknown field(s) {sorted(set(entry) - FIELDS)}")
            if entry["decision"] not in KINDS:
                raise SystemExit(
                    f"{where}: decision {entry['decision']!r}; write {' or '.join(KINDS)}"
                    " (a mutant a scenario or a unit test catches needs no entry)"
                )
            if not str(entry["why"] or "").strip():
                raise SystemExit(f"{where}: say why")
            k = key(module, entry.get("scope") or "", str(entry["before"]), str(entry["after"]))
            if k in decisions:
                raise SystemExit(f"{where}: the same change is decided twice")
            decisions[k] = (entry["decision"], " ".join(str(entry["why"]).split()))
    return decisions


def apply(mutants: Iterable[Judged], decisions: dict[Key, tuple[str, str]]) -> set[Key]:
    """Write each mutant's decision onto it; the keys of the decisions used."""
    used = set()
    for m in mutants:
        k = key(m.module, m.scope, m.before, m.after)
        m.decision, m.why = decisions.get(k, ("", ""))
        if m.decision:
            used.add(k)
    return used


def contradiction(m: Judged) -> str:
    """What the suites say against a mutant's decision, or ""."""
    if m.decision != "equivalent" or m.outcome not in KILLED:
        return ""
    killer = {
        "behave": "a scenario kills it",
        "pytest": f"{m.caught_by or 'a unit test'} kills it",
        "timeout": "it runs the judge out of time (killed)",
    }[m.outcome]
    return f"decided 'equivalent', but {killer}: it is not"


def undecided(m: Judged) -> bool:
    """Whether neither suite catches the mutant and no entry judges it equivalent: it
    needs a test, a scenario or an entry."""
    return m.outcome == "survived" and m.decision != "equivalent"


def template(mutants: Iterable[Judged]) -> str:
    """Undecided mutants as entries of decisions.yaml, grouped by module, the reason left
    to fill in (an entry is only for a mutant no input can tell apart)."""
    by_module: dict[str, list[dict[str, str]]] = {}
    for m in mutants:
        by_module.setdefault(m.module, []).append(
            {
                "scope": m.scope,
                "before": m.before,
                "after": m.after,
                "decision": "equivalent",
                "why": "",
            }
        )
    if not by_module:
        return ""
    return yaml.safe_dump(by_module, sort_keys=False, allow_unicode=True, width=1000)
