"""The living documentation reads any feature file, ties translations to the English
examples they translate, and links a description to another capability's rule.

The fixture's features (tests/living_docs/features/) hold a doc string with a media type,
an escaped bar in a cell, a link to a rule of another capability and a Korean example
tagged with the English one it translates. The files behave cannot read are kept apart
(tests/living_docs/any_file/), since behave runs nothing while one of them is among the
features: they are documented beside a copy of the fixture, with no run recorded.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from support.authoring.links import link_problems
from support.authoring.twins import twin_problems
from tests import web_checks
from tests.test_living_docs import example
from tests.test_living_docs import FIXTURE
from tests.test_living_docs import page
from tests.test_living_docs import pages_violations
from tests.test_living_docs import ROOT
from tests.test_living_docs import words

ANY_FILE = FIXTURE / "any_file"
#: The files of tests/living_docs/any_file/, placed in the reading order of the copy.
PLACED = "For the market and the till:\n" + "".join(
    f"  - {name}\n"
    for name in (
        "background_only.feature",
        "paying.feature",
        "empty_file.feature",
        "counting_the_till.feature",
    )
)


def build(features: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """``python -m support.living_docs`` over ``features``, with no run recorded."""
    runs = out.parent / f"{out.name}-runs"
    runs.mkdir()
    return subprocess.run(
        [sys.executable, "-m", "support.living_docs", "--runs", str(runs), "--out", str(out),
         "--features", str(features), "--steps", str(FIXTURE / "steps")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def fixture_copy(folder: Path) -> Path:
    """A copy of the fixture's features, to change."""
    features = folder / "features"
    shutil.copytree(FIXTURE / "features", features)
    return features


#: The pages documenting the fixture with the files behave cannot read.
ANY_FILE_PAGES = "the living documentation of any feature file"


@web_checks.judged_by_nu(ANY_FILE_PAGES)
def make_any_file_docs(folder: Path) -> None:
    """The fixture and tests/living_docs/any_file/ documented; what the build said kept in
    said.json (the checker judges only pages and style sheets)."""
    features = fixture_copy(folder / "source")
    for path in ANY_FILE.glob("*.feature"):
        shutil.copyfile(path, features / path.name)
    with (features / "reading-order.yaml").open("a", encoding="utf-8") as order:
        order.write(PLACED)
    done = build(features, folder / "site")
    said = {"returncode": done.returncode, "stdout": done.stdout, "stderr": done.stderr}
    (folder / "source" / "said.json").write_text(json.dumps(said), encoding="utf-8")


# Any feature file.


def test_a_file_behave_cannot_read_is_a_card_naming_its_line(any_file: Path) -> None:
    index = page(any_file, "index.html")
    cards = {words(li.h4): words(li) for li in index.select(".toc-entry.unreadable")}
    assert list(cards) == [
        "paying.feature could not be read",
        "unknown_language.feature could not be read",
    ], cards
    # make lint's own words (support/authoring/check.py).
    assert (
        "Line 8: behave cannot read this line: check the keyword that starts this line"
        in (cards["paying.feature could not be read"])
    )
    assert "behave knows no language 'xx'" in cards["unknown_language.feature could not be read"]
    note = words(index.find("p", role="note"))
    assert note.startswith("2 feature files could not be read"), note
    paying = page(any_file, "paying.html")
    assert "Line 8: behave cannot read this line" in words(paying)
    assert words(paying.find("mark")) == "8 Pay with a card", "the line is shown, marked"


def test_every_other_page_is_written_and_the_build_fails_after(
    any_file: Path, any_file_build: dict[str, str | int]
) -> None:
    pages = {p.name for p in any_file.glob("*.html")}
    assert {"shopping_list.html", "notes.html", "ko-shopping_list.html", "glossary.html"} <= pages
    assert {"paying.html", "unknown_language.html"} <= pages
    assert any_file_build["returncode"] == 1
    lines = str(any_file_build["stderr"]).splitlines()
    named = ("paying.feature:8: ", "unknown_language.feature:1: ")
    assert [line[: len(n)] for line, n in zip(lines, named, strict=False)] == list(named), lines
    # Nothing else: no library's log line, no traceback, only the line that sums up.
    assert lines[len(named) :] == [
        "2 problems in the feature files: the site shows them, and 'make lint' names them "
        "the same way"
    ], lines
    assert "Traceback" not in str(any_file_build["stdout"])
    assert "Living documentation:" in str(any_file_build["stdout"])


def test_a_background_alone_and_escaped_cells_read_as_the_gherkin_standard_reads_them(
    any_file: Path,
) -> None:
    market = page(any_file, "background_only.html")
    assert "Background: before every example Given the shopper's stalls are:" in words(market)
    cells = [td.decode_contents() for td in market.select(".background td")]
    # behave keeps "\n" and "\\" as written; the standard reads a line break and one "\".
    assert cells == ["bread | cakes", "first<br/>then the rest", "back\\slash", "as written"]


def test_a_doc_strings_media_type_is_shown_as_a_label(site: Path) -> None:
    note = example(page(site, "notes.html"), "A note in Markdown")
    label = note.find("p", class_="media-type")
    assert label is not None and words(label) == "Written as markdown"
    assert note.find("pre", class_="doc-string").get_text().startswith("Buy the *brown* bread")
    bar = example(page(site, "notes.html"), "An item with a bar in its name")
    assert [words(td) for td in bar.select(".step td")] == ["bread | butter"]


# Links across.


def test_a_description_links_to_another_capabilitys_rule(site: Path) -> None:
    link = page(site, "notes.html").find("a", string="the list's own rule")
    assert link is not None
    target, anchor = link["href"].split("#")
    rule = page(site, target).find(id=anchor)
    assert words(rule.h2) == "Rule: Nothing is bought twice"
    said = page(site, "notes.html").find("p", class_="description").get_text()
    assert said.endswith("nothing is bought twice (the list's own rule).")


def test_a_link_that_names_no_rule_fails_the_build_with_the_rules_it_could_mean(
    tmp_path: Path,
) -> None:
    features = fixture_copy(tmp_path)
    notes = features / "notes.feature"
    text = notes.read_text(encoding="utf-8")
    notes.write_text(text.replace("#Nothing is bought twice", "#Nothing bought twice"))
    done = build(features, tmp_path / "site")
    assert done.returncode == 1
    assert "notes.feature:6: the link “[the list's own rule](shopping_list.feature#Nothing " in (
        done.stderr
    )
    assert "it could mean (shopping_list.feature#Nothing is bought twice)" in done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "site" / "notes.html").is_file(), "the site is written all the same"
    # make lint says the same.
    said = link_problems(features, [notes])
    assert len(said) == 1 and "notes.feature:6: the link" in said[0], said


def test_logging_in_links_to_the_lock_out_rule(real_site: Path) -> None:
    link = page(real_site, "logging_in.html").find("a", string="the lock-out rule")
    assert link is not None
    target, anchor = link["href"].split("#")
    rule = page(real_site, target).find(id=anchor)
    assert words(rule.h2) == "Rule: Guessing passwords is slowed down"


# Korean twins.


def test_the_korean_page_names_the_english_examples_it_translates(site: Path) -> None:
    korean = example(page(site, "ko-shopping_list.html"), "물건을 더한다")
    twin = korean.find("p", class_="twin")
    assert words(twin) == "Translates An item is added."
    href = twin.a["href"]
    assert href.startswith("shopping_list.html#example-")
    english = page(site, "shopping_list.html").find(id=href.split("#")[1])
    assert words(english.h3) == "Scenario: An item is added"
    assert words(english.find("p", class_="twin")) == "In Korean (한국어): 물건을 더한다."
    assert "Tags:" not in words(korean), "the tag is said in words, not shown as a tag"
    heading = words(page(site, "ko-shopping_list.html").find("p", class_="twin"))
    assert "Scenarios here that translate an English one: 1 of 1" in heading


def test_the_real_korean_pages_name_their_english_examples(real_site: Path) -> None:
    for name in ("ko-posting.html", "ko-logging_in.html"):
        korean = page(real_site, name)
        examples = korean.select("article.example")
        assert all(e.find("p", class_="twin") for e in examples), name
    dangerous = example(
        page(real_site, "ko-posting.html"), "위험한 HTML은 본문에서 지운다 (<위험>)"
    )
    said = words(dangerous.find("p", class_="twin"))
    english = "Dangerous HTML is removed from the text (<danger>)"
    assert said == f"Translates {english} (in Formatting an entry's text).", said


def test_lint_refuses_a_twin_tag_that_names_no_english_example(tmp_path: Path) -> None:
    features = fixture_copy(tmp_path)
    korean = features / "ko" / "shopping_list.feature"
    text = korean.read_text(encoding="utf-8")
    korean.write_text(text.replace("an-item-is-added", "an-item-was-added"), encoding="utf-8")
    said = twin_problems(features)
    assert len(said) == 1, said
    assert "shopping_list.feature:8: “@translates:an-item-was-added” names no English" in said[0]
    assert "the closest: @translates:an-item-is-added (“An item is added”" in said[0]
    assert twin_problems(FIXTURE / "features") == []


# The judges: Nu and axe-core on the pages of any feature file.


@pytest.mark.nu
def test_the_pages_of_any_feature_file_pass_the_nu_html_checker(
    nu_verdicts: dict[str, str],
) -> None:
    assert nu_verdicts[ANY_FILE_PAGES] == ""


@pytest.mark.browser
@pytest.mark.axe
@pytest.mark.parametrize("width", web_checks.WIDTHS)
def test_the_pages_of_any_feature_file_have_no_accessibility_violation(
    browser: Browser, any_file: Path, width: int
) -> None:
    names = ("index.html", "paying.html", "counting_the_till.html", "background_only.html")
    assert pages_violations(browser, width, [any_file / name for name in names]) == {}
