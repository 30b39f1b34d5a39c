Feature: A table and a doc string under one step
  behave gives the step both; gherkin-official 24 allows a step one of them (later
  versions of Gherkin allow both).

  Scenario: A step with both
    Given an empty shopping list
    When the shopper writes the note:
      | line  |
      | bread |
      """
      Buy the brown bread.
      """
    Then the note has 1 lines
