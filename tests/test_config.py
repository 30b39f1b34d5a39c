"""Loading configuration files, and the example files that ship with the blog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash

from app import config as app_config
from app import ConfigError
from app import create_app
from app import DEV_PASSWORD
from app import DEV_PASSWORD_HASH
from app.__main__ import run_options
from app.config import _sane_method
from app.config import is_password_hash
from app.config import MAX_PBKDF2_ITERATIONS
from app.config import MAX_SCRYPT_N
from app.config import verifies_dev_password
from support.scenarios.fixtures import DEFAULT_PASSWORD_HASH
from support.scenarios.fixtures import PRODUCTION_SECRET_KEY
from support.scenarios.fixtures import scrypt_hash
from support.services.mail import free_port

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
        # What configuration.feature showed before it kept one example per kind:
        ("FLASK: {debug: true}\n", "key 'debug' must be upper-case"),
        ("FLASK: {MAIL_PORT: twenty-five}\n", "MAIL_PORT must be a port number"),
        ("FLASK: [unclosed\n", "not valid YAML"),
        ("DEBUG: true\n", "expected a 'FLASK:' section"),
        (
            "FLASK: {PRODUCTION: true, DEBUG: false, PRODUCTION: false}\n",
            "key 'PRODUCTION' is set twice, on line 1",
        ),
        ("{FLASK: {DEBUG: false}, LOGGING: {LEVEL: INFO}}\n", "unknown section 'LOGGING'"),
        (
            "FLASK: {TRUSTED_HOSTS: ['https://blog.example.org']}\n",
            "TRUSTED_HOSTS must be a non-empty list",
        ),
        ("FLASK: {LOGIN_LIMIT: often}\n", "LOGIN_LIMIT must be a rate"),
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
        SECRET_KEY=PRODUCTION_SECRET_KEY,
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
    path = write(tmp_path, yaml.safe_dump(settings))
    app = create_app(path)
    assert app.config["DEBUG"] is False
    assert app.config["TRUSTED_HOSTS"] == ["blog.example.org"]
    # It is written for gunicorn behind nginx: python -m app has no proxy in front.
    with pytest.raises(ConfigError, match=f"^{re.escape(str(path))}: TRUSTED_PROXIES must be 0"):
        run_options(app.config, "0.0.0.0", str(path))


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
    with pytest.raises(
        ConfigError, match="refusing to serve on 0.0.0.0.*SECRET_KEY must be random"
    ):
        run_options(app.config, "0.0.0.0")
    app.config["SECRET_KEY"] = PRODUCTION_SECRET_KEY
    with pytest.raises(ConfigError, match="still the development password"):
        run_options(app.config, "0.0.0.0")
    app.config["ADMIN_PASSWORD_HASH"] = generate_password_hash(
        DEV_PASSWORD, method="pbkdf2:sha256:1000"
    )
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


#: A key a production configuration leaves out (None is written: null in YAML).
LEFT_OUT = object()


def production(tmp_path: Path, **changes: object) -> dict[str, object]:
    """A production configuration that starts, with ``changes`` (LEFT_OUT: key left out)."""
    settings: dict[str, object] = {
        "PRODUCTION": True,
        "SECRET_KEY": PRODUCTION_SECRET_KEY,
        "ADMIN_PASSWORD_HASH": scrypt_hash("a real one"),
        "TRUSTED_HOSTS": ["blog.example.org"],
        "DATABASE": str(tmp_path / "blog.db"),
        # Named, never reached: building the blog does not connect to its store.
        "LOGIN_LIMIT_STORAGE": "redis+unix:///var/lib/flaskr/redis/redis.sock",
    }
    settings.update(changes)
    return {key: value for key, value in settings.items() if value is not LEFT_OUT}


def test_a_sound_production_configuration_starts(tmp_path: Path) -> None:
    app = create_app(write(tmp_path, yaml.safe_dump({"FLASK": production(tmp_path)})))
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert run_options(app.config, "0.0.0.0")["debug"] is False


def test_a_production_blog_checks_its_hash_once_as_it_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At full cost a check takes about 90 ms: whether login can check the hash and
    whether it lets the development password in are one check."""
    settings = production(tmp_path)
    checked: list[str] = []

    def counted(password_hash: str, password: str) -> bool:
        checked.append(password)
        return check_password_hash(password_hash, password)

    monkeypatch.setattr("app.config.check_password_hash", counted)
    create_app(settings)
    assert checked == [DEV_PASSWORD], checked


def test_server_name_may_stand_for_trusted_hosts(tmp_path: Path) -> None:
    settings = production(tmp_path, TRUSTED_HOSTS=LEFT_OUT, SERVER_NAME="blog.example.org")
    assert create_app(settings).config["TRUSTED_HOSTS"] is None


#: Settings that let a forged form, a guesser or a stolen hash through in production, each
#: with the start of its refusal (after the file's name): python -m app and gunicorn
#: refuse them too (test_main.py).
UNSAFE_PRODUCTION_SETTINGS = [
    ({"WTF_CSRF_CHECK_DEFAULT": False},
     "WTF_CSRF_CHECK_DEFAULT must be on in production: without it no form's token is "
     "checked, so another page can post as the admin (a delete without a token works); "
     "remove the key or write WTF_CSRF_CHECK_DEFAULT: true"),
    ({"WTF_CSRF_METHODS": []},
     "WTF_CSRF_METHODS must include POST in production, not []: every change is a POST, "
     "so a post without its token would be taken (a delete without a token works); remove "
     "the key or write WTF_CSRF_METHODS: [POST, PUT, PATCH, DELETE]"),
    ({"WTF_CSRF_METHODS": ["PUT", "DELETE"]}, "WTF_CSRF_METHODS must include POST"),
    ({"WTF_CSRF_METHODS": "POST"}, "WTF_CSRF_METHODS must include POST in production, not 'POST'"),
    ({"LOGIN_LIMIT": "1000000 per second"},
     "LOGIN_LIMIT must allow at most 60 failed logins an hour in production, on average, "
     "but '1000000 per second' allows 3600000000 an hour: a guesser could try that many "
     "passwords; remove the key (5 per 15 minutes, 20 an hour) or write a rate such as "
     "LOGIN_LIMIT: 10 per hour"),
    ({"LOGIN_LIMIT": "61 per hour"}, "but '61 per hour' allows 61 an hour"),
    ({"LOGIN_LIMIT": "2 per minute"}, "but '2 per minute' allows 120 an hour"),
    ({"SESSION_COOKIE_SAMESITE": None},
     "SESSION_COOKIE_SAMESITE must be Lax or Strict in production, not empty: otherwise "
     "browsers send the admin's cookie along with other sites' posts; remove the key or "
     "write SESSION_COOKIE_SAMESITE: Lax"),
    ({"SESSION_COOKIE_SAMESITE": "None"},
     "SESSION_COOKIE_SAMESITE must be Lax or Strict in production, not 'None'"),
    # Its parameters read well, but login cannot check it (scrypt refuses the memory).
    ({"ADMIN_PASSWORD_HASH": "scrypt:32768:999999999:1$salt$00ff"},
     "ADMIN_PASSWORD_HASH must be a Werkzeug password hash"),
    ({"ADMIN_PASSWORD_HASH": generate_password_hash("a real one", method="scrypt:128:8:1")},
     "ADMIN_PASSWORD_HASH must cost at least Werkzeug's default in production, "
     "scrypt:32768:8:1, not scrypt:128:8:1: whoever reads a cheaper hash tries passwords "
     "against it that much faster; make one with: python -c 'import getpass"),
    ({"ADMIN_PASSWORD_HASH": generate_password_hash("a real one", method="scrypt:16384:8:1")},
     "not scrypt:16384:8:1"),
    ({"ADMIN_PASSWORD_HASH": generate_password_hash("a real one", method="scrypt:32768:4:1")},
     "not scrypt:32768:4:1"),
    ({"LOGIN_LIMIT_STORAGE": LEFT_OUT},
     "LOGIN_LIMIT_STORAGE must be a Redis (or another store every worker shares) in "
     "production, not 'memory://': each worker would count failed logins on its own, so a "
     "guesser gets the limit once per worker; write e.g. LOGIN_LIMIT_STORAGE: "
     "redis+unix:///var/lib/flaskr/redis/redis.sock (a socket only the blog's user reaches) "
     "or redis://:PASSWORD@127.0.0.1:6379/0"),
    ({"LOGIN_LIMIT_STORAGE": "async+memory://"}, "not 'async+memory://': each worker"),
    ({"WTF_CSRF_SSL_STRICT": False}, "WTF_CSRF_SSL_STRICT must be on in production"),
    ({"LOGIN_LIMIT_STORAGE": "MEMORY://"}, "not 'MEMORY://': each worker"),
    ({"LOGIN_LIMIT_STORAGE": "memory:"}, "not 'memory:': each worker"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"DEBUG": True}, "DEBUG must be off in production"),
     ({"WTF_CSRF_ENABLED": False},
      "WTF_CSRF_ENABLED must be on in production: without it another site can post forms "
      "as the admin; remove the key or write WTF_CSRF_ENABLED: true"),
     ({"SESSION_COOKIE_HTTPONLY": False},
      "SESSION_COOKIE_HTTPONLY must be on in production: without it a script can read the "
      "admin's session; remove the key or write SESSION_COOKIE_HTTPONLY: true"),
     ({"SECRET_KEY": "a" * 32},
      "in production, SECRET_KEY must be random, not a few characters repeated (it has "
      "1 distinct character; a random one has at least 8); make one with: "
      "python -c 'import secrets; print(secrets.token_hex())'"),
     ({"SECRET_KEY": "0123456" * 5}, "(it has 7 distinct characters; a random one has"),
     ({"SECRET_KEY": "dev" * 11}, "SECRET_KEY must be random"),
     ({"ADMIN_PASSWORD_HASH": DEV_PASSWORD_HASH},
      "in production, ADMIN_PASSWORD_HASH is still the development password 'default'; "
      "set the hash of a password of your own, made with: python -c 'import getpass"),
     ({"ADMIN_PASSWORD_HASH": generate_password_hash(DEV_PASSWORD)},
      "ADMIN_PASSWORD_HASH is still the development password"),
     ({"ADMIN_PASSWORD_HASH": generate_password_hash(DEV_PASSWORD, method="scrypt:1024:8:1")},
      "ADMIN_PASSWORD_HASH is still the development password"),
     ({"ADMIN_PASSWORD_HASH": generate_password_hash(DEV_PASSWORD, method="pbkdf2:sha256:1000")},
      "ADMIN_PASSWORD_HASH is still the development password"),
     ({"ADMIN_PASSWORD_HASH": generate_password_hash("a real one", method="pbkdf2:sha256:1000")},
      "ADMIN_PASSWORD_HASH must be an scrypt hash in production, made with: python -c"),
     ({"SECRET_KEY": LEFT_OUT}, "in production, SECRET_KEY must be set to at least 32 random"),
     ({"TRUSTED_HOSTS": LEFT_OUT},
      "in production, TRUSTED_HOSTS must list the host names the blog answers to, "
      "e.g. TRUSTED_HOSTS: [blog.example.org], so that a request naming another host is "
      "refused instead of being redirected there"),
     ({"TRUSTED_HOSTS": []}, "TRUSTED_HOSTS must be a non-empty list of host names"),
     ({"TRUSTED_HOSTS": "blog.example.org"}, "TRUSTED_HOSTS must be a non-empty list"),
     ({"TRUSTED_HOSTS": ["https://blog.example.org"]}, "(no scheme, no port), not ['https:"),
     ({"TRUSTED_HOSTS": ["blog.example.org:443"]}, "TRUSTED_HOSTS must be a non-empty list"),
     *UNSAFE_PRODUCTION_SETTINGS],
)  # fmt: skip
def test_unsafe_production_settings_are_refused(
    tmp_path: Path, changes: dict[str, object], message: str
) -> None:
    path = write(tmp_path, yaml.safe_dump({"FLASK": production(tmp_path, **changes)}))
    with pytest.raises(ConfigError) as refused:
        create_app(path)
    assert str(refused.value).startswith(f"{path}: ")
    assert message in str(refused.value)
    (key,) = changes
    assert re.search(rf"\b{key}\b", str(refused.value)), (
        f"expected the refusal to name {key}, got {refused.value}"
    )


@pytest.mark.parametrize(
    ("changes", "safe"),
    [({"LOGIN_LIMIT": "60 per hour"}, "the most failed logins an hour allowed"),
     ({"LOGIN_LIMIT": "1 per minute"}, "60 an hour, written per minute"),
     ({"SESSION_COOKIE_SAMESITE": "Strict"}, "a stricter SameSite"),
     ({"WTF_CSRF_METHODS": ["POST"]}, "forms checked for POST alone"),
     ({"ADMIN_PASSWORD_HASH": generate_password_hash("a real one", method="scrypt:65536:8:2")},
      "a hash dearer than the default"),
     ({"LOGIN_LIMIT_STORAGE": "redis+unix:///run/redis/redis.sock"}, "Redis on a socket"),
     ({"LOGIN_LIMIT_STORAGE": "memcached://127.0.0.1:11211"}, "another shared store")],
)  # fmt: skip
def test_production_settings_at_their_limits_are_taken(
    tmp_path: Path, changes: dict[str, object], safe: str
) -> None:
    assert refusal(production(tmp_path, **changes)) == "", f"{safe} was refused: {changes}"


@pytest.mark.parametrize(
    "hosts", [["blog.example.org"], [".example.org", "127.0.0.1"], ["bücher.example"]]
)
def test_trusted_hosts_takes_host_names(tmp_path: Path, hosts: list[str]) -> None:
    assert create_app(production(tmp_path, TRUSTED_HOSTS=hosts)).config["TRUSTED_HOSTS"] == hosts


DUPLICATE = """\
FLASK:
  SECRET_KEY: 5f1c0e9a4b7d2e8f3a6c1b9d0e7f4a2c
  PRODUCTION: true
  ADMINS:
    - ops@example.org
  MAIL_SERVER: 127.0.0.1

  # later, someone tries something out
  PRODUCTION: false
"""


def test_a_key_written_twice_is_refused_naming_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path, DUPLICATE)
    with pytest.raises(ConfigError) as refused:
        create_app(path)
    assert str(refused.value) == (
        f"{path}: key 'PRODUCTION' is set twice, at line 3 and line 9: keep only the one you mean"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [("FLASK: {MAIL_PORT: 25, MAIL_PORT: 2525}\n", "key 'MAIL_PORT' is set twice, on line 1"),
     ("FLASK: {}\nFLASK: {DEBUG: true}\n", "key 'FLASK' is set twice, at line 1 and line 2"),
     ("FLASK:\n  LOG_ALSO: [a]\n  DEBUG: false\n  LOG_ALSO: []\n",
      "key 'LOG_ALSO' is set twice, at line 2 and line 4")],
)  # fmt: skip
def test_a_key_written_twice_is_refused_in_every_mode(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=f"^{re.escape(f'{path}: {message}')}"):
        create_app(path)


MERGED = """\
FLASK:
  SECRET_KEY: 5f1c0e9a4b7d2e8f3a6c1b9d0e7f4a2c
  ADMINS: [ops@example.org]
  <<: {WTF_CSRF_ENABLED: false}
"""


@pytest.mark.parametrize(
    ("text", "line"),
    [(MERGED, 4),
     ("FLASK: {<<: {MAIL_PORT: 25, MAIL_TIMEOUT: 5}, MAIL_PORT: 2525}\n", 1),
     ("base: &base {MAIL_PORT: 25}\nFLASK:\n  <<: *base\n", 3),
     ("FLASK:\n  LOG_ALSO: [{<<: {a: 1}}]\n", 2)],
)  # fmt: skip
def test_a_merge_key_is_refused_with_its_line(tmp_path: Path, text: str, line: int) -> None:
    path = write(tmp_path, text)
    assert refusal(path) == (
        f"{path}: a merge key (<<) on line {line} brings in settings that another line may "
        "set again unseen; write each key out instead"
    )


@pytest.mark.parametrize(
    ("method", "sane"),
    [("scrypt:1048576:8:1", True), ("scrypt:2097152:8:1", False),
     ("scrypt:2:1:1", True), ("scrypt:1:8:1", False), ("scrypt:1000:8:1", False),
     ("scrypt:1024:0:1", False), ("scrypt:1024:8:0", False), ("scrypt:1024:8", False),
     ("pbkdf2:sha256:10000000", True), ("pbkdf2:sha256:10000001", False),
     ("pbkdf2:sha256:1", True), ("pbkdf2:sha256:0", False), ("pbkdf2:sha256", True),
     ("pbkdf2", True), ("pbkdf2:sha256:1:2", False), ("argon2:1", False)],
)  # fmt: skip
def test_a_hash_costs_at_most_its_ceiling(method: str, sane: bool) -> None:
    name, *params = method.split(":")
    assert _sane_method(name, params) is sane


@pytest.mark.parametrize(
    "method", [f"scrypt:{MAX_SCRYPT_N * 2}:8:1", f"pbkdf2:sha256:{MAX_PBKDF2_ITERATIONS * 2}"]
)
def test_a_hash_beyond_the_ceiling_is_refused_without_being_run(
    method: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = spy_on_hash_checks(monkeypatch)
    assert is_password_hash(f"{method}$salt$00ff") is False
    assert checked == [], f"expected the hash refused before it was run, but it was run: {checked}"


def test_a_hash_within_the_ceiling_is_run_once_before_it_is_accepted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checked = spy_on_hash_checks(monkeypatch)
    assert is_password_hash(DEFAULT_PASSWORD_HASH) is True
    assert checked == [DEFAULT_PASSWORD_HASH], f"expected one check of the hash, saw {checked}"


def spy_on_hash_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The hashes the configuration checks from now on, each as it is checked: counting
    the calls, not the seconds, proves a hash was refused unread on any machine."""
    checked: list[str] = []
    real = app_config.check_password_hash

    def spy(password_hash: str, password: str) -> bool:
        checked.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(app_config, "check_password_hash", spy)
    return checked


def refusal(settings: dict[str, object] | Path) -> str:
    """The message a configuration (mapping or file) is refused with ("" if it is accepted)."""
    try:
        create_app(settings).extensions["reporting"].close()
    except ConfigError as refused:
        return str(refused)
    return ""


@pytest.mark.parametrize(
    ("key", "value", "accepted"),
    [("MAIL_TIMEOUT", 0.5, True), ("MAIL_TIMEOUT", 0, False), ("MAIL_TIMEOUT", -1, False),
     ("MAIL_TIMEOUT", True, False), ("MAIL_GROUP_SECONDS", 0, False),
     ("MAIL_PORT", 1, True), ("MAIL_PORT", 0, False),
     ("MAIL_PORT", 65535, True), ("MAIL_PORT", 65536, False),
     ("MAIL_SENDER", "flaskr@blog.example.org", True), ("MAIL_SENDER", "flaskr", False),
     ("MAX_CONTENT_LENGTH", 1, True), ("MAX_CONTENT_LENGTH", 0, False),
     ("WTF_CSRF_TIME_LIMIT", 1, True), ("WTF_CSRF_TIME_LIMIT", 0, False),
     ("LOGIN_LIMIT", "3 per minute", True), ("LOGIN_LIMIT", "often", False),
     ("LOGIN_LIMIT", 5, False)],
)  # fmt: skip
def test_each_setting_takes_only_values_within_its_bounds(
    key: str, value: object, accepted: bool
) -> None:
    message = refusal({key: value})
    if accepted:
        assert message == "", f"{key}: {value!r} should be accepted, was refused: {message}"
    else:
        assert message.startswith(f"configuration: {key} must be "), (
            f"{key}: {value!r} should be refused naming the key, got {message!r}"
        )


def test_the_defaults_are_port_25_ten_seconds_ten_minutes_and_five_one_megabyte_logs() -> None:
    config = create_app().config
    shown = {key: config[key] for key in
             ("MAIL_PORT", "MAIL_TIMEOUT", "MAIL_GROUP_SECONDS", "LOG_MAX_BYTES",
              "LOG_BACKUP_COUNT", "MAX_CONTENT_LENGTH", "WTF_CSRF_TIME_LIMIT",
              "TRUSTED_PROXIES")}  # fmt: skip
    assert shown == {
        "MAIL_PORT": 25,
        "MAIL_TIMEOUT": 10,
        "MAIL_GROUP_SECONDS": 600,
        "LOG_MAX_BYTES": 1_000_000,
        "LOG_BACKUP_COUNT": 5,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": 3600,
        "TRUSTED_PROXIES": 0,
    }, f"unexpected defaults: {shown}"


@pytest.mark.parametrize(
    "password_hash",
    ["scrypt:1024:8:999999999$salt$00ff",  # ValueError: more memory than scrypt may use
     "scrypt:1024:999999999:999999999$salt$00ff"],  # OverflowError
)  # fmt: skip
def test_a_hash_whose_trial_check_fails_is_refused_as_a_setting(password_hash: str) -> None:
    message = refusal({"ADMIN_PASSWORD_HASH": password_hash})
    assert message.startswith("configuration: ADMIN_PASSWORD_HASH must be a Werkzeug"), (
        f"expected the hash refused as a setting, got {message!r}"
    )


@pytest.mark.parametrize("error", [ValueError, OverflowError, MemoryError])
def test_a_hash_check_that_raises_is_neither_a_usable_hash_nor_the_development_one(
    monkeypatch: pytest.MonkeyPatch, error: type[Exception]
) -> None:
    def raising(password_hash: str, password: str) -> bool:
        raise error("the check cannot be run")

    monkeypatch.setattr("app.config.check_password_hash", raising)
    assert is_password_hash("scrypt:1024:8:1$salt$00ff") is False, (
        f"a hash whose check raises {error.__name__} was taken as usable"
    )
    assert verifies_dev_password("scrypt:1024:8:1$salt$00ff") is False, (
        f"a hash whose check raises {error.__name__} was taken as the development password"
    )


def test_a_secret_key_of_exactly_eight_different_characters_is_random_enough(
    tmp_path: Path,
) -> None:
    key = "01234567" * 4
    assert refusal(production(tmp_path, SECRET_KEY=key)) == "", (
        "a production SECRET_KEY with 8 distinct characters (the least allowed) was refused"
    )


def test_a_configuration_without_a_secret_key_is_refused_off_this_machine() -> None:
    with pytest.raises(ConfigError, match="SECRET_KEY must be set to at least 32"):
        run_options({}, "0.0.0.0")


@pytest.mark.parametrize(
    ("text", "message"),
    [("FLASK:\n  DEBUG: true\n   TESTING: true\n",
      "not valid YAML at line 3: mapping values are not allowed here"),
     ("FLASK: {}\nLOGGING: {}\nAUDIT: {}\n",
      "unknown section 'AUDIT'; only 'FLASK:' is read"),
     ("FLASK: {MAIL_PORT: 25, MAIL_PORT: 2525, <<: {MAIL_TIMEOUT: 5}}\n",
      "key 'MAIL_PORT' is set twice, on line 1"),
     ("FLASK: {[a]: 1, MAIL_PORT: 25, MAIL_PORT: 2525}\n",
      "key 'MAIL_PORT' is set twice, on line 1"),
     ("FLASK: {[a]: 1}\n", "not valid YAML at line 1: found unhashable key"),
     ("FLASK: {? &k [*k] : 1}\n", "not valid YAML at line 1: found unconstructable recursive"),
     ("FLASK: &a {LOG_ALSO: *a}\n", "LOG_ALSO must be a list of logger names, not {'LOG_ALSO'")],
)  # fmt: skip
def test_a_mistake_in_the_file_is_named_in_words(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    refused = refusal(path)
    assert refused == f"{path}: {message}" or refused.startswith(f"{path}: {message}"), (
        f"expected {message!r}, got {refused!r}"
    )


#: Werkzeug hashes that login could not check, or only at an absurd cost.
MANGLED_HASHES = [
    "hunter2",  # a password, not a hash
    "pbkdf2:sha256:0$salt$00ff",  # zero rounds
    "pbkdf2:sha256:20000000$salt$00ff",  # 20 million rounds
    "scrypt:2097152:2:1$salt$00ff",  # 512 MB per login
    "scrypt:16:8:1$salt$00ff",  # a cost too small to check
    "scrypt:1000:8:1$salt$00ff",  # a cost not a power of two
    "scrypt:1024:0:1$salt$00ff",  # a block size of zero
    "scrypt:1024:8:0$salt$00ff",  # no parallelism
    "scrypt:1024$salt$00ff",  # a cost cut short
    "pbkdf2:md5:1000$salt$00ff",  # a digest it does not know
    "pbkdf2:sha256:1000:2$salt$00ff",  # a pbkdf2 hash with extras
    "bcrypt:12$salt$00ff",  # another kind of hash
    "scrypt:1024:8:1$$00ff",  # a hash without its salt
    "scrypt:1024:8:1$salt$pa55word",  # a digest that is not hex
]


@pytest.mark.parametrize("password_hash", MANGLED_HASHES)
def test_a_password_hash_login_could_not_check_is_refused_naming_the_file(
    tmp_path: Path, password_hash: str
) -> None:
    path = write(tmp_path, f"FLASK: {{ADMIN_PASSWORD_HASH: '{password_hash}'}}\n")
    assert refusal(path) == (
        f"{path}: ADMIN_PASSWORD_HASH must be a Werkzeug password hash such as "
        f"scrypt:32768:8:1$salt$hex (never the password), not {password_hash!r}"
    )


def test_a_file_that_sets_nothing_gives_the_defaults(tmp_path: Path) -> None:
    app = create_app(write(tmp_path, "FLASK: {}\n"))
    app.extensions["reporting"].close()
    expected = {
        "DEBUG": False,
        "PRODUCTION": False,
        "DEBUG_WITH_EXTERNAL_DEBUGGER": False,
        "ADMIN_USERNAME": "admin",
        "ADMINS": [],
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": 25,
        "MAIL_SENDER": "flaskr@localhost",
        "MAIL_SUBJECT": "Flaskr failed",
        "MAIL_TIMEOUT": 10,
        "MAIL_GROUP_SECONDS": 600,
        "ERROR_LOG": None,
        "LOG_LEVEL": "INFO",
        "LOG_MAX_BYTES": 1_000_000,
        "LOG_BACKUP_COUNT": 5,
        "LOG_ALSO": [],
        "LOGIN_LIMIT": "5 per 15 minutes",
        "LOGIN_LIMIT_STORAGE": "memory://",
        "MAX_CONTENT_LENGTH": 1_048_576,
        "WTF_CSRF_TIME_LIMIT": 3600,
        "TRUSTED_PROXIES": 0,
        "TRUSTED_HOSTS": None,
    }
    shown = {key: app.config[key] for key in expected}
    assert shown == expected


@pytest.mark.parametrize(
    ("setting", "value"),
    [("MAIL_PORT", "1"), ("MAIL_PORT", "65535"), ("MAIL_TIMEOUT", "0.5"),
     ("MAIL_GROUP_SECONDS", "0.5"), ("LOG_MAX_BYTES", "0"), ("LOG_BACKUP_COUNT", "0"),
     ("TRUSTED_PROXIES", "2"), ("MAX_CONTENT_LENGTH", "1"), ("WTF_CSRF_TIME_LIMIT", "1"),
     ("LOG_LEVEL", "DEBUG"), ("LOG_ALSO", "[werkzeug]"), ("LOGIN_LIMIT", "1 per second"),
     ("MAIL_SUBJECT", "''"), ("TRUSTED_HOSTS", "[.example.org, localhost]"),
     ("ERROR_LOG", "null"), ("ADMIN_PASSWORD_HASH", "'pbkdf2:sha256:1$salt$00ff'"),
     ("ADMIN_PASSWORD_HASH", "'scrypt:1024:1:1$salt$00ff'")],
)  # fmt: skip
def test_the_smallest_and_largest_values_that_make_sense_are_taken_as_they_are(
    tmp_path: Path, setting: str, value: str
) -> None:
    path = write(tmp_path, f"FLASK: {{{setting}: {value}}}\n")
    assert refusal(path) == "", f"{setting}: {value} was refused"
    app = create_app(path)
    app.extensions["reporting"].close()
    assert app.config[setting] == yaml.safe_load(value)


@pytest.mark.parametrize(
    ("setting", "value", "wanted", "shown"),
    [("MAIL_PORT", "0", "a port number", "0"),
     ("MAIL_PORT", "65536", "a port number", "65536"),
     ("MAIL_TIMEOUT", "0", "a number of seconds", "0"),
     ("MAIL_GROUP_SECONDS", "0", "a number of seconds", "0"),
     ("MAIL_TIMEOUT", "true", "a number of seconds", "True"),
     ("LOG_MAX_BYTES", "0.5", "a whole number of bytes (0: never rotate)", "0.5"),
     ("LOG_BACKUP_COUNT", "-1", "a whole number", "-1"),
     ("TRUSTED_PROXIES", "-1",
      "the number of proxies in front of the blog (0: none; more only behind a proxy that "
      "sets X-Forwarded-For, such as nginx in make production)", "-1"),
     ("MAX_CONTENT_LENGTH", "0", "a number of bytes", "0"),
     ("WTF_CSRF_TIME_LIMIT", "0", "a number of seconds", "0"),
     ("DEBUG", "'on'", "true or false", "'on'"),
     ("PRODUCTION", "1", "true or false", "1"),
     ("ADMIN_USERNAME", "' '", "a non-empty string", "' '"),
     ("SECRET_KEY", "''", "a string of random characters", "''"),
     ("MAIL_SERVER", "''", "a host name", "''"),
     ("MAIL_SENDER", "flaskr", "a mail address", "'flaskr'"),
     ("MAIL_SUBJECT", "5", "a line of text", "5"),
     ("ERROR_LOG", "''", "a file path", "''"),
     ("LOG_LEVEL", "LOUD", "a logging level such as INFO", "'LOUD'"),
     ("LOG_ALSO", "[1]", "a list of logger names", "[1]"),
     ("LOGIN_LIMIT", "5", 'a rate such as "5 per 15 minutes"', "5"),
     ("LOGIN_LIMIT_STORAGE", "''",
      'a storage URI such as "memory://" or "redis://host:6379"', "''"),
     ("DATABASE", "'file:blog.sqlite'",
      'a file path (not ":memory:" or a "file:" URI)', "'file:blog.sqlite'"),
     ("TRUSTED_HOSTS", "[]",
      "a non-empty list of host names such as [blog.example.org] (no scheme, no port)", "[]"),
     ("TRUSTED_HOSTS", "['blog.example.org:443']",
      "a non-empty list of host names such as [blog.example.org] (no scheme, no port)",
      "['blog.example.org:443']")],
)  # fmt: skip
def test_a_value_of_no_use_is_refused_saying_what_the_setting_must_be(
    tmp_path: Path, setting: str, value: str, wanted: str, shown: str
) -> None:
    path = write(tmp_path, f"FLASK: {{{setting}: {value}}}\n")
    assert refusal(path) == f"{path}: {setting} must be {wanted}, not {shown}"


def test_a_production_blog_is_built_and_read_while_its_login_limit_store_is_down(
    tmp_path: Path,
) -> None:
    """The store is reached at the first login, so reading goes on without it."""
    app = create_app(production(tmp_path, LOGIN_LIMIT_STORAGE=f"redis://127.0.0.1:{free_port()}"))
    page = app.test_client().get("/", base_url="https://blog.example.org")
    assert page.status_code == 200, f"expected the blog read without its store: {page.status}"
