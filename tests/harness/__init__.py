"""Shared test helpers: generated sample media, fakes and fixtures reused across test suites."""
