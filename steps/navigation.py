"""Steps for moving around the blog and reading what it says."""

from behave import then
from behave.runner import Context

from support.authoring.expectations import quotes_the_blog
from support.authoring.expectations import reads_the_page_shown
from support.scenarios.people import ANOTHER_VISITOR


@then('they are told "{message}"')
@then('"{message}"라는 안내를 받는다')
@then('"{message}"이라는 안내를 받는다')
@reads_the_page_shown
@quotes_the_blog("message")
def told_message(context: Context, message: str) -> None:
    """Then they are told "You were logged in"
    그러면 "Invalid username or password"라는 안내를 받는다
    그러면 "You were logged in"이라는 안내를 받는다
    """
    shown = context.blog.any_page.messages()
    assert shown == [message], (
        f"expected the message {message!r}, the page showed messages {shown}: "
        f"{context.blog.page.describe()}"
    )


@then('the page says "{text}"')
@then('페이지에 "{text}"라고 나온다')
@reads_the_page_shown
def page_says(context: Context, text: str) -> None:
    """Then the page says "Please try again in 15 minutes"
    그러면 페이지에 "15분 뒤에 다시 시도하세요"라고 나온다

    Any text the page shows, wherever it is on the page.
    """
    assert context.blog.any_page.says(text), (
        f"expected the page to say {text!r}: {context.blog.page.describe()}"
    )


@then("the page offers no link to the login page")
@reads_the_page_shown
def no_login_link(context: Context) -> None:
    """Then the page offers no link to the login page

    Anywhere on the page, its header too.
    """
    links = context.blog.any_page.login_links()
    assert links == [], (
        f"expected no link to the login page, the page offers {links}: "
        f"{context.blog.page.describe()}"
    )


@then('the entry is refused because "{reason}"')
@reads_the_page_shown
@quotes_the_blog("reason")
def entry_refused(context: Context, reason: str) -> None:
    """Then the entry is refused because "Title is required" """
    shown = context.blog.any_page.field_errors()
    assert shown == [reason], (
        f"expected the form back with {reason!r}, it showed {shown}: {context.blog.page.describe()}"
    )


@then("the admin sees exactly the page the other visitor sees")
def admin_sees_other_visitors_page(context: Context) -> None:
    """Then the admin sees exactly the page the other visitor sees

    The same status and the same HTML, form tokens aside: nothing on it is the admin's.
    """
    other = context.sessions.get(ANOTHER_VISITOR)
    assert other is not None, (
        "no other visitor has opened a page yet: write e.g. When another visitor opens the blog"
    )
    admin, visitor = context.blog.any_page.answer(), other.any_page.answer()
    assert admin == visitor, (
        f"the admin's page differs from the other visitor's:\n{admin}\n---\n{visitor}"
    )
