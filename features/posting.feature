Feature: Posting entries
  As the admin
  I want to post entries with a little formatting
  So that readers get news from me that looks right and is safe to read
  Only the logged-in admin can post. Titles are plain text, shown exactly as typed.
  The text keeps the shape it is typed in and may use simple formatting (bold,
  italics, links, lists, code); anything that could run code or restyle the page
  is removed before the entry is stored, and the admin is told what. A form is good
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

  Rule: Typed text keeps its shape
    In a text without HTML blocks of its own (paragraphs, lists, quotations), a blank
    line starts a new paragraph, a single line break is kept, and lines starting with
    "- " or "* " become a list. A text with HTML blocks is taken as HTML, as before.
    Either way, anything that could run code or restyle the page is still removed.

    Scenario: Paragraphs, line breaks and a list are kept as typed
      Given the admin is logged in
      When the admin posts an entry titled "Summer break" with the text:
        """
        We close for two weeks in August.
        Orders placed before then ship as usual.

        - bread
        - cakes

        See you in September!
        """
      Then the entry reads, part by part:
        | part        | text                                                                       |
        | a paragraph | We close for two weeks in August. Orders placed before then ship as usual. |
        | a list item | bread                                                                      |
        | a list item | cakes                                                                      |
        | a paragraph | See you in September!                                                      |
      And the entry breaks the line after "We close for two weeks in August."

    Scenario: A line right after a list starts a paragraph of its own
      Given the admin is logged in
      When the admin posts an entry titled "Shopping" with the text:
        """
        - bread
        - cakes
        That is all for this week.
        """
      Then the entry reads, part by part:
        | part        | text                       |
        | a list item | bread                      |
        | a list item | cakes                      |
        | a paragraph | That is all for this week. |

    Scenario Outline: Lines starting with "<mark> " become a list
      Given the admin is logged in
      When the admin posts an entry titled "Shopping" with the text:
        """
        Please bring:
        <mark> bread
        <mark> cakes
        """
      Then the entry reads, part by part:
        | part        | text          |
        | a paragraph | Please bring: |
        | a list item | bread         |
        | a list item | cakes         |

      Examples:
        | mark |
        | -    |
        | *    |

    Scenario: A text with HTML paragraphs of its own is taken as HTML
      Given the admin is logged in
      When the admin posts an entry titled "Prices" with the text:
        """
        <p>Prices today:</p>
        <p>
        - bread 2 EUR
        - cakes 3 EUR
        </p>
        """
      Then the entry reads, part by part:
        | part        | text                        |
        | a paragraph | Prices today:               |
        | a paragraph | - bread 2 EUR - cakes 3 EUR |

    Scenario Outline: Dangerous HTML is removed from typed paragraphs and lists too (<danger>)
      Given the admin is logged in
      When the admin posts an entry titled "Careful" with the text:
        """
        Today only:

        - <text>
        """
      Then the entry reads, part by part:
        | part        | text        |
        | a paragraph | Today only: |
        | a list item | <remaining> |
      And the entry's text holds nothing that could run code or restyle the page

      Examples:
        | danger            | text                                                    | remaining   |
        | a script          | fresh<script>alert('pwned')</script> bread              | fresh bread |
        | an event handler  | <b onclick="steal()">fresh</b> bread                    | fresh bread |
        | a javascript link | <a href="javascript:steal()">fresh</a> bread            | fresh bread |
        | a style           | <span style="position:fixed;top:0">fresh</span> bread   | fresh bread |
        | an image beacon   | <img src="x" onerror="steal()">fresh bread              | fresh bread |
        | an iframe         | fresh<iframe src="https://evil.example/"></iframe>bread | fresh bread |

  Rule: Sanitising keeps words apart and says what it removed
    What is removed never runs the words around it together: a removed heading, table
    row or other block leaves a paragraph break, a table cell or an image a space. The
    confirmation names what was removed, in words. A text that lost nothing but the
    spaces around it gets the ordinary confirmation.

    Scenario: A removed heading and table leave their words in paragraphs of their own
      Given the admin is logged in
      When the admin posts an entry titled "Menu" with the text "<h3>Menu</h3><table><tr><td>Bread</td><td>3 EUR</td></tr></table>Buy <u>today</u>."
      Then the entry reads, part by part:
        | part        | text        |
        | a paragraph | Menu        |
        | a paragraph | Bread 3 EUR |
        | a paragraph | Buy today.  |

    Scenario: Formatting before a removed section stays with the words around it
      Given the admin is logged in
      When the admin posts an entry titled "Bakery" with the text "<i>Fresh</i> <b>bread</b><div>Cakes on Sunday</div>"
      Then the entry reads, part by part:
        | part        | text            |
        | a paragraph | Fresh bread     |
        | a paragraph | Cakes on Sunday |

    Scenario Outline: What is removed never runs words together (<removed>)
      Given the admin is logged in
      When the admin posts an entry titled "Careful" with the text "<text>"
      Then the entry's text reads "<reads>"

      Examples:
        | removed             | text                                                     | reads                      |
        | a heading           | <h2>Opening hours</h2>Nine to five                       | Opening hours Nine to five |
        | table cells         | <td>Bread</td><td>3 EUR</td>                             | Bread 3 EUR                |
        | a section           | Open<div>every day</div>until six                        | Open every day until six   |
        | a dividing line     | Morning<hr>Evening                                       | Morning Evening            |
        | a list of terms     | <dl><dt>Bread</dt><dd>3 EUR</dd></dl>                    | Bread 3 EUR                |
        | an image            | Look<img src="https://example.org/a.png">here            | Look here                  |
        | a block after signs | Fish & chips<hr>every Friday                             | Fish & chips every Friday  |
        | cells after a table | <table><tr><td>Menu</td></tr></table>Bread<td>3 EUR</td> | Menu Bread 3 EUR           |

    Scenario Outline: The confirmation names what was removed (<removed>)
      Given the admin is logged in
      When the admin posts an entry titled "Careful" with the text "<text>"
      Then they are told "New entry was posted. Removed from the text: <removed>."

      Examples:
        | text                                                                               | removed                         |
        | <h3>Menu</h3><table><tr><td>Bread</td><td>3 EUR</td></tr></table>Buy <u>today</u>. | a table, a heading, underlining |
        | Hello<script>alert('pwned')</script> world                                         | a script                        |
        | <p onclick="steal()">Click me</p>                                                  | an event handler                |
        | <a href="javascript:steal()">Prize</a>                                             | an unsafe link                  |
        | <span style="position:fixed;top:0">Overlay</span>                                  | styling                         |
        | <img src="x" onerror="steal()">Photo                                               | an image                        |
        | Two<!-- a note to myself -->words                                                  | a comment                       |

    Scenario: A text that lost only the spaces around it gets the ordinary confirmation
      Given the admin is logged in
      When the admin posts an entry titled "Opening hours" with the text "   Open from nine to five.   "
      Then they are told "New entry was successfully posted"

    Scenario Outline: A text from which nothing was removed gets the ordinary confirmation (<kind>)
      Given the admin is logged in
      When the admin posts an entry titled "Opening hours" with the text "<text>"
      Then they are told "New entry was successfully posted"

      Examples:
        | kind               | text                                                                                   |
        | signs              | Fish & chips < 5 EUR, "fresh" today                                                    |
        | allowed formatting | <p>Open <strong>daily</strong>, see <a href="https://example.org/hours">hours</a>.</p> |
        | a typed list       | - bread                                                                                |

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
