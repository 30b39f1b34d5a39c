"""Security rules beyond the scenarios: races, proxies, expiry, HTTPS in production."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from itsdangerous import URLSafeTimedSerializer
from werkzeug.security import generate_password_hash

from app import create_app
from app.auth import client_key
from app.security import HSTS
from app.security import SECURITY_HEADERS
from support.drivers.client import ClientDriver
from support.pages.blog import Blog
from support.pages.words import DELETE_ENTRY
from support.pages.words import EDIT_ENTRY
from support.pages.words import LOGIN_PAGE
from support.pages.words import LOGOUT
from support.scenarios.fixtures import DEFAULT_ADMIN
from support.scenarios.fixtures import PRODUCTION_SECRET_KEY
from support.scenarios.fixtures import production_settings
from support.scenarios.workers import running_redis
from support.state.sessions import backdated_dumps
from support.state.sessions import forged_token
from support.state.store import add_entries
from support.state.store import admin_login
from support.state.store import stored_titles


def failed_login(app: Flask, forwarded_for: str | None = None) -> int:
    """One wrong guess with a valid form token; the status it got."""
    with ClientDriver(app) as driver:
        blog = Blog(driver)
        blog.any_page.open("the login page")
        headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
        fields = dict(driver.form_data(driver.page.soup.select_one("form.login")))  # type: ignore[arg-type]
        fields.update(username="admin", password="guess")
        with driver.client.post("/login", data=fields, headers=headers) as response:
            return response.status_code


def test_the_limit_ignores_forwarded_for_unless_told_to_trust_a_proxy(
    app: Flask, tmp_path: Path
) -> None:
    statuses = [failed_login(app, forwarded_for=f"198.51.100.{n}") for n in range(6)]
    assert statuses == [200] * 5 + [429], "X-Forwarded-For must not reset the count"
    behind_proxy = create_app(
        {**app.config, "TRUSTED_PROXIES": 1, "DATABASE": str(tmp_path / "proxy.sqlite")}
    )
    statuses = [failed_login(behind_proxy, forwarded_for=f"198.51.100.{n}") for n in range(6)]
    assert statuses == [200] * 6, "behind a trusted proxy each client has its own count"


def test_behind_a_trusted_proxy_the_address_it_added_last_is_counted(
    app: Flask, tmp_path: Path
) -> None:
    behind_proxy = create_app(
        {**app.config, "TRUSTED_PROXIES": 1, "DATABASE": str(tmp_path / "proxy.sqlite")}
    )
    claims = [f"198.51.100.{n}, 203.0.113.7" for n in range(6)]
    statuses = [failed_login(behind_proxy, forwarded_for=claim) for claim in claims]
    assert statuses == [200] * 5 + [429], "a claimed address must not reset the count"
    assert failed_login(behind_proxy, forwarded_for="198.51.100.1") == 200, (
        "a guesser's claims must not count against the address they claimed"
    )


def test_parallel_guesses_cannot_slip_past_the_limit(app: Flask) -> None:
    statuses: list[int] = []
    barrier = threading.Barrier(12)

    def guess() -> None:
        barrier.wait()
        statuses.append(failed_login(app))

    threads = [threading.Thread(target=guess) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 5 + [429] * 7


def test_the_default_limit_is_five_in_fifteen_minutes(app: Flask) -> None:
    for _ in range(5):
        assert failed_login(app) == 200
    with ClientDriver(app) as driver:
        Blog(driver).login_page.log_in(DEFAULT_ADMIN.username, DEFAULT_ADMIN.password)
        page = driver.page
    assert page.status == 429 and "try again in 15 minutes" in page.text(), page.describe()
    assert 895 <= int(page.headers["Retry-After"]) <= 900


@pytest.mark.parametrize(
    ("address", "key"),
    [("203.0.113.9", "203.0.113.9"), ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
     ("2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64"), ("::ffff:203.0.113.9", "203.0.113.9"),
     (None, "unknown")],
)  # fmt: skip
def test_ipv6_clients_are_counted_by_their_network(address: str | None, key: str) -> None:
    assert client_key(address) == key


def test_a_form_token_older_than_its_time_limit_is_refused(app: Flask) -> None:
    with ClientDriver(app) as driver:
        blog = Blog(driver)
        blog.login_page.log_in(DEFAULT_ADMIN.username, DEFAULT_ADMIN.password)
        raw = driver.session()["csrf_token"]
        signer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="wtf-csrf-token")
        for age, status in ((60, 302), (3601, 400)):
            token = backdated_dumps(signer, raw, age)
            page = driver.request("POST", "/add", {"csrf_token": token, "title": "t", "text": "x"})
            assert page.status == status, f"a token {age} s old: {page.describe()}"
    assert "left open too long" in page.text()


@pytest.fixture
def redis_storage(short_tmp_path: Path) -> Iterator[str]:
    """The login-limit storage URI of a Redis of the test's own, as production needs."""
    with running_redis(short_tmp_path) as socket_path:
        yield f"redis+unix://{socket_path}"


@pytest.mark.stack
def test_production_login_over_https_works_from_the_blogs_own_pages(
    tmp_path: Path, redis_storage: str
) -> None:
    app = create_app(
        {
            "PRODUCTION": True,
            "SECRET_KEY": PRODUCTION_SECRET_KEY,
            "ADMIN_PASSWORD_HASH": generate_password_hash(DEFAULT_ADMIN.password),
            "TRUSTED_HOSTS": ["localhost"],
            "DATABASE": str(tmp_path / "blog.sqlite"),
            "LOGIN_LIMIT_STORAGE": redis_storage,
        }
    )
    with ClientDriver(app, base_url="https://localhost") as driver:
        blog = Blog(driver)
        blog.login_page.log_in(DEFAULT_ADMIN.username, DEFAULT_ADMIN.password)
        assert blog.any_page.shows_logged_in(), blog.page.describe()
        assert blog.page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        # Without the Referer a browser sends, HTTPS posts are refused as forgeries.
        token = blog.front_page.form_token()
        page = driver.request("POST", "/add", {**token, "title": "No referer", "text": "x"})
        assert page.status == 400 and "did not come from this site" in page.text()


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/static//style.css"), ("GET", "/"), ("POST", "/add"), ("POST", "/login")],
)
def test_a_host_outside_trusted_hosts_gets_400_with_the_security_headers(
    tmp_path: Path, method: str, path: str
) -> None:
    app = create_app(
        {
            # No login is counted: the store is named, never reached.
            **production_settings(DEFAULT_ADMIN, "redis+unix:///var/lib/flaskr/redis/redis.sock"),
            "TRUSTED_HOSTS": ["blog.example.org"],
            "DATABASE": str(tmp_path / "blog.sqlite"),
        }
    )
    client = app.test_client()
    response = client.open(path, method=method, headers={"Host": "evil.example"})
    assert response.status_code == 400, "the Host header must not be believed"
    assert "Location" not in response.headers
    assert "evil.example" not in response.get_data(as_text=True)
    for name, value in {**SECURITY_HEADERS, "Strict-Transport-Security": HSTS}.items():
        assert response.headers[name] == value, f"{name} missing from {response.headers}"
    trusted = client.get("/static//style.css", headers={"Host": "blog.example.org"})
    assert trusted.headers["Location"] == "http://blog.example.org/static/style.css"


def test_with_the_login_limit_store_down_logins_are_refused_and_reading_goes_on(
    tmp_path: Path,
) -> None:
    """A Redis that does not answer: no login slips through uncounted, and no 500."""
    from support.services.mail import free_port

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test secret",
            "DATABASE": str(tmp_path / "blog.sqlite"),
            "ADMIN_PASSWORD_HASH": DEFAULT_ADMIN.password_hash,
            "LOGIN_LIMIT_STORAGE": f"redis://127.0.0.1:{free_port()}",
        }
    )
    with ClientDriver(app) as driver:
        blog = Blog(driver)
        assert blog.any_page.open("the blog").status == 200
        blog.login_page.log_in(DEFAULT_ADMIN.username, DEFAULT_ADMIN.password)
        page = blog.page
        assert page.status == 503, page.describe()
        assert "Logging in is not possible right now" in page.text(), page.describe()
        assert page.headers.get("Retry-After") == "120", page.headers
        assert not blog.any_page.shows_logged_in()


def behind_one_proxy(app: Flask, tmp_path: Path) -> Flask:
    """``app`` started anew, configured to stand behind one proxy it trusts."""
    return create_app(
        {**app.config, "TRUSTED_PROXIES": 1, "DATABASE": str(tmp_path / "proxy.sqlite")}
    )


def admin_logs_in_from(app: Flask, address: str) -> Blog:
    """The admin, at ``address`` behind the proxy, after logging in with the right password."""
    with ClientDriver(app) as driver:
        driver.forward_for([address])
        blog = Blog(driver)
        blog.login_page.log_in(DEFAULT_ADMIN.username, DEFAULT_ADMIN.password)
    return blog


def test_behind_a_trusted_proxy_a_guesser_cannot_lock_out_the_address_it_claims(
    app: Flask, tmp_path: Path
) -> None:
    blog_app = behind_one_proxy(app, tmp_path)
    # The guesser at 203.0.113.7 writes 198.51.100.20; the proxy appends what it saw.
    statuses = [failed_login(blog_app, "198.51.100.20, 203.0.113.7") for _ in range(5)]
    assert statuses == [200] * 5
    blog = admin_logs_in_from(blog_app, "198.51.100.20")
    assert blog.page.status == 200 and blog.any_page.shows_logged_in(), blog.page.describe()


def test_behind_a_trusted_proxy_an_ipv6_guesser_is_locked_out_at_its_own_address(
    app: Flask, tmp_path: Path
) -> None:
    blog_app = behind_one_proxy(app, tmp_path)
    statuses = [failed_login(blog_app, "2001:db8:1:2::a") for _ in range(5)]
    assert statuses == [200] * 5
    blog = admin_logs_in_from(blog_app, "2001:db8:1:2::a")
    assert blog.error_page.refused_as("too many attempts"), blog.page.describe()
    assert not blog.any_page.shows_logged_in()


@pytest.mark.parametrize(
    "token", ["no form token", "a made-up form token", "another visitor's form token"]
)
def test_a_forged_post_stores_nothing(app: Flask, token: str) -> None:
    with ClientDriver(app) as driver:
        blog = Blog(driver)
        blog.login_page.log_in(DEFAULT_ADMIN.username, DEFAULT_ADMIN.password)
        blog.raw_requests.forge(
            "post", forged_token(app, token), (DEFAULT_ADMIN.username, DEFAULT_ADMIN.password)
        )
        assert blog.error_page.refused_as("a forgery"), blog.page.describe()
    assert stored_titles(app) == []


@pytest.mark.parametrize("page", ["the logout address", "the posting address", "the login page"])
def test_opening_a_page_by_hand_changes_nothing(app: Flask, page: str) -> None:
    with ClientDriver(app) as driver:
        blog = Blog(driver)
        blog.login_page.log_in(DEFAULT_ADMIN.username, DEFAULT_ADMIN.password)
        blog.any_page.open(page)
        assert blog.session.records_login(), f"opening {page} logged the admin out"
        blog.front_page.open()
        assert blog.any_page.shows_logged_in(), blog.page.describe()
    assert stored_titles(app) == []


@pytest.mark.parametrize("page", ["the blog", "the login page", "a page that does not exist"])
def test_every_page_tells_browsers_what_to_refuse(app: Flask, page: str) -> None:
    with ClientDriver(app) as driver:
        headers = Blog(driver).any_page.open(page).headers
    shown = {name: headers.get(name) for name in SECURITY_HEADERS}
    assert shown == SECURITY_HEADERS


def test_the_admins_pages_and_the_login_form_are_kept_out_of_caches(app: Flask) -> None:
    """Every answer built for the logged-in admin, and the login form, says no-store; what
    an anonymous reader gets, and the style sheet, may still be cached."""
    add_entries(app, [("Summer hours", "From June.")])
    cache_control = {}
    with ClientDriver(app) as driver:
        blog = Blog(driver)
        for path in ("/", LOGIN_PAGE, "/static/style.css"):
            cache_control[f"anonymous {path}"] = driver.visit(path).headers.get("Cache-Control")
        driver.prepare_session(admin_login(app))
        for path in ("/", EDIT_ENTRY.format(1), DELETE_ENTRY.format(1), "/static/style.css"):
            cache_control[f"admin {path}"] = driver.visit(path).headers.get("Cache-Control")
        answers = {
            "posting": blog.raw_requests.send_entry(),
            "deleting": driver.request(
                "POST", DELETE_ENTRY.format(1), blog.front_page.form_token()
            ),
            "logging out": driver.request("POST", LOGOUT, blog.front_page.form_token()),
        }
        for name, page in answers.items():
            assert page.status == 302, page.describe()
            cache_control[f"the redirect after {name}"] = page.headers.get("Cache-Control")
    stored = [where for where, value in cache_control.items() if value != "no-store"]
    assert stored == [
        "anonymous /",
        "anonymous /static/style.css",
        "admin /static/style.css",
    ], f"expected no-store on every admin page and the login form: {cache_control}"
