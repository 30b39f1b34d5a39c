"""Back doors to the blog's state for preparing and checking it: the database, session
cookies, the clock, the request lifecycle, real failures, and what the blog reported."""
