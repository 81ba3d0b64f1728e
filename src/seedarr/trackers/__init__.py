"""Trackers: definitions as data, the registry that loads them, the adapter protocol and the engines.

Every fact about a site (its id, URLs, ids, fields) lives in this package, never elsewhere in Seedarr.
"""
