Feature: Session state
  As the admin
  I want the blog to remember that I logged in, and forget it when I log out
  So that I post without logging in again, and nobody else can post from my browser
  The login is kept in the browser's signed session. Logging in starts a new
  session, so nothing stored before it survives; logging out empties the session.

  Scenario: Logging in is recorded in the session
    When the admin logs in
    Then the session records that the admin is logged in

  Scenario: Logging out clears the session
    Given the admin is logged in
    When the admin logs out
    Then the session no longer records the admin's login

  Scenario: Logging in starts a fresh session
    Given the admin's session holds "theme" set to "dark"
    When the admin logs in
    Then the session no longer holds "theme"

  Scenario: A session that already records the login is enough to post
    Given the admin's session already records the login
    When the admin posts an entry titled "No form needed" with the text "Straight in."
    Then the blog shows an entry titled "No form needed" with the text "Straight in."

  Scenario: Logging out forgets everything in the session
    Given the admin is logged in
    And the admin's session holds "theme" set to "dark"
    When the admin logs out
    Then the session no longer holds "theme"

  Scenario: Another visitor is not logged in by the admin's login
    Given the admin is logged in
    When the admin posts an entry titled "Fresh bread" with the text "Out of the oven."
    And another visitor opens the blog
    Then they see no form for posting entries
    And the blog shows an entry titled "Fresh bread" with the text "Out of the oven."
