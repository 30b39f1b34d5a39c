"""A production install takes deploy/requirements.txt alone (docs/operating.md, the
systemd units): the blog's packages and its process manager, none of the suite's; and
the server's folders, laid out as docs/operating.md and the units say, let each part
reach its own.

A real one, in a fresh virtual environment, from the package index as pip is set up
here; it is made once for these tests (some 20 s).
"""

from __future__ import annotations

import configparser
import grp
import json
import os
import pwd
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from packaging.requirements import Requirement

from support import ROOT
from support.services.mail import free_port
from support.services.stack import production_config

DEPLOY_REQUIREMENTS = ROOT / "deploy" / "requirements.txt"
UNITS = ROOT / "deploy" / "systemd"
OPERATING = ROOT / "docs" / "operating.md"
#: nginx's workers on a server, as flaskr-nginx.service names them.
NGINX_USER = "www-data"


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


def service(unit: str) -> dict[str, str]:
    """The ``[Service]`` settings of one of deploy/systemd's units, continued lines joined."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((UNITS / unit).read_text(encoding="utf-8").replace("\\\n", " "))
    return dict(parser["Service"])


def folders_the_docs_make() -> dict[str, tuple[int, str | None]]:
    """Every folder an `install -d` in docs/operating.md makes: its mode and owner."""
    made = {}
    for line in OPERATING.read_text(encoding="utf-8").splitlines():
        if not line.startswith("install -d "):
            continue
        words = shlex.split(line)[2:]
        options = dict(zip(words[0:-1:2], words[1::2], strict=False))
        paths = [word for word in words if word.startswith("/")]
        for path in paths:
            made[path] = (int(options.get("-m", "755"), 8), options.get("-o"))
    return made


@pytest.fixture
def server_root() -> Iterator[Path]:
    """An empty folder standing for a server's /, which nginx's workers may enter (the
    test's own temporary folder is root's alone)."""
    root = Path(tempfile.mkdtemp(prefix="server-"))
    root.chmod(0o755)
    yield root
    shutil.rmtree(root)


def on_server(root: Path, word: str) -> str:
    """An absolute path of a unit's command line, moved under ``root``; other words kept."""
    return str(root / word.lstrip("/")) if word.startswith("/") else word


def test_nginxs_workers_reach_their_temporary_folders_on_a_server(server_root: Path) -> None:
    """docs/operating.md makes /var/lib/flaskr flaskr's alone; flaskr-nginx.service keeps
    nginx's files in a folder its workers (www-data) may enter, or a post larger than
    nginx holds in memory, which it keeps in a temporary file, gets 500."""
    if os.geteuid() != 0:
        pytest.skip("nginx's workers change to their user only when it starts as root")
    try:
        pwd.getpwnam(NGINX_USER)
    except KeyError:
        pytest.skip(f"no user {NGINX_USER} for nginx's workers")
    nginx, openssl = shutil.which("nginx") or "/usr/sbin/nginx", shutil.which("openssl")
    if not os.access(nginx, os.X_OK) or openssl is None:
        pytest.skip("nginx and openssl make and serve the server's configuration")
    root = server_root
    for folder, (mode, owner) in folders_the_docs_make().items():
        made = root / folder.lstrip("/")
        made.mkdir(parents=True, exist_ok=True)
        made.chmod(mode)
        if owner is not None and owner != "root":
            try:
                os.chown(made, pwd.getpwnam(owner).pw_uid, -1)
            except KeyError:
                pass  # still root's, which nginx's workers may not enter either
    nginx_service = service("flaskr-nginx.service")
    for name in nginx_service.get("StateDirectory", "").split():
        made = root / "var" / "lib" / name
        made.mkdir(parents=True, exist_ok=True)
        made.chmod(int(nginx_service.get("StateDirectoryMode", "0755"), 8))
    port = free_port()
    render = shlex.split(nginx_service["ExecStartPre"])
    assert render[1:3] == ["-m", "deploy.stack"], f"expected python -m deploy.stack: {render}"
    value = {word: render[i + 1] for i, word in enumerate(render[:-1])}
    certificate = root / value["--tls-certificate"].lstrip("/")
    key = root / value["--tls-key"].lstrip("/")
    certificate.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )  # fmt: skip
    config = root / value["--config"].lstrip("/")
    config.parent.mkdir(parents=True, exist_ok=True)
    production_config(config.parent, free_port()).rename(config)
    words = [on_server(root, word) for word in render[3:]]
    words[words.index("--port") + 1] = str(port)
    words[words.index("--host") + 1] = "127.0.0.1"
    umask = int(nginx_service.get("UMask", "0022"), 8)
    rendered = subprocess.run(
        [sys.executable, "-m", "deploy.stack", *words],
        cwd=ROOT, capture_output=True, text=True, timeout=60, umask=umask,
    )  # fmt: skip
    assert rendered.returncode == 0, f"deploy.stack --render failed: {rendered.stderr}"
    start = shlex.split(nginx_service["ExecStart"])
    served = subprocess.Popen(
        [nginx, *(on_server(root, word) for word in start[1:])],
        stderr=subprocess.PIPE, text=True, umask=umask,
    )  # fmt: skip
    try:
        listening(port, served)
        size = 64 * 1024
        answer = requests.post(
            f"https://127.0.0.1:{port}/", data={"text": "a" * size},
            verify=str(certificate), timeout=10,
        )  # fmt: skip
    finally:
        served.terminate()
        _, errors = served.communicate(timeout=30)
    assert answer.status_code == 502, (
        f"expected nginx to keep the {size:,}-byte post in its temporary folder and then "
        f"find no blog behind it (502), got {answer.status_code}: nginx said {errors!r}. "
        f"Give nginx's files a folder its workers ({NGINX_USER}) may pass through, such "
        "as StateDirectory=flaskr-nginx, outside /var/lib/flaskr"
    )


def listening(port: int, served: subprocess.Popen[str]) -> None:
    """Wait until nginx takes connections on ``port``; fail if it ends first."""
    for _ in range(200):
        assert served.poll() is None, f"nginx ended: {served.communicate()[1]}"
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        try:
            served.wait(0.05)
        except subprocess.TimeoutExpired:
            pass
    pytest.fail(f"nginx does not listen on 127.0.0.1:{port}")


def test_gunicorn_on_a_server_reads_its_configuration_file(server_root: Path) -> None:
    """docs/operating.md installs the configuration root's and the group flaskr's (640);
    flaskr.service's processes, their group www-data for the socket's sake, must read it
    (systemd gives them the groups initgroups(3) gives User= with Group=, and
    SupplementaryGroups=)."""
    gunicorn = service("flaskr.service")
    installs = [line for line in OPERATING.read_text(encoding="utf-8").splitlines()
                if line.startswith("install -o ") and "/etc/flaskr/" in line]  # fmt: skip
    assert len(installs) == 1, f"expected one `install` of the configuration: {installs}"
    words = shlex.split(installs[0])
    options = dict(zip(words[1:-2:2], words[2:-2:2], strict=True))
    if os.geteuid() != 0:
        pytest.skip("only root gives a file to another user")
    try:
        user = pwd.getpwnam(gunicorn["User"])
        group = grp.getgrnam(gunicorn["Group"]).gr_gid
        owner, owners_group = pwd.getpwnam(options["-o"]), grp.getgrnam(options["-g"])
        supplementary = gunicorn.get("SupplementaryGroups", "").split()
        extra = [grp.getgrnam(name).gr_gid for name in supplementary]
    except KeyError as missing:
        pytest.skip(f"no user or group {missing} on this machine")
    config = server_root / "config.yaml"
    config.write_text("FLASK: {}\n", encoding="utf-8")
    os.chown(config, owner.pw_uid, owners_group.gr_gid)
    config.chmod(int(options["-m"], 8))
    groups = os.getgrouplist(user.pw_name, group) + extra
    read = subprocess.run(
        ["test", "-r", str(config)], user=user.pw_uid, group=group, extra_groups=groups
    )
    assert read.returncode == 0, (
        f"expected {user.pw_name} with the groups {groups} to read a configuration file "
        f"{options['-o']}:{options['-g']} {options['-m']}, it cannot: add "
        f"SupplementaryGroups={options['-g']} to flaskr.service"
    )
