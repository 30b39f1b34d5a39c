"""The What changed page of the living documentation (``--since REF``, ``make docs SINCE=``).

A small git history is made from the fixture's features: committed as they are, then one
example added, one removed and one reworded, and committed again. The site is built with
``--since`` the first commit, as ``make docs`` builds it, with no run recorded (the old
commit needs none). Matching's finer cases are checked on the changes themselves.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from support.living_docs.changes import Baseline
from support.living_docs.changes import Changes
from support.living_docs.changes import changes_since
from support.living_docs.changes import default_since
from support.living_docs.site import Builder
from tests import web_checks
from tests.test_living_docs import FIXTURE
from tests.test_living_docs import page
from tests.test_living_docs import pages_violations
from tests.test_living_docs import ROOT
from tests.test_living_docs import words

#: The pages made from the fixture's small history, as the Nu HTML Checker judges them.
CHANGES = "the What changed page"
SHOPPING = "features/shopping_list.feature"


def git(repo: Path, *args: str) -> str:
    """What ``git args`` prints in ``repo``, as a committer of its own."""
    done = subprocess.run(
        ["git", "-c", "user.name=Reader", "-c", "user.email=reader@example.org", *args],
        cwd=repo, capture_output=True, text=True, check=True, timeout=30,
    )  # fmt: skip
    return done.stdout.strip()


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old``, which must be there once, with ``new``."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"expected {old!r} once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


#: The example removed, and the one added, as the fixture's features write them.
REMOVED = """    Scenario: The same item twice
      When the shopper adds "bread"
      And the shopper adds "bread"
      Then the list holds 1 item

"""
ADDED = """    Scenario: Two items
      When the shopper adds "milk"
      And the shopper adds "bread"
      Then the list holds 2 items

"""


def history(repo: Path) -> str:
    """The fixture's features committed, then one example added, one removed and one
    reworded, committed again: the first commit."""
    shutil.copytree(FIXTURE / "features", repo / "features")
    git(repo, "init", "--quiet")
    git(repo, "add", "features")
    git(repo, "commit", "--quiet", "-m", "The shopping list")
    first = git(repo, "rev-parse", "HEAD")
    shopping = repo / SHOPPING
    reworded = ('When the shopper adds "bread"\n    Then the list reads:\n      | item  |\n'
                '      | bread |', 'When the shopper adds "butter"\n    Then the list reads:\n'
                '      | item   |\n      | butter |')  # fmt: skip
    edit(shopping, *reworded)
    edit(shopping, REMOVED, "")
    edit(shopping, "  Rule: The list is shown", f"{ADDED}  Rule: The list is shown")
    git(repo, "commit", "--quiet", "-am", "One example added, one removed, one reworded")
    return first


@web_checks.judged_by_nu(CHANGES)
def make_changes_site(folder: Path) -> None:
    """The fixture's small history, documented since its first commit."""
    repo, runs = folder / "repo", folder / "no-runs"
    repo.mkdir()
    runs.mkdir()
    first = history(repo)
    (folder / "first").write_text(first, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "support.living_docs", "--runs", str(runs),
         "--out", str(folder / "site"), "--features", str(repo / "features"),
         "--steps", str(FIXTURE / "steps"), "--since", first],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def site(judged_pages: dict[str, Path]) -> Path:
    return judged_pages[CHANGES] / "site"


@pytest.fixture(scope="module")
def since(judged_pages: dict[str, Path]) -> str:
    """The first commit, as the site names it."""
    return "commit " + (judged_pages[CHANGES] / "first").read_text(encoding="utf-8")[:7]


def listed(soup: BeautifulSoup) -> list[str]:
    """The changes the page lists, each in its words."""
    return [words(item.p) for item in soup.select("ul.changes > li")]


def test_the_page_lists_the_example_added_the_one_removed_and_the_one_reworded(
    site: Path, since: str
) -> None:
    soup = page(site, "changes.html")
    assert words(soup.h1) == f"What changed since {since}"
    assert listed(soup) == [
        "Example ‘An item is added’ of Keeping a shopping list reworded:",
        "Example ‘Two items’ added to Keeping a shopping list.",
        "Example ‘The same item twice’ removed from Keeping a shopping list.",
    ]
    assert "1 example added, 1 removed, 1 reworded" in words(soup.find("p", class_="lead"))
    assert "shown as one removed and one added" in words(soup), "the intro says how renames show"


def test_each_change_links_to_its_place_on_the_current_site(site: Path) -> None:
    shopping = page(site, "shopping_list.html")
    places = {}
    for link in page(site, "changes.html").select("ul.changes > li > p > a"):
        name, _, anchor = link["href"].partition("#")
        assert name == "shopping_list.html", link["href"]
        places[words(link)] = words(shopping.find(id=anchor)) if anchor else ""
    reworded, added, removed = places
    assert "Scenario: An item is added" in places[reworded]
    assert "Scenario: Two items" in places[added]
    assert places[removed] == "", "a removed example links to its capability's page"


def test_a_reworded_example_shows_its_old_and_its_new_wording(site: Path, since: str) -> None:
    change = page(site, "changes.html").select_one("ul.changes > li")
    old, new = change.find_all("pre")
    assert words(old.find_previous_sibling("p")) == f"At {since}:"
    assert [words(d) for d in old.find_all("del")] == ['When the shopper adds "bread"', "| bread |"]
    assert [words(i) for i in new.find_all("ins")] == [
        'When the shopper adds "butter"',
        "| butter |",
    ]
    assert "Then the list reads:" in old.get_text() and "Then the list reads:" in new.get_text()


def test_the_contents_card_of_a_changed_capability_says_so(site: Path, since: str) -> None:
    soup = page(site, "index.html")
    said = {words(card.h4): words(card) for card in soup.select(".toc-entry")}
    assert f"Changed since {since}" in said["Keeping a shopping list"]
    assert [name for name, text in said.items() if "since" in text] == [
        "Keeping a shopping list"
    ], "only the changed capability says so"
    link = soup.select_one(".toc-entry a[href^='changes.html#']")
    assert page(site, "changes.html").find(id=link["href"].partition("#")[2]) is not None
    said = words(soup.find("main").find("a", href="changes.html").parent)
    assert said.startswith(f"Since {since}"), said


def test_every_page_links_to_what_changed(site: Path) -> None:
    for path in sorted(site.glob("*.html")):
        nav = page(site, path.name).find("nav", attrs={"aria-label": "Site"})
        assert nav.find("a", href="changes.html") is not None, path.name


@pytest.mark.nu
def test_the_pages_pass_the_nu_html_checker(nu_verdicts: dict[str, str]) -> None:
    assert nu_verdicts[CHANGES] == ""


@pytest.mark.browser
@pytest.mark.axe
@pytest.mark.parametrize("width", web_checks.WIDTHS)
def test_the_pages_have_no_accessibility_violation(
    browser: Browser, site: Path, width: int
) -> None:
    assert pages_violations(browser, width, [site / "changes.html", site / "index.html"]) == {}


# Matching, on the changes themselves.


def changes(tmp_path: Path, old: dict[str, str], new: dict[str, str]) -> Changes:
    """What changed from the feature files ``old`` to ``new``, by path."""
    features = tmp_path / "features"
    features.mkdir()
    for name, text in new.items():
        (features / name).write_text(text, encoding="utf-8")
    shown = Builder([], [], features).capabilities()
    return changes_since(Baseline("v1", "2026-01-01", old), shown, features)


def said(found: Changes) -> list[str]:
    """Each change as "kind part name", with a rename's old name and a note if any."""
    return [
        " ".join(filter(None, [c.kind, c.part, c.old_name, c.name, c.note]))
        for capability in found.capabilities
        for c in capability.changes
    ]


LIST = """Feature: List
  Scenario: Adding
    Given an empty shopping list
    When the shopper adds "bread"

  Rule: Once
    Scenario: Twice
      When the shopper adds "bread"
"""


def test_a_new_name_with_the_same_words_is_a_rename(tmp_path: Path) -> None:
    new = LIST.replace("Scenario: Adding", "Scenario: Adding bread")
    assert said(changes(tmp_path, {"a.feature": LIST}, {"a.feature": new})) == [
        "renamed Example Adding Adding bread"
    ]


def test_a_new_name_with_other_words_is_a_removal_and_an_addition(tmp_path: Path) -> None:
    new = LIST.replace("Scenario: Adding\n", "Scenario: Adding milk\n").replace(
        'adds "bread"\n\n', 'adds "milk"\n\n'
    )
    assert said(changes(tmp_path, {"a.feature": LIST}, {"a.feature": new})) == [
        "added Example Adding milk",
        "removed Example Adding",
    ]


def test_an_example_moved_to_another_rule_says_where_it_is_now(tmp_path: Path) -> None:
    new = LIST.replace("  Rule: Once\n", "  Rule: Never twice\n")
    assert said(changes(tmp_path, {"a.feature": LIST}, {"a.feature": new})) == [
        "renamed Rule Once Never twice",
        "reworded Example Twice now under rule 'Never twice'",
    ]


def test_a_capability_is_matched_by_its_file(tmp_path: Path) -> None:
    new = LIST.replace("Feature: List", "Feature: Shopping list")
    found = changes(tmp_path, {"a.feature": LIST, "gone.feature": "Feature: Gone\n"},
                    {"a.feature": new, "b.feature": "Feature: New\n"})  # fmt: skip
    assert said(found) == [
        "reworded Capability Shopping list",
        "added Capability New",
        "removed Capability Gone was gone.feature",
    ]
    assert found.capabilities[0].changes[0].before == [("Feature: List", "changed")]


def test_rewrapping_a_description_changes_nothing(tmp_path: Path) -> None:
    old = LIST.replace("  Rule: Once\n", "  Rule: Once\n    Nothing is\n    bought twice.\n")
    new = LIST.replace("  Rule: Once\n", "  Rule: Once\n    Nothing is bought\n    twice.\n")
    assert said(changes(tmp_path, {"a.feature": old}, {"a.feature": new})) == []


def test_a_long_example_shows_only_the_lines_near_a_change(tmp_path: Path) -> None:
    steps = "".join(f'    And the shopper adds "item {n}"\n' for n in range(10))
    old = LIST.replace('adds "bread"\n\n', f'adds "bread"\n{steps}\n')
    new = old.replace('"item 9"', '"item nine"')
    change = changes(tmp_path, {"a.feature": old}, {"a.feature": new}).capabilities[0].changes[0]
    assert change.after == [
        ("(10 lines as before)", "gap"),
        ('And the shopper adds "item 8"', "same"),
        ('And the shopper adds "item nine"', "changed"),
    ]


# Which commit by default.


def test_by_default_since_the_latest_tag_else_before_the_last_change_to_the_features(
    tmp_path: Path,
) -> None:
    features = tmp_path / "features"
    features.mkdir()
    assert default_since(features) is None, "outside git there is nothing to compare with"
    git(tmp_path, "init", "--quiet")
    (features / "a.feature").write_text(LIST, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "--quiet", "-m", "first")
    assert default_since(features) is None, "no commit before the first"
    (features / "a.feature").write_text(LIST.replace("Adding", "Added"), encoding="utf-8")
    git(tmp_path, "commit", "--quiet", "-am", "features changed")
    before = git(tmp_path, "rev-parse", "HEAD~1")
    (tmp_path / "README").write_text("Elsewhere\n", encoding="utf-8")
    git(tmp_path, "add", "README")
    git(tmp_path, "commit", "--quiet", "-m", "not the features")
    assert default_since(features) == before
    git(tmp_path, "tag", "v1", "HEAD~1")
    assert default_since(features) == "v1"


def test_a_ref_git_does_not_know_is_refused_in_words(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "support.living_docs", "--runs", str(tmp_path),
         "--out", str(tmp_path / "site"), "--since", "no-such-tag"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert "--since expected a git commit, tag or branch" in done.stderr
    assert "found 'no-such-tag'" in done.stderr and "write a tag such as v1.0" in done.stderr
    assert not (tmp_path / "site").exists(), "nothing is built"
