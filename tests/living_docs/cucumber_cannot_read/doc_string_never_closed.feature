Feature: A doc string never closed
  behave takes the rest of the file as the doc string and runs the scenario; the Gherkin
  standard stops at the end of the file, still looking for the doc string's end.

  Scenario: A note left open
    Given an empty shopping list
    When the shopper writes the note:
      """
      Buy bread.
