Feature: Writing notes
  As a shopper
  I want to write notes beside the list
  So that I remember what the list alone cannot say
  A note adds nothing to the list, so nothing is bought twice
  ([the list's own rule](shopping_list.feature#Nothing is bought twice)).

  @notes
  Rule: A note is kept as it was written
    Its format is named after the opening quotes, as in Gherkin; a bar in a table cell
    is written "\|".

    Scenario: A note in Markdown
      When the shopper writes the note:
        """markdown
        Buy the *brown* bread,
        not the white one.
        """
      Then the note has 2 lines

    Scenario: An item with a bar in its name
      When the shopper adds "bread | butter"
      Then the list reads:
        | item            |
        | bread \| butter |
