@developer @in-process
Feature: The request lifecycle, for developers
  As a developer of the blog
  I want to run parts of a request by hand
  So that I can test hooks and request data without a full round trip
  Flask's test request context makes request, session and g usable without a
  real request, but it does not run the before- and after-request hooks by
  itself: preprocess_request and process_response run them on demand. The
  request's resources are released when the context ends.

  Scenario: A test request context carries the path and the query
    Given a test request context for "/?name=Peter"
    Then the request path is "/"
    And the request argument "name" is "Peter"

  Scenario: Before-request hooks run only when asked
    Given a test request context for "/"
    And no database connection is open yet
    When the before-request hooks run
    Then a database connection is open

  Scenario: After-request hooks run on a response when asked
    Given a test request context for "/"
    When the after-request hooks process a response
    Then the response carries the header "X-Content-Type-Options" with "nosniff"

  Scenario: The database connection is closed when the context ends
    Given a test request context for "/"
    And the before-request hooks have run
    When the request context ends
    Then its database connection is closed

  Scenario: A finished request can still be inspected while the client is kept open
    When a developer requests "/?tequila=42" through the test client
    Then the request argument "tequila" is "42"
