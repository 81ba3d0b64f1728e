"""Custom sites: one small module per site that speaks its own API, beside its definition file.

A module ``<name>.py`` here exposes ``Adapter``, built like every adapter (see
:func:`seedarr.trackers.adapters.build_adapter`); the definition names it with ``adapter: <name>``.
"""
