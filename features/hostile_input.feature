Feature: Hostile and broken input
  As the admin
  I want the blog to refuse what cannot be an entry, say why, and keep what it has
  So that a mistake, a broken client or an attacker never loses or alters an entry
  A title is trimmed of leading and trailing spaces and otherwise kept exactly as
  typed, up to 200 characters. Titles and texts may not hold control characters
  such as NUL (the text may hold line breaks and tabs). A post is a form, at most
  1 MiB of UTF-8: JSON, multipart form data or any other kind of body is refused as
  not a form. Whatever is refused is refused with a reason, never with a server error,
  and the entries already there stay as they were.

  Background:
    Given the blog has these entries, oldest first:
      | title            | text               |
      | Opening the shop | We open on Monday. |
    And the admin is logged in

  Scenario Outline: Unusual titles and texts are kept exactly (<kind>)
    When the admin posts an entry titled "<title>" with the text "<text>"
    Then the blog shows an entry titled "<title>" with the text "<text>"
    And the entries that were there before are unchanged

    Examples:
      | kind          | title                           | text           |
      | SQL injection | Robert'); DROP TABLE entries;-- | 1' OR '1'='1   |
      | emoji         | Café ☕ and cake 🎂             | We 💛 visitors |

  Scenario: Spaces around a title are trimmed
    When the admin posts an entry titled "   Summer hours   " with the text "From June."
    Then the blog shows an entry titled "Summer hours" with the text "From June."

  Scenario Outline: What cannot be an entry is refused with a reason (<problem>)
    When the admin bypasses the form and sends <post>
    Then the post is refused as <answer>, saying "<reason>"
    And the blog still holds only the entries it had

    Examples:
      | problem        | post                                    | answer        | reason                                                   |
      | no title field | an entry without a title field          | a bad request | The form is missing its title field.                     |
      | a long title   | an entry with a title of 201 characters | a bad request | Title must be at most 200 characters                     |
      | NUL in a title | an entry whose title holds a NUL        | a bad request | Title must not hold control characters                   |
      | over 1 MiB     | a post of 2 MiB                         | too large     | The post is larger than 1 MiB                            |
      | JSON           | an entry as JSON                        | not a form    | Forms must be sent as application/x-www-form-urlencoded. |

  Scenario: A title of exactly 200 characters is accepted
    When the admin bypasses the form and sends an entry with a title of 200 characters
    Then the blog holds 2 entries

  Scenario: Posting by opening the posting address is not allowed
    When the admin's browser opens the posting address
    Then the request is refused as a method not allowed
    And the blog still holds only the entries it had

  Scenario: An address that does not exist gets a friendly page
    When the admin's browser opens a page that does not exist
    Then the request is refused as not found
    And the page offers a way back to the entries
