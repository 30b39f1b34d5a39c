"""What a reader sees on each page of the living documentation: every promise on one
page, long tables folded, one line where every row passed, results only where a mode
proves something, and tables whose outcome column stays in view on a phone.

The fixture's printing.feature has what these need: an outline with a table of 8 rows
that all pass, one of 6 whose last row fails in Chromium, and an example whose steps are
all marked ``outside_the_page``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import Tag
from playwright.sync_api import Browser
from playwright.sync_api import expect
from playwright.sync_api import Page

from tests.test_living_docs import example
from tests.test_living_docs import page
from tests.test_living_docs import results
from tests.test_living_docs import words


def table_after(outline: Tag, heading: str) -> Tag:
    """The Examples table (its .fold) under the heading that ends with ``heading``."""
    for h4 in outline.find_all("h4"):
        if words(h4).endswith(heading):
            return h4.find_next_sibling("div", class_="fold")
    raise AssertionError(f"no Examples named {heading!r} in {words(outline)[:200]!r}")


# A page of promises.


@pytest.mark.parametrize("which", ["fixture", "real"])
def test_the_promises_page_lists_every_rule_of_every_capability(
    site: Path, real_site: Path, which: str
) -> None:
    folder = site if which == "fixture" else real_site
    index = page(folder, "index.html")
    offered = index.select_one("main > h1 + p.lead + p.promises-link a")
    assert offered is not None and offered["href"] == "promises.html", "offered first"
    promises = page(folder, "promises.html")
    capabilities = [a["href"] for a in index.select(".toc-entry h4 a")]
    listed = [a["href"] for a in promises.select(".promise-entry h3 a")]
    assert listed == capabilities, "every capability, in reading order"
    for name in capabilities:
        own = page(folder, name)
        rules = [
            (words(h).split(": ", 1)[1], f"{name}#{h.parent['id']}")
            for h in own.select("section.rule > h2")
        ]
        entry = promises.find("a", href=name).find_parent("section")
        shown = [(words(a), a["href"]) for a in entry.select(".promise-rules a")]
        assert shown == rules, f"{name}: {shown} on the promises page, {rules} on its own"
        promise = words(own.select_one(".narrative"))
        assert promise in words(entry), f"{name}: its narrative is missing"


@pytest.mark.browser
def test_the_promises_page_prints_without_the_site_controls(tab: Page, site: Path) -> None:
    tab.goto((site / "promises.html").as_uri())
    tab.emulate_media(media="print")
    expect(tab.get_by_role("navigation", name="Site")).to_be_hidden()
    expect(tab.get_by_role("link", name="Nothing is bought twice")).to_be_visible()


# Examples that stay out of the way.


def test_a_table_of_eight_rows_shows_four_and_folds_the_rest(site: Path) -> None:
    outline = example(page(site, "printing.html"), '"<item>" is printed')
    fold = table_after(outline, "Everyday items")
    rows = fold.select("tbody tr")
    assert len(rows) == 8
    assert [words(r) for r in rows if "more" not in r.get("class", [])] == [
        "bread 1. bread", "butter 1. butter", "milk 1. milk", "eggs 1. eggs"
    ]  # fmt: skip
    assert words(fold.select_one("details.more-rows summary")).startswith("and 4 more rows")


def test_when_every_row_passed_one_line_says_so_instead_of_a_badge_a_row(site: Path) -> None:
    outline = example(page(site, "printing.html"), '"<item>" is printed')
    fold = table_after(outline, "Everyday items")
    assert [words(th) for th in fold.find_all("th")] == ["item", "line"]
    assert fold.select("table .status") == []
    said = words(fold.select_one("p.all-passed"))
    assert said == "Every row passed in-process, over HTTP and in Chromium."


def test_a_failed_row_shows_its_badge_at_its_row_and_is_never_folded(site: Path) -> None:
    outline = example(page(site, "printing.html"), '"<item>" is printed')
    fold = table_after(outline, "Items from abroad")
    assert fold.select_one("p.all-passed") is None
    rows = {words(tr.find_all("td")[1]): tr for tr in fold.select("tbody tr")}
    failed = rows["crème"]
    assert "more" not in failed.get("class", []), "the sixth row failed: it stays in view"
    badges = [words(b) for b in failed.select(".status")]
    assert badges == ["Failed in Chromium", "Passed in-process and over HTTP"]
    assert words(rows["pasta"].td) == "Passed" and not rows["pasta"].select(".status")
    assert "more" in rows["feta"]["class"]
    assert words(fold.select_one("summary")).startswith("and 1 more passed row")


@pytest.mark.browser
def test_the_folded_rows_open_without_scripts(browser: Browser, site: Path) -> None:  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto((site / "printing.html").as_uri())
    everyday = tab.get_by_role("region", name='Examples of: "<item>" is printed, table 1')
    expect(everyday.locator("tbody tr").filter(visible=True)).to_have_count(4)
    tab.locator("summary", has_text="and 4 more rows").focus()
    tab.keyboard.press("Enter")
    expect(everyday.locator("tbody tr").filter(visible=True)).to_have_count(8)
    tab.keyboard.press("Enter")
    expect(everyday.locator("tbody tr").filter(visible=True)).to_have_count(4)
    tab.emulate_media(media="print")
    expect(everyday.locator("tbody tr").filter(visible=True)).to_have_count(8)
    context.close()


@pytest.mark.browser
def test_developer_detail_shows_all_at_once_by_one_switch(browser: Browser, site: Path) -> None:  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto((site / "shopping_list.html").as_uri())
    detail = tab.locator(".developer")
    expect(detail.filter(visible=True)).to_have_count(0)
    expect(tab.get_by_text("steps/shopping.py:").first).to_be_hidden()
    tab.get_by_label("Show developer detail").check()
    expect(detail.filter(visible=False)).to_have_count(0)
    expect(detail).to_have_count(6)
    context.close()


# Results where they mean something.


def test_an_example_outside_any_page_is_not_applicable_in_the_other_modes(site: Path) -> None:
    soup = page(site, "printing.html")
    outside = example(soup, "An empty list prints an empty file")
    assert results(outside) == ["Passed in-process", "Not applicable over HTTP and in Chromium"]
    # Said once, at its rule, whose only example it is.
    rule = outside.find_parent("section")
    assert "Every example of this rule happens outside any page: proven in-process" in words(
        rule.find("p", class_="applies")
    )
    assert outside.find("p", class_="applies") is None, "said again at the example"
    # The outline's steps are not all outside a page: it applies in every mode.
    outline = example(soup, '"<item>" is printed')
    assert "Not applicable" not in words(outline)
    index = page(site, "index.html")
    runs = words(index.find("section", class_="runs"))
    assert "In Chromium proves that a person sees and can do it all in a real browser" in runs
    assert "1 not applicable." in runs
    glossary = page(site, "glossary.html")
    assert "Outside any page" in words(glossary.find(id="then-the-file-holds-count-d-lines"))


def test_the_real_configuration_is_outside_any_page_said_once(real_site: Path) -> None:
    """Every example of Configuration is made of steps marked outside_the_page (with no
    run recorded, its results are not shown; the note is): the page says so once, not
    at each example, and its card says where its examples are proven."""
    soup = page(real_site, "configuration.html")
    said = soup.select("p.applies")
    assert [words(p).split(":")[0] for p in said] == [
        "Every example of this capability happens outside any page"
    ]
    database = page(real_site, "database.html")
    rules = [words(p) for p in database.select("section.rule p.applies")]
    examples = [words(p) for p in database.select("article p.applies")]
    assert rules or examples, "the database's examples outside any page are not said"
    cards = {words(c.a): words(c) for c in page(real_site, "index.html").select(".toc-entry")}
    assert "(all outside any page: in-process only)" in cards["Configuration and start-up"], cards


# Tables at 390 px.


@pytest.mark.browser
@pytest.mark.parametrize("name", ["printing.html", "shopping_list.html", "configuration.html"])
def test_at_390_px_the_last_column_of_every_table_is_in_view(
    browser: Browser,
    site: Path,
    real_site: Path,
    name: str,
) -> None:
    folder = real_site if name == "configuration.html" else site
    context = browser.new_context(viewport={"width": 390, "height": 900})
    tab = context.new_page()
    tab.goto((folder / name).as_uri())
    cells = tab.locator("main table tbody tr > td:last-child").filter(visible=True)
    assert cells.count() > 0
    outside = []
    for index in range(cells.count()):
        box = cells.nth(index).bounding_box()
        if box is None or box["x"] < 0 or box["x"] + box["width"] > 390:
            outside.append(f"{cells.nth(index).inner_text()!r} at {box}")
    context.close()
    assert outside == [], f"{len(outside)} cells off-screen, the first: {outside[:3]}"


@pytest.mark.browser
def test_at_1280_px_no_configuration_table_cuts_a_column(tab: Page, real_site: Path) -> None:
    tab.goto((real_site / "configuration.html").as_uri())
    cut = tab.evaluate(
        """Array.from(document.querySelectorAll("main .table-scroll"))
            .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth)
            .map(e => e.getAttribute("aria-label"))"""
    )
    assert cut == []
