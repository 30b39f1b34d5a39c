"""``make mutation``: how much of app/ the scenarios and pytest would notice if it changed.

cosmic-ray (mutation/cosmic-ray.toml) makes small changes to app/, one at a time, and runs
mutation/judge.py against each: the scenarios in-process, then the fast unit tests for the
mutants the scenarios let live. A mutant either suite kills is caught; the score is the
share caught, of all mutants and of those not judged equivalent (mutation/decisions.yaml),
with the scenarios' own share beside it for information. Every mutant is made in a copy of
the work tree (one per job, in a temporary folder), never in this one, so app/ here is
never touched, even by an interrupted run, and its files may be edited while a run goes on.

Steps: copy the tree, check that both suites pass unchanged in every copy, let cosmic-ray
list the mutants and leave out the operators the configuration caps, leave out changes to
annotations (never evaluated, see ``annotation_spans``), run the rest (cosmic-ray's local
distributor, or its HTTP distributor with one worker per copy for ``--jobs N``), then print
the scores per module and write reports/mutation/: survivors-behave.txt,
survivors-both.txt, undecided.yaml, mutants.json, summary.txt and cosmic-ray's own
session.sqlite.

A mutant's id is cosmic-ray's own address for it, ``module:operator:occurrence``; it holds
while app/ does not change. ``--only`` takes module names or ids.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections import defaultdict
from dataclasses import asdict
from dataclasses import dataclass
from datetime import date
from importlib.metadata import version
from pathlib import Path

import cosmic_ray.config
from cosmic_ray.work_db import use_db
from cosmic_ray.work_item import WorkerOutcome
from cosmic_ray.work_item import WorkResult

from mutation import decisions

ROOT = Path(__file__).resolve().parent.parent
CONFIG = Path("mutation") / "cosmic-ray.toml"
OUT = ROOT / "reports" / "mutation"
BIN = Path(sys.executable).parent
#: Words, numbers and runs of symbols: what ``compact`` compares.
TOKEN = re.compile(r"\w+|[^\w\s]+")
#: How often the run says how far it has got.
PROGRESS_EVERY_S = 60
#: The share of the mutants not judged equivalent that the two suites together must catch.
TARGET_PERCENT = 97.0
#: The outcomes of a mutant that was judged (the others were left out, not made, or not
#: reached yet).
JUDGED = ("behave", "pytest", "survived", "timeout")
#: The judge's verdict when a unit test caught the mutant, naming the test (mutation/judge.py).
CAUGHT_BY = re.compile(r"^verdict: pytest killed by (\S.*?)\s*$", re.MULTILINE)


class Interrupted(Exception):
    """SIGTERM or SIGHUP arrived: stop as after Ctrl-C."""


def on_signal(signum: int, _frame: object) -> None:
    """Turn a termination signal into an exception, so that every clean-up runs."""
    raise Interrupted(signal.Signals(signum).name)


# --- the work trees ---------------------------------------------------------------------


def tree_files() -> list[str]:
    """The files of this work tree that git would commit: tracked ones and new ones."""
    out = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode()
    return sorted({name for name in out.split("\0") if name and (ROOT / name).is_file()})


def fingerprint(files: list[str]) -> str:
    """A hash of the files that make the mutants and judge them (not the documents, the
    benchmarks or this report): a session may resume only where they are the same."""
    digest = hashlib.sha256()
    for name in files:
        if name.endswith(".md") or name.startswith(
            ("docs/", "bench/", "mutation/run.py", "mutation/decisions")
        ):
            continue
        digest.update(name.encode() + b"\0" + (ROOT / name).read_bytes() + b"\0")
    return digest.hexdigest()


def make_copies(files: list[str], folder: Path, jobs: int) -> list[Path]:
    """``jobs`` copies of the work tree under ``folder``."""
    trees = []
    for number in range(1, jobs + 1):
        tree = folder / f"tree-{number}"
        for name in files:
            target = tree / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target)
        trees.append(tree)
    return trees


def tool_env() -> dict[str, str]:
    """The environment of every command: this venv first on PATH, no PYTHONPATH (the copy's
    own app/ must be the one imported) and no byte code written (a mutant's .pyc could
    outlive it)."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def sources(tree: Path) -> dict[str, bytes]:
    """The modules of app/ in ``tree``, by path."""
    return {str(p.relative_to(tree)): p.read_bytes() for p in sorted((tree / "app").rglob("*.py"))}


# --- cosmic-ray's steps -----------------------------------------------------------------


def run_tool(args: list[str], cwd: Path, log: Path) -> None:
    """Run one of cosmic-ray's commands in ``cwd``, its output appended to ``log``."""
    with log.open("a") as handle:
        handle.write(f"$ {' '.join(args)}\n")
        handle.flush()
        proc = subprocess.run(args, cwd=cwd, env=tool_env(), stdout=handle, stderr=handle)
    if proc.returncode != 0:
        sys.exit(f"{args[0]} failed (exit {proc.returncode}); its output is in {log}")


def baseline(trees: list[Path], test_command: str) -> float:
    """Run the judge on the unchanged code in every copy at once; the slowest run's seconds."""
    start = time.monotonic()
    procs = [
        subprocess.Popen(
            shlex.split(test_command),
            cwd=tree,
            env=tool_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for tree in trees
    ]
    outputs = [proc.communicate()[0] for proc in procs]
    seconds = time.monotonic() - start
    for proc, output in zip(procs, outputs, strict=True):
        if proc.returncode != 0:
            sys.exit(f"The suites fail on the unchanged code; fix that first:\n{output}")
    return seconds


def annotation_spans(path: Path) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Where ``path``'s annotations are, if the module postpones them.

    With ``from __future__ import annotations`` Python never evaluates an annotation, so
    a change to one (``str | None`` to ``str & None``) cannot be told apart by any test.
    Positions are (line, character) as cosmic-ray gives them.
    """
    source = path.read_text(encoding="utf-8")
    module = ast.parse(source)
    postponed = any(
        isinstance(node, ast.ImportFrom)
        and node.module == "__future__"
        and any(alias.name == "annotations" for alias in node.names)
        for node in module.body
    )
    if not postponed:
        return []
    lines = source.splitlines()

    def column(line: int, byte_offset: int) -> int:
        """ast counts UTF-8 bytes; cosmic-ray counts characters."""
        return len(lines[line - 1].encode()[:byte_offset].decode(errors="ignore"))

    spans = []
    for node in ast.walk(module):
        found: list[ast.expr | None] = []
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            a = node.args
            params = [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg]
            found = [p.annotation for p in params if p is not None] + [node.returns]
        elif isinstance(node, ast.AnnAssign):
            found = [node.annotation]
        for ann in found:
            if ann is not None and ann.end_lineno is not None and ann.end_col_offset is not None:
                start = (ann.lineno, column(ann.lineno, ann.col_offset))
                end = (ann.end_lineno, column(ann.end_lineno, ann.end_col_offset))
                spans.append((start, end))
    return spans


def skip(db: object, job_id: str, reason: str) -> None:
    """Mark one mutant as left out, with the reason, as cosmic-ray's own filters do."""
    db.set_result(job_id, WorkResult(output=reason, worker_outcome=WorkerOutcome.SKIPPED))


def leave_out(session: Path, tree: Path, only: list[str]) -> None:
    """Leave out the mutants of annotations and, with ``--only``, those not asked for."""
    spans: dict[str, list] = {}
    wanted_modules = {
        m if m.startswith("app/") else f"app/{m.removesuffix('.py')}.py"
        for m in only
        if ":" not in m
    }
    wanted_ids = {m for m in only if ":" in m}
    with use_db(str(session)) as db:
        for item in list(db.pending_work_items):
            mutation = item.mutations[0]
            module = str(mutation.module_path)
            if module not in spans:
                spans[module] = annotation_spans(tree / module)
            position = tuple(mutation.start_pos)
            if any(start <= position < end for start, end in spans[module]):
                skip(db, item.job_id, "Filtered: an annotation, never evaluated")
            elif only and module not in wanted_modules and mutant_id(mutation) not in wanted_ids:
                skip(db, item.job_id, "Filtered: not asked for (--only)")


def mutant_id(mutation: object) -> str:
    """cosmic-ray's address of a mutant: module, operator and occurrence."""
    return f"{mutation.module_path}:{mutation.operator_name}:{mutation.occurrence}"


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    """Wait until a worker listens on ``port``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"A cosmic-ray worker stopped at start-up (exit {proc.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"No cosmic-ray worker answered on port {port} within {seconds:.0f} s")


def stop(procs: list[subprocess.Popen], grace: float) -> None:
    """Ask each process to stop as Ctrl-C would (cosmic-ray then puts back the file it
    changed); kill those that have not stopped after ``grace`` seconds."""
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
    deadline = time.monotonic() + grace
    for proc in procs:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def execute(trees: list[Path], session: Path, log: Path, timeout: float) -> None:
    """Run every pending mutant: in the one copy, or over one HTTP worker per copy."""
    config = trees[0] / CONFIG
    workers: list[subprocess.Popen] = []
    with log.open("a") as handle:
        if len(trees) > 1:
            ports = []
            for tree in trees:
                port = free_port()
                workers.append(
                    subprocess.Popen(
                        [str(BIN / "cosmic-ray"), "http-worker", "--port", str(port)],
                        cwd=tree,
                        env=tool_env(),
                        stdout=handle,
                        stderr=handle,
                        start_new_session=True,
                    )
                )
                ports.append(port)
            for port, worker in zip(ports, workers, strict=True):
                wait_for_port(port, worker)
            settings = cosmic_ray.config.load_config(str(config))
            settings["distributor"] = {
                "name": "http",
                "http": {"worker-urls": [f"http://127.0.0.1:{port}" for port in ports]},
            }
            config = OUT / "session.toml"
            config.write_text(cosmic_ray.config.serialize_config(settings))
        runner = subprocess.Popen(
            [str(BIN / "cosmic-ray"), "exec", str(config), str(session)],
            cwd=trees[0],
            env=tool_env(),
            stdout=handle,
            stderr=handle,
            start_new_session=True,
        )
        try:
            while True:
                try:
                    runner.wait(timeout=PROGRESS_EVERY_S)
                    break
                except subprocess.TimeoutExpired:
                    print(progress(session), flush=True)
            if runner.returncode != 0:
                sys.exit(f"cosmic-ray exec failed (exit {runner.returncode}); see {log}")
        finally:
            # A worker ends its current mutant (putting its file back) before it stops.
            stop([runner, *workers], grace=timeout + 30)


# --- what the session says --------------------------------------------------------------


@dataclass
class Mutant:
    """One mutant and what the suites made of it."""

    id: str
    module: str
    line: int
    operator: str
    occurrence: int
    before: str
    after: str
    change: str
    diff: str
    #: "behave" or "pytest" (which killed it), "survived", "timeout" (the whole judge ran
    #: out of time: killed), "error", "skipped" or "pending".
    outcome: str
    note: str = ""
    #: The function (or class) the change is in, e.g. ``check_scrypt`` or
    #: ``MailSender.send``; "" at module level. With ``before`` and ``after`` it names the
    #: change in mutation/decisions.yaml, where line numbers and occurrences would drift.
    scope: str = ""
    #: "equivalent" when mutation/decisions.yaml judges it so (with ``why``), else "".
    decision: str = ""
    why: str = ""
    #: For a mutant pytest killed: the node id of the test that failed first, as the judge
    #: printed it (``tests/test_config.py::test_x``); "" when it named none.
    caught_by: str = ""


def session_rows(session: Path) -> list[tuple[dict, dict | None]]:
    """cosmic-ray's dump of the session: each work item with its result, if any."""
    out = subprocess.run(
        [str(BIN / "cosmic-ray"), "dump", str(session)],
        env=tool_env(),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [tuple(json.loads(line)) for line in out.splitlines() if line.strip()]


def change(diff: str) -> tuple[str, str]:
    """The line(s) a mutant removes and the line(s) it adds, without their indentation
    (blank lines that the tool's rewriting drops are left out)."""
    lines = [ln for ln in diff.splitlines() if ln[1:].strip() and ln[:3] not in ("---", "+++")]
    removed = [ln[1:].strip() for ln in lines if ln[:1] == "-"]
    added = [ln[1:].strip() for ln in lines if ln[:1] == "+"]
    return " / ".join(removed), " / ".join(added)


def compact(before: str, after: str) -> str:
    """The change in a few words: the tokens that differ, and one more on each side."""
    old, new = list(TOKEN.finditer(before)), list(TOKEN.finditer(after))
    if not new:
        return f"{before} -> (line removed)"
    if not old:
        return f"(nothing) -> {after}"
    same = 0
    while same < min(len(old), len(new)) and old[same][0] == new[same][0]:
        same += 1
    tail = 0
    while tail < min(len(old), len(new)) - same and old[-1 - tail][0] == new[-1 - tail][0]:
        tail += 1
    first, last = max(0, same - 1), max(0, tail - 1)

    def part(text: str, tokens: list[re.Match]) -> str:
        """The text from the first token kept to the last."""
        kept = tokens[first : len(tokens) - last] or tokens[-1:]
        return text[kept[0].start() : kept[-1].end()]

    return f"{part(before, old)} -> {part(after, new)}"


def outcome_of(result: dict | None) -> tuple[str, str]:
    """The outcome of one work item, and a note when there is something to say."""
    if result is None:
        return "pending", ""
    output = result.get("output") or ""
    worker = result["worker_outcome"]
    if worker == "skipped":
        return "skipped", {"Filtered operator": "operator capped"}.get(
            output, output.removeprefix("Filtered: ")
        )
    if worker != "normal" or result.get("test_outcome") == "incompetent":
        return "error", output.strip().splitlines()[-1] if output.strip() else worker
    if output == "timeout":
        return "timeout", "the whole judge ran out of time"
    note = "timed out" if "timed out" in output else ""
    if "verdict: behave killed" in output:
        return "behave", note
    if "verdict: pytest killed" in output:
        return "pytest", note
    if "verdict: survived" in output:
        return "survived", ""
    return "error", f"no verdict in the judge's output: {output[-200:]!r}"


def caught_by_of(result: dict | None) -> str:
    """The unit test the judge names as having caught the mutant, or ""."""
    found = CAUGHT_BY.search((result or {}).get("output") or "")
    return found[1] if found else ""


def read_session(session: Path, code: dict[str, str] | None = None) -> list[Mutant]:
    """Every mutant of the session, in module and line order; with ``code`` (the modules
    as measured, by path), each with the function it is in."""
    spans = {path: decisions.scopes(text) for path, text in (code or {}).items()}
    mutants = []
    for item, result in session_rows(session):
        mutation = item["mutations"][0]
        outcome, note = outcome_of(result)
        diff = (result or {}).get("diff") or ""
        before, after = change(diff)
        line = mutation["start_pos"][0]
        mutants.append(
            Mutant(
                id=f"{mutation['module_path']}:{mutation['operator_name']}:"
                f"{mutation['occurrence']}",
                module=mutation["module_path"],
                line=line,
                operator=mutation["operator_name"].removeprefix("core/"),
                occurrence=mutation["occurrence"],
                before=before,
                after=after,
                change=compact(before, after),
                diff=diff,
                outcome=outcome,
                note=note,
                caught_by=caught_by_of(result) if outcome == "pytest" else "",
                scope=decisions.scope_of(line, spans.get(mutation["module_path"], [])),
            )
        )
    return sorted(mutants, key=lambda m: (m.module, m.line, m.operator, m.occurrence))


def app_code(tree: Path) -> dict[str, str]:
    """The modules of app/ in ``tree`` as text, by path."""
    return {path: data.decode() for path, data in sources(tree).items()}


def app_fingerprint(code: dict[str, str]) -> str:
    """A hash of app/'s modules: a later run may judge a run's survivors again only where it
    is the same (a mutant's id and its change mean the same code)."""
    digest = hashlib.sha256()
    for path in sorted(code):
        digest.update(path.encode() + b"\0" + code[path].encode() + b"\0")
    return digest.hexdigest()


def load_run() -> tuple[list[Mutant], dict]:
    """The mutants and facts of the last run (reports/mutation/mutants.json)."""
    path = OUT / "mutants.json"
    if not path.exists():
        sys.exit("No run to report on yet: run make mutation first.")
    data = json.loads(path.read_text())
    known = set(Mutant.__dataclass_fields__)
    mutants = [Mutant(**{k: v for k, v in m.items() if k in known}) for m in data.pop("mutants")]
    data.pop("scores", None)
    data.pop("target_percent", None)
    return mutants, data


def progress(session: Path) -> str:
    """One line: how many mutants are judged, and how many each suite caught so far."""
    counts = Counter(m.outcome for m in read_session(session))
    judged = sum(counts[k] for k in (*JUDGED, "error"))
    total = judged + counts["pending"]
    return (
        f"  {time.strftime('%H:%M:%S')}  {judged} of {total} mutants judged: "
        f"{counts['behave'] + counts['timeout']} caught by the scenarios, "
        f"{counts['pytest']} by pytest, {counts['survived']} by neither"
    )


# --- the report -------------------------------------------------------------------------


def scores(mutants: list[Mutant]) -> dict[str, dict[str, float | int]]:
    """Per module and "all": mutants judged, caught by either suite ("killed_both", the
    score), caught by the scenarios alone ("killed_behave", for information), judged
    equivalent, and the scores with and without the equivalents."""
    table: dict[str, Counter] = defaultdict(Counter)
    for m in mutants:
        if m.outcome not in JUDGED:
            continue
        for k in (m.module, "all"):
            row = table[k]
            row["mutants"] += 1
            row["killed_behave"] += m.outcome in ("behave", "timeout")
            row["killed_both"] += m.outcome != "survived"
            row["equivalent"] += m.decision == "equivalent" and m.outcome == "survived"
    result = {}
    for k in sorted(table, key=lambda k: (k == "all", k)):
        row = table[k]
        real = row["mutants"] - row["equivalent"]
        result[k] = {
            **row,
            "score_behave": percent(row["killed_behave"], row["mutants"]),
            "score_both": percent(row["killed_both"], row["mutants"]),
            "score_behave_real": percent(row["killed_behave"], real),
            "score_both_real": percent(row["killed_both"], real),
        }
    return result


def percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 100.0


def score_lines(table: dict[str, dict[str, float | int]]) -> list[str]:
    """The scores as a plain-text table: caught by either suite, of all judged and of those
    not judged equivalent (the figure the target is about), then the scenarios alone."""
    lines = [
        f"{'module':<20} {'mutants':>7}   {'caught':>12}   {'equivalent':>10}"
        f"   {'caught, equiv. out':>18}   {'scenarios alone*':>16}   {'alone, equiv. out*':>18}"
    ]
    for module, row in table.items():
        both = f"{row['killed_both']:>4} {row['score_both']:>6.1f}%"
        behave = f"{row['killed_behave']:>4} {row['score_behave']:>6.1f}%"
        lines.append(
            f"{module:<20} {row['mutants']:>7}   {both:>12}   {row['equivalent']:>10}"
            f"   {row['score_both_real']:>17.1f}%   {behave:>16}"
            f"   {row['score_behave_real']:>17.1f}%"
        )
    lines.append("* the scenarios alone: for information only, no target")
    return lines


def headline(row: dict[str, float | int]) -> list[str]:
    """The score in words: caught by the two suites together, against the target; then the
    scenarios' own share, for information."""
    real = row["mutants"] - row["equivalent"]
    met = "met" if row["score_both_real"] >= TARGET_PERCENT else "NOT MET"
    return [
        f"Caught by the scenarios and pytest together: {row['killed_both']} of "
        f"{row['mutants']} mutants ({row['score_both']:.1f}%), {row['killed_both']} of the "
        f"{real} not judged equivalent ({row['score_both_real']:.1f}%; "
        f"target {TARGET_PERCENT:g}%: {met})",
        f"Caught by the scenarios alone, for information only: {row['killed_behave']} "
        f"({row['score_behave']:.1f}%; {row['score_behave_real']:.1f}% of those not judged "
        "equivalent)",
    ]


def verdict_line(m: Mutant) -> str:
    """What became of a survivor of the scenarios: the test that caught it, its recorded
    decision, or that it needs one."""
    if m.outcome == "pytest":
        if m.caught_by:
            return f"caught by pytest: {m.caught_by}"
        return "caught by pytest" + (" (timed out: no test named)" if m.note else "")
    if m.decision:
        return f"{m.decision}: {m.why}"
    return "UNDECIDED: neither suite catches it; write a test or a scenario, or an equivalent entry"


def survivor_lines(title: str, mutants: list[Mutant], meta: dict) -> list[str]:
    """A survivors file: one block per mutant, grouped by module, with the test that
    caught it or its decision."""
    lines = [
        f"# {title}: {len(mutants)}",
        f"# {meta['date']}, cosmic-ray {meta['cosmic_ray']}, commit {meta['commit']}",
        "# id = module:operator:occurrence; to see one mutant judged again, in a scratch clone:",
        '#   cosmic-ray mutate-and-test MODULE OPERATOR OCCURRENCE "python -m mutation.judge"',
        "# equivalent mutants: mutation/decisions.yaml",
        "",
    ]
    by_module: dict[str, list[Mutant]] = defaultdict(list)
    for m in mutants:
        by_module[m.module].append(m)
    for module, group in by_module.items():
        lines.append(f"{module} ({len(group)})")
        for m in group:
            where = f" in {m.scope}" if m.scope else ""
            lines.append(f"  {m.module}:{m.line}{where}  {m.change}    {m.id}")
            lines.append(f"      - {m.before}")
            lines.append(f"      + {m.after}")
            lines.append(f"      = {verdict_line(m)}")
            if decisions.contradiction(m):
                lines.append(f"      ! {decisions.contradiction(m)}")
        lines.append("")
    return lines


def commit() -> str:
    """The commit measured, and whether the tree had changes of its own."""
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return f"{head} with uncommitted changes" if dirty else head


def report(mutants: list[Mutant], meta: dict) -> list[str]:
    """Match the decisions, print the scores, write reports/mutation/; the lines printed."""
    judged = [m for m in mutants if m.outcome in JUDGED]
    for m in mutants:
        m.decision, m.why = "", ""
    recorded = decisions.load()
    used = decisions.apply(judged, recorded)
    table = scores(mutants)
    counts = Counter(m.outcome for m in mutants)
    skipped = Counter(m.note for m in mutants if m.outcome == "skipped")
    behave_survivors = [m for m in mutants if m.outcome in ("pytest", "survived")]
    both_survivors = [m for m in mutants if m.outcome == "survived"]
    equivalent = [m for m in both_survivors if m.decision == "equivalent"]
    contradicted = [m for m in judged if decisions.contradiction(m)]
    undecided = [m for m in judged if decisions.undecided(m)]
    out, recorded_in = shown(OUT), shown(decisions.FILE)
    lines = [
        f"Mutation testing of app/: {meta['date']}, cosmic-ray {meta['cosmic_ray']}, "
        f"commit {meta['commit']}, {meta['jobs']} job(s), {meta['run_seconds'] / 60:.1f} min",
        *(
            f"  survivors judged again: {a['date']}, commit {a['commit']}, {a['judged']} "
            f"mutants, now killed: {a['killed']} by the scenarios, "
            f"{a['killed_by_pytest']} by pytest, {a['run_seconds'] / 60:.1f} min"
            for a in meta.get("again", [])
        ),
        "",
        *score_lines(table),
        "",
        *(headline(table["all"]) if "all" in table else ["No mutant judged."]),
        f"Left out: {sum(skipped.values())} "
        + "("
        + ", ".join(f"{n} {why}" for why, n in sorted(skipped.items()))
        + ")",
        f"Timed out (killed): {sum(1 for m in mutants if m.note == 'timed out')} in a suite, "
        f"{counts['timeout']} the whole judge",
    ]
    if counts["error"]:
        lines.append(f"ERRORS (not counted): {counts['error']}: see mutants.json")
    if counts["pending"]:
        lines.append(
            f"NOT FINISHED: {counts['pending']} mutants not judged (run again with "
            "RESUME=1 to go on)"
        )
    lines.append(
        f"Survivors: {len(behave_survivors)} of the scenarios ({counts['pytest']} of them "
        f"caught by pytest, the test named in survivors-behave.txt), {len(both_survivors)} "
        f"of both, in {out}/"
    )
    lines.append(
        f"Equivalent ({recorded_in}): {len(equivalent)} of the mutants "
        f"neither suite catches; {len(recorded) - len(used)} recorded entry(ies) match no "
        "mutant of this run"
    )
    if undecided:
        lines.append(
            f"UNDECIDED: {len(undecided)} mutant(s) neither suite catches and no entry judges "
            f"equivalent (listed in {out}/undecided.yaml): each needs a unit test or a "
            "scenario that catches it, or, if no input can tell it apart, an equivalent "
            f"entry in {recorded_in}"
        )
    else:
        lines.append("Undecided: none (every mutant is caught or judged equivalent)")
    for m in contradicted:
        lines.append(f"CONTRADICTED: {m.module}:{m.line} {m.change}: {decisions.contradiction(m)}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "summary.txt").write_text("\n".join(lines) + "\n")
    (OUT / "survivors-behave.txt").write_text(
        "\n".join(survivor_lines("Mutants the scenarios let live", behave_survivors, meta)) + "\n"
    )
    (OUT / "survivors-both.txt").write_text(
        "\n".join(survivor_lines("Mutants neither suite caught", both_survivors, meta)) + "\n"
    )
    (OUT / "undecided.yaml").write_text(undecided_text(undecided))
    (OUT / "mutants.json").write_text(
        json.dumps(
            {
                **meta,
                "target_percent": TARGET_PERCENT,
                "scores": table,
                "mutants": [asdict(m) for m in mutants],
            },
            indent=1,
        )
        + "\n"
    )
    return lines


def shown(path: Path) -> str:
    """``path`` as the run prints it: from the root of the work tree when it is inside."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def undecided_text(undecided: list[Mutant]) -> str:
    """reports/mutation/undecided.yaml: the mutants neither suite catches and no entry
    judges equivalent, as entries of decisions.yaml, with what to do about each."""
    if not undecided:
        return ""
    return (
        "# Mutants neither suite catches, with no entry judging them equivalent. For each,\n"
        "# write a unit test or a scenario that catches it; or, only if no input can tell\n"
        "# the change apart, copy its entry into mutation/decisions.yaml and say why.\n"
        + decisions.template(undecided)
    )


# --- the whole run ----------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Measure, print and write the report."""
    parser = argparse.ArgumentParser(prog="make mutation", description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("JOBS", "1")))
    parser.add_argument("--only", default="", help="modules (auth, app/blog.py) or mutant ids")
    parser.add_argument("--resume", action="store_true", help="judge what the last run left")
    parser.add_argument(
        "--again",
        action="store_true",
        help="judge the last run's survivors again (after new scenarios or tests)",
    )
    parser.add_argument("--report", action="store_true", help="only write the last run's report")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if args.again and args.resume:
        parser.error("--again and --resume do not go together")
    # Ctrl-C stops a run even when it was started in the background (which ignores SIGINT).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    started = time.monotonic()
    OUT.mkdir(parents=True, exist_ok=True)
    session, log, stamp = OUT / "session.sqlite", OUT / "cosmic-ray.log", OUT / "tree.sha256"
    only = [s for s in args.only.replace(",", " ").split() if s]
    if args.report:
        mutants, meta = load_run()
        for line in report(mutants, meta):
            print(line)
        return 0
    files = tree_files()
    meta = {
        "date": str(date.today()),
        "cosmic_ray": version("cosmic-ray"),
        "commit": commit(),
        "jobs": args.jobs,
        "config": str(CONFIG),
        "app_sha256": app_fingerprint(app_code(ROOT)),
    }
    base: list[Mutant] = []
    if args.again:
        base, first = load_run()
        if first.get("app_sha256") != meta["app_sha256"]:
            sys.exit(
                "app/ changed since the last run: its mutants are not these any more "
                "(run make mutation without AGAIN=1)."
            )
        only = again_ids(base, only)
        if not only:
            sys.exit("The last run left no survivor of the scenarios to judge again.")
        session = OUT / "again.sqlite"
    resume = args.resume and session.exists() and stamp.exists()
    if args.resume and not resume:
        print("Nothing to resume: starting a new run.")
    if resume and stamp.read_text().strip() != fingerprint(files):
        sys.exit(
            "The work tree changed since that run: the mutants would not be the same "
            "(run without RESUME=1)."
        )

    folder = Path(tempfile.mkdtemp(prefix="mutation-"))
    trees: list[Path] = []
    originals: dict[str, bytes] = {}
    restored = True
    try:
        print(f"Copying the work tree ({len(files)} files) {args.jobs} time(s)", flush=True)
        trees = make_copies(files, folder, args.jobs)
        originals = sources(trees[0])
        config = cosmic_ray.config.load_config(str(trees[0] / CONFIG))
        seconds = baseline(trees, config.test_command)
        print(f"The suites pass on the unchanged code ({seconds:.0f} s side by side)", flush=True)
        if not resume:
            log.write_text("")
            session.unlink(missing_ok=True)
            if not args.again:
                stamp.write_text(fingerprint(files) + "\n")
            run_tool([str(BIN / "cosmic-ray"), "init", str(CONFIG), str(session)], trees[0], log)
            run_tool([str(BIN / "cr-filter-operators"), str(session), str(CONFIG)], trees[0], log)
            leave_out(session, trees[0], only)
        print(progress(session), flush=True)
        execute(trees, session, log, config.timeout)
    except (KeyboardInterrupt, Interrupted) as stopped:
        print(
            f"\nStopped ({str(stopped) or 'Ctrl-C'}); the mutants judged so far are reported.",
            file=sys.stderr,
        )
    finally:
        for tree in trees:
            if originals and sources(tree) != originals:
                restored = False
                print(f"app/ of the copy {tree.name} was left changed", file=sys.stderr)
        shutil.rmtree(folder, ignore_errors=True)
    meta["run_seconds"] = round(time.monotonic() - started)
    if session.exists():
        code = {path: data.decode() for path, data in originals.items()} or app_code(ROOT)
        mutants = read_session(session, code)
        if args.again:
            mutants, meta = judged_again(base, first, mutants, meta)
        for line in report(mutants, meta):
            print(line)
    if trees:
        print("app/ in every copy was put back as it was" if restored else "", flush=True)
    return 0 if restored else 1


def again_ids(mutants: list[Mutant], only: list[str]) -> list[str]:
    """The ids of the survivors of the scenarios, within ``only`` (modules or ids) if given."""
    modules = {m if m.startswith("app/") else f"app/{m.removesuffix('.py')}.py" for m in only}
    return [
        m.id
        for m in mutants
        if m.outcome in ("pytest", "survived") and (not only or m.id in only or m.module in modules)
    ]


def judged_again(
    base: list[Mutant], first: dict, again: list[Mutant], meta: dict
) -> tuple[list[Mutant], dict]:
    """The last run's mutants with the outcomes of those judged again; its facts, with this
    run added to its "again" list."""
    new = {m.id: m for m in again if m.outcome in ("behave", "pytest", "survived", "timeout")}
    merged = []
    for m in base:
        if m.id in new:
            m = Mutant(
                **{
                    **asdict(m),
                    "outcome": new[m.id].outcome,
                    "note": new[m.id].note,
                    "caught_by": new[m.id].caught_by,
                }
            )
        merged.append(m)
    killed = sum(1 for m in new.values() if m.outcome in ("behave", "timeout"))
    first.setdefault("again", []).append(
        {
            "date": meta["date"],
            "commit": meta["commit"],
            "judged": len(new),
            "killed": killed,
            "killed_by_pytest": sum(1 for m in new.values() if m.outcome == "pytest"),
            "run_seconds": meta["run_seconds"],
        }
    )
    return merged, first


if __name__ == "__main__":
    sys.exit(main())
