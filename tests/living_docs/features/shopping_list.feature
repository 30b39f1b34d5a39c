@shopping
Feature: Keeping a shopping list
  As a shopper
  I want to keep a list of what to buy
  So that I come home with everything
  The list keeps what is added to it, in the order it was added.

  Background:
    Given an empty shopping list

  Scenario: An item is added
    When the shopper adds "bread"
    Then the list reads:
      | item  |
      | bread |

  @slow
  Scenario: A note is kept as written
    When the shopper writes the note:
      """
      Buy the brown bread,
      not the white one.
      """
    Then the note has 2 lines

  Rule: Nothing is bought twice
    A second "bread" is refused, whatever its case.

    Scenario: The same item twice
      When the shopper adds "bread"
      And the shopper adds "bread"
      Then the list holds 1 item

    @in-process
    Scenario: Counted in the shopper's own process
      When the shopper adds "milk"
      Then the list holds 1 item

    Scenario Outline: Items counted (<items>)
      When the shopper adds <items>
      Then the list holds <count> items

      Examples: Small lists
        | items                | count |
        | "bread"              | 1     |
        | "bread" and "butter" | 2     |

      @large
      Examples: Longer lists
        | items               | count |
        | "bread" and "BREAD" | 1     |

  Rule: The list is shown in a browser as well
    Background:
      Given the shopper's phone is 390 px wide

    Scenario: The list fits on a phone
      When the shopper adds "milk"
      Then the list fits on a phone screen
