"""The recorded decision for every mutant the scenarios let live (mutation/decisions.yaml).

A survivor of the scenarios is either a detail a unit test holds ("unit test": a rule no
reader of the features would look for, such as a per-key bound or the wording of a
plural) or a change no input can tell apart ("equivalent", with the reason). A rule a
reader would care about has no entry here: it gets a scenario, and the mutant dies.

An entry names its mutant by module, the function it is in (``scope``) and the line
before and after the change, not by cosmic-ray's id or a line number: those shift when
code above the change moves, and a decision should follow its line. The run checks each
decision against what the suites did: a "unit test" that no test kills, or an
"equivalent" that a test kills, is reported as a contradiction.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

import yaml

FILE = Path(__file__).resolve().parent / "decisions.yaml"
KINDS = ("unit test", "equivalent")
FIELDS = {"scope", "before", "after", "decision", "why"}

Key = tuple[str, str, str, str]


class Survivor(Protocol):
    """What a decision is matched on and written to (mutation.run.Mutant)."""

    module: str
    scope: str
    before: str
    after: str
    outcome: str
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


def load(path: Path = FILE) -> dict[Key, tuple[str, str]]:
    """The decisions, by the change they name: (decision, why). A malformed entry stops the
    run with the entry's place and what to write instead."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    decisions: dict[Key, tuple[str, str]] = {}
    for module, entries in (data or {}).items():
        for number, entry in enumerate(entries or [], start=1):
            where = f"{path.name}: {module}, entry {number}"
            if not isinstance(entry, dict) or not {"before", "after", "decision", "why"} <= set(
                entry
            ):
                raise SystemExit(f"{where}: give before, after, decision and why (and scope)")
            if set(entry) - FIELDS:
                raise SystemExit(f"{where}: unknown field(s) {sorted(set(entry) - FIELDS)}")
            if entry["decision"] not in KINDS:
                raise SystemExit(
                    f"{where}: decision {entry['decision']!r}; write one of {', '.join(KINDS)}"
                    " (a rule a reader cares about gets a scenario instead)"
                )
            if not str(entry["why"] or "").strip():
                raise SystemExit(f"{where}: say why")
            k = key(module, entry.get("scope") or "", str(entry["before"]), str(entry["after"]))
            if k in decisions:
                raise SystemExit(f"{where}: the same change is decided twice")
            decisions[k] = (entry["decision"], " ".join(str(entry["why"]).split()))
    return decisions


def apply(survivors: Iterable[Survivor], decisions: dict[Key, tuple[str, str]]) -> set[Key]:
    """Write each survivor's decision onto it; the keys of the decisions used."""
    used = set()
    for m in survivors:
        k = key(m.module, m.scope, m.before, m.after)
        m.decision, m.why = decisions.get(k, ("", ""))
        if m.decision:
            used.add(k)
    return used


def contradiction(m: Survivor) -> str:
    """What the suites say against a survivor's decision, or ""."""
    if m.decision == "unit test" and m.outcome == "survived":
        return "decided 'unit test', but no unit test kills it"
    if m.decision == "equivalent" and m.outcome == "pytest":
        return "decided 'equivalent', but a unit test kills it: it is not"
    return ""


def template(survivors: Iterable[Survivor]) -> str:
    """Survivors as entries of decisions.yaml, grouped by module, each decision left to
    fill in."""
    by_module: dict[str, list[dict[str, str]]] = {}
    for m in survivors:
        by_module.setdefault(m.module, []).append(
            {"scope": m.scope, "before": m.before, "after": m.after, "decision": "", "why": ""}
        )
    if not by_module:
        return ""
    return yaml.safe_dump(by_module, sort_keys=False, allow_unicode=True, width=1000)
