"""The living documentation site, built from a small fixture run and from the real features.

The fixture (tests/living_docs/) has what the site must show: a narrative, a Background,
Rules with descriptions, a data table, a doc string, tags, an outline, a Korean twin, a
scenario skipped outside client mode and one that fails in browser mode with a
screenshot. It is run three times with the recorder, once per driver mode (the fixture's
steps read the mode; nothing is served), then the site is built as ``make docs`` builds it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from bs4 import Tag
from playwright.sync_api import Browser
from playwright.sync_api import BrowserContext
from playwright.sync_api import expect
from playwright.sync_api import Page

from support.authoring.reading_order import order_problems
from tests import web_checks

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "living_docs"
MODES = ("client", "http", "browser")


def build_site(runs: Path, out: Path, features: Path, steps: Path) -> Path:
    """Build the site as ``make docs`` does; its folder."""
    done = subprocess.run(
        [sys.executable, "-m", "support.living_docs", "--runs", str(runs), "--out", str(out),
         "--features", str(features), "--steps", str(steps)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return out


#: The living documentation's pages, as the Nu HTML Checker judges them (web_checks.PAGE_MAKERS).
LIVING_DOCS = "the living documentation"


@web_checks.judged_by_nu(LIVING_DOCS)
def make_living_docs(folder: Path) -> None:
    """The fixture's features run in every mode (``runs``) and documented (``fixture``);
    the project's own features and steps documented with no run recorded (``real``)."""
    runs, empty = folder / "runs", folder / "no-runs"
    runs.mkdir()
    empty.mkdir()
    for mode in MODES:
        subprocess.run(
            [sys.executable, "-m", "behave", str(FIXTURE / "features"), "-D", f"driver={mode}",
             "--format", "support.living_docs.recorder:RunRecorder",
             "--outfile", str(runs / f"{mode}.json"), "--format", "null"],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert (runs / f"{mode}.json").is_file(), f"the {mode} run recorded nothing"
    build_site(runs, folder / "fixture", FIXTURE / "features", FIXTURE / "steps")
    build_site(empty, folder / "real", ROOT / "features", ROOT / "steps")


def page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")


def words(element: Tag | BeautifulSoup) -> str:
    """An element's text as a reader sees it: spaces collapsed, none before punctuation
    that follows an element (``<strong>In-process</strong>: ...``)."""
    text = " ".join(element.get_text(" ").split())
    return re.sub(r" ([.,:;)])", r"\1", text)


def example(soup: BeautifulSoup, name: str) -> Tag:
    """The example (scenario or outline) whose heading ends with ``name``."""
    for article in soup.select("article.example"):
        heading = words(article.find("h3"))
        if heading.endswith(name):
            return article
    names = [words(a.find("h3")) for a in soup.select("article.example")]
    raise AssertionError(f"no example named {name!r}; the page has {names}")


def results(element: Tag) -> list[str]:
    """The results an element shows, "Failed in Chromium", worst first."""
    found = element.find("ul", class_="results")
    assert found is not None, f"no results shown in {words(element)[:200]!r}"
    return [words(li) for li in found.find_all("li")]


# The pages: what they hold and in which order.


def test_the_first_page_lists_capabilities_in_the_declared_reading_order(site: Path) -> None:
    soup = page(site, "index.html")
    groups = [words(h) for h in soup.select("#contents-heading ~ h3")]
    assert groups == ["For shoppers", "For developers", "Not yet placed in the reading order"]
    entries = [words(h) for h in soup.select(".toc-entry h4")]
    # internals.feature sorts first by name; the order file puts it after the list.
    assert entries == [
        "Keeping a shopping list",
        "Writing notes",
        "Printing the list",
        "Shopping at the corner shop",
        "Counting internals",
        "Sharing the list",
    ]
    first, _notes, _printing, _shop, internals, unplaced = soup.select(".toc-entry")
    assert "I want to keep a list of what to buy" in words(first)
    # Each Examples row is an example: 5 scenarios and an outline of 3 rows.
    assert "2 rules, 8 examples" in words(first), words(first)
    # The ✓ and ✗ are drawn by the style sheet; the words are the text.
    assert results(first) == ["Failed in Chromium", "Skipped over HTTP", "Passed in-process"]
    assert "Not every example proven over HTTP and in Chromium" in words(first)
    assert "also in Korean (한국어): 장보기 목록" in words(first)
    assert results(internals) == ["Failed in-process, over HTTP and in Chromium"]
    assert "No examples yet: nothing here is proven." in words(unplaced)
    assert unplaced.find("ul", class_="results") is None


def test_the_first_page_says_which_modes_ran_when_and_on_which_commit(site: Path) -> None:
    soup = page(site, "index.html")
    text = words(soup.find("section", class_="runs"))
    counts = {
        "In-process": "30 passed, 1 failed",
        "Over HTTP": "28 passed, 1 failed, 1 skipped, 1 not applicable",
        "In Chromium": "26 passed, 3 failed, 1 skipped, 1 not applicable",
    }
    when = r"run \d+ \w+ \d{4}, \d\d:\d\d UTC on commit [\w ]+"
    for mode, said in counts.items():
        assert re.search(rf"{mode}: [^;]*; {when}: {said}\.", text), text
    lead = words(soup.find("p", class_="lead"))
    assert (
        "30 passed, 1 failed in-process; 28 passed, 1 failed, 1 skipped, 1 not applicable" in lead
    )
    assert "Results that match no scenario" not in text
    assert soup.find("p", role="note") is None, "the runs are of the files as they are"


def test_a_capability_page_shows_everything_its_feature_file_says(site: Path) -> None:
    soup = page(site, "shopping_list.html")
    text = words(soup)
    for said in (
        "Feature: Keeping a shopping list",
        "Tags: @shopping",
        "As a shopper I want to keep a list of what to buy So that I come home with everything",
        "The list keeps what is added to it, in the order it was added.",
        "Background: before every example Given an empty shopping list",
        "Background: before every example of this rule Given the shopper's phone is 390 px wide",
        "Rule: Nothing is bought twice",
        'A second "bread" is refused, whatever its case.',
        "Rule: The list is shown in a browser as well",
        "Tags: @slow",
    ):
        assert said in text, f"expected {said!r} on the page"
    table = example(soup, "An item is added").find("table")
    assert [words(th) for th in table.find_all("th")] == ["item"]
    assert [words(td) for td in table.find_all("td")] == ["bread"]
    doc_string = example(soup, "A note is kept as written").find("pre", class_="doc-string")
    assert doc_string.get_text() == "Buy the brown bread,\nnot the white one."
    headings = [words(h) for h in soup.select("article.example h3")]
    assert headings == [
        "Scenario: An item is added",
        "Scenario: A note is kept as written",
        "Scenario: The same item twice",
        "Scenario: Counted in the shopper's own process",
        "Scenario Outline: Items counted (<items>)",
        "Scenario: The list fits on a phone",
    ], "each example once, in the file's order"


def test_an_outline_is_shown_once_with_each_rows_result(site: Path) -> None:
    outline = example(page(site, "shopping_list.html"), "Items counted (<items>)")
    assert "When the shopper adds <items>" in words(outline)
    small, longer = outline.find_all("table", class_="examples")
    heads = [words(th) for th in small.find_all("th")]
    assert heads == ["items", "count"], "every row passed: no result column"
    rows = [[words(td) for td in tr.find_all("td")] for tr in small.tbody.find_all("tr")]
    assert rows == [['"bread"', "1"], ['"bread" and "butter"', "2"]]
    rows = [[words(td) for td in tr.find_all("td")] for tr in longer.tbody.find_all("tr")]
    assert rows == [['"bread" and "BREAD"', "1"]]
    said = [words(p) for p in outline.select("p.all-passed")]
    assert said == ["Every row passed in-process, over HTTP and in Chromium."] * 2
    assert "Examples: Longer lists Tags: @large" in words(outline)
    assert outline["data-tags"].split() == ["large", "shopping"], "its Examples' tags count"


def test_a_failed_browser_example_shows_its_message_and_screenshot(site: Path) -> None:
    failed = example(page(site, "shopping_list.html"), "The list fits on a phone")
    assert results(failed) == ["Failed in Chromium", "Passed in-process and over HTTP"]
    problem = failed.find("div", class_="problem-failed")
    assert "Failed in Chromium" in words(problem)
    assert "the list is 412 px wide, wider than the phone's 390 px" in words(problem)
    image = problem.find("img")
    assert (site / image["src"]).read_bytes() == (FIXTURE / "screenshot.png").read_bytes()
    assert "failed" in image["alt"]


def test_a_skipped_example_says_why_once_for_the_modes_it_was_skipped_in(site: Path) -> None:
    skipped = example(page(site, "shopping_list.html"), "Counted in the shopper's own process")
    assert results(skipped) == ["Skipped over HTTP and in Chromium", "Passed in-process"]
    reasons = [words(p) for p in skipped.select(".problem-skipped p")]
    assert reasons == [
        "Skipped over HTTP and in Chromium: it needs the app in the test's own process"
    ]


def test_a_sentence_the_suite_does_not_know_is_named_as_such(site: Path) -> None:
    unknown = example(page(site, "internals.html"), "A sentence nobody defined")
    assert results(unknown) == ["Failed in-process, over HTTP and in Chromium"]
    assert "Then the list sings The suite does not know this sentence." in words(unknown)
    assert "the list sings (a sentence the suite does not know)" in words(unknown)


def test_results_of_a_renamed_or_removed_scenario_are_not_shown_as_proof(
    recorded: Path, tmp_path: Path
) -> None:
    runs = tmp_path / "runs"
    runs.mkdir()
    record = json.loads((recorded / "client.json").read_text(encoding="utf-8"))
    renamed = next(s for s in record["scenarios"] if s["name"] == "An item is added")
    renamed["name"] = "An item was added"
    record["commit"] = "0000000"
    (runs / "client.json").write_text(json.dumps(record), encoding="utf-8")
    stale = build_site(runs, tmp_path / "site", FIXTURE / "features", FIXTURE / "steps")
    added = example(page(stale, "shopping_list.html"), "An item is added")
    assert results(added) == ["Not run in-process"]
    index = page(stale, "index.html")
    said = words(index.find("section", class_="runs"))
    assert "Results that match no scenario of the features" in said
    assert re.search(r"shopping_list.feature:\d+ “An item was added”: passed in-process", said)
    note = words(index.find("p", role="note"))
    assert "recorded on commit 0000000 (in-process); the files are now at" in note


def test_developer_detail_is_apart_from_what_the_reader_reads(site: Path) -> None:
    soup = page(site, "shopping_list.html")
    added = example(soup, "An item is added")
    detail = added.find("div", class_="developer")
    assert "steps/shopping.py:" in words(detail)
    visible = words(added).replace(words(detail), "")
    assert "steps/" not in visible and " s " not in visible
    assert soup.find("details", class_="developer") is None, "one switch a page, no disclosure"
    assert len(soup.select("input#developer-detail")) == 1


def test_the_korean_feature_and_its_english_twin_link_to_each_other(site: Path) -> None:
    english = page(site, "shopping_list.html")
    korean = page(site, "ko-shopping_list.html")
    assert english.find("a", href="ko-shopping_list.html", hreflang="ko")
    assert korean.find("a", href="shopping_list.html", hreflang="en")
    assert korean.find("article", class_="capability")["lang"] == "ko"
    assert '만일 "빵"을 더한다' in words(korean)


def test_every_step_links_to_its_glossary_entry(site: Path) -> None:
    glossary = page(site, "glossary.html")
    entries = {article["id"]: article for article in glossary.select("article.sentence-entry")}
    linked = 0
    for name in ("shopping_list.html", "ko-shopping_list.html", "internals.html"):
        for step in page(site, name).select("li.step"):
            link = step.find("a", class_="sentence")
            if link is None:
                assert "the list sings" in words(step), f"{name}: {words(step)!r} links nowhere"
                continue
            target = link["href"].removeprefix("glossary.html#")
            assert target in entries, f"{name}: {link['href']} is no glossary entry"
            linked += 1
    assert linked >= 15
    entry = entries["then-the-note-has-count-d-lines"]
    assert "Then the note has 2 lines" in words(entry)
    assert "a whole number" in words(entry)
    assert "Keeping a shopping list" in words(entry), "the entry says where it is used"
    # Backgrounds count, and the sentence of every row of an outline.
    used = words(entries["given-an-empty-shopping-list"])
    assert "Used in Keeping a shopping list, Printing the list, Counting internals" in used, used
    two = words(entries["when-the-shopper-adds-first-and-second"])
    assert "Used in Keeping a shopping list" in two, two


def test_the_search_index_holds_every_capability_rule_and_example(site: Path) -> None:
    script = (site / "search-index.js").read_text(encoding="utf-8")
    said = next(line for line in script.splitlines() if line.startswith("window.LIVING_DOCS ="))
    items = json.loads(said.split("=", 1)[1].strip().rstrip(";"))
    names = {(item["kind"], item["name"]) for item in items}
    assert ("Capability", "Counting internals") in names
    assert ("Rule", "Nothing is bought twice") in names
    assert ("Example", "The list fits on a phone") in names
    phone = next(i for i in items if i["name"] == "The list fits on a phone")
    assert phone["href"].startswith("shopping_list.html#example-")
    assert sorted(phone["statuses"]) == ["failed", "passed"]


def test_the_real_features_are_all_documented_in_reading_order(real_site: Path) -> None:
    soup = page(real_site, "index.html")
    assert "Not yet placed" not in words(soup)
    entries = [words(h) for h in soup.select(".toc-entry h4")]
    assert entries[:3] == ["Reading the blog", "Logging in and out", "Posting entries"]
    assert entries[-4:] == [
        "Error reporting",
        "Configuration and start-up",
        "The blog's database",
        "The request lifecycle, for developers",
    ]
    assert "No run was recorded" in words(soup)
    pages = sorted(p.name for p in real_site.glob("*.html"))
    assert "ko-posting.html" in pages and "glossary.html" in pages
    rules = [words(h) for h in page(real_site, "security.html").select("section.rule > h2")]
    assert rules[0] == "Rule: A change is accepted only from the blog's own forms", rules


def test_the_glossary_says_who_each_person_is(real_site: Path) -> None:
    from support.scenarios.people import PEOPLE

    people = page(real_site, "glossary.html").select("#who-is-who ~ dl dt")
    assert [words(dt) for dt in people] == list(PEOPLE), people
    said = words(page(real_site, "glossary.html").select_one("#who-is-who").parent)
    assert "“someone”" in said and "someone other than the admin" in said, said


def test_the_glossary_page_gives_the_blogs_words_its_settings_and_korean(
    real_site: Path, site: Path
) -> None:
    """As docs/steps.md does, for the blog's own steps; not for another project's."""
    glossary = page(real_site, "glossary.html")
    said = words(glossary.select_one("#what-the-blog-says").parent)
    assert "“The form is missing its <field> field.”" in said, said
    assert "“The blog holds 1 entry. Delete it?”: Then flask init-db says" in said, said
    assert "“a script”" in said, "the words that fill <removed>"
    settings = words(glossary.select_one("#settings").parent)
    assert "MAIL_PORT 25 by default; “MAIL_PORT must be a port number”" in settings, settings
    korean = words(glossary.select_one("#writing-in-korean").parent)
    assert "Feature “기능”" in korean and "Rule none." in korean, korean
    other = page(site, "glossary.html")
    assert other.select_one("#what-the-blog-says, #settings, #writing-in-korean") is None


def test_a_feature_left_out_of_the_reading_order_is_named(tmp_path: Path) -> None:
    (tmp_path / "ko").mkdir()
    for name in ("a.feature", "b.feature", "ko/c.feature"):
        (tmp_path / name).write_text("Feature: x\n", encoding="utf-8")
    order = tmp_path / "reading-order.yaml"
    order.write_text("Readers:\n  - a.feature\n  - gone.feature\n  - a.feature\n")
    said = "\n".join(order_problems(tmp_path, order))
    assert "'gone.feature' is not a feature file" in said
    assert "'a.feature' is listed 2 times" in said
    assert "b.feature: not in the reading order; add 'b.feature'" in said
    assert "c.feature: not in the reading order; add 'ko/c.feature'" in said
    assert order_problems(ROOT / "features") == []


@pytest.mark.nu
def test_every_page_passes_the_nu_html_checker(nu_verdicts: dict[str, str]) -> None:
    assert nu_verdicts[LIVING_DOCS] == ""


def axe_findings(tab: Page, width: int, pages: list[Path]) -> dict[str, list[str]]:
    """What axe-core finds on each page (named by its folder and name), and a page wider
    than the window."""
    found = {}
    for path in pages:
        tab.goto(path.as_uri())
        name = f"{path.parent.name}/{path.name}"
        found[name] = web_checks.axe_violations(tab)
        scroll = tab.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            found[name].append(f"the page is {scroll} px wide at {width} px")
    return found


def pages_violations(browser: Browser, width: int, pages: list[Path]) -> dict[str, list[str]]:
    """What axe-core finds on ``pages`` at ``width``, or a page wider than the window;
    only the pages with something found."""
    context = judged_context(browser, width)
    found = axe_findings(context.new_page(), width, pages)
    context.close()
    return {name: problems for name, problems in found.items() if problems}


def judged_context(browser: Browser, width: int) -> BrowserContext:
    """A context that lets axe-core be injected (the site's policy refuses other scripts),
    and loads it into every page."""
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    web_checks.load_axe_first(context)
    return context


@pytest.mark.browser
@pytest.mark.axe
@pytest.mark.parametrize("width", web_checks.WIDTHS)
def test_no_page_has_an_accessibility_violation(
    browser: Browser, site: Path, real_site: Path, width: int
) -> None:
    context = judged_context(browser, width)
    tab = context.new_page()
    found = axe_findings(tab, width, sorted(site.glob("*.html")) + sorted(real_site.glob("*.html")))
    # After a filter: hidden examples must leave the page as sound as before.
    tab.goto((site / "shopping_list.html").as_uri())
    tab.get_by_label("Tag").select_option("slow")
    found["shopping_list.html, filtered"] = web_checks.axe_violations(tab)
    tab.goto((site / "index.html").as_uri())
    tab.get_by_label("Words to find").fill("phone")
    found["index.html, searched"] = web_checks.axe_violations(tab)
    context.close()
    assert {name: v for name, v in found.items() if v} == {}


@pytest.mark.browser
def test_the_rules_and_the_narrative_are_visible_on_load(tab: Page, site: Path) -> None:
    tab.goto((site / "shopping_list.html").as_uri())
    expect(tab.get_by_text("I want to keep a list of what to buy")).to_be_visible()
    expect(tab.get_by_role("heading", name="Rule: Nothing is bought twice")).to_be_visible()
    expect(tab.get_by_text('A second "bread" is refused, whatever its case.')).to_be_visible()


@pytest.mark.browser
def test_a_tag_filter_hides_and_shows_the_right_examples(tab: Page, site: Path) -> None:
    tab.goto((site / "shopping_list.html").as_uri())
    examples = tab.locator("article.example")
    expect(examples.filter(visible=True)).to_have_count(6)
    tab.get_by_label("Tag").select_option("in-process")
    expect(examples.filter(visible=True)).to_have_count(1)
    expect(tab.get_by_role("heading", name="Counted in the shopper's own process")).to_be_visible()
    expect(tab.get_by_role("status")).to_have_text("1 of 6 examples shown")
    # The rule with no matching example goes too; the other stays.
    expect(
        tab.get_by_role("heading", name="Rule: The list is shown in a browser as well")
    ).to_be_hidden()
    tab.get_by_label("Result in some mode").select_option("failed")
    expect(examples.filter(visible=True)).to_have_count(0)
    tab.get_by_label("Tag").select_option("")
    expect(examples.filter(visible=True)).to_have_count(1)
    expect(tab.get_by_role("heading", name="The list fits on a phone")).to_be_visible()
    tab.get_by_label("Result in some mode").select_option("")
    expect(examples.filter(visible=True)).to_have_count(6)


@pytest.mark.browser
def test_the_search_finds_an_example_by_a_word_of_its_name(tab: Page, site: Path) -> None:
    tab.goto((site / "index.html").as_uri())
    tab.get_by_label("Words to find").fill("PHONE")
    first_group = tab.locator("#search-results .search-group").first
    hits = first_group.locator("li")
    expect(first_group.locator("h3")).to_have_text("Keeping a shopping list")
    # The rule, by its Background's step; the example, by its name.
    expect(hits).to_contain_text(
        [
            "Rule: The list is shown in a browser as well",
            "Example: The list fits on a phone (rule: The list is shown in a browser as well)",
        ]
    )
    expect(hits.locator(".search-excerpt").first).to_have_text(
        "Given the shopper's phone is 390 px wide"
    )
    hits.get_by_role("link", name="The list fits on a phone").click()
    expect(
        tab.get_by_role("heading", name="Scenario: The list fits on a phone")
    ).to_be_in_viewport()


@pytest.mark.browser
def test_a_steps_link_opens_its_glossary_entry(tab: Page, site: Path) -> None:
    tab.goto((site / "shopping_list.html").as_uri())
    tab.get_by_role("link", name="the note has 2 lines").click()
    assert tab.url.endswith("glossary.html#then-the-note-has-count-d-lines"), tab.url
    entry = tab.locator("#then-the-note-has-count-d-lines")
    expect(entry).to_be_in_viewport()
    expect(entry).to_contain_text("Then the note has 2 lines")


@pytest.mark.browser
def test_without_scripts_everything_is_still_there(browser: Browser, site: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto((site / "shopping_list.html").as_uri())
    expect(tab.locator("article.example").filter(visible=True)).to_have_count(6)
    expect(tab.locator("form.filters")).to_be_hidden()
    context.close()


FOCUSABLE = "a[href], summary, input, select, [tabindex='0']"


@pytest.mark.browser
def test_every_control_works_with_the_keyboard_alone(tab: Page, site: Path) -> None:
    tab.goto((site / "shopping_list.html").as_uri())
    controls = tab.locator(FOCUSABLE).filter(visible=True)
    expected = controls.count()
    reached = set()
    for _ in range(expected + 5):
        tab.keyboard.press("Tab")
        reached.add(
            tab.evaluate(
                f"Array.from(document.querySelectorAll({FOCUSABLE!r})).indexOf(document.activeElement)"
            )
        )
    reached.discard(-1)
    assert len(reached) == expected, f"Tab reached {len(reached)} of {expected} controls"
    # Operate each kind of control from the keyboard.
    tab.get_by_label("Words in a name").focus()
    tab.keyboard.type("twice")
    expect(tab.locator("article.example").filter(visible=True)).to_have_count(1)
    tab.keyboard.press("Control+A")
    tab.keyboard.press("Backspace")
    tab.get_by_label("Tag").focus()
    tab.keyboard.press("ArrowDown")  # the first tag: @in-process
    expect(tab.locator("article.example").filter(visible=True)).to_have_count(1)
    tab.keyboard.press("Home")
    expect(tab.locator("article.example").filter(visible=True)).to_have_count(6)
    switch = tab.get_by_label("Show developer detail")
    switch.focus()
    tab.keyboard.press("Space")
    expect(switch).to_be_checked()
    expect(tab.locator(".developer").first).to_be_visible()
    tab.get_by_role("link", name="the note has 2 lines").focus()
    tab.keyboard.press("Enter")
    expect(tab.locator("#then-the-note-has-count-d-lines")).to_be_in_viewport()


@pytest.mark.browser
def test_in_print_the_controls_go_and_the_developer_detail_follows_the_switch(
    tab: Page, site: Path
) -> None:
    tab.goto((site / "shopping_list.html").as_uri())
    tab.emulate_media(media="print")
    expect(tab.locator("form.filters")).to_be_hidden()
    expect(tab.get_by_role("navigation", name="Site")).to_be_hidden()
    expect(tab.get_by_label("Show developer detail")).to_be_hidden()
    expect(tab.locator(".developer").filter(visible=True)).to_have_count(0)
    expect(tab.get_by_text("Rule: Nothing is bought twice")).to_be_visible()
    tab.emulate_media(media="screen")
    tab.get_by_label("Show developer detail").check()
    tab.emulate_media(media="print")
    expect(tab.locator(".developer").filter(visible=False)).to_have_count(0)
