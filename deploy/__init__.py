"""The production stack: nginx, gunicorn and Redis around the blog (``make production``)."""
