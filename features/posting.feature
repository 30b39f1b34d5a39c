Feature: Posting entries
  As the admin
  I want to post entries, and only I
  So that readers get news from me as soon as I have it, and from nobody else
  Only the logged-in admin can post. Titles are plain text, shown exactly as typed.
  The text keeps its shape and simple formatting, and loses anything that could run
  code or restyle the page ("Formatting an entry's text" tells how). A form is good
  for an hour: one left open longer is refused, saying so, and nothing is posted.
  When the database is broken, the admin gets the same plain error page as any visitor.

  Scenario: The admin posts an entry
    Given the admin is logged in
    When the admin posts an entry titled "Opening hours" with the text "Open from nine to five."
    Then they are told "New entry was successfully posted"
    And the blog shows an entry titled "Opening hours" with the text "Open from nine to five."

  Scenario: HTML in a title is shown as typed
    Given the admin is logged in
    When the admin posts an entry titled "<Hello>" with the text "Angle brackets are fine."
    Then the blog shows the title "<Hello>" as plain text

  Scenario: An entry needs a title
    Given the admin is logged in
    When the admin posts an entry titled "   " with the text "A body without a title."
    Then the entry is refused because "Title is required"
    And the blog has no entries

  Scenario: A visitor who is not logged in sees no posting form
    When a visitor opens the blog
    Then they see no form for posting entries

  Scenario: A direct post from someone not logged in is refused
    When an anonymous request posts an entry titled "Cheap pills" directly
    Then the request is refused as not logged in
    And the refusal offers a way to log in
    And the blog has no entries

  Scenario: With the database broken, the admin gets the same plain error page as any visitor
    Given the blog shows visitors plain error pages, as in production
    And the admin is logged in
    And the database file has been corrupted
    When another visitor opens the blog
    And the admin opens the blog
    Then they see a plain error page
    And the admin sees exactly the page the other visitor sees

  Rule: A posting form is good for an hour

    Scenario: A form left open for over an hour is refused, and nothing is posted
      Given the admin is logged in
      And the admin has typed an entry titled "Late news" with the text "Typed slowly." into the form
      When 61 minutes have passed
      And the admin shares the entry
      Then the post is refused because the form was left open too long
      And the blog has no entries

    Scenario: A form shared within the hour is posted
      Given the admin is logged in
      And the admin has typed an entry titled "Quick news" with the text "Typed at once." into the form
      When 59 minutes have passed
      And the admin shares the entry
      Then the blog shows an entry titled "Quick news" with the text "Typed at once."
