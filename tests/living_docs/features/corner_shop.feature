Feature: Shopping at the corner shop
  As a shopper
  I want the corner shop's own words kept on my list
  So that I find things on its shelves

  Rule: The shop's own names are kept as written

    Scenario Outline: A shelf code is counted like any item
      When the shopper adds "<code>"
      Then the list holds 1 item

      Examples:
        | code             |
        | AISLE_SEVEN_OATS |

    Scenario: A note for the counter is kept
      When the shopper writes the note:
        """
        Ask for the sourdough at the counter,
        sliced thin.
        """
      Then the note has 2 lines

    Scenario: The list shows what was added
      When the shopper adds "oats"
      Then the list reads:
        | item |
        | oats |
