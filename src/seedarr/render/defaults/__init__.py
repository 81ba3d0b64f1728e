"""Default description and NFO templates shipped with Seedarr, as data files (seeded by migration 0003).

``index.toml`` lists them (name, kind, file) in the order they are seeded; each body is its own file here.
"""

from __future__ import annotations

import tomllib
from importlib.resources import files
from typing import Literal, cast

__all__ = ["DEFAULT_TEMPLATES", "DefaultTemplate", "read_default"]

DefaultTemplate = tuple[str, Literal["description", "nfo"], str]  # (name, kind, file)


def read_default(file_name: str) -> str:
    """The text of one shipped template file."""
    return files(__name__).joinpath(file_name).read_text(encoding="utf-8")


def _index() -> tuple[DefaultTemplate, ...]:
    entries = tomllib.loads(read_default("index.toml"))["template"]
    for entry in entries:
        if entry["kind"] not in ("description", "nfo"):
            raise ValueError(f"render/defaults/index.toml: unknown kind {entry['kind']!r}")
    return tuple(cast(DefaultTemplate, (e["name"], e["kind"], e["file"])) for e in entries)


DEFAULT_TEMPLATES: tuple[DefaultTemplate, ...] = _index()
