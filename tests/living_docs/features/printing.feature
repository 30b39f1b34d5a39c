Feature: Printing the list
  As a shopper
  I want my list printed on paper
  So that I can shop without my phone
  The printer writes a file: nothing of it is shown in a page.

  Rule: Every item is printed on a line of its own
    Scenario Outline: "<item>" is printed
      Given an empty shopping list
      When the shopper adds "<item>"
      Then the printout reads "<line>"

      Examples: Everyday items
        | item    | line       |
        | bread   | 1. bread   |
        | butter  | 1. butter  |
        | milk    | 1. milk    |
        | eggs    | 1. eggs    |
        | cheese  | 1. cheese  |
        | apples  | 1. apples  |
        | coffee  | 1. coffee  |
        | lettuce | 1. lettuce |

      Examples: Items from abroad
        | item     | line        |
        | pasta    | 1. pasta    |
        | rice     | 1. rice     |
        | tea      | 1. tea      |
        | olives   | 1. olives   |
        | feta     | 1. feta     |
        | crème    | 1. crème    |

  Rule: The printout is a file of its own
    Scenario: An empty list prints an empty file
      Given a printer that writes to a file
      When the list is printed
      Then the file holds 0 lines
