Feature: The blog's database
  As an operator of the blog
  I want to empty the blog only when I mean to, and keep every entry across upgrades
  So that no entry is ever lost by a slip of the keyboard or a new version
  An operator empties the blog with flask init-db: every entry is gone. When there are
  entries, it first says how many and asks; only "y" deletes them, and a script says
  --yes instead. Without that confirmation nothing is deleted. A database file made by
  an earlier version of the blog is brought up to date the first time the blog opens
  it, every entry kept.

  Rule: A database made by an earlier version is brought up to date, keeping every entry
    The first time the blog opens a database file an earlier version made, it adds what
    that version lacked. Entries from before the blog kept times show none.

    Scenario: The entries of a database from the first version are kept
      Given the blog's database was made by its first version, with these entries, oldest first:
        | title            | text               |
        | Opening the shop | We open on Monday. |
        | Summer hours     | From June.         |
      When a visitor opens the blog
      Then the entries are listed in this order:
        | title            |
        | Summer hours     |
        | Opening the shop |
      And the blog shows an entry titled "Opening the shop" with the text "We open on Monday."

  Rule: The operator can empty the blog, after confirming it

    Scenario: flask init-db leaves the blog without entries
      Given the blog has these entries, oldest first:
        | title            | text               |
        | Opening the shop | We open on Monday. |
        | Summer hours     | From June.         |
      When the operator runs flask init-db on the blog and answers "y"
      Then the blog has no entries
      And the blog says "No entries here so far"

    Scenario Outline: Without confirmation nothing is deleted (<situation>)
      Given the blog has these entries, oldest first:
        | title            | text               |
        | Opening the shop | We open on Monday. |
        | Summer hours     | From June.         |
      When the operator runs flask init-db on the blog and answers "<answer>"
      Then flask init-db says "The blog holds 2 entries. Delete them all? [y/N]"
      And flask init-db says "Nothing was deleted."
      And the blog still holds only the entries it had

      Examples:
        | situation     | answer |
        | the answer no | n      |
        | Enter alone   |        |

    Scenario: A script that does not say --yes deletes nothing
      Given the blog has these entries, oldest first:
        | title        | text       |
        | Summer hours | From June. |
      When a script runs flask init-db on the blog
      Then flask init-db says "Nothing was deleted."
      And the blog still holds only the entries it had

    Scenario: A script empties the blog with --yes
      Given the blog has these entries, oldest first:
        | title        | text       |
        | Summer hours | From June. |
      When a script runs flask init-db --yes on the blog
      Then the blog has no entries

    Scenario: An empty blog is initialised without a question
      Given the blog has no entries
      When a script runs flask init-db on the blog
      Then flask init-db asks nothing
      And flask init-db says "Initialized the database."
