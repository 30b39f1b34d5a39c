"""Support code for the acceptance suite: the page driver, the blog's page object, fixtures."""
