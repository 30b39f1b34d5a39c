Feature: Reading the blog
  As a visitor
  I want to read the blog's entries, newest first
  So that I see what is new without scrolling
  The front page lists the ten most recent entries, the newest at the top; older
  entries are a link away, ten to a page, back to the very first.
  Each entry says when it was posted, in UTC, and, once it has been corrected, when it
  was last changed. An empty blog says so instead of showing a blank page. An address
  asking for a page of older entries by anything but an entry number gets a plain
  refusal with a way back to the entries, never an error of the blog's own.

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

    Scenario: Older entries lead back through every entry to the first
      Given the blog has 200 entries, numbered in the order they were posted
      When a visitor opens the blog
      And the visitor goes through the older entries to the last page
      Then the pages listed numbers 200 down to 1, 10 to a page

  Rule: Older entries are asked for by an entry number; anything else is refused with a way back

    Scenario Outline: Asking for older entries by <kind> is refused with a way back
      Given the blog has 12 entries, numbered in the order they were posted
      When a visitor asks for the entries older than "<page number>"
      Then the request is refused as a bad request
      And the page says "The page of older entries must be given as an entry number."
      And the page offers a way back to the entries

      Examples:
        | kind                             | page number         |
        | letters                          | abc                 |
        | a number larger than any entry's | 9223372036854775808 |

  Rule: Each entry says when it was posted

    Scenario: An entry shows the day and the time it was posted
      Given it is 29 November 2026, 14:05 UTC
      And the admin has posted an entry titled "Winter hours"
      When a visitor opens the blog
      Then the entry "Winter hours" says it was posted on 29 November 2026, 14:05 UTC
