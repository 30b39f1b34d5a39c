Feature: Counting the till
  As a shopkeeper
  I want to count the till at closing
  So that the day's takings are known

  A table's row ends at its last "|": by the Gherkin standard, a backslash after it is
  not part of the table.

  Scenario: The till is counted
    Given the till holds:
      | coins | notes \
      | 3     | 2 \
