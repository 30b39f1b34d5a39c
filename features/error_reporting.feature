Feature: Error reporting
  As an operator of the blog
  I want every failure mailed to the admins and written to a log file
  So that we hear of problems with enough detail to act, while visitors get a plain page at once
  In production (no testing or debug mode) an unexpected failure shows the visitor a
  plain error page with nothing of the blog's internals. The failure and its traceback
  go to the error log, every time, and by mail to the admins. Mail is sent in the
  background, so a slow or dead mail server never delays a page. A failure is mailed at
  once; the same failure (the same kind of error at the same place in the code) again
  within 10 minutes is not mailed again but counted, and one later mail, when those
  10 minutes end (whether or not anything else happens) or the blog stops, says how
  many more times it happened and when. Two different failures of the same page are
  two failures, each mailed. Each
  process of the blog (each gunicorn worker) counts its own failures. When mail cannot
  keep up, or the blog stops while the mail server does not answer, the error log says
  how many reports were not mailed. Logins are logged too, but never a password.

  Background:
    Given the blog shows visitors plain error pages, as in production
    And errors are mailed to "ops@example.org" and "owner@example.org"
    And errors are written to the error log

  Rule: The admins hear of every failure, and the visitor sees only a plain page

    Scenario: An unexpected failure is mailed and logged
      Given the database file has been corrupted
      When a visitor opens the blog
      Then they see a plain error page
      And the admins receive exactly one mail with the subject "Flaskr failed"
      And the mail says what failed, where, in which module and function, and when
      And the error log records "Exception on / [GET]" with its traceback

    Scenario: With the mail server down, the error is still logged and the blog keeps serving
      Given the mail server is down
      And the admin is logged in
      And the database refuses to store new entries
      When the admin posts an entry titled "Lost?" with the text "Perhaps."
      Then they see a plain error page
      And the error log records "Exception on /add [POST]" with its traceback
      And the error log says the report could not be mailed
      And the blog still says "No entries here so far"

    Scenario: A mail server that never answers does not delay the error page
      Given the mail server accepts connections but never answers
      And the database file has been corrupted
      When a visitor opens the blog
      Then they see a plain error page within a second

  Rule: Repeated failures are mailed once, then summed up

    Scenario: The same failure five times is mailed once, at once, and logged every time
      Given the database file has been corrupted
      When a visitor opens the blog 5 times
      Then the admins receive exactly one mail with the subject "Flaskr failed"
      And the error log records "Exception on / [GET]" 5 times

    Scenario: Ten minutes later, one more mail says how often it happened again
      Given the database file has been corrupted
      When a visitor opens the blog 5 times
      And 10 minutes have passed
      Then the admins receive one more mail saying the same failure happened 4 more times

    Scenario: Different failures are each mailed at once
      Given the admin is logged in
      And the database file has been corrupted
      When another visitor opens the blog
      And the admin logs in
      Then the admins receive 2 mails, one for each failure

    Scenario: The summary comes when the ten minutes end, even with no failure after them
      Given the database file has been corrupted
      When a visitor opens the blog 5 times
      And 10 minutes have passed
      Then on its own the blog mails the admins that the same failure happened 4 more times

    Scenario: Two different failures of the same page are each mailed at once
      Given the database file has been corrupted
      When a visitor opens the blog
      And the database file is replaced by a folder
      And a visitor opens the blog
      Then the admins receive 2 mails, one for each failure

  Rule: The error log keeps a bounded history

    Scenario: Old logs are rotated away
      Given the error log rotates at 2000 bytes and keeps 2 old logs
      And the database file has been corrupted
      When a visitor opens the blog 8 times
      Then the error log folder holds "error.log", "error.log.1" and "error.log.2"

  Rule: Logins are logged, passwords never

    Scenario: Failed and successful logins are logged without the password
      When someone logs in as "admin" with the password "letmein please"
      And the admin logs in
      Then the error log has a WARNING "Failed login for username 'admin'"
      And the error log has an INFO "Admin 'admin' logged in"
      And the error log never mentions "letmein please" or the admin's password

    Scenario: A username cannot forge lines in the log
      When someone logs in with this username:
        """
        mallory
        2026-11-23 09:00:00,000 INFO: Admin 'admin' logged in [in app/auth.py:63]
        """
      Then the error log holds exactly one line
