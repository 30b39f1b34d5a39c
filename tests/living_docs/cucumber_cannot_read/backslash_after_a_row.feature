Feature: A backslash after a table's last bar
  The Gherkin standard ignores words after a row's last "|" (Cucumber's own example,
  extra_table_content.feature, ends a row with a backslash); gherkin-official 24 stops
  on such a row with a RuntimeError, and behave reads it as a row.

  Scenario: A row with a backslash after it
    Given an empty shopping list
      | item  | note |
      | bread | \
    Then the list holds 0 items
