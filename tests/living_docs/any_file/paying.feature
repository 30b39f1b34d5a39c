Feature: Paying at the till
  As a shopper
  I want to pay for what I bought
  So that I can leave the shop

  Scenario: Paying in cash
    Given an empty shopping list
  Pay with a card
    Then the list holds 0 items
