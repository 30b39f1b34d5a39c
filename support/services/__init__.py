"""Real services on loopback that the tests start: mail servers, the blog started from a
configuration file, and the production stack as a user starts it."""
