"""Steps about entries once they are posted: when they were posted and changed, and the
admin correcting and deleting them."""

from datetime import datetime
from datetime import UTC

from behave import given
from behave import then
from behave import when
from behave.runner import Context

from support.authoring.expectations import needs
from support.authoring.expectations import opens_a_page
from support.authoring.expectations import reads_the_page_shown
from support.pages.entry import written_time
from support.state.store import admin_login
from support.state.store import delete_entry
from support.state.store import entry_number
from support.state.throttle import move_clock


@given("it is {moment} UTC")
def it_is(context: Context, moment: str) -> None:
    """Given it is 29 November 2026, 14:05 UTC

    The blog's clock is set to that minute, and ticks on from there.
    """
    move_clock(context, (written_time(moment) - datetime.now(UTC)).total_seconds())


@given('the admin has posted an entry titled "{title}"')
@opens_a_page
def admin_has_posted(context: Context, title: str) -> None:
    """Given the admin has posted an entry titled "Winter hours"

    Posted through the form, by the admin logged in for it, at the blog's time.
    """
    context.blog.session.give_login(admin_login(context.app))
    context.blog.front_page.post_entry(title, f"The text of {title}.")


@when('the admin changes the title of "{title}" to "{new_title:Value}"')
@opens_a_page
def admin_changes_title(context: Context, title: str, new_title: str) -> None:
    """When the admin changes the title of "Sumer hours" to "Summer hours"

    Through the entry's Edit page, the text kept as it is.
    """
    context.blog.edit_page.edit_entry(title, new_title=new_title)


@when('the admin changes the text of "{title}" to "{text:Value}"')
@opens_a_page
def admin_changes_text(context: Context, title: str, text: str) -> None:
    """When the admin changes the text of "Summer hours" to "From June we close at six."

    Through the entry's Edit page, the title kept as it is.
    """
    context.blog.edit_page.edit_entry(title, text=text)


@given('the admin has opened the entry "{title}" for editing')
@when('the admin opens the entry "{title}" for editing')
@opens_a_page
def admin_has_opened_editing(context: Context, title: str) -> None:
    """Given the admin has opened the entry "Summer hours" for editing
    When the admin opens the entry "Summer hours" for editing
    """
    context.blog.front_page.open_editing(title)


@then("the Edit page holds the text exactly as the admin typed it")
@needs(
    'an entry open for editing, e.g. When the admin opens the entry "Summer hours" for editing',
    admin_has_opened_editing,
)
def edit_page_holds_typed_text(context: Context) -> None:
    """Then the Edit page holds the text exactly as the admin typed it

    The text last typed into the posting form, line by line, not the HTML made from it.
    """
    typed, held = context.blog.front_page.typed_text, context.blog.edit_page.text_being_edited()
    assert typed is not None, "nothing was typed into the posting form in this scenario"
    assert held == typed, f"expected the Text box to hold {typed!r}, it holds {held!r}"


@when("the admin saves the changes")
@needs(
    'an entry open for editing, e.g. Given the admin has opened the entry "Summer hours" '
    "for editing",
    admin_has_opened_editing,
)
@opens_a_page
def admin_saves_changes(context: Context) -> None:
    """When the admin saves the changes"""
    context.blog.edit_page.save_changes()


@given('the admin has asked to delete the entry "{title}"')
@when('the admin asks to delete the entry "{title}"')
@opens_a_page
def admin_asks_to_delete(context: Context, title: str) -> None:
    """When the admin asks to delete the entry "Summer hours"
    Given the admin has asked to delete the entry "Summer hours"
    """
    context.blog.front_page.ask_to_delete(title)


@when("the admin confirms the deletion")
@needs(
    'a deletion asked for, e.g. When the admin asks to delete the entry "Summer hours"',
    admin_asks_to_delete,
)
@opens_a_page
def admin_confirms_deletion(context: Context) -> None:
    """When the admin confirms the deletion"""
    context.blog.deletion_question.confirm()


@when("the admin keeps the entry")
@needs(
    'a deletion asked for, e.g. When the admin asks to delete the entry "Summer hours"',
    admin_asks_to_delete,
)
@opens_a_page
def admin_keeps_entry(context: Context) -> None:
    """When the admin keeps the entry

    The way back the blog offers instead of deleting.
    """
    context.blog.deletion_question.keep_entry()


@given('the entry "{title}" has been deleted in the meantime')
def deleted_in_the_meantime(context: Context, title: str) -> None:
    """Given the entry "Summer hours" has been deleted in the meantime

    As from another browser tab, while this page was open.
    """
    delete_entry(context.app, title)


@when('an anonymous request changes the entry "{title}" directly')
@opens_a_page
def anonymous_changes_directly(context: Context, title: str) -> None:
    """When an anonymous request changes the entry "Summer hours" directly"""
    context.blog.raw_requests.send_change(
        entry_number(context.app, title), "Cheap pills", "Buy now!"
    )


@when('an anonymous request deletes the entry "{title}" directly')
@opens_a_page
def anonymous_deletes_directly(context: Context, title: str) -> None:
    """When an anonymous request deletes the entry "Summer hours" directly"""
    context.blog.raw_requests.send_deletion(entry_number(context.app, title))


@then('the blog asks whether to delete the entry "{title}"')
@reads_the_page_shown
def blog_asks_whether_to_delete(context: Context, title: str) -> None:
    """Then the blog asks whether to delete the entry "Summer hours" """
    assert context.blog.deletion_question.asks_about(title), (
        f"expected the question whether to delete {title!r}, with a Delete button; the page "
        f"asks {context.blog.deletion_question.asked()!r}: {context.blog.page.describe()}"
    )


@then("they see no way to edit or delete entries")
def no_way_to_change_entries(context: Context) -> None:
    """Then they see no way to edit or delete entries"""
    controls = context.blog.front_page.change_controls()
    assert not controls, f"expected no way to edit or delete entries, the page offers {controls}"


@then('the entry "{title}" says it was posted on {moment} UTC')
def entry_says_posted(context: Context, title: str, moment: str) -> None:
    """Then the entry "Winter hours" says it was posted on 29 November 2026, 14:05 UTC"""
    entry = context.blog.front_page.entry_titled(title)
    assert entry.posted is not None and entry.posted.says(f"{moment} UTC"), (
        f"expected {title!r} to say it was posted on {moment} UTC, it shows {entry.posted}"
    )


@then('the entry "{title}" says it was last changed on {moment} UTC')
def entry_says_changed(context: Context, title: str, moment: str) -> None:
    """Then the entry "Summer hours" says it was last changed on 29 November 2026, 14:05 UTC"""
    entry = context.blog.front_page.entry_titled(title)
    assert entry.changed is not None and entry.changed.says(f"{moment} UTC"), (
        f"expected {title!r} to say it was last changed on {moment} UTC, it shows {entry.changed}"
    )
