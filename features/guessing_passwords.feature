Feature: Guessing passwords
  As the admin
  I want guessing my password to be too slow to be worth trying
  So that nobody logs in as me by trying passwords one after another
  After five failed logins from one address, logins from it are refused for fifteen
  minutes, even with the right password; a successful login does not count. The
  address is the one the blog sees, not one a request claims. In these examples
  everyone reaches the blog from the same address unless a scenario says where they are.

  Rule: Guessing passwords is slowed down

    Scenario: After 5 failed logins even the right password is refused for a while
      Given someone has failed to log in 5 times
      When the admin logs in
      Then the login is refused for too many attempts, saying when to try again
      And the page says "Please try again in 15 minutes."
      And they are not logged in

    Scenario: After 15 minutes the right password works again
      Given someone has failed to log in 5 times
      When 15 minutes have passed
      And the admin logs in
      Then they are logged in

    Scenario: Before 15 minutes have passed, the right password is still refused
      Given someone has failed to log in 5 times
      When 14 minutes have passed
      And the admin logs in
      Then the login is refused for too many attempts, saying when to try again
      And the page says "Please try again in 1 minute."

    Scenario: Only failed logins count
      Given the admin has logged in and out 4 times
      And someone has failed to log in 4 times
      When the admin logs in
      Then they are logged in

  Rule: Failed logins count for the address the blog sees, not one a request claims
    Anybody can write an address into a request's X-Forwarded-For header. The blog believes
    that header only when it is configured to stand behind proxies (TRUSTED_PROXIES), and
    then only the address its own proxy added last: where the visitor connected from. A
    blog behind a proxy it has not been told about sees the proxy's address on every
    request, so every visitor behind it shares one count.

    Scenario: A new X-Forwarded-For on every guess does not reset the count
      Given someone has failed to log in 5 times, sending a new X-Forwarded-For each time
      When the admin logs in, sending a new X-Forwarded-For
      Then the login is refused for too many attempts, saying when to try again

    Scenario: Behind the proxy it trusts, the blog counts each visitor's address apart
      Given the blog stands behind one proxy, which it is configured to trust
      And someone at 203.0.113.7 has failed to log in 5 times
      When the admin logs in from 198.51.100.20
      Then they are logged in

    Scenario: Behind the proxy it trusts, a guesser cannot fail logins in another visitor's name
      Given the blog stands behind one proxy, which it is configured to trust
      And someone at 203.0.113.7 has failed to log in 5 times, sending X-Forwarded-For 198.51.100.20
      When the admin logs in from 198.51.100.20
      Then they are logged in

    Scenario: Behind a proxy it has not been told about, every visitor shares one count
      Given the blog stands behind a proxy it has not been told about
      And someone at 203.0.113.7 has failed to log in 5 times
      When the admin logs in from 198.51.100.20
      Then the login is refused for too many attempts, saying when to try again

  Rule: An IPv4 address counts on its own, an IPv6 address with its whole /64 network
    An IPv6 host is usually given a whole /64 network and may use any address in it, so
    addresses that share their first 64 bits count as one; IPv4 addresses count one by
    one. In these examples the proxy in front of the blog says where each visitor is.

    Scenario: A guesser anywhere in an IPv6 /64 network shares its count
      Given the blog stands behind one proxy, which it is configured to trust
      And someone at 2001:db8:1:2::a has failed to log in 5 times
      When the admin logs in from 2001:db8:1:2:ffff:ffff:ffff:ffff
      Then the login is refused for too many attempts, saying when to try again

    Scenario Outline: Another network or another IPv4 address has a count of its own (<admin>)
      Given the blog stands behind one proxy, which it is configured to trust
      And someone at <guesser> has failed to log in 5 times
      When the admin logs in from <admin>
      Then they are logged in

      Examples:
        | guesser         | admin           |
        | 2001:db8:1:2::a | 2001:db8:1:3::a |
        | 203.0.113.7     | 203.0.113.8     |

  Rule: In production every worker of the blog counts the same failed logins, and a restart forgets none
    In production several worker processes serve the blog, each with its own memory. They
    count failed logins in one store they share, which outlives them: guesses spread over
    the workers add up, and restarting the blog does not give a guesser fresh attempts.

    Background:
      Given failed logins are counted in a store shared by every worker of the blog

    Scenario: Failed logins at different workers add up
      Given someone has failed to log in 3 times at worker 1
      And someone has failed to log in 2 times at worker 2
      When the admin logs in at worker 3
      Then the login is refused for too many attempts, saying when to try again

    Scenario: A restart does not forget failed logins
      Given someone has failed to log in 5 times
      When the blog is restarted
      And the admin logs in
      Then the login is refused for too many attempts, saying when to try again
