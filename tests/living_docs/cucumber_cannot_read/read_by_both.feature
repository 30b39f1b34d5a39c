Feature: Read by both parsers
  A file that behave and Cucumber's parser read alike, run beside the others.

  Scenario: An item added beside the unreadable files
    Given an empty shopping list
    When the shopper adds "bread"
    Then the list holds 1 item
