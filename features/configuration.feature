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
  forms off, a session cookie that scripts can read, a secret key that is not random,
  the development password (however it was hashed), or no list of the host names it
  answers to.
  An operator empties the blog with flask init-db: every entry is gone. When there are
  entries, it first says how many and asks; only "y" deletes them, and a script says
  --yes instead. Without that confirmation nothing is deleted.

  Rule: The debugger and the reloader follow DEBUG and DEBUG_WITH_EXTERNAL_DEBUGGER

    Scenario Outline: DEBUG <debug>, external debugger <external>
      Given a configuration file with DEBUG <debug> and DEBUG_WITH_EXTERNAL_DEBUGGER <external>
      When the blog is started from it on 127.0.0.1
      Then Flask's debugger is <debugger> and its reloader is <reloader>

      Examples:
        | debug | external | debugger | reloader |
        | false | false    | off      | off      |
        | true  | false    | on       | on       |
        | true  | true     | off      | off      |
        | false | true     | off      | off      |
        | true  | not set  | on       | on       |

  Rule: Debug mode is for this machine only

    Scenario: Debug mode on a public address is refused
      Given a configuration file containing "FLASK: {DEBUG: true}"
      When the blog is started from it on 0.0.0.0
      Then it refuses to start, saying "may listen only on a loopback address"

  Rule: python -m app stops on a problem with one line saying what it is

    Scenario Outline: python -m app refuses to start: <problem>
      Given a configuration file containing "<content>"
      When the operator starts the blog with python -m app on <host>
      Then python -m app stops with exit status 2, saying only "<message>"

      Examples:
        | problem                            | content                                      | host             | message                                             |
        | the debugger on a host name        | FLASK: {DEBUG: true}                         | blog.example.org | refusing to run with DEBUG on host blog.example.org |
        | a configuration it refuses         | FLASK: {MAIL_PORTT: 25}                      | 127.0.0.1        | unknown key 'MAIL_PORTT'                            |
        | an error log folder it cannot make | FLASK: {ERROR_LOG: /dev/null/logs/error.log} | 127.0.0.1        | cannot prepare the error log                        |
        | a database it cannot open          | FLASK: {DATABASE: /dev/null/flaskr.sqlite}   | 127.0.0.1        | cannot open the database /dev/null/flaskr.sqlite    |

  Rule: A bad or unsafe configuration stops start-up with a clear message

    Scenario Outline: <problem>
      Given a configuration file containing "<content>"
      When the blog is started from it on 127.0.0.1
      Then it refuses to start, naming the file and saying "<message>"

      Examples: A file the blog cannot read
        | problem                 | content                                                    | message                                      |
        | a lower-case key        | FLASK: {debug: true}                                       | key 'debug' must be upper-case               |
        | an unknown key          | FLASK: {MAIL_PORTT: 25}                                    | unknown key 'MAIL_PORTT'                     |
        | a value of no use       | FLASK: {MAIL_PORT: twenty-five}                            | MAIL_PORT must be a port number              |
        | invalid YAML            | FLASK: [unclosed                                           | not valid YAML                               |
        | no FLASK section        | DEBUG: true                                                | expected a 'FLASK:' section                  |
        | a setting written twice | FLASK: {PRODUCTION: true, DEBUG: false, PRODUCTION: false} | key 'PRODUCTION' is set twice, on line 1     |
        | a second section        | {FLASK: {DEBUG: false}, LOGGING: {LEVEL: INFO}}            | unknown section 'LOGGING'                    |
        | entries kept in memory  | FLASK: {DATABASE: ':memory:'}                              | DATABASE must be a file path (not ":memory:" |
        | one admin, not a list   | FLASK: {ADMINS: ops@example.org}                           | ADMINS must be a list of mail addresses      |
        | a web address as host   | FLASK: {TRUSTED_HOSTS: ['https://blog.example.org']}       | TRUSTED_HOSTS must be a non-empty list       |
        | a login limit, no rate  | FLASK: {LOGIN_LIMIT: often}                                | LOGIN_LIMIT must be a rate                   |

      Examples: A password that login could not check
        | problem                     | content                                                          | message                                              |
        | a password, not a hash      | FLASK: {ADMIN_PASSWORD_HASH: hunter2}                            | ADMIN_PASSWORD_HASH must be a Werkzeug password hash |
        | a hash of zero rounds       | FLASK: {ADMIN_PASSWORD_HASH: 'pbkdf2:sha256:0$salt$00ff'}        | ADMIN_PASSWORD_HASH must be a Werkzeug password hash |
        | a hash of 20 million rounds | FLASK: {ADMIN_PASSWORD_HASH: 'pbkdf2:sha256:20000000$salt$00ff'} | ADMIN_PASSWORD_HASH must be a Werkzeug password hash |
        | a hash of 512 MB per login  | FLASK: {ADMIN_PASSWORD_HASH: 'scrypt:2097152:2:1$salt$00ff'}     | ADMIN_PASSWORD_HASH must be a Werkzeug password hash |
        | a cost too small to check   | FLASK: {ADMIN_PASSWORD_HASH: 'scrypt:16:8:1$salt$00ff'}          | ADMIN_PASSWORD_HASH must be a Werkzeug password hash |
        | a cost not a power of two   | FLASK: {ADMIN_PASSWORD_HASH: 'scrypt:1000:8:1$salt$00ff'}        | ADMIN_PASSWORD_HASH must be a Werkzeug password hash |
        | a block size of zero        | FLASK: {ADMIN_PASSWORD_HASH: 'scrypt:1024:0:1$salt$00ff'}        | ADMIN_PASSWORD_HASH must be a Werkzeug password hash |
        | no parallelism              | FLASK: {ADMIN_PASSWORD_HASH: 'scrypt:1024:8:0$salt$00ff'}        | ADMIN_PASSWORD_HASH must be a Werkzeug password hash |
        | a cost cut short            | FLASK: {ADMIN_PASSWORD_HASH: 'scrypt:1024$salt$00ff'}            | ADMIN_PASSWORD_HASH must be a Werkzeug password hash |
        | a digest it does not know   | FLASK: {ADMIN_PASSWORD_HASH: 'pbkdf2:md5:1000$salt$00ff'}        | ADMIN_PASSWORD_HASH must be a Werkzeug password hash |
        | a pbkdf2 hash with extras   | FLASK: {ADMIN_PASSWORD_HASH: 'pbkdf2:sha256:1000:2$salt$00ff'}   | ADMIN_PASSWORD_HASH must be a Werkzeug password hash |
        | another kind of hash        | FLASK: {ADMIN_PASSWORD_HASH: 'bcrypt:12$salt$00ff'}              | ADMIN_PASSWORD_HASH must be a Werkzeug password hash |
        | a hash without its salt     | FLASK: {ADMIN_PASSWORD_HASH: 'scrypt:1024:8:1$$00ff'}            | ADMIN_PASSWORD_HASH must be a Werkzeug password hash |
        | a digest that is not hex    | FLASK: {ADMIN_PASSWORD_HASH: 'scrypt:1024:8:1$salt$pa55word'}    | ADMIN_PASSWORD_HASH must be a Werkzeug password hash |

      Examples: A production configuration that is not safe
        | problem                              | content                                                                                                                                                                               | message                                                    |
        | debug in production                  | FLASK: {PRODUCTION: true, DEBUG: true, SECRET_KEY: 9f2c4e7a1b8d3f6e0c5a9b2d7e4f1a3c}                                                                                                  | DEBUG must be off in production                            |
        | a short secret key                   | FLASK: {PRODUCTION: true, SECRET_KEY: hunter2}                                                                                                                                        | SECRET_KEY must be set to at least 32                      |
        | no secret key                        | FLASK: {PRODUCTION: true}                                                                                                                                                             | SECRET_KEY must be set to at least 32                      |
        | a pbkdf2 hash                        | FLASK: {PRODUCTION: true, SECRET_KEY: 9f2c4e7a1b8d3f6e0c5a9b2d7e4f1a3c, ADMIN_PASSWORD_HASH: "pbkdf2:sha256:1000$salt$00ff"}                                                          | must be an scrypt hash in production                       |
        | forged forms let through             | FLASK: {PRODUCTION: true, WTF_CSRF_ENABLED: false}                                                                                                                                    | WTF_CSRF_ENABLED must be on in production                  |
        | a session cookie scripts can read    | FLASK: {PRODUCTION: true, SESSION_COOKIE_HTTPONLY: false}                                                                                                                             | SESSION_COOKIE_HTTPONLY must be on in production           |
        | a long secret key that is not random | FLASK: {PRODUCTION: true, SECRET_KEY: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}                                                                                                               | SECRET_KEY must be random                                  |
        | seven characters repeated            | FLASK: {PRODUCTION: true, SECRET_KEY: abcdefgabcdefgabcdefgabcdefgabcd}                                                                                                               | it has 7 distinct characters                               |
        | the development password hashed anew | FLASK: {PRODUCTION: true, SECRET_KEY: 9f2c4e7a1b8d3f6e0c5a9b2d7e4f1a3c, ADMIN_PASSWORD_HASH: "pbkdf2:sha256:1$salt$263b765cae8be1e7dd7ab0a9f219fe56a6eaa04abdd7a461ed4143ee115b1589"} | ADMIN_PASSWORD_HASH is still the development password      |
        | no host names to answer to           | FLASK: {PRODUCTION: true, SECRET_KEY: 9f2c4e7a1b8d3f6e0c5a9b2d7e4f1a3c, ADMIN_PASSWORD_HASH: "scrypt:1024:8:1$salt$00ff"}                                                             | TRUSTED_HOSTS must list the host names the blog answers to |

    Scenario: A safe production configuration starts
      Given a configuration file containing "FLASK: {PRODUCTION: true, SECRET_KEY: 5b0e9c3f71d2a8e4f6c9b1d7a3e5f2c8, ADMIN_PASSWORD_HASH: 'scrypt:1024:8:1$salt$00ff', TRUSTED_HOSTS: [blog.example.org]}"
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
    A setting the file leaves out keeps its default. A value the blog cannot work with
    (a port beyond 65535, a mail timeout of no time, a form that expires at once) stops
    start-up, saying what the setting must be; the smallest and largest values that
    make sense are taken as they are.

    Scenario: A file that sets nothing gives the defaults
      Given a configuration file containing "FLASK: {}"
      When the blog is started from it on 127.0.0.1
      Then the blog starts with these settings:
        | setting                      | value            |
        | DEBUG                        | false            |
        | PRODUCTION                   | false            |
        | DEBUG_WITH_EXTERNAL_DEBUGGER | false            |
        | ADMIN_USERNAME               | admin            |
        | ADMINS                       | []               |
        | MAIL_SERVER                  | 127.0.0.1        |
        | MAIL_PORT                    | 25               |
        | MAIL_SENDER                  | flaskr@localhost |
        | MAIL_SUBJECT                 | Flaskr failed    |
        | MAIL_TIMEOUT                 | 10               |
        | MAIL_GROUP_SECONDS           | 600              |
        | ERROR_LOG                    | null             |
        | LOG_LEVEL                    | INFO             |
        | LOG_MAX_BYTES                | 1000000          |
        | LOG_BACKUP_COUNT             | 5                |
        | LOG_ALSO                     | []               |
        | LOGIN_LIMIT                  | 5 per 15 minutes |
        | LOGIN_LIMIT_STORAGE          | memory://        |
        | MAX_CONTENT_LENGTH           | 1048576          |
        | WTF_CSRF_TIME_LIMIT          | 3600             |
        | TRUSTED_PROXIES              | 0                |
        | TRUSTED_HOSTS                | null             |

    Scenario Outline: <setting> takes <value>
      Given a configuration file containing "FLASK: {<setting>: <value>}"
      When the blog is started from it on 127.0.0.1
      Then the blog starts with <setting> set to <value>

      Examples:
        | setting             | value                       |
        | MAIL_PORT           | 1                           |
        | MAIL_PORT           | 65535                       |
        | MAIL_TIMEOUT        | 0.5                         |
        | MAIL_GROUP_SECONDS  | 0.5                         |
        | LOG_MAX_BYTES       | 0                           |
        | LOG_BACKUP_COUNT    | 0                           |
        | TRUSTED_PROXIES     | 2                           |
        | MAX_CONTENT_LENGTH  | 1                           |
        | WTF_CSRF_TIME_LIMIT | 1                           |
        | LOG_LEVEL           | DEBUG                       |
        | LOG_ALSO            | [werkzeug]                  |
        | LOGIN_LIMIT         | 1 per second                |
        | MAIL_SUBJECT        | ''                          |
        | TRUSTED_HOSTS       | [.example.org, localhost]   |
        | ERROR_LOG           | null                        |
        | ADMIN_PASSWORD_HASH | 'pbkdf2:sha256:1$salt$00ff' |
        | ADMIN_PASSWORD_HASH | 'scrypt:1024:1:1$salt$00ff' |

    Scenario Outline: <setting> refuses <value>
      Given a configuration file containing "FLASK: {<setting>: <value>}"
      When the blog is started from it on 127.0.0.1
      Then it refuses to start, naming the file and saying "<setting> must be <wanted>, not <shown>"

      Examples: Numbers out of bounds
        | setting             | value | wanted                                               | shown |
        | MAIL_PORT           | 0     | a port number                                        | 0     |
        | MAIL_PORT           | 65536 | a port number                                        | 65536 |
        | MAIL_TIMEOUT        | 0     | a number of seconds                                  | 0     |
        | MAIL_GROUP_SECONDS  | 0     | a number of seconds                                  | 0     |
        | MAIL_TIMEOUT        | true  | a number of seconds                                  | True  |
        | LOG_MAX_BYTES       | 0.5   | a whole number of bytes (0: never rotate)            | 0.5   |
        | LOG_BACKUP_COUNT    | -1    | a whole number                                       | -1    |
        | TRUSTED_PROXIES     | -1    | the number of proxies in front of the blog (0: none) | -1    |
        | MAX_CONTENT_LENGTH  | 0     | a number of bytes                                    | 0     |
        | WTF_CSRF_TIME_LIMIT | 0     | a number of seconds                                  | 0     |

      Examples: Words the blog cannot use
        | setting             | value                    | wanted                                                                         | shown                    |
        | DEBUG               | 'on'                     | true or false                                                                  | 'on'                     |
        | PRODUCTION          | 1                        | true or false                                                                  | 1                        |
        | ADMIN_USERNAME      | ' '                      | a non-empty string                                                             | ' '                      |
        | SECRET_KEY          | ''                       | a string of random characters                                                  | ''                       |
        | MAIL_SERVER         | ''                       | a host name                                                                    | ''                       |
        | MAIL_SENDER         | flaskr                   | a mail address                                                                 | 'flaskr'                 |
        | MAIL_SUBJECT        | 5                        | a line of text                                                                 | 5                        |
        | ERROR_LOG           | ''                       | a file path                                                                    | ''                       |
        | LOG_LEVEL           | LOUD                     | a logging level such as INFO                                                   | 'LOUD'                   |
        | LOG_ALSO            | [1]                      | a list of logger names                                                         | [1]                      |
        | LOGIN_LIMIT         | 5                        | a rate such as "5 per 15 minutes"                                              | 5                        |
        | LOGIN_LIMIT_STORAGE | ''                       | a storage URI such as "memory://" or "redis://host:6379"                       | ''                       |
        | DATABASE            | 'file:blog.sqlite'       | a file path (not ":memory:" or a "file:" URI)                                  | 'file:blog.sqlite'       |
        | TRUSTED_HOSTS       | []                       | a non-empty list of host names such as [blog.example.org] (no scheme, no port) | []                       |
        | TRUSTED_HOSTS       | ['blog.example.org:443'] | a non-empty list of host names such as [blog.example.org] (no scheme, no port) | ['blog.example.org:443'] |

  Rule: A database made by an earlier version is brought up to date, keeping every entry
    The first time the blog opens a database file an earlier version made, it adds what
    that version lacked. Entries from before the blog kept times show none.

    Scenario: The entries of a database from the first version are kept
      Given the blog's database was made by its first version, with these entries, oldest first:
        | title            | text               |
        | Opening the shop | We open on Monday. |
        | Summer hours     | From June.         |
      When a visitor opens the blog
      Then the entries are listed in this order:
        | title            |
        | Summer hours     |
        | Opening the shop |
      And the blog shows an entry titled "Opening the shop" with the text "We open on Monday."

  Rule: The operator can empty the blog, after confirming it

    Scenario: flask init-db leaves the blog without entries
      Given the blog has these entries, oldest first:
        | title            | text               |
        | Opening the shop | We open on Monday. |
        | Summer hours     | From June.         |
      When the operator runs flask init-db on the blog and answers "y"
      Then the blog has no entries
      And the blog says "No entries here so far"

    Scenario Outline: Without confirmation nothing is deleted (<situation>)
      Given the blog has these entries, oldest first:
        | title            | text               |
        | Opening the shop | We open on Monday. |
        | Summer hours     | From June.         |
      When the operator runs flask init-db on the blog and answers "<answer>"
      Then flask init-db says "The blog holds 2 entries. Delete them all? [y/N]"
      And flask init-db says "Nothing was deleted."
      And the blog still holds only the entries it had

      Examples:
        | situation     | answer |
        | the answer no | n      |
        | Enter alone   |        |

    Scenario: A script that does not say --yes deletes nothing
      Given the blog has these entries, oldest first:
        | title        | text       |
        | Summer hours | From June. |
      When a script runs flask init-db on the blog
      Then flask init-db says "Nothing was deleted."
      And the blog still holds only the entries it had

    Scenario: A script empties the blog with --yes
      Given the blog has these entries, oldest first:
        | title        | text       |
        | Summer hours | From June. |
      When a script runs flask init-db --yes on the blog
      Then the blog has no entries

    Scenario: An empty blog is initialised without a question
      Given the blog has no entries
      When a script runs flask init-db on the blog
      Then flask init-db asks nothing
      And flask init-db says "Initialized the database."
