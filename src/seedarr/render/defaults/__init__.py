"""Default description and NFO templates shipped with Seedarr, as data files (seeded by migration 0003)."""

from __future__ import annotations

from importlib.resources import files
from typing import Literal

__all__ = ["DEFAULT_TEMPLATES", "DefaultTemplate", "read_default"]

DefaultTemplate = tuple[str, Literal["description", "nfo"], str]  # (name, kind, file)

DEFAULT_TEMPLATES: tuple[DefaultTemplate, ...] = (
    ("La Cale", "description", "la_cale.bbcode"),
    ("C411", "description", "c411.bbcode"),
    ("Minimaliste", "description", "minimal.bbcode"),
    ("Premium", "description", "premium.bbcode"),
    ("NFO standard", "nfo", "nfo.txt"),
)


def read_default(file_name: str) -> str:
    """The text of one shipped template file."""
    return files(__name__).joinpath(file_name).read_text(encoding="utf-8")
