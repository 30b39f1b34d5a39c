Feature: Logging in and out
  As the admin
  I want to log in with my username and password, and log out again
  So that only I can post entries
  There is one admin account. A failed login gives one and the same message,
  whatever was wrong, so the blog never tells anyone which usernames exist. The form
  then keeps the username for another try, and never the password. Guessing is slowed
  down ([the lock-out rule](guessing_passwords.feature#Guessing passwords is slowed down)).
  Logging out is an action, not a link to follow, because it changes state.

  Background:
    Given the admin's account is "editor" with the password "correct horse"

  Scenario: The admin's username and password log in
    When someone logs in as "editor" with the password "correct horse"
    Then they are told "You were logged in"
    And they are logged in

  Scenario Outline: A failed login does not say what was wrong (<situation>)
    When someone logs in as "<username>" with the password "<password>"
    Then they are told "Invalid username or password"
    And they are not logged in

    Examples:
      | situation      | username | password      |
      | wrong username | edtior   | correct horse |
      | wrong password | editor   | horse correct |

  Scenario: After a failed login the username is kept, the password is not
    When someone logs in as "editor" with the password "horse correct"
    Then the login form holds the username "editor"
    And the login form holds no password

  Scenario: The login page offers no link to itself
    When a visitor opens the login page
    Then the page offers no link to the login page

  Scenario: The admin logs out
    Given the admin is logged in
    When the admin logs out
    Then they are told "You were logged out"
    And they are not logged in

  Scenario: A wrong username and a wrong password get exactly the same answer
    When someone logs in as "mallory" with the password "correct horse"
    And someone logs in as "editor" with the password "horse correct"
    Then both answers are exactly the same
