"""gunicorn's settings for the blog behind nginx (deploy/nginx.conf.j2).

Sync workers are enough: nginx buffers whole requests and responses, so a worker is
busy only while the blog itself works. The bind address is given on the command line.
"""

import os

#: At least two, so one busy or restarting worker does not stop the blog.
workers = int(os.environ.get("FLASKR_WORKERS", "2"))
worker_class = "sync"
#: A worker stuck longer than this is killed and replaced.
timeout = 30
#: On a stop or reload, workers finish their requests and send queued error mail
#: (which waits at most MAIL_TIMEOUT) before they are killed: keep it above MAIL_TIMEOUT
#: (python -m deploy.stack passes MAIL_TIMEOUT + 10 s on its command line).
graceful_timeout = 30
#: gunicorn's Unix socket is its user's alone (nginx's workers run as that user under
#: make production); gunicorn would otherwise make it writable by every user of the
#: machine. flaskr.service gives its group, nginx's www-data, access with --umask 0o007.
umask = 0o077
#: Errors go to stderr, for the process supervisor; nginx keeps the access log.
errorlog = "-"
loglevel = "warning"

# nginx alone bounds a request's head (large_client_header_buffers in nginx.conf.j2) and
# answers what is too large with its own page, which carries the security headers; so
# gunicorn accepts whatever nginx passes on, rather than refusing some of it with a bare
# 414 or 431 of its own.
#: The request line: no limit here, nginx's buffer (8k) is the limit.
limit_request_line = 0
#: Header fields: as many as gunicorn allows; nginx's buffers hold far fewer.
limit_request_fields = 32768
#: One header field: above nginx's 8k buffer, as nginx appends the client's address to
#: X-Forwarded-For.
limit_request_field_size = 16384
