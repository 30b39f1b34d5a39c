Feature: Correcting and deleting entries
  As the admin
  I want to correct and delete entries
  So that a typo or an entry that no longer holds does not stay in front of my readers
  Every entry has an Edit page, where the admin can change its title and text; the text
  is shown as the admin typed it, not as the HTML the blog made of it. The same rules as
  for a new entry apply: a title is required, and the text keeps its simple formatting
  and loses anything that could run code or restyle the page, the admin being told what
  was removed. An edited entry says when it was last changed. An entry
  is deleted only after the blog has asked and the admin has confirmed; until then
  nothing is deleted. Only the logged-in admin can edit or delete. An entry that is
  gone can be neither changed nor deleted: the blog says it is not found and offers a
  way back to the entries.

  Rule: The admin can correct an entry

    Scenario: The admin corrects a typo in a title
      Given the blog has these entries, oldest first:
        | title       | text                       |
        | Sumer hours | From June we close at six. |
      And the admin is logged in
      When the admin changes the title of "Sumer hours" to "Summer hours"
      Then they are told "The entry was changed"
      And the entries are listed in this order:
        | title        |
        | Summer hours |
      And the blog shows an entry titled "Summer hours" with the text "From June we close at six."

    Scenario: The edit page shows the text as the admin typed it
      Given the admin is logged in
      And the admin has posted an entry titled "Summer break" with the text:
        """
        We close for two weeks in August.

        - bread
        - cakes
        """
      When the admin opens the entry "Summer break" for editing
      Then the Edit page holds the text exactly as the admin typed it

  Rule: A correction follows the same rules as a new entry

    Background:
      Given the blog has these entries, oldest first:
        | title        | text                       |
        | Summer hours | From June we close at six. |
      And the admin is logged in

    Scenario: Simple formatting is kept in a correction
      When the admin changes the text of "Summer hours" to "From June we close at <strong>six</strong>."
      Then the entry shows "six" as strong

    Scenario: Dangerous HTML is removed from a correction
      When the admin changes the text of "Summer hours" to "We close at six.<script>alert('pwned')</script>"
      Then the entry's text reads "We close at six."
      And the entry's text holds nothing that could run code or restyle the page

    Scenario: The admin is told what was removed from a correction
      When the admin changes the text of "Summer hours" to "From June we close at <u>six</u>."
      Then they are told "The entry was changed. Removed from the text: underlining."

    Scenario: A correction without a title is refused
      When the admin changes the title of "Summer hours" to "   "
      Then the entry is refused because "Title is required"
      And the blog still holds only the entries it had

  Rule: An edited entry says when it was last changed

    Scenario: A corrected entry says when it was posted and when it was changed
      Given it is 27 November 2026, 09:30 UTC
      And the admin has posted an entry titled "Summer hours"
      And it is 29 November 2026, 14:05 UTC
      When the admin changes the text of "Summer hours" to "From June we close at six."
      Then the entry "Summer hours" says it was posted on 27 November 2026, 09:30 UTC
      And the entry "Summer hours" says it was last changed on 29 November 2026, 14:05 UTC

  Rule: An entry is deleted only after the blog has asked and the admin has confirmed

    Scenario: The blog asks first and deletes once the admin confirms
      Given the blog has these entries, oldest first:
        | title             | text                       |
        | Summer hours      | From June we close at six. |
        | Closed for repair | The roof is being fixed.   |
      And the admin is logged in
      When the admin asks to delete the entry "Summer hours"
      Then the blog asks whether to delete the entry "Summer hours"
      And the blog still holds only the entries it had
      When the admin confirms the deletion
      Then they are told "The entry was deleted"
      And the entries are listed in this order:
        | title             |
        | Closed for repair |

    Scenario: An admin who changes their mind keeps the entry
      Given the blog has these entries, oldest first:
        | title             | text                       |
        | Summer hours      | From June we close at six. |
        | Closed for repair | The roof is being fixed.   |
      And the admin is logged in
      And the admin has asked to delete the entry "Summer hours"
      When the admin keeps the entry
      Then the blog still holds only the entries it had
      And the entries are listed in this order:
        | title             |
        | Closed for repair |
        | Summer hours      |

  Rule: Only the admin can edit or delete entries

    Background:
      Given the blog has these entries, oldest first:
        | title        | text                       |
        | Summer hours | From June we close at six. |

    Scenario: Visitors are offered no way to change entries
      When a visitor opens the blog
      Then they see no way to edit or delete entries

    Scenario: A change sent without logging in is refused
      When an anonymous request changes the entry "Summer hours" directly
      Then the request is refused as not logged in
      And the blog still holds only the entries it had

    Scenario: A deletion sent without logging in is refused
      When an anonymous request deletes the entry "Summer hours" directly
      Then the request is refused as not logged in
      And the blog still holds only the entries it had

  Rule: An entry that is gone is not found, and the blog offers a way back

    Background:
      Given the blog has these entries, oldest first:
        | title        | text                       |
        | Summer hours | From June we close at six. |
      And the admin is logged in

    Scenario: Changes to an entry deleted in the meantime are not saved
      Given the admin has opened the entry "Summer hours" for editing
      And the entry "Summer hours" has been deleted in the meantime
      When the admin saves the changes
      Then the request is refused as not found
      And the page offers a way back to the entries
      And the blog has no entries

    Scenario: An entry deleted in the meantime cannot be deleted again
      Given the admin has asked to delete the entry "Summer hours"
      And the entry "Summer hours" has been deleted in the meantime
      When the admin confirms the deletion
      Then the request is refused as not found
      And the page offers a way back to the entries
