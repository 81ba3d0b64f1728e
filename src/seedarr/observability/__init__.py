"""Logs, request ids and redaction."""
