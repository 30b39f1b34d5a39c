Feature: Configuration and start-up
  As an operator of the blog
  I want the blog to read its settings from a YAML file and refuse unsafe ones
  So that a typo or a dangerous setting is caught before anyone is served
  Settings live in the FLASK: section of a YAML file, as upper-case keys. A file that
  is missing, not valid YAML, holds a section besides FLASK: or a key the blog does
  not know, sets a key twice, keeps the entries in memory (where every one would be
  lost) or holds a password hash too costly to check at each login stops start-up
  with a message naming the file and the key, and the line of a YAML mistake or of
  both settings of a key set twice. Flask's debugger runs any code it is sent, so it
  is only allowed on a loopback address (a host name is not one) and never in production.
  When python -m app cannot start (a configuration it refuses, an error log folder it
  cannot make, a database it cannot open), it says so in one line starting "flaskr:"
  and exits with status 2, without a traceback.
  When an external debugger is attached, Flask's own debugger and reloader step aside.
  In production the blog also refuses to start with its protection against forged
  forms off (or not checking posts), a session cookie that scripts can read or that
  other sites' posts carry, a secret key that is not random, a password hash other
  than scrypt or cheaper than Werkzeug's default, the development password (however it
  was hashed), no list of the host names it answers to, a login limit above 60 failed
  logins an hour, or failed logins counted in each worker's own memory. Nowhere does it
  take a YAML merge key (<<), which could set a key a second time out of sight; and
  python -m app, which nothing stands in front of, believes no proxy (TRUSTED_PROXIES).

  Rule: The debugger and the reloader follow DEBUG and DEBUG_WITH_EXTERNAL_DEBUGGER

    Scenario Outline: DEBUG <debug>, external debugger <external>
      Given a configuration file with DEBUG <debug> and DEBUG_WITH_EXTERNAL_DEBUGGER <external>
      When the blog is started from it on 127.0.0.1
      Then Flask's debugger is <debugger> and its reloader is <reloader>

      Examples:
        | debug | external | debugger | reloader |
        | true  | false    | on       | on       |
        | true  | true     | off      | off      |

  Rule: Debug mode is for this machine only

    Scenario Outline: Debug mode on <address> is refused
      Given a configuration file containing "FLASK: {DEBUG: true}"
      When the blog is started from it on <host>
      Then it refuses to start, saying "may listen only on a loopback address"

      Examples:
        | address          | host             |
        | a public address | 0.0.0.0          |
        | a host name      | blog.example.org |

  Rule: python -m app stops on a problem with one line saying what it is

    Scenario: python -m app says in one line, without a traceback, that it cannot open the database
      Given a configuration file containing "FLASK: {DATABASE: /dev/null/flaskr.sqlite}"
      When the operator starts the blog with python -m app on 127.0.0.1
      Then python -m app stops with exit status 2, saying only "cannot open the database /dev/null/flaskr.sqlite"

  Rule: A bad or unsafe configuration stops start-up with a clear message

    Scenario Outline: <problem>
      Given a configuration file containing "<content>"
      When the blog is started from it on 127.0.0.1
      Then it refuses to start, naming the file and saying "<message>"

      Examples: A file the blog cannot read
        | problem                | content                       | message                                      |
        | an unknown key         | FLASK: {MAIL_PORTT: 25}       | unknown key 'MAIL_PORTT'                     |
        | entries kept in memory | FLASK: {DATABASE: ':memory:'} | DATABASE must be a file path (not ":memory:" |

      Examples: A password that login could not check
        | problem                    | content                                                      | message                                              |
        | a password, not a hash     | FLASK: {ADMIN_PASSWORD_HASH: hunter2}                        | ADMIN_PASSWORD_HASH must be a Werkzeug password hash |
        | a hash of 512 MB per login | FLASK: {ADMIN_PASSWORD_HASH: 'scrypt:2097152:2:1$salt$00ff'} | ADMIN_PASSWORD_HASH must be a Werkzeug password hash |

      Examples: A production configuration that is not safe
        | problem                                    | content                                                                                                                                                                                         | message                                                                    |
        | debug in production                        | FLASK: {PRODUCTION: true, DEBUG: true, SECRET_KEY: 9f2c4e7a1b8d3f6e0c5a9b2d7e4f1a3c}                                                                                                            | DEBUG must be off in production                                            |
        | a short secret key                         | FLASK: {PRODUCTION: true, SECRET_KEY: hunter2}                                                                                                                                                  | SECRET_KEY must be set to at least 32                                      |
        | the development password hashed anew       | FLASK: {PRODUCTION: true, SECRET_KEY: 9f2c4e7a1b8d3f6e0c5a9b2d7e4f1a3c, ADMIN_PASSWORD_HASH: "pbkdf2:sha256:1$salt$263b765cae8be1e7dd7ab0a9f219fe56a6eaa04abdd7a461ed4143ee115b1589"}           | ADMIN_PASSWORD_HASH is still the development password                      |
        | no host names to answer to                 | FLASK: {PRODUCTION: true, SECRET_KEY: 9f2c4e7a1b8d3f6e0c5a9b2d7e4f1a3c, ADMIN_PASSWORD_HASH: "scrypt:32768:8:1$salt$00ff"}                                                                      | TRUSTED_HOSTS must list the host names the blog answers to                 |
        | forms taken without their token            | FLASK: {PRODUCTION: true, SECRET_KEY: 9f2c4e7a1b8d3f6e0c5a9b2d7e4f1a3c, ADMIN_PASSWORD_HASH: "scrypt:32768:8:1$salt$00ff", TRUSTED_HOSTS: [blog.example.org], WTF_CSRF_CHECK_DEFAULT: false}    | WTF_CSRF_CHECK_DEFAULT must be on in production                            |
        | failed logins counted by each worker alone | FLASK: {PRODUCTION: true, SECRET_KEY: 9f2c4e7a1b8d3f6e0c5a9b2d7e4f1a3c, ADMIN_PASSWORD_HASH: "scrypt:32768:8:1$salt$00ff", TRUSTED_HOSTS: [blog.example.org], LOGIN_LIMIT_STORAGE: "memory://"} | LOGIN_LIMIT_STORAGE must be a Redis (or another store every worker shares) |

    Scenario: A safe production configuration starts
      Given a configuration file containing "FLASK: {PRODUCTION: true, SECRET_KEY: 5b0e9c3f71d2a8e4f6c9b1d7a3e5f2c8, ADMIN_PASSWORD_HASH: 'scrypt:32768:8:1$salt$00ff', TRUSTED_HOSTS: [blog.example.org], LOGIN_LIMIT_STORAGE: 'redis+unix:///var/lib/flaskr/redis/redis.sock'}"
      When the blog is started from it on 127.0.0.1
      Then the blog starts with PRODUCTION set to true

    Scenario: A YAML mistake is named with its line
      Given a configuration file containing:
        """
        FLASK:
          DEBUG: false
          MAIL_PORT: 25: 26
          ADMINS: []
        """
      When the blog is started from it on 127.0.0.1
      Then it refuses to start, naming the file and saying "not valid YAML at line 3"

    Scenario: A setting written twice is named with both its lines
      Given a configuration file containing:
        """
        FLASK:
          PRODUCTION: true
          DEBUG: false
          PRODUCTION: false
        """
      When the blog is started from it on 127.0.0.1
      Then it refuses to start, naming the file and saying "key 'PRODUCTION' is set twice, at line 2 and line 4"

    Scenario: A missing configuration file
      When the blog is started from a configuration file that does not exist
      Then it refuses to start, naming the file and saying "no such configuration file"

    Scenario: A sound configuration file is used
      Given a configuration file containing "FLASK: {ADMIN_USERNAME: editor, MAIL_SUBJECT: Blog down}"
      When the blog is started from it on 127.0.0.1
      Then the blog starts with ADMIN_USERNAME "editor" and MAIL_SUBJECT "Blog down"

  Rule: Each setting has a default and takes only values the blog can work with
    A setting the file leaves out keeps its default (docs/operating.md lists them all).
    A value the blog cannot work with (a port beyond 65535, a mail timeout of no time, a
    form that expires at once) stops start-up, saying what the setting must be; the
    smallest and largest values that make sense are taken as they are.

    Scenario: A setting the file leaves out keeps its default
      Given a configuration file containing "FLASK: {ADMIN_USERNAME: editor}"
      When the blog is started from it on 127.0.0.1
      Then the blog starts with LOGIN_LIMIT set to 5 per 15 minutes

    Scenario: The largest port number is taken
      Given a configuration file containing "FLASK: {MAIL_PORT: 65535}"
      When the blog is started from it on 127.0.0.1
      Then the blog starts with MAIL_PORT set to 65535

    Scenario Outline: <setting> refuses <value>
      Given a configuration file containing "FLASK: {<setting>: <value>}"
      When the blog is started from it on 127.0.0.1
      Then it refuses to start, naming the file and saying "<setting> must be <wanted>, not <shown>"

      Examples:
        | setting      | value | wanted              | shown |
        | MAIL_PORT    | 65536 | a port number       | 65536 |
        | MAIL_TIMEOUT | 0     | a number of seconds | 0     |
