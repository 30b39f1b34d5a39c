"""A production install takes deploy/requirements.txt alone (docs/operating.md, the
systemd units): the blog's packages and its process manager, none of the suite's.

A real one, in a fresh virtual environment, from the package index as pip is set up
here; it is made once for these tests (some 20 s).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from support import ROOT
from support.services.mail import free_port
from support.services.stack import production_config

DEPLOY_REQUIREMENTS = ROOT / "deploy" / "requirements.txt"


def normalized(name: str) -> str:
    """A package's name as pip compares names (PEP 503): "Flask_WTF" is "flask-wtf"."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    """The packages a requirements file names itself for this Python (its environment
    markers applied), with their pinned versions; the files it includes with -r are left
    out."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate():
                (pin,) = requirement.specifier
                found[normalized(requirement.name)] = pin.version
    return found


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The python of a virtual environment made as a server's is."""
    venv = tmp_path_factory.mktemp("production") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "-r", str(DEPLOY_REQUIREMENTS)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert install.returncode == 0, f"pip install -r deploy/requirements.txt: {install.stderr}"
    return python


def installed(python: Path) -> dict[str, str]:
    """Every package in ``python``'s environment, with its version."""
    listed = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=json"],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    return {normalized(item["name"]): item["version"] for item in json.loads(listed.stdout)}


def test_the_developers_requirements_include_the_blogs() -> None:
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert "-r deploy/requirements.txt" in lines, f"requirements.txt does not include it: {lines}"
    both = set(pins(ROOT / "requirements.txt")) & set(pins(DEPLOY_REQUIREMENTS))
    assert both == set(), f"pinned in both files, where they could drift apart: {both}"


def test_a_production_install_lists_none_of_the_suites_packages(production: Path) -> None:
    suite = set(pins(ROOT / "requirements.txt"))
    assert {"behave", "playwright", "cosmic-ray", "hypothesis", "pytest"} <= suite, suite
    found = sorted(suite & set(installed(production)))
    assert found == [], f"a production install holds the suite's packages {found}"


def test_a_production_install_holds_the_blogs_packages_as_pinned(production: Path) -> None:
    wanted = pins(DEPLOY_REQUIREMENTS)
    have = installed(production)
    seen = {name: have.get(name) for name in wanted}
    assert seen == wanted, f"expected {wanted}, installed {seen}"


def test_a_production_install_renders_the_servers_configuration(
    production: Path, tmp_path: Path
) -> None:
    """What flaskr-nginx.service runs before nginx starts: only the blog's packages are
    imported, and the configuration is checked without the suite's."""
    config = production_config(tmp_path, free_port())
    rendered = subprocess.run(
        [str(production), "-m", "deploy.stack", "--config", str(config), "--render",
         "--state", str(tmp_path / "nginx"), "--gunicorn-socket", "/run/flaskr/gunicorn.sock"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert rendered.returncode == 0, f"deploy.stack --render failed: {rendered.stderr}"
    text = (tmp_path / "nginx" / "nginx.conf").read_text(encoding="utf-8")
    assert "server unix:/run/flaskr/gunicorn.sock" in text, text
