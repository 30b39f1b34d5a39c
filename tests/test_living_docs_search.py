"""The living documentation's search over every word, and the screenshots of what a person
sees: in the fixture's site (tests/living_docs/, built once by test_living_docs.py's
``make_living_docs``) and in the site of the project's own features."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from behave.parser import parse_feature
from playwright.sync_api import expect
from playwright.sync_api import Page

from environment import SEEN_ON_A_PAGE
from environment import shows_a_page
from support.authoring.sentences import load_sentences
from tests.test_living_docs import example
from tests.test_living_docs import page
from tests.test_living_docs import words

#: The most the whole site may weigh, screenshots included.
SITE_LIMIT = 5 * 1024 * 1024


def search(tab: Page, site: Path, query: str) -> None:
    tab.goto((site / "index.html").as_uri())
    tab.get_by_label("Words to find").fill(query)


def groups(tab: Page) -> list[str]:
    """The capabilities the results are grouped under, in order."""
    return tab.locator("#search-results .search-group > h3").all_inner_texts()


# Search


def test_a_word_only_in_a_table_cell_is_in_the_index(site: Path) -> None:
    shop = page(site, "corner_shop.html")
    cells = [td for td in shop.find_all("td") if "AISLE_SEVEN_OATS" in td.get_text()]
    assert cells and "AISLE_SEVEN_OATS" not in words(shop).replace(words(cells[0]), "", 1)
    script = (site / "search-index.js").read_text(encoding="utf-8")
    said = next(line for line in script.splitlines() if line.startswith("window.LIVING_DOCS ="))
    items = json.loads(said.split("=", 1)[1].strip().rstrip(";"))
    # The row, named with its value: the outline's name has no placeholder.
    shelf = next(
        i
        for i in items
        if i["name"] == "A shelf code is counted like any item (code: AISLE_SEVEN_OATS)"
    )
    assert "AISLE_SEVEN_OATS" in shelf["text"], shelf
    assert shelf["rule"] == "The shop's own names are kept as written"


@pytest.mark.browser
def test_search_finds_a_word_that_is_only_in_a_table_cell(tab: Page, site: Path) -> None:
    search(tab, site, "aisle_seven_oats")
    expect(tab.get_by_role("status")).to_have_text("1 match in 1 capability")
    assert groups(tab) == ["Shopping at the corner shop"]
    hit = tab.locator("#search-results .search-group li")
    expect(hit).to_contain_text(
        "Example: A shelf code is counted like any item (code: AISLE_SEVEN_OATS)"
        " (rule: The shop's own names are kept as written)"
    )
    expect(hit.locator("mark")).to_have_text(["AISLE_SEVEN_OATS", "AISLE_SEVEN_OATS"])
    hit.get_by_role("link").click()
    expect(
        tab.get_by_role("heading", name="A shelf code is counted like any item")
    ).to_be_in_viewport()


@pytest.mark.browser
def test_search_finds_a_word_that_is_only_in_a_doc_string(tab: Page, site: Path) -> None:
    search(tab, site, "Sourdough")
    expect(tab.get_by_role("status")).to_have_text("1 match in 1 capability")
    hit = tab.locator("#search-results .search-group li")
    expect(hit).to_contain_text("Example: A note for the counter is kept")
    expect(hit.locator(".search-excerpt")).to_have_text(
        "Ask for the sourdough at the counter, sliced thin."
    )
    expect(hit.locator("mark")).to_have_text(["sourdough"])


@pytest.mark.browser
def test_results_are_grouped_by_capability_in_reading_order(tab: Page, site: Path) -> None:
    search(tab, site, "note")
    assert groups(tab) == [
        "Keeping a shopping list",
        "Writing notes",
        "Shopping at the corner shop",
    ]
    for group in tab.locator(".search-group").all():
        capability = group.locator("h3 a").get_attribute("href")
        for link in group.locator("ul a").all():
            href = link.get_attribute("href")
            assert href == capability or href.startswith(f"{capability}#"), (capability, href)
    # A word is found where it begins a word, and every place is marked.
    marks = tab.locator("#search-results mark").all_inner_texts()
    assert marks and {m.lower() for m in marks} == {"note"}, marks
    search(tab, site, "ote")
    expect(tab.get_by_role("status")).to_have_text("0 matches")


@pytest.mark.browser
@pytest.mark.parametrize("words", ["lockout", "rate limit", "secret key", "smtp", "404"])
def test_what_readers_type_finds_the_real_features(
    tab: Page,
    real_site: Path,
    words: str,
) -> None:
    search(tab, real_site, words)
    expect(tab.locator("#search-results mark").first).to_be_visible()


@pytest.mark.browser
def test_a_settings_name_finds_the_rule_that_uses_it(
    tab: Page,
    real_site: Path,
) -> None:
    search(tab, real_site, "LOGIN_LIMIT_STORAGE")
    assert "Configuration and start-up" in groups(tab)
    expect(tab.locator("#search-results li li").first).to_contain_text("(rule: ")


# Screenshots


def test_a_browser_example_that_shows_a_page_carries_its_screenshot(
    site: Path,
    recorded: Path,
) -> None:
    shown = example(page(site, "corner_shop.html"), "The list shows what was added")
    figure = shown.find("figure", class_="screenshot")
    assert figure is not None, "no screenshot with the example"
    image = figure.find("img")
    assert image["loading"] == "lazy"
    assert image["alt"].startswith("The list shows what was added: “Shopping list” at /list")
    assert "in Chromium" in words(figure.find("figcaption"))
    assert image["src"].startswith("screenshots/") and (site / image["src"]).is_file()
    # Only in browser mode, and only for an example that checks what a page shows.
    noted = example(page(site, "corner_shop.html"), "A note for the counter is kept")
    assert noted.find("img") is None
    # The record names the files the run wrote; it holds no image data.
    record = json.loads((recorded / "browser.json").read_text(encoding="utf-8"))
    attached = [a for s in record["scenarios"] for a in s["attachments"]]
    assert attached and all("base64" not in a for a in attached), attached


def test_a_failed_browser_example_keeps_its_screenshot_as_a_file(site: Path) -> None:
    failed = example(page(site, "shopping_list.html"), "The list fits on a phone")
    image = failed.find("div", class_="problem-failed").find("img")
    assert image["loading"] == "lazy" and "failed" in image["alt"]
    assert (site / image["src"]).read_bytes() == (
        Path(__file__).parent / "living_docs" / "screenshot.png"
    ).read_bytes()


def test_the_sentences_that_show_a_page_are_sentences_the_suite_knows() -> None:
    known = {sentence.pattern for sentence in load_sentences()}
    assert SEEN_ON_A_PAGE - known == set(), "rename them in environment.py as in steps/"


def test_a_then_sentence_that_checks_a_page_marks_its_scenario() -> None:
    feature = parse_feature(
        "Feature: f\n  Scenario: s\n"
        "    When the visitor opens the page\n"
        "    Then the request is refused as not found\n"
        "    And they are logged in\n"
        '    Then the blog asks whether to delete the entry "Summer hours"\n'
    )
    steps = feature.scenarios[0].steps
    assert [shows_a_page(step) for step in steps] == [False, True, False, True]


def test_the_site_stays_small(site: Path, real_site: Path) -> None:
    for built in (site, real_site):
        size = sum(p.stat().st_size for p in built.rglob("*") if p.is_file())
        assert size < SITE_LIMIT, f"{built.name}: {size} bytes, more than {SITE_LIMIT}"
    index = (real_site / "search-index.js").stat().st_size
    assert index < 200_000, f"the search index is {index} bytes; keep it under 200 kB"
