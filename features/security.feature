Feature: Security
  As the admin
  I want the blog to refuse forged requests and tampered sessions
  So that only I can change the blog, however hard someone tries
  Every form that changes something carries a token that only the blog's own pages
  hand out; a post without it changes nothing, and nothing changes through a link
  or any other request than a POST.
  The session lives in a signed cookie that scripts cannot read and other sites
  cannot send along; in production it travels only over HTTPS. Every page tells
  browsers what to refuse. Guessed passwords are slowed down ("Guessing passwords").

  Rule: A change is accepted only from the blog's own forms

    Scenario Outline: A forged post stores nothing (<token>)
      Given the admin is logged in
      When another site makes the admin's browser post an entry, with <token>
      Then the request is refused as a forgery
      And the blog has no entries

      Examples:
        | token                        |
        | no form token                |
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

    Scenario Outline: A request other than a POST changes nothing (<what> by <method>)
      Given the blog has these entries, oldest first:
        | title        | text                       |
        | Summer hours | From June we close at six. |
      And the admin is logged in
      When the admin's browser sends <what> by <method>, filled in and with its token
      Then the blog still holds only the entries it had
      And the admin is still logged in, in the same session

      Examples:
        | what                                   | method |
        | the posting form                       | HEAD   |
        | the newest entry's Edit form           | HEAD   |
        | the newest entry's Delete confirmation | HEAD   |
        | the Log out button                     | HEAD   |
        | the login form                         | HEAD   |

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
      Given the admin's session cookie recorded the login <age> days ago
      When the admin opens the blog
      Then they are <state>

      Examples:
        | age | state         |
        | 30  | logged in     |
        | 32  | not logged in |

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
        | a page that does not exist |

    Scenario: In production browsers are told to use only HTTPS
      Given the blog runs in production
      When a visitor opens the blog
      Then the page tells browsers to:
        | protection                |
        | use only HTTPS for a year |
