Feature: Reading the blog
  As a visitor
  I want to read the blog's entries, newest first
  So that I see what is new without scrolling
  The front page lists the ten most recent entries, the newest at the top; older
  entries are a link away.
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

  Rule: The front page shows the ten newest entries; older ones are a link away

    Scenario: Ten entries fit on the front page
      Given the blog has 10 entries, numbered in the order they were posted
      When a visitor opens the blog
      Then the entries listed are numbers 10 down to 1
      And there is no way to older entries
      And there is no way to newer entries

    Scenario: The eleventh newest entry is on the page of older entries
      Given the blog has 12 entries, numbered in the order they were posted
      When a visitor opens the blog
      Then the entries listed are numbers 12 down to 3
      When the visitor goes to the older entries
      Then the entries listed are numbers 2 down to 1
      And there is no way to older entries

    Scenario: From older entries the newest are one step away
      Given the blog has 25 entries, numbered in the order they were posted
      When a visitor opens the blog
      And the visitor goes to the older entries
      And the visitor goes to the older entries
      Then the entries listed are numbers 5 down to 1
      When the visitor goes back to the newest entries
      Then the entries listed are numbers 25 down to 16
