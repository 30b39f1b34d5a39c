"""The living documentation, as a reviewer and a reader trial found it wanting: a table row
with words after its last bar, an empty file, a file unreadable since the
last release, Markdown links shown raw, "Not applicable" said on every example, the
search's words and names, and tables and the search's count at a phone's width."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser
from playwright.sync_api import Page

from tests.test_living_docs import FIXTURE
from tests.test_living_docs import page
from tests.test_living_docs import ROOT
from tests.test_living_docs import words
from tests.test_living_docs_changes import edit
from tests.test_living_docs_changes import git


def build(features: Path, out: Path, *more: str) -> subprocess.CompletedProcess[str]:
    """``python -m support.living_docs`` over ``features``, with no run recorded."""
    runs = out.parent / f"{out.name}-runs"
    runs.mkdir()
    return subprocess.run(
        [sys.executable, "-m", "support.living_docs", "--runs", str(runs), "--out", str(out),
         "--features", str(features), "--steps", str(FIXTURE / "steps"), *more],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.fixture(scope="module")
def since_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture committed, then a description with a link reworded and a file made
    unreadable: the site since the first commit."""
    folder = tmp_path_factory.mktemp("since-release")
    repo = folder / "repo"
    shutil.copytree(FIXTURE / "features", repo / "features")
    git(repo, "init", "--quiet")
    git(repo, "add", "features")
    git(repo, "commit", "--quiet", "-m", "The shopping list")
    first = git(repo, "rev-parse", "HEAD")
    edit(repo / "features" / "notes.feature", "adds nothing to", "adds nothing at all to")
    edit(repo / "features" / "printing.feature", "  Rule: The printout", "  Printout\n  Rule: The")
    git(repo, "commit", "--quiet", "-am", "A description reworded, a file broken")
    done = build(repo / "features", folder / "site", "--since", first)
    assert "Traceback" not in done.stderr, done.stderr
    return folder / "site"


# Any feature file: one behave reads otherwise than the standard, an empty one.


def test_a_row_with_words_after_its_last_bar_is_shown_as_the_standard_reads_it(
    any_file: Path, any_file_build: dict[str, str | int]
) -> None:
    """The words after a row's last "|" are no cell by the standard (behave takes them for
    one): the page shows the table Cucumber would."""
    assert "Traceback" not in str(any_file_build["stderr"]), any_file_build["stderr"]
    till = page(any_file, "counting_the_till.html")
    table = till.select(".step table")[0]
    assert [words(th) for th in table.select("th")] == ["coins"]
    assert [words(td) for td in table.select("td")] == ["3"]
    assert "counting_the_till" not in str(any_file_build["stderr"]), "it is no problem of the file"
    assert "Malformed" not in str(any_file_build["stderr"]), "no library's log line"


def test_an_empty_file_is_a_card_saying_no_feature_is_written_yet(
    any_file: Path, any_file_build: dict[str, str | int]
) -> None:
    index = page(any_file, "index.html")
    card = index.select_one(".toc-entry.empty")
    assert card is not None
    assert words(card) == "empty_file.feature No Feature written yet: the file is empty."
    unreadable = [words(li.h4) for li in index.select(".toc-entry.unreadable")]
    assert not any("empty_file" in name for name in unreadable), unreadable
    assert "empty_file" not in words(index.find("p", role="note"))
    assert "empty_file" not in str(any_file_build["stderr"]), any_file_build["stderr"]


# What changed: a file unreadable now.


def test_a_file_unreadable_now_is_said_so_on_what_changed_not_removed(
    since_release: Path,
) -> None:
    changes = page(since_release, "changes.html")
    said = [words(li.p) for li in changes.select("ul.changes > li")]
    assert "Capability ‘Printing the list’ cannot be read now (see its card)." in said, said
    assert not any("Printing the list" in s and "removed" in s for s in said), said
    link = changes.find("a", string=lambda s: s and "Printing the list" in s)
    assert link is not None and link["href"] == "printing.html"


# Descriptions: a link is a link everywhere.


def test_no_page_shows_a_markdown_link_as_written(any_file: Path, since_release: Path) -> None:
    shown = {}
    for folder in (any_file, since_release):
        for path in folder.glob("*.html"):
            text = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text()
            if "](" in text:
                shown[f"{folder.name}/{path.name}"] = text[text.index("](") - 60 :][:120]
    assert shown == {}
    promises = page(any_file, "promises.html")
    assert promises.find("a", string="the list's own rule") is not None
    changes = page(since_release, "changes.html")
    assert changes.find("a", string="the list's own rule") is not None


# The search: what the page shows, and an outline's row by its values.


def search_items(site: Path) -> list[dict]:
    script = (site / "search-index.js").read_text(encoding="utf-8")
    said = next(line for line in script.splitlines() if line.startswith("window.LIVING_DOCS ="))
    return json.loads(said.split("=", 1)[1].strip().rstrip(";"))


def test_the_search_indexes_cells_as_the_page_shows_them_and_names_an_outlines_row(
    any_file: Path,
) -> None:
    items = search_items(any_file)
    market = next(i for i in items if i["name"] == "Shopping at the market")
    assert "bread | cakes | first then the rest" in market["text"], market["text"]
    assert "back\\slash | as written" in market["text"], "one backslash, as the page shows"
    assert not any("\\n" in line or "\\|" in line for line in market["text"]), market["text"]
    names = [i["name"] for i in items if i["kind"] == "Example"]
    assert '"bread" is printed' in names and '"crème" is printed' in names, names
    assert "A shelf code is counted like any item (code: AISLE_SEVEN_OATS)" in names, names
    bread = next(i for i in items if i["name"] == '"bread" is printed')
    assert bread["text"] == ["item | line", "bread | 1. bread"]
    assert bread["href"] == next(i for i in items if i["name"] == '"<item>" is printed')["href"]


# At a phone's width.


#: Where a cell is, and how wide, at 390 px: its place right of the window is off-screen.
PLACES = """() => [...document.querySelectorAll(".developer td")].map(cell => {
  const box = cell.getBoundingClientRect();
  return [cell.textContent.trim(), Math.round(box.right), Math.round(box.width)];
})"""


@contextlib.contextmanager
def on_a_phone(browser: Browser, page_file: Path) -> Iterator[Page]:
    """``page_file`` open in a tab 390 px wide, as a phone shows it."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.goto(page_file.as_uri())
    try:
        yield tab
    finally:
        context.close()


@pytest.mark.browser
def test_developer_detail_at_a_phones_width_keeps_every_column_in_view(
    browser: Browser, site: Path
) -> None:
    with on_a_phone(browser, site / "shopping_list.html") as tab:
        tab.get_by_label("Show developer detail").check()
        cells = tab.evaluate(PLACES)
    assert cells, "developer detail is shown"
    cut = [(text, right) for text, right, _ in cells if right > 390]
    assert cut == [], "cells out of view"
    squeezed = [(text, width) for text, _, width in cells if width < 200]
    assert squeezed == [], "cells too narrow for a step's words"


@pytest.mark.browser
def test_the_search_count_is_in_view_at_a_phones_width_while_typing(
    browser: Browser, site: Path
) -> None:
    with on_a_phone(browser, site / "index.html") as tab:
        tab.get_by_label("Words to find").fill("bread")
        count = tab.locator("#filter-count")
        box = count.bounding_box()
        height = tab.evaluate("window.innerHeight")
        said = count.text_content()
    assert said and "match" in said, said
    assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= height, (box, height)
