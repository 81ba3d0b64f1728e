"""Which name speaks first (naming spec §1): a recorded scene name, then the file, then the folder.

Names are kept as an ordered tuple so every token can say which name decided it. For a season pack the
folder names the release and comes before the episode file. :func:`merge_names` folds the tuple into one
:class:`ParsedName` (first name that says something wins, field by field; season and episodes travel
together).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from seedarr.domain.identity import ParsedName

__all__ = ["first_with", "merge_names", "order_names"]

_EMPTY: tuple[object, ...] = (None, (), False, "")


def order_names(
    file: ParsedName | None = None,
    folder: ParsedName | None = None,
    scene: ParsedName | None = None,
    *,
    pack: bool = False,
) -> tuple[ParsedName, ...]:
    """The names by precedence: scene, file, folder (scene, folder, file for a season pack)."""
    ordered = (scene, folder, file) if pack else (scene, file, folder)
    return tuple(n for n in ordered if n is not None)


def first_with(names: Sequence[ParsedName], field: str) -> tuple[Any, ParsedName | None]:
    """(value, name) of the first name whose ``field`` is set; ``(None, None)`` when none is."""
    for name in names:
        value = getattr(name, field)
        if value not in _EMPTY:
            return value, name
    return None, None


def merge_names(names: Sequence[ParsedName]) -> ParsedName:
    """One ParsedName from several ordered by precedence (raw and origin are those of the first)."""
    if not names:
        raise ValueError("merge_names needs at least one name")
    values: dict[str, Any] = {}
    for item in dataclasses.fields(ParsedName):
        if item.name in {"raw", "origin", "season", "episodes", "media_type", "year_after_title"}:
            continue
        value, _ = first_with(names, item.name)
        if value is not None:
            values[item.name] = value
    _, numbered = first_with(names, "season")
    if numbered is None:
        _, numbered = first_with(names, "episodes")
    if numbered is not None:
        values.update(season=numbered.season, episodes=numbered.episodes, media_type="episode")
    else:
        values["media_type"], _ = first_with(names, "media_type")
    _, dated = first_with(names, "year")
    values["year_after_title"] = bool(dated and dated.year_after_title)
    return dataclasses.replace(names[0], **values)
