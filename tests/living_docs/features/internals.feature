Feature: Counting internals
  As a developer
  I want to see how the list counts
  So that I can change it safely

  Scenario: An empty list counts nothing
    Given an empty shopping list
    Then the list holds 0 items

  Scenario: A sentence nobody defined
    Given an empty shopping list
    Then the list sings
