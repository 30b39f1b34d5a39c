"""An entry's text: typed text made HTML, sanitised, and what sanitising removed."""

from __future__ import annotations

from html.parser import HTMLParser

import nh3
import pytest
from bs4 import BeautifulSoup
from hypothesis import example
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from app.text import ALLOWED_ATTRIBUTES
from app.text import ALLOWED_TAGS
from app.text import ALLOWED_URL_SCHEMES
from app.text import CELLS
from app.text import clean_text
from app.text import entry_text
from app.text import IN_PLACE
from app.text import LINK_REL
from app.text import OTHER
from app.text import REMOVED
from app.text import REMOVED_BLOCKS
from app.text import WORDS
from support.pages.entry import DANGEROUS_TAGS
from support.pages.entry import reader_text


def stored(typed: str) -> str:
    return entry_text(typed).html


def removed(typed: str) -> list[str]:
    return entry_text(typed).removed


def reads(typed: str) -> str:
    """The stored text as readers see it, without its formatting (as the features read it)."""
    return reader_text(BeautifulSoup(stored(typed), "html.parser"))


@pytest.mark.parametrize(
    ("typed", "html"),
    [
        ("Open at nine.", "<p>Open at nine.</p>"),
        ("First.\n\nSecond.", "<p>First.</p>\n<p>Second.</p>"),
        ("First.\r\n\r\nSecond.", "<p>First.</p>\n<p>Second.</p>"),
        ("First.\n  \n\t\n\nSecond.", "<p>First.</p>\n<p>Second.</p>"),
        ("Monday\nTuesday", "<p>Monday<br>\nTuesday</p>"),
        ("Monday\r\nTuesday", "<p>Monday<br>\nTuesday</p>"),
        ("- bread\n- cakes", "<ul><li>bread</li><li>cakes</li></ul>"),
        ("* bread\n* cakes", "<ul><li>bread</li><li>cakes</li></ul>"),
        ("Please bring:\n* bread\n* cakes", (
            "<p>Please bring:</p>\n<ul><li>bread</li><li>cakes</li></ul>"
        )),
        ("  - bread\n- cakes  ", "<ul><li>bread</li><li>cakes</li></ul>"),
        ("Bring:\n- bread\n- cakes\nThanks!", (
            "<p>Bring:</p>\n<ul><li>bread</li><li>cakes</li></ul>\n<p>Thanks!</p>"
        )),
        ("- bread\n\n- cakes", "<ul><li>bread</li></ul>\n<ul><li>cakes</li></ul>"),
        ("-bread\n*cakes*", "<p>-bread<br>\n*cakes*</p>"),
        ("A - B and 2 * 3", "<p>A - B and 2 * 3</p>"),
        ("We are <strong>really</strong>\nopen", "<p>We are <strong>really</strong><br>\nopen</p>"),
        ("- <em>fresh</em> bread", "<ul><li><em>fresh</em> bread</li></ul>"),
        ("Monday to Friday<br>Closed on Sunday", "<p>Monday to Friday<br>Closed on Sunday</p>"),
        ("   Open from nine to five.   ", "<p>Open from nine to five.</p>"),
        ("Fish & chips < 5 EUR", "<p>Fish &amp; chips &lt; 5 EUR</p>"),
        ("", ""),
        (" \n\n ", ""),
    ],
)  # fmt: skip
def test_typed_text_keeps_its_shape(typed: str, html: str) -> None:
    assert stored(typed) == html


@pytest.mark.parametrize(
    ("typed", "html"),
    [
        ("We are <strong>really</strong> open", "<p>We are <strong>really</strong> open</p>"),
        ("We are <b>really</b> open", "<p>We are <b>really</b> open</p>"),
        ("Ask <em>politely</em>", "<p>Ask <em>politely</em></p>"),
        ("Ask <i>politely</i>", "<p>Ask <i>politely</i></p>"),
        ('See <a href="https://example.org/hours">hours</a>', (
            '<p>See <a href="https://example.org/hours" rel="noopener noreferrer nofollow">'
            "hours</a></p>"
        )),
        ("<ul><li>bread</li><li>milk</li></ul>", "<ul><li>bread</li><li>milk</li></ul>"),
        ("Type <code>make run</code> to start", "<p>Type <code>make run</code> to start</p>"),
        ("<p>First part.</p><p>Second part.</p>", "<p>First part.</p><p>Second part.</p>"),
        ("<blockquote>Best bread in town.</blockquote>", (
            "<blockquote>Best bread in town.</blockquote>"
        )),
        ("<pre>10:00 open</pre>", "<pre>10:00 open</pre>"),
    ],
)  # fmt: skip
def test_simple_formatting_is_kept(typed: str, html: str) -> None:
    assert (stored(typed), removed(typed)) == (html, [])


def test_the_summer_break_example_keeps_its_shape() -> None:
    typed = (
        "We close for two weeks in August.\nOrders placed before then ship as usual.\n\n"
        "- bread\n- cakes\n\nSee you in September!"
    )
    assert stored(typed) == (
        "<p>We close for two weeks in August.<br>\nOrders placed before then ship as usual.</p>"
        "\n<ul><li>bread</li><li>cakes</li></ul>\n<p>See you in September!</p>"
    )


def old_clean(html: str) -> str:
    """The blog's sanitising before typed text kept its shape."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
    )


@pytest.mark.parametrize(
    "typed",
    [
        "<p>First part.</p><p>Second part.</p>",
        "<p>First part.</p>\n\n<p>Second part.</p>",
        "<ul><li>bread</li><li>milk</li></ul>",
        "<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n- not a list",
        "<blockquote>Best bread\n\nin town.</blockquote>",
        "<pre>10:00 open\n\n- 12:00 closed</pre>",
        '<p><a href="https://example.org">x</a> <b>y</b></p>',
        "<p>Open</p>\n* every day",
    ],
)
def test_text_with_block_html_of_its_own_is_sanitised_as_before(typed: str) -> None:
    assert stored(typed) == old_clean(typed)
    assert removed(typed) == []


def test_html_with_nothing_to_take_apart_is_sanitised_by_nh3_alone() -> None:
    """No block or cell to turn into a break: nh3's output is kept as it is, whitespace
    included."""
    html = "<script>x</script>\n<p>Hi</p>"
    assert clean_text(html) == old_clean(html) == "\n<p>Hi</p>"


def test_preformatted_text_is_stored_so_that_it_stays_as_stored() -> None:
    html = stored("<pre>\n\n10:00 open</pre>")
    assert html == "<pre>10:00 open</pre>"
    assert stored(html) == html


def test_clean_text_is_the_sanitising_alone() -> None:
    assert clean_text("First.\n\nSecond.") == "First.\n\nSecond."
    assert clean_text("a<script>alert(1)</script>b") == "ab"


@pytest.mark.parametrize(
    ("html", "reads"),
    [
        (
            "<h3>Menu</h3><table><tr><td>Bread</td><td>3 EUR</td></tr></table>Buy <u>today</u>.",
            "<p>Menu</p>\n<p>Bread 3 EUR</p>\n<p>Buy today.</p>",
        ),
        ("Intro<div>x</div>Outro", "<p>Intro</p>\n<p>x</p>\n<p>Outro</p>"),
        ("Morning<hr>Evening", "<p>Morning</p>\n<p>Evening</p>"),
        ("<dl><dt>Bread</dt><dd>3 EUR</dd></dl>", "<p>Bread</p>\n<p>3 EUR</p>"),
        ("<b><div>bold</div></b>words", "<b> bold </b>words"),
        ("<pre><div>10:00</div>12:00</pre>", "<pre>10:00\n12:00</pre>"),
        ("<blockquote>Said<div>twice</div></blockquote>", (
            "<blockquote><p>Said</p>\n<p>twice</p>\n</blockquote>"
        )),
        ("<ul><li>one<h4>two</h4></li></ul>", "<ul><li><p>one</p>\n<p>two</p>\n</li></ul>"),
        ("<td>Bread</td><td>3 EUR</td>", "Bread  3 EUR"),
        ("Look<img src=x>here", "<p>Look here</p>"),
        ("Look <img src=x>here", "<p>Look here</p>"),
        ("<b>Bread </b><div>3 EUR</div>", "<p><b>Bread </b></p>\n<p>3 EUR</p>"),
        ("<b>Bread <hr>Cakes</b>", "<b>Bread Cakes</b>"),
        ("<b>Bread</b> <hr>Cakes", "<p><b>Bread</b></p>\n<p>Cakes</p>"),
        ("<table><tr><td>A</td></tr></table>B<td>C</td>", "<p>A</p>\n<p>B C </p>"),
        ("Menu</table><td>Bread</td><td>3 EUR</td>", "Menu Bread  3 EUR"),
        ('<a href="https://example.org/">Shop</a><hr>', (
            '<p><a href="https://example.org/" rel="noopener noreferrer nofollow">Shop</a></p>'
        )),
        ("Look<iframe src=x></iframe>here", "<p>Look here</p>"),
        ("Name<input value=x>Send<button>go</button>", "<p>Name Send go</p>"),
        ("Buy <u>to</u>day", "<p>Buy today</p>"),
        ("Buy <span>to</span>day", "<p>Buy today</p>"),
    ],
)  # fmt: skip
def test_what_is_removed_never_joins_the_words_around_it(html: str, reads: str) -> None:
    assert stored(html) == reads


@pytest.mark.parametrize(
    ("html", "words"),
    [
        ("<h2>Opening hours</h2>Nine to five", "Opening hours Nine to five"),
        ("<td>Bread</td><td>3 EUR</td>", "Bread 3 EUR"),
        ("Open<div>every day</div>until six", "Open every day until six"),
        ("Morning<hr>Evening", "Morning Evening"),
        ("<dl><dt>Bread</dt><dd>3 EUR</dd></dl>", "Bread 3 EUR"),
        ('Look<img src="https://example.org/a.png">here', "Look here"),
        ("Fish & chips<hr>every Friday", "Fish & chips every Friday"),
        ("<table><tr><td>Menu</td></tr></table>Bread<td>3 EUR</td>", "Menu Bread 3 EUR"),
    ],
)
def test_what_is_removed_leaves_the_words_around_it_apart(html: str, words: str) -> None:
    assert reads(html) == words


def test_formatting_before_a_removed_section_stays_with_the_words_around_it() -> None:
    assert stored("<i>Fresh</i> <b>bread</b><div>Cakes on Sunday</div>") == (
        "<p><i>Fresh</i> <b>bread</b></p>\n<p>Cakes on Sunday</p>"
    )


def test_a_break_makes_paragraphs_only_in_the_element_it_is_in() -> None:
    """The quotation's removed section splits the quotation; the list after it, whose item
    holds formatting, keeps its item as one run of words."""
    html = "<blockquote>One<div>Two</div></blockquote><ul><li>a <b>b</b></li></ul>"
    assert stored(html) == (
        "<blockquote><p>One</p>\n<p>Two</p>\n</blockquote><ul><li>a <b>b</b></li></ul>"
    )


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        (
            "<h3>Menu</h3><table><tr><td>Bread</td><td>3 EUR</td></tr></table>Buy <u>today</u>.",
            ["a table", "a heading", "underlining"],
        ),
        ("Hello<script>alert('pwned')</script> world", ["a script"]),
        ('<p onclick="steal()">Click me</p>', ["an event handler"]),
        ('<a href="javascript:steal()">Prize</a>', ["an unsafe link"]),
        ('<span style="position:fixed;top:0">Overlay</span>', ["styling"]),
        ('<b style="color:red">Red</b>', ["styling"]),
        ("<style>body{display:none}</style>Visible", ["a style sheet"]),
        ('Look<iframe src="https://evil.example/"></iframe> here', ["embedded content"]),
        ('<img src="x" onerror="steal()">Photo', ["an image"]),
        ("Two<!-- hidden -->words", ["a comment"]),
        # HTML reads "<![" as a comment to the next ">" (Python's own parser once stopped
        # at one it could not name): taken out and named, never a crash.
        ("a <![ b", ["a comment"]),
        ("<![CDATA[x]]>Kept", ["a comment"]),
        ("<![if mso]>Kept<![endif]>", ["a comment"]),
        ("<x-widget>Hi</x-widget>", [OTHER]),
        ('<p id="top">Hi</p>', [OTHER]),
        ("<h1>A</h1><h2>B</h2><s>C</s><table><tr><th>D</th></tr></table>", [
            "a table", "a heading", "crossing out"
        ]),
    ],
)  # fmt: skip
def test_the_confirmation_names_what_was_removed(typed: str, words: list[str]) -> None:
    assert removed(typed) == words


@pytest.mark.parametrize(
    "typed",
    [
        "   Open from nine to five.   \n\n",
        "We close in August.\n\n- bread\n* cakes",
        "Fish & chips < 5 EUR > 4 EUR",
        "<p>a<p>b",
        '<a href="https://example.org/hours" title="Hours">hours</a>',
        '<a href="/hours">hours</a>',
        "<b>unclosed",
        "Closed</p> early",
        '<p>Open <strong>daily</strong>, see <a href="https://example.org/hours">hours</a>.</p>',
        "- bread",
    ],
)
def test_nothing_is_named_when_nothing_was_removed(typed: str) -> None:
    assert removed(typed) == []


def test_every_block_cell_and_embedded_element_has_its_words() -> None:
    unnamed = sorted((REMOVED_BLOCKS | CELLS | IN_PLACE) - WORDS.keys())
    assert unnamed == [], f"no words for {unnamed}"


def test_each_removed_thing_has_one_name() -> None:
    keys = [key for keys in REMOVED.values() for key in keys.split()]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    assert twice == [], f"named twice: {twice}"
    assert not WORDS.keys() & ALLOWED_TAGS, "an allowed element is never removed"


#: Attributes nh3 keeps on any element (its generic ones, title and lang) or sets (rel).
HARMLESS = {"lang", "rel", "title"}


class Dangers(HTMLParser):
    """Everything in sanitised HTML that could run code, load content or restyle a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"{name}= on <{tag}>")
            elif name not in ALLOWED_ATTRIBUTES.get(tag, set()) | HARMLESS:
                self.found.append(f"{name}= on <{tag}>")
            elif name == "href" and not (value or "").lower().startswith(("http:", "https:", "/")):
                self.found.append(f"href={value!r}")

    def handle_comment(self, data: str) -> None:
        self.found.append("<!--")


def dangers(html: str) -> list[str]:
    parser = Dangers()
    parser.feed(html)
    parser.close()
    return parser.found


#: Dangerous HTML the features use, and more of the same kind.
DANGEROUS = [
    "<script>alert('pwned')</script>",
    '<p onclick="steal()">Click me</p>',
    '<a href="javascript:steal()">Prize</a>',
    '<a href=" JaVaScRiPt:steal()">Prize</a>',
    '<a href="data:text/html,<script>alert(1)</script>">Data</a>',
    '<span style="position:fixed;top:0">Overlay</span>',
    "<style>body{display:none}</style>",
    '<iframe src="https://evil.example/"></iframe>',
    '<img src="x" onerror="steal()">',
    "<svg onload=steal()><script>alert(1)</script></svg>",
    '<math><mtext><table><mglyph><style><img src=x onerror="steal()">',
    "<noscript><p title=\"</noscript><img src=x onerror='steal()'>\">",
    '<form action="https://evil.example/"><input name="password"></form>',
    "<object data=x></object><embed src=x>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<base href="https://evil.example/">',
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<div style="background:url(javascript:steal())">x</div>',
    '<table><tr><td onmouseover="steal()">cell</td></tr></table>',
    '<h3 onclick="steal()">Menu</h3>',
    "<scr<script>ipt>alert(1)</script>",
    '<a href="https://example.org" onclick="steal()" style="color:red">ok</a>',
]

#: The pieces typed text is made of: lines, list items, blank lines, allowed HTML.
PIECES = [
    "\n", "\n\n", "\r\n", "- ", "* ", "  - ", "\n- ", "\n* ", "\n\n- ",
    "<p>", "</p>", "<ul>", "<li>", "</li>", "</ul>", "<br>", "<pre>", "</pre>",
    "<blockquote>", "<b>", "</b>", "<a href=\"https://example.org\">", "</a>",
    "<h3>", "</h3>", "<table>", "<tr>", "<td>", "</td>", "</table>", "<div>", "</div>",
    "<u>", "</u>", "<", ">", "&", "&amp;", "\"", "'", "=", "<!", "</", "/>", "<!--", "-->",
    "javascript:", " onclick=", " style=", "noscript", "svg", "math",
]  # fmt: skip

FINAL = {
    "tags": ALLOWED_TAGS,
    "attributes": ALLOWED_ATTRIBUTES,
    "url_schemes": ALLOWED_URL_SCHEMES,
    "link_rel": LINK_REL,
}


@pytest.mark.parametrize("danger", DANGEROUS)
@pytest.mark.parametrize(
    "around",
    ["{}", "Hello {} world", "{}\n\nNext paragraph.", "- {}\n- next", "* item {}", "<p>{}</p>"],
)
def test_nothing_dangerous_comes_through_the_conversion(danger: str, around: str) -> None:
    html = stored(around.format(danger))
    assert dangers(html) == [], html
    assert nh3.clean(html, **FINAL) == html


def harmful_elements(html: str) -> list[str]:
    """Elements the features call dangerous, whatever the blog allows (``dangers`` trusts
    ALLOWED_TAGS)."""
    return [tag.name for tag in BeautifulSoup(html, "html.parser").find_all(DANGEROUS_TAGS)]


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("Hello<script>alert('pwned')</script> world", "Hello world"),
        ('<p onclick="steal()">Click me</p>', "Click me"),
        ('<a href="javascript:steal()">Prize</a>', "Prize"),
        ('<span style="position:fixed;top:0">Overlay</span>', "Overlay"),
        ("<style>body{display:none}</style>Visible", "Visible"),
        ('Look<iframe src="https://evil.example/"></iframe> here', "Look here"),
        ('<img src="x" onerror="steal()">Photo', "Photo"),
    ],
)
def test_dangerous_html_is_removed_and_its_words_stay(typed: str, words: str) -> None:
    html = stored(typed)
    assert (reads(typed), dangers(html), harmful_elements(html)) == (words, [], [])


@pytest.mark.parametrize(
    "danger",
    [
        "fresh<script>alert('pwned')</script> bread",
        '<b onclick="steal()">fresh</b> bread',
        '<a href="javascript:steal()">fresh</a> bread',
        '<span style="position:fixed;top:0">fresh</span> bread',
        '<img src="x" onerror="steal()">fresh bread',
        'fresh<iframe src="https://evil.example/"></iframe>bread',
    ],
)
def test_dangerous_html_is_removed_from_a_typed_list_which_stays_a_list(danger: str) -> None:
    html = stored(f"Today only:\n\n- {danger}")
    soup = BeautifulSoup(html, "html.parser")
    parts = [(tag.name, reader_text(tag)) for tag in soup.find_all(["p", "li"])]
    assert parts == [("p", "Today only:"), ("li", "fresh bread")], html
    assert soup.select("ul > li") and dangers(html) == [] and harmful_elements(html) == [], html


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(DANGEROUS), st.sampled_from(PIECES), st.text(max_size=12)),
        max_size=25,
    )
)
@example(pieces=["<!", "["])  # once a crash, found here
def test_no_typed_text_brings_anything_dangerous_through(pieces: list[str]) -> None:
    typed = "".join(pieces)
    posted = entry_text(typed)
    assert nh3.clean(posted.html, **FINAL) == posted.html, "nh3's output is not a fixed point"
    assert dangers(posted.html) == [], posted.html
    assert all(isinstance(words, str) and words for words in posted.removed)
