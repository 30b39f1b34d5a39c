"""Mutation testing of app/: ``make mutation`` (docs/mutation.md)."""
