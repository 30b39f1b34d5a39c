"""Steps about entries: what is stored, what is posted, and what readers see."""

import os

from behave import given
from behave import step
from behave import then
from behave import when
from behave.runner import Context

from support.authoring.expectations import DataTable
from support.authoring.expectations import DocString
from support.authoring.expectations import needs
from support.authoring.expectations import opens_a_page
from support.authoring.expectations import outside_the_page
from support.authoring.expectations import quotes_the_blog
from support.authoring.expectations import reads_the_page_shown
from support.authoring.parameter_types import PLACEHOLDERS
from support.state.store import add_entries
from support.state.store import admin_login
from support.state.store import stored_entries
from support.state.store import stored_titles
from support.state.store import write_first_version_blog


@step("the blog has no entries")
@step("블로그에는 글이 없다")
@outside_the_page
def blog_has_no_entries(context: Context) -> None:
    """Given the blog has no entries
    그리고 블로그에는 글이 없다
    """
    titles = stored_titles(context.app)
    assert titles == [], f"expected no stored entries, found {titles}"


#: The entries a scenario starts with, and the order a page lists them in.
ENTRIES = DataTable("title", "text")
TITLES = DataTable("title")


@given("the blog has these entries, oldest first:")
@ENTRIES.needed
@outside_the_page
def blog_has_entries(context: Context) -> None:
    """Given the blog has these entries, oldest first:
    | title            | text               |
    | Opening the shop | We open on Monday. |
    """
    add_entries(context.app, [(row["title"], row["text"]) for row in ENTRIES.rows(context)])
    context.entries_before = stored_entries(context.app)


@given("the blog's database was made by its first version, with these entries, oldest first:")
@ENTRIES.needed
@outside_the_page
def first_version_database(context: Context) -> None:
    """Given the blog's database was made by its first version, with these entries, oldest first:
    | title            | text               |
    | Opening the shop | We open on Monday. |

    The file as the blog's first version left it: entries with a number, a title and a
    text, no times; the blog has not opened it yet.
    """
    rows = ENTRIES.rows(context)
    database = context.app.config["DATABASE"]
    os.unlink(database)
    write_first_version_blog(
        database, [(n, row["title"], row["text"]) for n, row in enumerate(rows, start=1)]
    )


@when('the admin posts an entry titled "{title:Value}" with the text "{text:Value}"')
@when('관리자가 제목이 "{title:Value}"이고 본문이 "{text:Value}"인 글을 올리면')
@opens_a_page
def admin_posts_entry(context: Context, title: str, text: str) -> None:
    """When the admin posts an entry titled "Opening hours" with the text "Open at nine."
    When the admin posts an entry titled "" with the text "A text without a title."
    만일 관리자가 제목이 "영업 시간"이고 본문이 "아홉 시에 엽니다."인 글을 올리면
    """
    context.blog.front_page.post_entry(title, text)


TYPED_TEXT = DocString("the text, as typed into the form")


@when('the admin posts an entry titled "{title}" with the text:')
@TYPED_TEXT.needed
@opens_a_page
def admin_posts_typed_entry(context: Context, title: str) -> None:
    """When the admin posts an entry titled "Summer break" with the text:
    \"\"\"
    We close for two weeks in August.

    - bread
    - cakes
    \"\"\"

    The text exactly as typed into the form, line by line.
    """
    context.blog.front_page.post_entry(title, TYPED_TEXT.text(context))


@given('the admin has posted an entry titled "{title}" with the text:')
@TYPED_TEXT.needed
@opens_a_page
def admin_has_posted_typed_entry(context: Context, title: str) -> None:
    """Given the admin has posted an entry titled "Summer break" with the text:
    \"\"\"
    We close for two weeks in August.
    \"\"\"

    Posted through the form, by the admin logged in for it, the text as typed.
    """
    context.blog.session.give_login(admin_login(context.app))
    context.blog.front_page.post_entry(title, TYPED_TEXT.text(context))


@when('an anonymous request posts an entry titled "{title}" directly')
@when('로그인하지 않은 채 제목이 "{title}"인 글을 직접 보내면')
@opens_a_page
def anonymous_posts_directly(context: Context, title: str) -> None:
    """When an anonymous request posts an entry titled "Cheap pills" directly
    만일 로그인하지 않은 채 제목이 "싼 약"인 글을 직접 보내면
    """
    context.blog.raw_requests.post_directly(title, "Buy now!")


@then("the entries are listed in this order:")
@TITLES.needed
def entries_listed_in_order(context: Context) -> None:
    """Then the entries are listed in this order:
    | title        |
    | Summer hours |
    """
    expected = [row["title"] for row in TITLES.rows(context)]
    shown = [entry.title for entry in context.blog.front_page.entries()]
    assert shown == expected, f"expected the entries {expected}, the blog lists {shown}"


@then('the blog says "{notice}"')
@then('the blog still says "{notice}"')
@quotes_the_blog("notice")
def blog_says(context: Context, notice: str) -> None:
    """Then the blog says "No entries here so far"
    Then the blog still says "No entries here so far"
    """
    shown = context.blog.front_page.empty_blog_notice()
    assert shown == notice, (
        f"expected the notice {notice!r}, found {shown!r} on {context.blog.page.describe()}"
    )


@then('the blog shows an entry titled "{title:Value}" with the text "{text:Value}"')
@then('블로그에 제목이 "{title:Value}"이고 본문이 "{text:Value}"인 글이 보인다')
def blog_shows_entry(context: Context, title: str, text: str) -> None:
    """Then the blog shows an entry titled "Opening hours" with the text "Open at nine."
    그러면 블로그에 제목이 "영업 시간"이고 본문이 "아홉 시에 엽니다."인 글이 보인다
    """
    entries = context.blog.front_page.entries()
    found = [(entry.title, entry.text) for entry in entries]
    assert (title, text) in found, f"expected {(title, text)} among the entries {found}"


@then('the blog shows the title "{title}" as plain text')
@then('블로그에 보이는 제목은 입력한 그대로 "{title}"이다')
def title_as_plain_text(context: Context, title: str) -> None:
    """Then the blog shows the title "<Hello>" as plain text
    그러면 블로그에 보이는 제목은 입력한 그대로 "<안녕>"이다
    """
    entry = context.blog.front_page.entries()[0]
    assert entry.title == title and not entry.title_has_markup, (
        f"expected the title {title!r} as text, the page shows {entry.describe()}"
    )
    assert context.blog.front_page.source_shows_escaped(title), (
        f"expected {title!r} escaped in the page source: {context.blog.page.html}"
    )


@then('the entry shows "{content}" as {formatting:Formatting}')
def entry_shows_formatting(context: Context, content: str, formatting: str) -> None:
    """Then the entry shows "really" as strong"""
    entry = context.blog.front_page.entries()[0]
    formatted = entry.formatted(formatting)
    found = f"its {formatting} holds {formatted}" if formatted else f"it has no {formatting} at all"
    assert content in formatted, (
        f"expected {content!r} as {formatting}; {found}: {entry.describe()}"
    )


PARTS = DataTable("part", "text", part=PLACEHOLDERS["Part"])


@then("the entry reads, part by part:")
@PARTS.needed
def entry_reads_in_parts(context: Context) -> None:
    """Then the entry reads, part by part:
    | part        | text                              |
    | a paragraph | We close for two weeks in August. |
    | a list item | bread                             |

    Every part of the newest entry's text, top to bottom, with its words as readers
    see them.
    """
    expected = [(row["part"], row["text"]) for row in PARTS.rows(context)]
    entry = context.blog.front_page.entries()[0]
    shown = entry.parts()
    assert shown == expected, (
        f"expected the parts {expected}, readers see {shown} (stored as {entry.describe()})"
    )


@then('the entry breaks the line after "{words}"')
def entry_breaks_line(context: Context, words: str) -> None:
    """Then the entry breaks the line after "First line." """
    entry = context.blog.front_page.entries()[0]
    assert entry.breaks_line_after(words), (
        f"expected a line break after {words!r} in {entry.describe()}"
    )


@then('the entry\'s text reads "{text:Value}"')
@then('글의 본문은 "{text:Value}"이다')
def entry_text_reads(context: Context, text: str) -> None:
    """Then the entry's text reads "Hello world"
    그러면 글의 본문은 "안녕 세상"이다

    The text as readers see it, without its formatting.
    """
    entry = context.blog.front_page.entries()[0]
    assert entry.text == text, (
        f"expected the text {text!r}, readers see {entry.text!r} (stored as {entry.describe()})"
    )


@then("the entry's text holds nothing that could run code or restyle the page")
@then("글의 본문에는 코드를 실행하거나 페이지 모양을 바꿀 수 있는 것이 없다")
def entry_text_is_harmless(context: Context) -> None:
    """Then the entry's text holds nothing that could run code or restyle the page
    그러면 글의 본문에는 코드를 실행하거나 페이지 모양을 바꿀 수 있는 것이 없다
    """
    entry = context.blog.front_page.entries()[0]
    dangers = entry.dangers()
    assert not dangers, f"expected harmless text, found {dangers} in {entry.describe()}"


@then("they see no form for posting entries")
@then("글을 올리는 양식이 보이지 않는다")
def no_posting_form(context: Context) -> None:
    """Then they see no form for posting entries
    그러면 글을 올리는 양식이 보이지 않는다
    """
    assert not context.blog.front_page.shows_posting_form(), (
        f"expected no posting form: {context.blog.page.describe()}"
    )


@then("the refusal offers a way to log in")
@then("거절 화면에서 로그인 양식으로 갈 수 있다")
@reads_the_page_shown
def refusal_offers_login(context: Context) -> None:
    """Then the refusal offers a way to log in
    그러면 거절 화면에서 로그인 양식으로 갈 수 있다
    """
    assert context.blog.error_page.follow_login_link(), (
        f"expected a link that leads to the login form: {context.blog.page.describe()}"
    )


@when("the admin bypasses the form and sends an entry without a {field:Field} field")
@opens_a_page
def send_without_field(context: Context, field: str) -> None:
    """When the admin bypasses the form and sends an entry without a title field"""
    context.blog.raw_requests.send_entry(**{field: None})


@when('the admin bypasses the form and sends an entry titled "{title}"')
@opens_a_page
def send_titled(context: Context, title: str) -> None:
    """When the admin bypasses the form and sends an entry titled "   " """
    context.blog.raw_requests.send_entry(title=title)


@when("the admin bypasses the form and sends an entry with a title of {length:Characters}")
@opens_a_page
def send_long_title(context: Context, length: int) -> None:
    """When the admin bypasses the form and sends an entry with a title of 201 characters"""
    context.blog.raw_requests.send_entry(title="x" * length)


@when("the admin bypasses the form and sends an entry whose {field:Field} holds a NUL")
@opens_a_page
def send_nul(context: Context, field: str) -> None:
    """When the admin bypasses the form and sends an entry whose title holds a NUL"""
    context.blog.raw_requests.send_entry(**{field: "Before\x00after"})


@when("the admin bypasses the form and sends a post that is not valid UTF-8")
@opens_a_page
def send_invalid_utf8(context: Context) -> None:
    """When the admin bypasses the form and sends a post that is not valid UTF-8"""
    context.blog.raw_requests.send_invalid_utf8_entry()


@when("the admin bypasses the form and sends a post of {mebibytes:d} MiB")
@opens_a_page
def send_huge(context: Context, mebibytes: int) -> None:
    """When the admin bypasses the form and sends a post of 2 MiB"""
    context.blog.raw_requests.send_entry_of_size(mebibytes * 1024 * 1024)


@when("the admin bypasses the form and sends an entry as JSON")
@opens_a_page
def send_as_json(context: Context) -> None:
    """When the admin bypasses the form and sends an entry as JSON"""
    context.blog.raw_requests.send_entry_as("JSON")


@when("the admin bypasses the form and sends an entry as multipart form data")
@opens_a_page
def send_as_multipart(context: Context) -> None:
    """When the admin bypasses the form and sends an entry as multipart form data"""
    context.blog.raw_requests.send_entry_as("multipart form data")


@then('the post is refused as {answer:Refusal}, saying "{reason}"')
@reads_the_page_shown
def post_refused_saying(context: Context, answer: str, reason: str) -> None:
    """Then the post is refused as a bad request, saying "Title is required"

    The page need only hold these words, word for word: a part of its message is enough.
    """
    assert context.blog.error_page.refused_as(answer, saying=reason), (
        f"expected a refusal as {answer} saying {reason!r}, got {context.blog.page.describe()}"
    )


@then("the blog still holds only the entries it had")
@outside_the_page
def entries_exactly_as_before(context: Context) -> None:
    """Then the blog still holds only the entries it had"""
    now = stored_entries(context.app)
    assert now == context.entries_before, (
        f"expected exactly {context.entries_before}, the database holds {now}"
    )


@then("the entries that were there before are unchanged")
@outside_the_page
def entries_unchanged(context: Context) -> None:
    """Then the entries that were there before are unchanged"""
    now = stored_entries(context.app)
    kept = [entry for entry in now if entry in context.entries_before]
    assert kept == context.entries_before, (
        f"expected {context.entries_before} still stored, the database holds {now}"
    )


@then("the blog holds {count:Entries}")
@outside_the_page
def blog_holds(context: Context, count: int) -> None:
    """Then the blog holds 2 entries
    Then the blog holds 1 entry
    """
    titles = stored_titles(context.app)
    assert len(titles) == count, f"expected {count} entries, the database holds {titles}"


@given("the blog has {count:Entries}, numbered in the order they were posted")
@outside_the_page
def numbered_entries(context: Context, count: int) -> None:
    """Given the blog has 12 entries, numbered in the order they were posted"""
    add_entries(context.app, [numbered(n) for n in range(1, count + 1)])


@then("the entries listed are numbers {first:d} down to {last:d}")
def entries_numbered(context: Context, first: int, last: int) -> None:
    """Then the entries listed are numbers 12 down to 3"""
    expected = [numbered(n)[0] for n in range(first, last - 1, -1)]
    shown = [entry.title for entry in context.blog.front_page.entries()]
    assert shown == expected, f"expected {expected}, the page lists {shown}"


@when("the visitor goes to the older entries")
@opens_a_page
def go_to_older(context: Context) -> None:
    """When the visitor goes to the older entries"""
    context.blog.front_page.older_entries()


@then("there is no way to newer entries")
def no_newer_entries(context: Context) -> None:
    """Then there is no way to newer entries"""
    assert not context.blog.front_page.offers_newest_entries(), (
        f"expected no link to newer entries: {context.blog.page.describe()}"
    )


@then("there is no way to older entries")
def no_older_entries(context: Context) -> None:
    """Then there is no way to older entries"""
    assert not context.blog.front_page.offers_older_entries(), (
        f"expected no link to older entries: {context.blog.page.describe()}"
    )


def numbered(n: int) -> tuple[str, str]:
    """The title and text of entry number ``n``."""
    return f"Entry {n}", f"The text of entry {n}."


#: The most pages a walk through older entries visits before it is called endless.
MOST_PAGES = 1000


@when("the visitor goes through the older entries to the last page")
@opens_a_page
def go_through_older_entries(context: Context) -> None:
    """When the visitor goes through the older entries to the last page

    From the page they are on, following "Older entries" until no page offers it.
    """
    blog = context.blog
    pages = [[entry.title for entry in blog.front_page.entries()]]
    while blog.front_page.offers_older_entries():
        assert len(pages) < MOST_PAGES, f"older entries still offered after {len(pages)} pages"
        blog.front_page.older_entries()
        pages.append([entry.title for entry in blog.front_page.entries()])
    context.pages_seen = pages


WALKED = needs(
    "a walk through the pages, e.g. When the visitor goes through the older entries to the "
    "last page",
    go_through_older_entries,
)


@then("the pages listed numbers {first:d} down to {last:d}, {size:d} to a page")
@WALKED
def pages_listed(context: Context, first: int, last: int, size: int) -> None:
    """Then the pages listed numbers 200 down to 1, 10 to a page"""
    titles = [numbered(n)[0] for n in range(first, last - 1, -1)]
    expected = [titles[i : i + size] for i in range(0, len(titles), size)]
    seen = context.pages_seen
    assert seen == expected, (
        f"expected {len(expected)} pages from {titles[0]} down to {titles[-1]}, {size} to a "
        f"page; the visitor saw {len(seen)} pages: {seen}"
    )


@when('a visitor asks for the entries older than "{number}"')
@opens_a_page
def ask_for_older_than(context: Context, number: str) -> None:
    """When a visitor asks for the entries older than "abc"

    As an address edited by hand would: the link to older entries names the entry
    number the next page starts below.
    """
    context.blog.front_page.entries_older_than(number)


@when("the visitor goes back to the newest entries")
@opens_a_page
@needs(
    "an older page shown, e.g. When the visitor goes to the older entries",
    go_to_older,
    go_through_older_entries,
    ask_for_older_than,
)
def go_to_newest(context: Context) -> None:
    """When the visitor goes back to the newest entries"""
    context.blog.front_page.newest_entries()


@given(
    'the admin has typed an entry titled "{title:Value}" with the text "{text:Value}" into the form'
)
@opens_a_page
def admin_typed_entry(context: Context, title: str, text: str) -> None:
    """Given the admin has typed an entry titled "News" with the text "Typed slowly." into the form

    The posting form is open, filled in, and not shared yet.
    """
    context.blog.front_page.start_entry(title, text)


@when("the admin shares the entry")
@needs(
    'an entry typed into the form, e.g. Given the admin has typed an entry titled "News" with '
    'the text "Typed slowly." into the form',
    admin_typed_entry,
)
@opens_a_page
def admin_shares_entry(context: Context) -> None:
    """When the admin shares the entry"""
    context.blog.front_page.share()


@then("the post is refused because the form was left open too long")
@reads_the_page_shown
def refused_as_stale_form(context: Context) -> None:
    """Then the post is refused because the form was left open too long"""
    assert context.blog.error_page.refused_as_stale_form(), (
        "expected 400 and a page saying the form was left open too long, and only that: "
        f"{context.blog.page.describe()}"
    )
