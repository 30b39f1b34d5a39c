"""Benchmarks: figures printed for people to read, never timed tests."""
