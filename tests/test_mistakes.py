"""Every kind of mistake a product owner can make in a feature file, and what ``make lint``
says of it: the file and line, and one sentence to act on, never a traceback.

MISTAKES is the table the README summarises; each row is a correct feature with one
mistake in it, the line the message must name, and words the message must hold.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

GOOD = """Feature: Opening hours
  As a reader
  I want to know when the shop is open
  So that I do not come in vain
  The admin posts the hours and readers see them.

  Scenario: The admin posts the hours
    Given the admin is logged in
    When the admin posts an entry titled "Opening hours" with the text "Open at nine."
    Then the blog shows an entry titled "Opening hours" with the text "Open at nine."
"""

OUTLINE = """Feature: Opening hours
  As a reader
  I want to know when the shop is open
  So that I do not come in vain

  Scenario Outline: The admin posts the hours (<day>)
    Given the admin is logged in
    When the admin posts an entry titled "<day>" with the text "<hours>"
    Then the blog shows an entry titled "<day>" with the text "<hours>"

    Examples:
      | day    | hours         |
      | Monday | Open at nine. |
"""

STEP = '    Then the blog shows an entry titled "Opening hours" with the text "Open at nine."\n'


KOREAN = """# language: ko

기능: 영업 시간
  손님으로서
  가게가 언제 여는지 알고 싶다
  그래서 헛걸음하지 않는다

  시나리오: 관리자가 영업 시간을 올린다
    조건 관리자가 로그인해 있다
    만일 관리자가 제목이 "영업 시간"이고 본문이 "아홉 시에 엽니다."인 글을 올리면
    그러면 블로그에 제목이 "영업 시간"이고 본문이 "아홉 시에 엽니다."인 글이 보인다
"""

#: A Korean outline whose placeholder stands only in a table cell, its rows under
#: "시나리오:" where "예:" belongs.
KOREAN_OUTLINE = """# language: ko

기능: 영업 시간
  손님으로서
  가게가 언제 여는지 알고 싶다
  그래서 헛걸음하지 않는다

  시나리오 개요: 관리자가 영업 시간을 올린다
    조건 관리자가 로그인해 있다
    그리고 블로그에 이런 글이 있다:
      | title | text  |
      | <요일> | 엽니다. |
    그러면 블로그에 글이 1개 있다

    시나리오:
      | 요일 |
      | 월요일 |
"""


@dataclass(frozen=True)
class Mistake:
    """One kind of mistake: the feature that makes it, where, and what is said of it."""

    kind: str
    feature: str
    line: int
    said: str


def instead(old: str, new: str, text: str = GOOD) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


MISTAKES = [
    Mistake(
        "a sentence the suite does not know",
        instead(STEP, '    Then the blog shows the entry "Opening hours"\n'),
        10,
        "the suite does not know the sentence",
    ),
    Mistake(
        "a word outside the set a sentence accepts",
        instead(STEP, '    Then the entry shows "nine" as underlined\n'),
        10,
        "“underlined” is not a kind of formatting, one of: “strong”, “bold”",
    ),
    Mistake(
        "a cell outside the set a table column accepts",
        instead(
            STEP,
            "    Then the page tells browsers to:\n"
            "      | protection             |\n"
            "      | never be put in frames |\n",
        ),
        10,
        'the cell "never be put in frames" (column "protection") is not what the page',
    ),
    Mistake(
        "a sentence under the wrong keyword",
        instead("    Given the admin is logged in", "    When the admin is logged in"),
        8,
        "this is a Given sentence",
    ),
    Mistake(
        "a step keyword in lower case",
        instead("    Given the admin is logged in", "    given the admin is logged in"),
        8,
        "write the keyword “Given” with a capital letter",
    ),
    Mistake(
        "a block keyword in lower case",
        instead("  Scenario: The admin", "  scenario: The admin"),
        7,
        "write “Scenario:” as it is written here, with a capital letter",
    ),
    Mistake(
        "a table whose headings are not the ones expected",
        instead(
            "    Given the admin is logged in\n",
            "    Given the admin is logged in\n"
            "    And the blog has these entries, oldest first:\n"
            "      | headline | text      |\n"
            "      | Closed   | On Sunday |\n",
        ),
        9,
        'the table\'s first row names the columns "headline" and "text"; this sentence '
        'needs "title" and "text"',
    ),
    Mistake(
        "a table missing under a sentence that needs one",
        instead(
            "    Given the admin is logged in\n",
            "    Given the admin is logged in\n    And the blog has these entries, oldest first:\n",
        ),
        9,
        'this sentence needs a table whose first row names the columns "title" and "text"',
    ),
    Mistake(
        "a table under a sentence that takes none",
        instead(
            "    Given the admin is logged in\n",
            "    Given the admin is logged in\n      | name  |\n      | admin |\n",
        ),
        8,
        "this sentence takes no table: remove the table under it",
    ),
    Mistake(
        "a doc string missing under a sentence that needs one",
        instead(STEP, "    When someone logs in with this username:\n"),
        10,
        'this sentence needs the username under it, between two lines of """',
    ),
    Mistake(
        "a doc string under a sentence that takes none",
        instead(
            "    Given the admin is logged in\n",
            '    Given the admin is logged in\n      """\n      admin\n      """\n',
        ),
        8,
        'this sentence takes no text between """ lines: remove it',
    ),
    Mistake(
        "a sentence used before what it needs",
        instead(STEP, '    Then the admins receive exactly one mail with the subject "Down"\n'),
        10,
        "this sentence needs a step before it: errors mailed to the admins",
    ),
    Mistake(
        "an outline's placeholder with no Examples column",
        instead('"<hours>"\n    Then', '"<hour>"\n    Then', OUTLINE),
        8,
        "“<hour>” has no column in the Examples table at line 11",
    ),
    Mistake(
        "an Examples column the outline uses nowhere",
        instead(
            "      | day    | hours         |\n      | Monday | Open at nine. |\n",
            "      | day    | hours         | note |\n      | Monday | Open at nine. | x    |\n",
            OUTLINE,
        ),
        11,
        "the Examples column “note” is used nowhere in the outline",
    ),
    Mistake(
        "an outline without Examples rows",
        OUTLINE.split("\n    Examples:")[0] + "\n",
        6,
        "the Scenario Outline has no Examples rows",
    ),
    Mistake(
        "an Examples table of more than six rows with no heading saying why",
        OUTLINE + "".join(f"      | Day {n}  | Open at {n}.  |\n" for n in range(2, 8)),
        11,
        "this Examples table has 7 rows: a rule needs its few key examples",
    ),
    Mistake(
        "a visitor's session prepared where the admin's was meant",
        instead(
            "    Given the admin is logged in\n",
            '    Given a visitor whose session holds "theme" set to "dark"\n'
            "    And the admin is logged in\n",
        ),
        8,
        "this prepares a visitor, but no step after it is about a visitor",
    ),
    Mistake(
        "a feature that runs more than 40 scenarios",
        OUTLINE.replace("    Examples:", "    Examples: Every day of the year")
        + "".join(f"      | Day {n:<3}| Open at {n % 10}.  |\n" for n in range(40)),
        1,
        "the feature runs 41 scenarios (each Examples row counts), more than 40",
    ),
    Mistake(
        "a feature longer than 160 lines",
        GOOD
        + "".join(
            instead(
                "  Scenario: The admin posts the hours",
                f"  Scenario: The admin posts the hours, again {n}",
                "\n" + GOOD.split("\n\n", 1)[1],
            )
            for n in range(31)
        ),
        1,
        "the feature is 165 lines long, more than a reader finishes (160)",
    ),
    Mistake(
        "two scenarios with the same name",
        GOOD + "\n" + GOOD.split("\n\n", 1)[1],
        12,
        "the scenario name “The admin posts the hours” is already used at line 7",
    ),
    Mistake(
        "a scenario without steps",
        GOOD + "\n  Scenario: Closed on Sunday\n",
        12,
        "the scenario “Closed on Sunday” has no steps",
    ),
    Mistake(
        "a scenario without a name",
        instead("  Scenario: The admin posts the hours", "  Scenario:"),
        7,
        "give the scenario a name that states its rule",
    ),
    Mistake(
        "a feature without “As a / I want / So that”",
        instead("  As a reader\n  I want to know when the shop is open\n", ""),
        1,
        "a feature opens with three lines: “As a …”, “I want …”, “So that …”",
    ),
    Mistake(
        "a layout that differs from the other files",
        instead("    Given the admin is logged in", "        Given the admin is logged in"),
        8,
        "the layout differs from the other feature files: indent it by 4 spaces",
    ),
    Mistake(
        "a line behave cannot read",
        instead(
            "    Given the admin is logged in\n",
            "    Given the admin is logged in\n"
            "    And the blog has these entries, oldest first:\n"
            "      | title  | text      |\n"
            "      | Closed |\n",
        ),
        11,
        "this row has 1 cell, the table's first row 2: give every row one cell per column",
    ),
    Mistake(
        "“Example:” where “Examples:” belongs under an outline",
        instead("    Examples:", "    Example:", OUTLINE),
        11,
        "“Example:” starts a new scenario; the rows of a Scenario Outline go under "
        "“Examples:” (with an s)",
    ),
    Mistake(
        "a vertical bar typed inside a table cell",
        instead(
            "    Given the admin is logged in\n",
            "    Given the admin is logged in\n"
            "    And the blog has these entries, oldest first:\n"
            "      | title  | text      |\n"
            "      | Closed | Open | shut  |\n",
        ),
        11,
        "a “|” typed inside a cell splits it; write “\\|” for a “|” in a cell",
    ),
    Mistake(
        "a doc string never closed",
        instead(STEP, '    When someone logs in with this username:\n      """\n      admin\n'),
        11,
        'the doc string opened here with """ is never closed',
    ),
    Mistake(
        "an unfinished table row",
        instead(
            "    Given the admin is logged in\n",
            "    Given the admin is logged in\n"
            "    And the blog has these entries, oldest first:\n"
            "      | title  | text      |\n"
            "      | Closed | On Sunday\n",
        ),
        11,
        "this table row is not finished: end it with “|”",
    ),
    Mistake(
        "a backslash at the end of a table line",
        instead(
            "    Given the admin is logged in\n",
            "    Given the admin is logged in\n"
            "    And the blog has these entries, oldest first:\n"
            "      | title  | text      |\n"
            "      | Closed | On Sunday \\\n",
        ),
        11,
        "this table row ends with a backslash, which escapes the end of the line",
    ),
    Mistake(
        "a file that ends in the middle of a scenario",
        GOOD + "\n  @later\n",
        12,
        "the file ends after tags that tag nothing",
    ),
    Mistake(
        "tags written together",
        "@shop@hours\n" + GOOD,
        1,
        "the tags “@shop@hours” are written together: behave reads them as one tag",
    ),
    Mistake(
        "text after a table row's last vertical bar",
        instead(
            "    Given the admin is logged in\n",
            "    Given the admin is logged in\n"
            "    And the blog has these entries, oldest first:\n"
            "      | title  | text      |\n"
            "      | Closed | On Sunday | note\n",
        ),
        11,
        "“note” after the row's last “|” is no cell",
    ),
    Mistake(
        "an escape in a table cell that behave reads differently",
        instead(
            "    Given the admin is logged in\n",
            "    Given the admin is logged in\n"
            "    And the blog has these entries, oldest first:\n"
            "      | title  | text      |\n"
            "      | Closed | C:\\\\new |\n",
        ),
        11,
        "“\\\\” in a cell is one backslash by the Gherkin standard, but two for behave",
    ),
    Mistake(
        "two doc strings on one step",
        instead(
            STEP,
            "    When someone logs in with this username:\n"
            '      """\n      admin\n      """\n      """\n      root\n      """\n',
        ),
        14,
        "this step already has a doc string at line 11, and a doc string starts here",
    ),
    Mistake(
        "a table and a doc string on one step",
        instead(
            "    Given the admin is logged in\n",
            "    Given the admin is logged in\n"
            "    And the blog has these entries, oldest first:\n"
            "      | title  | text      |\n"
            "      | Closed | On Sunday |\n"
            '      """\n      Shut.\n      """\n',
        ),
        9,
        'this sentence takes no text between """ lines: remove it',
    ),
    Mistake(
        "a curly apostrophe or quote in a sentence",
        instead(
            "    Given the admin is logged in",
            "    Given the admin’s session holds "
            '"theme" set to "dark"\n    And the admin is logged in',
        ),
        8,
        "you typed ’ (a curly apostrophe) where the sentence has ' (a straight one): write it "
        "as\n      Given the admin's session holds",
    ),
    Mistake(
        "a placeholder that differs from its column only in case",
        instead('"<hours>"\n    Then', '"<Hours>"\n    Then', OUTLINE),
        8,
        "did you mean <hours>? The column is “hours”",
    ),
    Mistake(
        "a Then about the page shown before any step opens a page",
        instead(
            '    When the admin posts an entry titled "Opening hours" with the text "Open at '
            'nine."\n' + STEP,
            '    Then they are told "You were logged in"\n',
        ),
        9,
        "a Then about the page shown, but no step before it opens a page, so there is "
        "nothing to read yet: add a When that opens a page first, such as: When",
    ),
    Mistake(
        "a singular noun after a number other than 1",
        instead(STEP, "    Then the blog holds 2 entry\n"),
        10,
        "“2 entry”: after a number other than 1 write “entries”: write it as\n"
        "      Then the blog holds 2 entries",
    ),
    Mistake(
        "“Examples:” under a plain “Scenario:”",
        instead("  Scenario Outline:", "  Scenario:", OUTLINE),
        11,
        "behave runs “Examples:” only under a “Scenario Outline:”: write “Scenario Outline:” "
        "at line 6",
    ),
    Mistake(
        "a description under “Examples:”",
        instead("    Examples:\n", "    Examples:\n    The days the shop opens.\n", OUTLINE),
        12,
        "behave cannot read a description under “Examples:” (the Gherkin standard can): move "
        "the words into the heading (“Examples: …”)",
    ),
    Mistake(
        "a doc string between lines of three backticks",
        instead(
            STEP,
            "    When someone logs in with this username:\n      ```\n      admin\n      ```\n",
        ),
        11,
        'behave cannot read a doc string between lines of ```: write """ here and """ where it '
        "ends",
    ),  # fmt: skip
    Mistake(
        "a doc string line left of its opening quotes",
        instead(
            STEP, '    When someone logs in with this username:\n      """\n    admin\n      """\n'
        ),
        12,
        'this line of the doc string starts left of the """ at line 11 that opens it',
    ),  # fmt: skip
    Mistake(
        "a language line with spaces behave does not read",
        "#  language : ko\n\n" + KOREAN.split("\n", 2)[2],
        1,
        "behave reads the language line only written as “# language: ko”",
    ),
    Mistake(
        "“Example:” under an outline whose placeholder is only in a doc string",
        OUTLINE.split("    Given")[0]
        + '    When someone logs in with this username:\n      """\n      <day>\n      """\n'
        "    Then they are not logged in\n\n    Example:\n      | day   |\n      | admin |\n",
        13,
        "“Example:” starts a new scenario; the rows of a Scenario Outline go under “Examples:”",
    ),  # fmt: skip
    Mistake(
        "“예:” forgotten under a Korean outline whose placeholder is only in a table",
        KOREAN_OUTLINE,
        15,
        "“시나리오:” starts a new scenario; the rows of a 시나리오 개요 go under “예:”",
    ),
    Mistake(
        "a quoted value written without its quotes",
        instead(
            'titled "Opening hours" with the text "Open at nine."\n    Then',
            'titled Opening hours with the text "Open at nine."\n    Then',
        ),
        9,
        "“Opening hours” needs double quotes around it, as the sentence writes it: write it "
        "as\n"
        '      When the admin posts an entry titled "Opening hours" with the text',
    ),
    Mistake(
        "a rule heading in a Korean file, “Rule:” or “규칙:”",
        instead("  시나리오:", "  Rule: 관리자가 시간을 알린다\n\n  시나리오:", KOREAN),
        8,
        "in this language behave knows a rule only as “Rule:” and the Gherkin standard only "
        "as “규칙:”, so each would read the other's as a line of description: make the "
        "heading and its description lines comments",
    ),
    Mistake(
        "a quoted value in single quotes",
        instead(STEP, "    Then they are told 'You were logged in'\n"),
        10,
        "“'You were logged in'” needs double quotes around it, as the sentence writes it: "
        'write it as\n      Then they are told "You were logged in"',
    ),
    Mistake(
        "an empty value where the sentence needs one",
        instead(STEP, '    Then the page says ""\n'),
        10,
        '“""” is empty, and this sentence takes at least one character between its quotes',
    ),
    Mistake(
        "a quoted value in curly quotes",
        instead('titled "Opening hours" with', "titled “Opening hours” with"),
        9,
        'you typed “ (a curly opening quote) where the sentence has " (a straight one)',
    ),
    Mistake(
        "a language line with a capital letter",
        KOREAN.replace("# language: ko", "# Language: ko"),
        1,
        "the Gherkin standard reads the language line only in lower case, so it reads this "
        "file as English",
    ),
    Mistake(
        "a description line that starts with a step word in lower case",
        instead(
            "    Given the admin is logged in\n",
            "    when the shop opens, readers see the hours.\n    Given the admin is logged in\n",
        ),
        8,
        "this line is description by the Gherkin standard, but behave reads a line that "
        "starts with “when” (in any case) as a step: begin the line with another word",
    ),
    Mistake(
        "a placeholder only in a doc string's media type",
        instead(
            '    When the admin posts an entry titled "<day>" with the text "<hours>"\n',
            '    When the admin posts an entry titled "<day>" with the text:\n'
            '      """<kind>\n      <hours>\n      """\n',
            OUTLINE.replace(
                "| day    | hours         |", "| day    | hours         | kind  |"
            ).replace("| Monday | Open at nine. |", "| Monday | Open at nine. | plain |"),
        ),
        9,
        "“<kind>” stands only in the doc string's media type, which the Gherkin standard "
        "fills in but behave ignores",
    ),
    Mistake(
        "a message quoted otherwise than the blog says it",
        instead(STEP, '    Then they are told "New entry was posted."\n'),
        10,
        "“New entry was posted.” is not one of the blog's messages word for word; the closest "
        "it says is “New entry was successfully posted”",
    ),
    Mistake(
        "a full stop at the end of a sentence",
        instead(STEP, "    Then the blog holds 1 entry.\n"),
        10,
        "the sentence ends in “.”, which it does not have\n    Then the blog holds 1 entry.\n"
        "  remove it: write it as\n      Then the blog holds 1 entry",
    ),
]


def written(tmp_path: Path) -> list[Path]:
    """Each mistake in a feature file of its own, named after its number."""
    paths = []
    for number, mistake in enumerate(MISTAKES, start=1):
        path = tmp_path / f"mistake{number:02}.feature"
        path.write_text(mistake.feature, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def lint(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], str, int]:
    """The check of ``make lint``, run once over every mistake at once."""
    paths = written(tmp_path_factory.mktemp("mistakes"))
    done = subprocess.run(
        [sys.executable, "-m", "support.authoring.check", *map(str, paths)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return paths, done.stdout + done.stderr, done.returncode


def test_there_are_at_least_fifteen_kinds_of_mistake() -> None:
    assert len({m.kind for m in MISTAKES}) == len(MISTAKES) >= 15


def test_the_correct_features_pass(tmp_path: Path) -> None:
    for name, text in (("good.feature", GOOD), ("outline.feature", OUTLINE)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "support.authoring.check", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("number", range(1, len(MISTAKES) + 1))
def test_each_mistake_is_named_with_its_file_line_and_a_plain_sentence(
    lint: tuple[list[Path], str, int], number: int
) -> None:
    paths, said, status = lint
    mistake = MISTAKES[number - 1]
    assert status == 1
    assert "Traceback" not in said and "Error:" not in said
    place = f"{paths[number - 1].name}:{mistake.line}: "
    assert place in said, f"nothing said at {place!r} for {mistake.kind}:\n{said}"
    # The problem's own lines: up to the next line that does not continue it.
    message = re.split(r"\n(?=\S)", said.split(place, 1)[1])[0]
    assert mistake.said in message, f"{mistake.kind}: expected {mistake.said!r}, said {message!r}"


def test_every_file_is_reported_in_one_run(lint: tuple[list[Path], str, int]) -> None:
    paths, said, _ = lint
    assert all(f"{path.name}:" in said for path in paths)
    assert re.search(r"^\d+ problems found\.$", said, re.MULTILINE), said[-300:]


def test_the_readme_summarises_every_mistake() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for mistake in MISTAKES:
        assert f"| {mistake.kind} |" in readme, f"the README's table lacks {mistake.kind!r}"


def test_a_mistake_that_reaches_a_run_gets_the_same_words(tmp_path: Path) -> None:
    from tests.test_suite import run_behave

    feature = instead(STEP, '    Then the entry shows "nine" as underlined\n')
    feature += (
        "\n  Scenario: The hours are listed\n"
        "    Given the blog has these entries, oldest first:\n"
        "      | headline | text      |\n"
        "      | Closed   | On Sunday |\n"
        "    Then the blog holds 1 entries\n"
    )
    result = run_behave(tmp_path, feature)
    said = result.stdout + result.stderr
    assert result.returncode != 0
    assert "“underlined” is not a kind of formatting, one of: “strong”" in said
    assert 'the table\'s first row names the columns "headline" and "text"' in said
    assert "Traceback" not in said and "KeyError" not in said


VALID = """@shopping
Feature: Opening hours
  As a reader
  I want to know when the shop is open
  So that I do not come in vain

  Background:
    Given the admin is logged in

  Scenario: A note
    When someone logs in with this username:
      \"\"\"
      background: red
      \"\"\"
    Then they are not logged in

  Rule: The admin's posts are shown as written

    Background:
      Given the blog has these entries, oldest first:
        | text        | title |
        | Open daily. | Hours |

    Scenario Outline: Formatting is kept (<formatting>)
      When the admin posts an entry titled "Menu" with the text "We are <b>open</b> <text>"
      Then the entry shows "<shown>" as <formatting>

      @bold
      Examples: Bold
        | formatting | text   | shown |
        | bold       | today. | open  |

    @wip
    Scenario: Something for later

"""


def check_files(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "support.authoring.check", *map(str, paths)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_rules_backgrounds_html_in_outlines_wip_and_korean_are_not_mistakes(
    tmp_path: Path,
) -> None:
    (tmp_path / "valid.feature").write_text(VALID, encoding="utf-8")
    (tmp_path / "korean.feature").write_text(KOREAN, encoding="utf-8")
    done = check_files(tmp_path)
    assert done.returncode == 0, done.stderr


def test_several_mistakes_of_one_file_are_all_reported(tmp_path: Path) -> None:
    feature = tmp_path / "several.feature"
    several = instead("    Given the admin is logged in", "    given the admin is logged in")
    several = instead(STEP, '    Then the entry shows "nine" as underlined\n', several)
    feature.write_text(several, encoding="utf-8")
    said = check_files(feature).stderr
    assert "several.feature:8: write the keyword “Given”" in said
    assert "several.feature:10: the sentence uses a word the suite does not know" in said
    assert "2 problems found." in said


def test_the_whole_check_survives_files_it_cannot_read(tmp_path: Path, monkeypatch, capsys) -> None:
    from support.authoring import check

    features = tmp_path / "features"
    features.mkdir()
    (features / "good.feature").write_text(GOOD, encoding="utf-8")
    (features / "latin.feature").write_bytes(GOOD.replace("hours", "heures à").encode("latin-1"))
    (features / "and.feature").write_text(instead("    Given", "    And"), encoding="utf-8")
    (features / "kr.feature").write_text("# language: kr\n" + GOOD, encoding="utf-8")
    (features / "reading-order.yaml").write_text("Readers: [good.feature", encoding="utf-8")
    monkeypatch.setattr(check, "FEATURES", features)
    assert check.main([]) == 1
    said = capsys.readouterr().err
    assert "Traceback" not in said
    assert "latin.feature:1: the file is not UTF-8 text" in said
    assert "and.feature:8: behave cannot read this line: “And” or “But” cannot start" in said
    assert "kr.feature:1: the Gherkin standard knows no language “kr”" in said
    assert "reading-order.yaml:1: expected ',' or ']'" in said
