"""Steps of the living-documentation fixture: a shopping list kept in the context."""

from behave import given
from behave import step
from behave import then
from behave import when


@given("an empty shopping list")
def empty_list(context):
    """Given an empty shopping list"""
    context.items = []


@when('the shopper adds "{first}" and "{second}"')
def add_two(context, first, second):
    """When the shopper adds "bread" and "butter\""""
    add(context, first)
    add(context, second)


@when('the shopper adds "{item}"')
@step('"{item}"을 더한다')
def add(context, item):
    """When the shopper adds "bread"
    만일 "빵"을 더한다
    """
    if not hasattr(context, "items"):
        context.items = []
    if item.lower() not in (i.lower() for i in context.items):
        context.items.append(item)


@when("the shopper writes the note:")
def write_note(context):
    """When the shopper writes the note:"""
    context.note = context.text


@then("the list reads:")
def list_reads(context):
    """Then the list reads:"""
    expected = [row["item"] for row in context.table]
    assert context.items == expected, f"expected {expected}, the list reads {context.items}"


@then("the note has {count:d} lines")
def note_lines(context, count):
    """Then the note has 2 lines"""
    assert len(context.note.splitlines()) == count, context.note


@then("the list holds {count:d} item")
@then("the list holds {count:d} items")
@step("목록에 {count:d}개가 있다")
def holds(context, count):
    """Then the list holds 2 items
    Then the list holds 1 item
    그러면 목록에 1개가 있다
    """
    assert len(context.items) == count, f"expected {count} items, the list holds {context.items}"


@given("the shopper's phone is {width:d} px wide")
def phone_width(context, width):
    """Given the shopper's phone is 390 px wide"""
    context.phone_width = width


@then("the list fits on a phone screen")
def fits_on_a_phone(context):
    """Then the list fits on a phone screen"""
    mode = context.config.userdata.get("driver", "client")
    width = context.phone_width
    assert mode != "browser", f"the list is 412 px wide, wider than the phone's {width} px"
