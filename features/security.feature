Feature: Security
  As the admin
  I want the blog to refuse forged requests, guessed passwords and tampered sessions
  So that only I can change the blog, however hard someone tries
  Every form that changes something carries a token that only the blog's own pages
  hand out; a post without it changes nothing, and nothing changes through a link.
  The session lives in a signed cookie that scripts cannot read and other sites
  cannot send along; in production it travels only over HTTPS. After five failed
  logins from one address, logins from it are refused for fifteen minutes.
  Every page tells browsers what to refuse.

  Rule: A change is accepted only from the blog's own forms

    Scenario Outline: A forged post stores nothing (<token>)
      Given the admin is logged in
      When another site makes the admin's browser post an entry, with <token>
      Then the request is refused as a forgery
      And the blog has no entries

      Examples:
        | token                        |
        | no form token                |
        | a made-up form token         |
        | another visitor's form token |

    Scenario: A forged logout leaves the admin logged in
      Given the admin is logged in
      When another site makes the admin's browser log out, with no form token
      Then the request is refused as a forgery
      And the admin is still logged in

    Scenario: A forged login logs nobody in
      When another site makes a visitor's browser log in as the admin, with no form token
      Then the request is refused as a forgery
      And they are not logged in

    Scenario Outline: Opening <page> by hand changes nothing
      Given the admin is logged in
      When the admin's browser opens <page>
      Then the admin is still logged in
      And the blog has no entries

      Examples:
        | page                |
        | the logout address  |
        | the posting address |
        | the login page      |

  Rule: The session cannot be forged, read by scripts or kept forever

    Scenario: The session cookie is kept from scripts and from other sites
      When the admin logs in
      Then the session cookie is hidden from scripts
      And the session cookie is not sent along with other sites' posts
      But the session cookie may travel over plain HTTP outside production

    Scenario: In production the session cookie travels only over HTTPS
      Given the blog runs in production
      When the admin logs in
      Then the session cookie is only sent over HTTPS

    Scenario: Logging out ends the session wherever its cookie was copied
      Given the admin is logged in
      And someone has copied the admin's session cookie
      When the admin logs out
      And someone opens the blog with the copied cookie
      Then they are not logged in

    Scenario: A new admin password ends every session logged in with the old one
      Given the admin is logged in
      When the admin's password is changed to "a brand new passphrase"
      And the admin opens the blog
      Then they are not logged in

    Scenario: A session cookie altered to claim a login counts as logged out
      Given a visitor whose session cookie was altered to claim the admin's login
      When a visitor opens the blog
      Then they are not logged in
      And they see no form for posting entries

    Scenario Outline: A signed session is honoured for 31 days (<age> days old)
      Given a visitor whose session cookie recorded the admin's login <age> days ago
      When a visitor opens the blog
      Then they are <state>

      Examples:
        | age | state         |
        | 30  | logged in     |
        | 32  | not logged in |

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

    Scenario Outline: A guesser anywhere in an IPv6 /64 network shares its count (<admin>)
      Given the blog stands behind one proxy, which it is configured to trust
      And someone at 2001:db8:1:2::a has failed to log in 5 times
      When the admin logs in from <admin>
      Then the login is refused for too many attempts, saying when to try again

      Examples:
        | admin                            |
        | 2001:db8:1:2::a                  |
        | 2001:db8:1:2:ffff:ffff:ffff:ffff |

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

  Rule: Every page tells browsers what to refuse

    Scenario Outline: <page> tells browsers what to refuse
      When a visitor opens <page>
      Then the page tells browsers to:
        | protection                                 |
        | run only the blog's own scripts and styles |
        | never guess a file's type                  |
        | never show the page inside a frame         |
        | keep the page's address from other sites   |

      Examples:
        | page                       |
        | the blog                   |
        | the login page             |
        | a page that does not exist |

    Scenario: In production browsers are told to use only HTTPS
      Given the blog runs in production
      When a visitor opens the blog
      Then the page tells browsers to:
        | protection                |
        | use only HTTPS for a year |
