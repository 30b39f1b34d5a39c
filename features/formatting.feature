Feature: Formatting an entry's text
  As the admin
  I want to shape an entry's text with a little formatting
  So that readers get news from me that looks right and is safe to read
  The text keeps the shape it is typed in and may use simple formatting (bold,
  italics, links, lists, code); anything that could run code or restyle the page
  is removed before the entry is stored, and the admin is told what. A correction
  follows the same rules as a new entry.

  Rule: Simple formatting is kept

    Scenario Outline: Simple formatting in the text is kept (<formatting>)
      Given the admin is logged in
      When the admin posts an entry titled "Formatting" with the text "<text>"
      Then the entry shows "<shown>" as <formatting>

      Examples:
        | formatting  | text                                              | shown  |
        | strong      | We are <strong>really</strong> open               | really |
        | a link      | See <a href="https://example.org/hours">hours</a> | hours  |
        | a list item | <ul><li>bread</li><li>milk</li></ul>              | milk   |

    Scenario: A line break in the text is kept
      Given the admin is logged in
      When the admin posts an entry titled "Hours" with the text "Monday to Friday<br>Closed on Sunday"
      Then the entry breaks the line after "Monday to Friday"

  Rule: Anything that could run code or restyle the page is removed

    Scenario Outline: Dangerous HTML is removed from the text (<danger>)
      Given the admin is logged in
      When the admin posts an entry titled "Careful" with the text "<text>"
      Then the entry's text reads "<remaining>"
      And the entry's text holds nothing that could run code or restyle the page

      Examples:
        | danger            | text                                              | remaining   |
        | a script          | Hello<script>alert('pwned')</script> world        | Hello world |
        | an event handler  | <p onclick="steal()">Click me</p>                 | Click me    |
        | a javascript link | <a href="javascript:steal()">Prize</a>            | Prize       |
        | a style           | <span style="position:fixed;top:0">Overlay</span> | Overlay     |

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

    Scenario: Dangerous HTML is removed from typed paragraphs and lists too
      Given the admin is logged in
      When the admin posts an entry titled "Careful" with the text:
        """
        Today only:

        - fresh<script>alert('pwned')</script> bread
        """
      Then the entry reads, part by part:
        | part        | text        |
        | a paragraph | Today only: |
        | a list item | fresh bread |
      And the entry's text holds nothing that could run code or restyle the page

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

    Scenario Outline: What is removed never runs words together (<removed>)
      Given the admin is logged in
      When the admin posts an entry titled "Careful" with the text "<text>"
      Then the entry's text reads "<reads>"

      Examples:
        | removed   | text                                          | reads                    |
        | a section | Open<div>every day</div>until six             | Open every day until six |
        | an image  | Look<img src="https://example.org/a.png">here | Look here                |

    Scenario Outline: The confirmation names what was removed (<removed>)
      Given the admin is logged in
      When the admin posts an entry titled "Careful" with the text "<text>"
      Then they are told "New entry was posted. Removed from the text: <removed>."

      Examples:
        | text                                                                               | removed                         |
        | <h3>Menu</h3><table><tr><td>Bread</td><td>3 EUR</td></tr></table>Buy <u>today</u>. | a table, a heading, underlining |
        | Hello<script>alert('pwned')</script> world                                         | a script                        |

    Scenario: A text that lost only the spaces around it gets the ordinary confirmation
      Given the admin is logged in
      When the admin posts an entry titled "Opening hours" with the text "   Open from nine to five.   "
      Then they are told "New entry was successfully posted"

    Scenario: A text with signs but no HTML to remove gets the ordinary confirmation
      Given the admin is logged in
      When the admin posts an entry titled "Opening hours" with the text "Fish & chips < 5 EUR, 'fresh' today"
      Then they are told "New entry was successfully posted"
