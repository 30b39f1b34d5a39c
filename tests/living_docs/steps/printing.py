"""Steps of the living-documentation fixture's printer: a file, outside any page. The
printer of Chromium's mode knows no accents, so that a row fails there alone."""

import tempfile
from pathlib import Path

from behave import given
from behave import then
from behave import when

from support.authoring.expectations import outside_the_page


def printed(context) -> list[str]:
    """The list as the printer writes it, one numbered line an item."""
    mode = context.config.userdata.get("driver", "client")
    lines = [f"{n}. {item}" for n, item in enumerate(getattr(context, "items", []), 1)]
    return [
        line if mode != "browser" else line.encode("ascii", "replace").decode() for line in lines
    ]


@then('the printout reads "{line}"')
@outside_the_page
def printout_reads(context, line):
    """Then the printout reads "1. bread\""""
    assert printed(context) == [line], f"expected {line!r}, the printout reads {printed(context)}"


@given("a printer that writes to a file")
@outside_the_page
def printer(context):
    """Given a printer that writes to a file"""
    context.printout = Path(tempfile.mkdtemp(prefix="printout-")) / "list.txt"


@when("the list is printed")
@outside_the_page
def print_list(context):
    """When the list is printed"""
    context.printout.write_text("".join(f"{line}\n" for line in printed(context)))


@then("the file holds {count:d} lines")
@outside_the_page
def file_holds(context, count):
    """Then the file holds 0 lines"""
    lines = context.printout.read_text().splitlines()
    assert len(lines) == count, f"expected {count} lines, the file holds {lines}"
