Feature: Reading the blog
  As a visitor
  I want to read the blog's entries, newest first
  So that I see what is new without scrolling
  The front page lists every entry, the most recent one at the top.
  An empty blog says so instead of showing a blank page.

  Scenario: An empty blog says there is nothing yet
    Given the blog has no entries
    When a visitor opens the blog
    Then the blog says "No entries here so far"

  Scenario: The newest entry comes first
    Given the blog has these entries, oldest first:
      | title             | text                       |
      | Opening the shop  | We open on Monday.         |
      | Summer hours      | From June we close at six. |
      | Closed for repair | The roof is being fixed.   |
    When a visitor opens the blog
    Then the entries are listed in this order:
      | title             |
      | Closed for repair |
      | Summer hours      |
      | Opening the shop  |
