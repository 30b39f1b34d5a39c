Feature: Two doc strings under one step
  behave gives the step the second and runs it; the Gherkin standard allows a step one
  doc string, and Cucumber reads no scenario of the file.

  Scenario: A step with two
    Given an empty shopping list
    When the shopper writes the note:
      """
      Buy bread.
      """
      """
      Buy the brown bread.
      """
    Then the note has 1 lines
