"""Settings: defaults, a mapping or a YAML file, checked before the app starts."""

from __future__ import annotations

import functools
import logging
import os
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import limits
import yaml
from flask import Flask
from werkzeug.security import check_password_hash

#: The development login that ``make run`` prints; a production config must replace it.
DEV_USERNAME = "admin"
DEV_PASSWORD = "default"
DEV_PASSWORD_HASH = (
    "scrypt:32768:8:1$NV2Kj1helbFZqyyA$918a31e71dcb0b1ce119a2af11c6992a6e1dc5ab8a1b5d1f"
    "92cd5393c1f9bd4bd40ebc730a90940ec17ec6191ef9fb9a56f680a162be90b343011bc020310c65"
)

#: The shortest SECRET_KEY a production configuration may have.
MIN_SECRET_KEY_LENGTH = 32

#: The fewest different characters a production SECRET_KEY may have. A random key of 32
#: hex digits, the shortest allowed, has fewer than 8 about once in 30 million; 16, the
#: whole hex alphabet, would refuse nine in ten of them and a quarter of token_hex()'s.
MIN_SECRET_KEY_DISTINCT = 8

#: How to make a SECRET_KEY, and a password hash without the password in the shell's history.
MAKE_SECRET_KEY = "python -c 'import secrets; print(secrets.token_hex())'"
MAKE_PASSWORD_HASH = (
    "python -c 'import getpass; from werkzeug.security import generate_password_hash as g; "
    "print(g(getpass.getpass()))'"
)


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _level(value: Any) -> bool:
    return isinstance(value, str) and isinstance(logging.getLevelName(value), int)


def _text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _host_names(value: Any) -> bool:
    # An empty list lets Flask answer any host; it ignores ports, so none is written.
    return (
        _str_list(value)
        and bool(value)
        and all(re.fullmatch(r"\.?[\w-]+(\.[\w-]+)*", item) for item in value)
    )


def _database_file(value: Any) -> bool:
    # Each request opens the database anew: an in-memory one would be empty every time.
    return _text(value) and value != ":memory:" and not value.startswith("file:")


#: Hash functions a pbkdf2 hash may name: fixed-length digests that hashlib always has.
PBKDF2_ALGORITHMS = {"sha1", "sha224", "sha256", "sha384", "sha512"}

#: The scrypt and pbkdf2 parameters a hash may carry: sane, and checkable in a second.
MAX_SCRYPT_N = 2**20
MAX_PBKDF2_ITERATIONS = 10_000_000

#: The least scrypt cost a production hash may have: Werkzeug's own default, 32768:8:1.
MIN_SCRYPT_N = 2**15
MIN_SCRYPT_R = 8
MIN_SCRYPT_P = 1

#: The limits library's stores that live in one process's memory.
MEMORY_SCHEMES = {"memory", "async+memory"}

#: The most failed logins per hour, on average, a production LOGIN_LIMIT may allow: at
#: 60 an hour a guesser gets through about half a million passwords in a year.
MAX_LOGINS_PER_HOUR = 60


def _numbers(params: list[str]) -> list[int] | None:
    if not all(re.fullmatch(r"[0-9]{1,9}", p) for p in params):
        return None
    return [int(p) for p in params]


def _sane_method(name: str, params: list[str]) -> bool:
    if name == "scrypt":
        numbers = _numbers(params)
        if numbers is None or len(numbers) not in (0, 3):
            return False
        if not numbers:
            return True
        n, r, p = numbers
        return 2 <= n <= MAX_SCRYPT_N and n & (n - 1) == 0 and r >= 1 and p >= 1
    if name == "pbkdf2":
        if len(params) > 2 or (params and params[0] not in PBKDF2_ALGORITHMS):
            return False
        numbers = _numbers(params[1:])
        return numbers is not None and all(1 <= i <= MAX_PBKDF2_ITERATIONS for i in numbers)
    return False


def is_password_hash(value: Any, run: bool = True) -> bool:
    """Whether ``value`` is a Werkzeug scrypt or pbkdf2 hash that login can check.

    The parameters are read first, so that an absurd one is refused without being run;
    then (unless ``run`` is false) the hash is checked once, as login would.
    """
    if not isinstance(value, str) or value.count("$") != 2:
        return False
    method, salt, digest = value.split("$")
    name, *params = method.split(":")
    if not salt or not re.fullmatch(r"[0-9a-f]+", digest) or not _sane_method(name, params):
        return False
    return not run or login_check(value) is not None


def login_check(password_hash: str) -> bool | None:
    """Check the hash once, as login would, against the development password: whether
    it lets that password in, or None if login could not check it at all."""
    try:
        return check_password_hash(password_hash, DEV_PASSWORD)
    except (ValueError, OverflowError, MemoryError):
        return None


def _rate(value: Any) -> bool:
    try:
        limits.parse(value)
    except (ValueError, TypeError):
        return False
    return True


def _flag(value: Any) -> bool:
    return isinstance(value, bool)


#: Keys the blog relies on, each with a check and what the check wants, for the message.
CHECKED_KEYS: dict[str, tuple[Any, str]] = {
    "DEBUG": (_flag, "true or false"),
    "TESTING": (_flag, "true or false"),
    "SECRET_KEY": (_text, "a string of random characters"),
    "DATABASE": (_database_file, 'a file path (not ":memory:" or a "file:" URI)'),
    "ADMIN_USERNAME": (_text, "a non-empty string"),
    "ADMIN_PASSWORD_HASH": (
        is_password_hash,
        "a Werkzeug password hash such as scrypt:32768:8:1$salt$hex (never the password)",
    ),
    "PRODUCTION": (_flag, "true or false"),
    "DEBUG_WITH_EXTERNAL_DEBUGGER": (_flag, "true or false"),
    "ADMINS": (_str_list, "a list of mail addresses"),
    "MAIL_SERVER": (_text, "a host name"),
    "MAIL_PORT": (lambda v: _count(v) and 0 < v < 65536, "a port number"),
    "MAIL_SENDER": (lambda v: _text(v) and "@" in v, "a mail address"),
    "MAIL_SUBJECT": (lambda v: isinstance(v, str), "a line of text"),
    "MAIL_TIMEOUT": (_number, "a number of seconds"),
    "MAIL_GROUP_SECONDS": (_number, "a number of seconds"),
    "ERROR_LOG": (_text, "a file path"),
    "LOG_LEVEL": (_level, "a logging level such as INFO"),
    "LOG_MAX_BYTES": (_count, "a whole number of bytes (0: never rotate)"),
    "LOG_BACKUP_COUNT": (_count, "a whole number"),
    "LOG_ALSO": (_str_list, "a list of logger names"),
    "LOGIN_LIMIT": (_rate, 'a rate such as "5 per 15 minutes"'),
    "LOGIN_LIMIT_STORAGE": (_text, 'a storage URI such as "memory://" or "redis://host:6379"'),
    "MAX_CONTENT_LENGTH": (lambda v: _count(v) and v > 0, "a number of bytes"),
    "WTF_CSRF_TIME_LIMIT": (lambda v: _count(v) and v > 0, "a number of seconds"),
    "TRUSTED_PROXIES": (
        _count,
        "the number of proxies in front of the blog (0: none; more only behind a proxy "
        "that sets X-Forwarded-For, such as nginx in make production)",
    ),
    "TRUSTED_HOSTS": (
        _host_names,
        "a non-empty list of host names such as [blog.example.org] (no scheme, no port)",
    ),
}

#: Flask-WTF's own settings, accepted as they are and checked by Flask-WTF.
EXTENSION_KEYS = {
    "WTF_CSRF_ENABLED",
    "WTF_CSRF_CHECK_DEFAULT",
    "WTF_CSRF_METHODS",
    "WTF_CSRF_FIELD_NAME",
    "WTF_CSRF_HEADERS",
    "WTF_CSRF_SSL_STRICT",
    "WTF_CSRF_META_NAME",
}

#: Keys that may be left empty (null in YAML) to switch something off.
OPTIONAL_KEYS = {"ERROR_LOG", "TRUSTED_HOSTS"}


class ConfigError(Exception):
    """A configuration the blog cannot safely start with."""


def defaults(app: Flask) -> dict[str, Any]:
    """What the blog uses when a configuration says nothing."""
    return {
        "SECRET_KEY": "dev",
        "DATABASE": os.path.join(app.instance_path, "flaskr.sqlite"),
        "ADMIN_USERNAME": DEV_USERNAME,
        "ADMIN_PASSWORD_HASH": DEV_PASSWORD_HASH,
        "PRODUCTION": False,
        "DEBUG_WITH_EXTERNAL_DEBUGGER": False,
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
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": 3600,
        "TRUSTED_PROXIES": 0,
        # Scripts never see the session cookie; other sites' posts do not carry it.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
    }


class DuplicateKey(yaml.YAMLError):
    """A key written twice in one mapping of a YAML file."""

    def __init__(self, key: Any, first: int, second: int) -> None:
        where = f"on line {first}" if first == second else f"at line {first} and line {second}"
        super().__init__(f"key {key!r} is set twice, {where}: keep only the one you mean")


class MergeKey(yaml.YAMLError):
    """A YAML merge key (``<<:``), which brings in keys that the file may set again."""

    def __init__(self, line: int) -> None:
        super().__init__(
            f"a merge key (<<) on line {line} brings in settings that another line may set "
            "again unseen; write each key out instead"
        )


class UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a key written twice where it would keep the last,
    and a merge key, through which a key could be written twice unseen."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """The mapping, once each key is known to be written only once in ``node``."""
        lines: dict[Any, int] = {}
        for key_node, _ in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise MergeKey(line)
            key = self.construct_object(key_node, deep=True)
            try:
                first = lines.get(key)
            except TypeError:
                continue  # an unhashable key: the base class says so
            if first is not None:
                raise DuplicateKey(key, first, line)
            lines[key] = line
        return super().construct_mapping(node, deep)


def read_yaml(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The ``FLASK:`` section of a YAML file, or a ConfigError naming the file."""
    try:
        with open(path, encoding="utf-8") as f:
            document = yaml.load(f, Loader=UniqueKeyLoader)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such configuration file") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read ({error.strerror})") from None
    except (DuplicateKey, MergeKey) as error:
        raise ConfigError(f"{path}: {error}") from None
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        problem = getattr(error, "problem", None) or error
        raise ConfigError(f"{path}: not valid YAML{line}: {problem}") from None
    if not isinstance(document, dict) or not isinstance(document.get("FLASK"), dict):
        raise ConfigError(f"{path}: expected a 'FLASK:' section holding the settings")
    others = sorted(str(key) for key in document if key != "FLASK")
    if others:
        raise ConfigError(f"{path}: unknown section {others[0]!r}; only 'FLASK:' is read")
    return document["FLASK"]


def check(settings: Mapping[Any, Any], known: set[str], source: str) -> None:
    """Refuse lower-case, unknown and wrongly typed keys, naming the source and the key."""
    for key, value in settings.items():
        if not isinstance(key, str) or not key.isupper():
            raise ConfigError(
                f"{source}: key {key!r} must be upper-case, like {str(key).upper()!r}"
            )
        if key not in known:
            raise ConfigError(f"{source}: unknown key {key!r}")
        if key in CHECKED_KEYS and not (value is None and key in OPTIONAL_KEYS):
            test, wanted = CHECKED_KEYS[key]
            if key == "ADMIN_PASSWORD_HASH" and settings.get("PRODUCTION") is True:
                # A production hash costs about 90 ms a check: it is run once, by
                # check_production, which also asks whether it lets the dev password in.
                test = functools.partial(is_password_hash, run=False)
            if not test(value):
                shown = "empty" if value is None else repr(value)
                raise ConfigError(f"{source}: {key} must be {wanted}, not {shown}")


def weak_secrets(config: Mapping[str, Any], lets_dev_in: bool | None = None) -> str | None:
    """What makes the config unfit for anyone but this machine to reach, if anything;
    ``lets_dev_in`` says whether the hash lets the development password in, when known."""
    key = config.get("SECRET_KEY")
    if not key or key == "dev" or len(key) < MIN_SECRET_KEY_LENGTH:
        return (
            f"SECRET_KEY must be set to at least {MIN_SECRET_KEY_LENGTH} random characters, "
            f"e.g. from: {MAKE_SECRET_KEY}"
        )
    distinct = len(set(key))
    if distinct < MIN_SECRET_KEY_DISTINCT:
        shown = f"{distinct} distinct character{'' if distinct == 1 else 's'}"
        return (
            f"SECRET_KEY must be random, not a few characters repeated (it has {shown}; "
            f"a random one has at least {MIN_SECRET_KEY_DISTINCT}); make one with: "
            f"{MAKE_SECRET_KEY}"
        )
    if lets_dev_in is None:
        lets_dev_in = verifies_dev_password(config["ADMIN_PASSWORD_HASH"])
    if lets_dev_in:
        return (
            f"ADMIN_PASSWORD_HASH is still the development password {DEV_PASSWORD!r}; "
            f"set the hash of a password of your own, made with: {MAKE_PASSWORD_HASH}"
        )
    return None


def verifies_dev_password(password_hash: str) -> bool:
    """Whether the hash lets the development password in, however it was hashed."""
    # A hash login could not check lets nobody in: the key's own check says so.
    return password_hash == DEV_PASSWORD_HASH or login_check(password_hash) is True


def check_production(config: Mapping[str, Any], source: str) -> None:
    """A production blog runs without the debugger, with its protections on, a real key,
    a real password hashed at full cost, the host names it answers to, and a login limit
    that every worker counts in one store and that slows a guesser down."""
    if not config["PRODUCTION"]:
        return
    if config.get("DEBUG"):
        raise ConfigError(
            f"{source}: DEBUG must be off in production: the debugger runs any code it is "
            "sent; remove the key or write DEBUG: false"
        )
    if not config.get("WTF_CSRF_ENABLED", True):
        raise ConfigError(
            f"{source}: WTF_CSRF_ENABLED must be on in production: without it another site "
            "can post forms as the admin; remove the key or write WTF_CSRF_ENABLED: true"
        )
    if not config.get("SESSION_COOKIE_HTTPONLY"):
        raise ConfigError(
            f"{source}: SESSION_COOKIE_HTTPONLY must be on in production: without it a script "
            "can read the admin's session; remove the key or write SESSION_COOKIE_HTTPONLY: true"
        )
    password_hash = config["ADMIN_PASSWORD_HASH"]
    lets_dev_in = password_hash == DEV_PASSWORD_HASH or login_check(password_hash)
    if lets_dev_in is None:  # the one check of the hash, skipped by check()
        _, wanted = CHECKED_KEYS["ADMIN_PASSWORD_HASH"]
        raise ConfigError(f"{source}: ADMIN_PASSWORD_HASH must be {wanted}, not {password_hash!r}")
    problem = weak_secrets(config, lets_dev_in)
    if problem:
        raise ConfigError(f"{source}: in production, {problem}")
    if not config["ADMIN_PASSWORD_HASH"].startswith("scrypt"):
        raise ConfigError(
            f"{source}: ADMIN_PASSWORD_HASH must be an scrypt hash in production, "
            f"made with: {MAKE_PASSWORD_HASH}"
        )
    if not config.get("TRUSTED_HOSTS") and not config.get("SERVER_NAME"):
        raise ConfigError(
            f"{source}: in production, TRUSTED_HOSTS must list the host names the blog answers "
            "to, e.g. TRUSTED_HOSTS: [blog.example.org], so that a request naming another "
            "host is refused instead of being redirected there"
        )
    problem = loose_protections(config)
    if problem:
        raise ConfigError(f"{source}: {problem}")


def loose_protections(config: Mapping[str, Any]) -> str | None:
    """What would let a forged form, a guesser or a stolen hash through in production."""
    if not config.get("WTF_CSRF_CHECK_DEFAULT", True):
        return (
            "WTF_CSRF_CHECK_DEFAULT must be on in production: without it no form's token is "
            "checked, so another page can post as the admin (a delete without a token "
            "works); remove the key or write WTF_CSRF_CHECK_DEFAULT: true"
        )
    methods = config.get("WTF_CSRF_METHODS", ["POST"])
    if not isinstance(methods, list | tuple | set | frozenset) or "POST" not in methods:
        shown = sorted(methods) if isinstance(methods, set | frozenset) else methods
        return (
            f"WTF_CSRF_METHODS must include POST in production, not {shown!r}: every change "
            "is a POST, so a post without its token would be taken (a delete without a "
            "token works); remove the key or write WTF_CSRF_METHODS: [POST, PUT, PATCH, DELETE]"
        )
    if not config.get("WTF_CSRF_SSL_STRICT", True):
        return (
            "WTF_CSRF_SSL_STRICT must be on in production: without it a post over HTTPS is "
            "taken whatever page it came from, as long as it holds a token; remove the key or "
            "write WTF_CSRF_SSL_STRICT: true"
        )
    samesite = config.get("SESSION_COOKIE_SAMESITE")
    if not isinstance(samesite, str) or samesite.title() not in ("Lax", "Strict"):
        return (
            "SESSION_COOKIE_SAMESITE must be Lax or Strict in production, not "
            f"{'empty' if samesite is None else repr(samesite)}: "
            "otherwise browsers send the admin's cookie along with other sites' posts; "
            "remove the key or write SESSION_COOKIE_SAMESITE: Lax"
        )
    limit = limits.parse(config["LOGIN_LIMIT"])
    per_hour = limit.amount * 3600 / limit.get_expiry()
    if per_hour > MAX_LOGINS_PER_HOUR:
        return (
            f"LOGIN_LIMIT must allow at most {MAX_LOGINS_PER_HOUR} failed logins an hour in "
            f"production, on average, but {config['LOGIN_LIMIT']!r} allows {per_hour:.0f} an hour: "
            "a guesser could try that many passwords; remove the key (5 per 15 minutes, "
            "20 an hour) or write a rate such as LOGIN_LIMIT: 10 per hour"
        )
    n, r, p = cost = scrypt_cost(config["ADMIN_PASSWORD_HASH"])
    if n < MIN_SCRYPT_N or r < MIN_SCRYPT_R or p < MIN_SCRYPT_P:
        return (
            f"ADMIN_PASSWORD_HASH must cost at least Werkzeug's default in production, "
            f"scrypt:{MIN_SCRYPT_N}:{MIN_SCRYPT_R}:{MIN_SCRYPT_P}, not "
            f"scrypt:{':'.join(map(str, cost))}: whoever reads a cheaper hash tries "
            f"passwords against it that much faster; make one with: {MAKE_PASSWORD_HASH}"
        )
    storage = config["LOGIN_LIMIT_STORAGE"]
    # As the limits library reads it: the scheme, in any case, with or without "//".
    if urlsplit(storage).scheme in MEMORY_SCHEMES:
        return (
            f"LOGIN_LIMIT_STORAGE must be a Redis (or another store every worker shares) in "
            f"production, not {storage!r}: each worker would count failed logins on its "
            "own, so a guesser gets the limit once per worker; write e.g. LOGIN_LIMIT_STORAGE: "
            "redis+unix:///var/lib/flaskr/redis/redis.sock (a socket only the blog's user "
            "reaches) or redis://:PASSWORD@127.0.0.1:6379/0"
        )
    return None


def scrypt_cost(password_hash: str) -> tuple[int, int, int]:
    """The N, r and p of an scrypt hash; a bare "scrypt" is Werkzeug's default."""
    _, *params = password_hash.split("$")[0].split(":")
    if not params:
        return (MIN_SCRYPT_N, MIN_SCRYPT_R, MIN_SCRYPT_P)
    n, r, p = (int(param) for param in params)
    return (n, r, p)


def apply(app: Flask, settings: Mapping[Any, Any], source: str) -> None:
    """Check ``settings`` and put them into ``app.config``, refusing what is unsafe."""
    check(settings, set(app.config) | set(CHECKED_KEYS) | EXTENSION_KEYS, source)
    app.config.from_mapping(settings)
    check_production(app.config, source)
    if app.config["PRODUCTION"]:
        # Production is served over HTTPS only, so the session cookie never leaves it.
        app.config["SESSION_COOKIE_SECURE"] = True


def load(app: Flask, config: Mapping[str, Any] | str | os.PathLike[str] | None) -> None:
    """Fill ``app.config`` from the defaults and ``config``, refusing what is unsafe."""
    app.config.from_mapping(defaults(app))
    if config is None:
        apply(app, {}, "default configuration")
    elif isinstance(config, Mapping):
        apply(app, config, "configuration")
    else:
        apply(app, read_yaml(config), os.fspath(config))
