"""Descriptions and NFOs: the variable catalogue, sandboxed BBCode templates and the NFO layout."""
