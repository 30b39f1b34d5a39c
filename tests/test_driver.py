"""The page driver's form and link handling, on a tiny app made for the purpose."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask import redirect
from flask import request
from werkzeug.wrappers import Response

from support.drivers.base import DriverError
from support.drivers.client import ClientDriver

FORM = """<!doctype html>
<main>
  <a href="/shown?from=link">See what was sent</a>
  <form method="post" action="/echo">
    <input type="hidden" name="token" value="t-123">
    <label for="name">Name</label><input id="name" name="name" value="preset">
    <label>Notes <textarea name="notes">old notes</textarea></label>
    <label for="colour">Colour</label>
    <select id="colour" name="colour">
      <option value="r">Red</option><option value="g" selected>Green</option>
    </select>
    <input type="checkbox" name="ticked" value="yes" checked>
    <input type="checkbox" name="unticked" value="no">
    <input name="off" value="x" disabled>
    <button type="submit" name="action" value="save">Save</button>
    <input type="submit" value="Send">
  </form>
  <form action="/shown?stale=1">
    <label for="q">Query</label><input id="q" name="q">
    <button>Search</button>
  </form>
  <form method="post" action="/elsewhere">
    <label for="other">Other</label><input id="other" name="other">
  </form>
</main>"""


def make_app() -> Flask:
    app = Flask(__name__)

    @app.get("/form")
    def form() -> str:
        return FORM

    @app.post("/echo")
    def echo() -> Response:
        return redirect("/shown?" + "&".join(f"{k}={v}" for k, v in request.form.items(True)))

    @app.get("/shown")
    def shown() -> str:
        pairs = sorted(request.args.items(True))
        return "<main>" + " ".join(f"<p>{k}={v}</p>" for k, v in pairs) + "</main>"

    return app


@pytest.fixture
def driver() -> Iterator[ClientDriver]:
    with ClientDriver(make_app()) as driver:
        driver.visit("/form")
        yield driver


def test_press_submits_hidden_fields_defaults_and_typed_values(driver: ClientDriver) -> None:
    driver.fill("Name", "Ada")
    driver.fill("Notes", "new notes")
    page = driver.press("Save")
    assert page.texts("p") == [
        "action=save",
        "colour=g",
        "name=Ada",
        "notes=new notes",
        "ticked=yes",
        "token=t-123",
    ]


def test_an_input_button_is_found_by_its_value(driver: ClientDriver) -> None:
    page = driver.press("Send")
    assert "name=preset" in page.texts("p")
    assert not any(text.startswith("action=") for text in page.texts("p"))


def test_typing_into_one_form_does_not_leak_into_another(driver: ClientDriver) -> None:
    driver.fill("Other", "elsewhere")
    page = driver.press("Save")
    assert not any(text.startswith("other=") for text in page.texts("p"))


def test_follow_opens_the_link_by_its_text(driver: ClientDriver) -> None:
    page = driver.follow("See what was sent")
    assert page.url.endswith("/shown?from=link")
    assert page.texts("p") == ["from=link"]
    with pytest.raises(DriverError, match="no link 'See what was sent'"):
        driver.follow("See what was sent")


def test_a_get_form_sends_its_fields_in_the_query(driver: ClientDriver) -> None:
    driver.fill("Query", "tea & cake")
    page = driver.press("Search")
    assert page.texts("p") == ["q=tea & cake"]


def test_an_unknown_label_names_the_labels_there_are(driver: ClientDriver) -> None:
    with pytest.raises(DriverError, match=r"no field labelled 'Email'.*\['Name', 'Notes'"):
        driver.fill("Email", "ada@example.org")


def test_an_unknown_button_shows_the_page(driver: ClientDriver) -> None:
    with pytest.raises(DriverError, match="no button 'Delete' on 200 at http://localhost/form"):
        driver.press("Delete")


def test_no_page_yet_is_a_clear_error() -> None:
    with ClientDriver(make_app()) as fresh:
        assert not fresh.has_page
        with pytest.raises(DriverError, match="no page has been opened yet"):
            _ = fresh.page


def test_raw_requests_do_not_follow_redirects(driver: ClientDriver) -> None:
    page = driver.request("POST", "/echo", {"name": "raw"})
    assert page.status == 302


def test_a_request_leaves_no_context_behind(driver: ClientDriver) -> None:
    import flask

    driver.visit("/shown?tequila=42")
    assert not flask.has_request_context(), "the request's context outlived the request"
    assert not flask.has_app_context(), "the request's app context outlived the request"
