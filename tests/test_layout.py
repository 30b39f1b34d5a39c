"""``make format`` lays the feature files out and never changes what a scenario says."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from support.authoring.layout import reading

ROOT = Path(__file__).resolve().parent.parent

#: Cells Gherkin and behave read differently (a backslash, an escaped pipe, "\n"), badly
#: laid out, in English and in Korean, and a keyword in lower case.
TRICKY = r"""Feature: Paths and pipes
  As an admin
  I want titles with odd characters
  So that they are kept exactly

  Scenario: Odd titles
    given the admin is logged in
    And the blog has these entries, oldest first:
      | title | text |
      |C:\Shop\prices\new.txt| a \| b |
      | back\\slash   | line\nbreak |
      | 영업 시간 \ 안내 | 아홉 시 |
    Then the blog holds 3 entries
"""


def run_format(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "support.authoring.layout", "format", str(folder)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_formatting_every_feature_keeps_what_behave_reads(tmp_path: Path) -> None:
    copies = tmp_path / "features"
    shutil.copytree(ROOT / "features", copies)
    (copies / "tricky.feature").write_text(TRICKY, encoding="utf-8")
    files = sorted(copies.rglob("*.feature"))
    before = {path: reading(path.read_text(encoding="utf-8")) for path in files}
    done = run_format(copies)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "laid out" in done.stdout and "tricky.feature" in done.stdout
    for path in files:
        assert reading(path.read_text(encoding="utf-8")) == before[path], path.name
    tricky = (copies / "tricky.feature").read_text(encoding="utf-8")
    assert r"| C:\Shop\prices\new.txt | a \| b " in tricky, tricky
    assert r"| back\\slash " in tricky and r"line\nbreak" in tricky
    assert "    Given the admin is logged in" in tricky, "the keyword gets its capital"
    # Laid out once, the files are as the check wants them: formatting again changes nothing.
    assert "laid out" not in run_format(copies).stdout


def test_the_features_of_the_project_are_laid_out() -> None:
    from support.authoring.layout import layout_problems

    assert layout_problems(sorted((ROOT / "features").rglob("*.feature"))) == []


def test_the_readme_shows_what_the_check_really_says(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sample = readme.split("reported with the closest ones it knows:\n\n```\n")[1].split("```")[0]
    place, step = re.match(r"(features/\S+):(\d+): ", sample).groups()
    wrong = sample.split("\n")[1]
    lines = (ROOT / place).read_text(encoding="utf-8").split("\n")
    lines[int(step) - 1] = wrong
    copy = tmp_path / "features" / Path(place).name
    copy.parent.mkdir()
    copy.write_text("\n".join(lines), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "support.authoring.check", str(copy)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    said = re.sub(r"^\S*features/", "features/", done.stderr, flags=re.MULTILINE)
    assert said == sample


def test_a_file_whose_meaning_would_change_is_never_written(tmp_path: Path, monkeypatch) -> None:
    from support.authoring import layout

    feature = tmp_path / "hours.feature"
    original = TRICKY.replace("    given", "        Given")
    feature.write_text(original, encoding="utf-8")

    def doubled(texts: dict[Path, str]) -> dict[Path, str]:
        """A formatter that doubles backslashes, as reformat-gherkin does unprotected."""
        return {path: text.replace("C:\\Shop", "C:\\\\Shop") for path, text in texts.items()}

    monkeypatch.setattr(layout, "laid_out", doubled)
    assert layout.main(["format", str(feature)]) == 1
    assert feature.read_text(encoding="utf-8") == original
    assert any("laying this file out would change" in m for m in layout.layout_problems([feature]))
