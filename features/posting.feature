Feature: Posting entries
  As the admin
  I want to post entries with a little formatting
  So that readers get news from me that looks right and is safe to read
  Only the logged-in admin can post. Titles are plain text: whatever is typed
  is shown exactly as typed. The text may use simple formatting (bold, italics,
  links, lists, code); anything that could run code or restyle the page is
  removed before the entry is stored. A posting form is good for an hour: one
  left open longer is refused, saying so, and nothing is posted. When the blog's
  database is broken, the admin gets the same plain error page as any visitor.

  Scenario: The admin posts an entry
    Given the admin is logged in
    When the admin posts an entry titled "Opening hours" with the text "Open from nine to five."
    Then they are told "New entry was successfully posted"
    And the blog shows an entry titled "Opening hours" with the text "Open from nine to five."

  Scenario: HTML in a title is shown as typed
    Given the admin is logged in
    When the admin posts an entry titled "<Hello>" with the text "Angle brackets are fine."
    Then the blog shows the title "<Hello>" as plain text

  Scenario Outline: Simple formatting in the text is kept (<formatting>)
    Given the admin is logged in
    When the admin posts an entry titled "Formatting" with the text "<text>"
    Then the entry shows "<shown>" as <formatting>

    Examples:
      | formatting        | text                                              | shown               |
      | strong            | We are <strong>really</strong> open               | really              |
      | bold              | We are <b>really</b> open                         | really              |
      | emphasis          | Ask <em>politely</em>                             | politely            |
      | italics           | Ask <i>politely</i>                               | politely            |
      | a link            | See <a href="https://example.org/hours">hours</a> | hours               |
      | a list item       | <ul><li>bread</li><li>milk</li></ul>              | milk                |
      | code              | Type <code>make run</code> to start               | make run            |
      | a paragraph       | <p>First part.</p><p>Second part.</p>             | Second part.        |
      | a quotation       | <blockquote>Best bread in town.</blockquote>      | Best bread in town. |
      | preformatted text | <pre>10:00 open</pre>                             | 10:00 open          |

  Scenario: A line break in the text is kept
    Given the admin is logged in
    When the admin posts an entry titled "Hours" with the text "Monday to Friday<br>Closed on Sunday"
    Then the entry breaks the line after "Monday to Friday"

  Scenario Outline: Dangerous HTML is removed from the text (<danger>)
    Given the admin is logged in
    When the admin posts an entry titled "Careful" with the text "<text>"
    Then the entry's text reads "<remaining>"
    And the entry's text holds nothing that could run code or restyle the page

    Examples:
      | danger            | text                                                   | remaining   |
      | a script          | Hello<script>alert('pwned')</script> world             | Hello world |
      | an event handler  | <p onclick="steal()">Click me</p>                      | Click me    |
      | a javascript link | <a href="javascript:steal()">Prize</a>                 | Prize       |
      | a style           | <span style="position:fixed;top:0">Overlay</span>      | Overlay     |
      | a style sheet     | <style>body{display:none}</style>Visible               | Visible     |
      | an iframe         | Look<iframe src="https://evil.example/"></iframe> here | Look here   |
      | an image beacon   | <img src="x" onerror="steal()">Photo                   | Photo       |

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
