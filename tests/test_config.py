"""Loading configuration files, and the example files that ship with the blog."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from werkzeug.security import generate_password_hash

from app import ConfigError
from app import create_app
from app.__main__ import run_options
from app.config import is_password_hash
from support.fixtures import DEFAULT_PASSWORD_HASH

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_flask_section_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, f"FLASK:\n  ADMINS: [a@example.org]\n  DATABASE: {tmp_path}/b.db\n")
    app = create_app(path)
    assert app.config["ADMINS"] == ["a@example.org"]
    assert app.config["MAIL_SUBJECT"] == "Flaskr failed", "unset keys keep their defaults"


def test_a_path_given_as_a_string_works(tmp_path: Path) -> None:
    app = create_app(str(write(tmp_path, "FLASK: {MAIL_PORT: 2525}\n")))
    assert app.config["MAIL_PORT"] == 2525


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "expected a 'FLASK:' section"),
        ("FLASK: {}\nLOGGING: {}\n", "unknown section 'LOGGING'"),
        ("FLASK: {ADMINS: ops@example.org}\n", "ADMINS must be a list of mail addresses"),
        ("FLASK: {LOG_LEVEL: LOUD}\n", "LOG_LEVEL must be a logging level"),
        ("FLASK: {DEBUG: 'yes'}\n", "DEBUG must be true or false"),
        ("FLASK: {LOG_BACKUP_COUNT: -1}\n", "LOG_BACKUP_COUNT must be a whole number"),
        ("FLASK: {1: 2}\n", "key 1 must be upper-case"),
        ("FLASK: {ADMIN_USERNAME: }\n", "ADMIN_USERNAME must be a non-empty string, not empty"),
        ("FLASK: {DATABASE: null}\n", "DATABASE must be a file path"),
        ("FLASK: {DATABASE: ':memory:'}\n", 'DATABASE must be a file path (not ":memory:"'),
        ("FLASK: {DATABASE: 'file:blog?mode=memory'}\n", "DATABASE must be a file path"),
        ("FLASK: {SECRET_KEY: 12345}\n", "SECRET_KEY must be a string of random characters"),
        ("FLASK: {ADMIN_PASSWORD_HASH: hunter2}\n", "ADMIN_PASSWORD_HASH must be a Werkzeug"),
        ("FLASK: {ADMIN_PASSWORD_HASH: md5$ab$cd}\n", "ADMIN_PASSWORD_HASH must be a Werkzeug"),
        ("FLASK: {ADMIN_PASSWORD_HASH: 'scrypt:1:x:1$ab$cd'}\n", "must be a Werkzeug"),
        ("FLASK: {ADMIN_PASSWORD_HASH: 'pbkdf2:nosuch:1$ab$cd'}\n", "must be a Werkzeug"),
        ("FLASK: {ADMIN_PASSWORD_HASH: 'pbkdf2:sha256:1$ab$xyz'}\n", "must be a Werkzeug"),
        ("FLASK:\n  DEBUG: true\n   TESTING: true\n", "not valid YAML at line 3"),
    ],
)
def test_bad_files_are_refused_with_the_file_and_key(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as refused:
        create_app(path)
    assert str(refused.value).startswith(f"{path}: ")
    assert message in str(refused.value)


def test_a_mapping_is_checked_like_a_file() -> None:
    with pytest.raises(ConfigError, match="configuration: unknown key 'DATABSE'"):
        create_app({"DATABSE": "x.db"})


def test_a_folder_is_not_a_configuration_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot be read"):
        create_app(tmp_path)


def test_the_development_example_starts_with_the_debugger(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    app = create_app(ROOT / "config.example.yaml")
    assert run_options(app.config, "127.0.0.1")["use_debugger"] is True


def test_the_production_example_needs_its_secrets_filled_in(tmp_path: Path) -> None:
    example = ROOT / "config.production.example.yaml"
    with pytest.raises(ConfigError, match="SECRET_KEY must be set"):
        create_app(example)
    settings = yaml.safe_load(example.read_text())
    settings["FLASK"].update(
        SECRET_KEY="3f" * 32,
        DATABASE=str(tmp_path / "blog.db"),
        ERROR_LOG=str(tmp_path / "logs" / "error.log"),
    )
    path = write(tmp_path, yaml.safe_dump(settings))
    with pytest.raises(ConfigError, match="still the development password"):
        create_app(path)
    settings["FLASK"]["ADMIN_PASSWORD_HASH"] = DEFAULT_PASSWORD_HASH
    with pytest.raises(ConfigError, match="must be an scrypt hash in production"):
        create_app(write(tmp_path, yaml.safe_dump(settings)))
    settings["FLASK"]["ADMIN_PASSWORD_HASH"] = generate_password_hash("a real one")
    app = create_app(write(tmp_path, yaml.safe_dump(settings)))
    assert run_options(app.config, "0.0.0.0")["debug"] is False


def test_an_empty_error_log_switches_the_log_file_off(tmp_path: Path) -> None:
    assert create_app(write(tmp_path, "FLASK: {ERROR_LOG: }\n")).config["ERROR_LOG"] is None


@pytest.mark.parametrize(
    ("password_hash", "valid"),
    [(generate_password_hash("x"), True),
     (generate_password_hash("x", method="pbkdf2"), True),
     (generate_password_hash("x", method="pbkdf2:sha512:1000"), True),
     ("scrypt$abc$00ff", True), ("x", False), ("scrypt$$00ff", False)],
)  # fmt: skip
def test_password_hash_formats(password_hash: str, valid: bool) -> None:
    assert is_password_hash(password_hash) is valid


def test_the_development_secrets_stay_on_this_machine() -> None:
    app = create_app()
    with pytest.raises(ConfigError, match="refusing to serve on 0.0.0.0.*SECRET_KEY must be set"):
        run_options(app.config, "0.0.0.0")
    app.config["SECRET_KEY"] = "3f" * 32
    with pytest.raises(ConfigError, match="still the development password"):
        run_options(app.config, "0.0.0.0")
    assert run_options(create_app().config, "127.0.0.1")["host"] == "127.0.0.1"


@pytest.mark.parametrize(
    ("host", "allowed"),
    [("127.0.0.1", True), ("127.8.9.10", True), ("::1", True), ("localhost", True),
     ("0.0.0.0", False), ("192.0.2.7", False), ("::", False), ("example.org", False)],
)  # fmt: skip
def test_debug_mode_listens_only_on_loopback(host: str, allowed: bool) -> None:
    if allowed:
        assert run_options({"DEBUG": True}, host)["debug"] is True
    else:
        with pytest.raises(ConfigError, match="may listen only on a loopback address"):
            run_options({"DEBUG": True}, host)
