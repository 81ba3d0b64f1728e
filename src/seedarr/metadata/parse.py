"""Parse a file, folder or scene name into a :class:`~seedarr.domain.identity.ParsedName`.

Two readers agree on a name: the naming spec's tokeniser (:func:`seedarr.domain.naming.scan_name`), which
keeps tokens as written (``WEB-DL`` vs ``WEB``, ``TRUEFRENCH``, ``HDR10+``, ``HDLight``) and applies the
whole-token guards against false positives (Cameron ≠ CAM, 1920x1080 ≠ episode, Twilight ≠ HDLight,
DVDRip ≠ DV, Infinity ≠ NF); and guessit, which knows more numbering forms and fills what the tokeniser
leaves empty (title, season/episodes, media type) when both read the same title. :func:`merge_names`
combines file, folder and scene names by precedence (a recorded scene name wins).

Errors: :class:`UnparseableName` (a :class:`~seedarr.errors.ValidationFailed`) for a name with nothing to
read (empty, only punctuation).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence
from typing import Any

from seedarr.domain.identity import NameOrigin, ParsedName
from seedarr.domain.naming.precedence import merge_names as _merge
from seedarr.domain.naming.precedence import order_names
from seedarr.domain.naming.scan import scan_name, strip_extension
from seedarr.domain.text import strip_invisible
from seedarr.errors import ValidationFailed

__all__ = ["UnparseableName", "merge_names", "parse_name", "parse_release_names"]


class UnparseableName(ValidationFailed):
    """A name with nothing readable in it."""


@functools.cache
def _guessit_api() -> Any:
    from guessit.api import GuessItApi

    api = GuessItApi()
    api.configure({}, sanitize_options=True)
    return api


def _guess(name: str) -> dict[str, Any]:
    try:
        return dict(_guessit_api().guessit(name))
    except Exception:
        return {}


def _fold(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (text or "").casefold())


def _with_guessit(parsed: ParsedName, guess: dict[str, Any]) -> ParsedName:
    """Fill numbering and the title from guessit where the tokeniser found nothing."""
    updates: dict[str, Any] = {}
    title = guess.get("title") if isinstance(guess.get("title"), str) else None
    if parsed.title is None and title and parsed.origin != "file":
        updates["title"] = title
    same_title = _fold(title) == _fold(parsed.title) and title is not None
    if same_title and parsed.season is None and guess.get("type") == "episode":
        episodes = guess.get("episode")
        numbers = tuple(episodes) if isinstance(episodes, list) else ((episodes,) if episodes else ())
        season = guess.get("season")
        if isinstance(season, int) or numbers:
            updates.update(
                season=season if isinstance(season, int) else None,
                episodes=tuple(int(n) for n in numbers if isinstance(n, int)),
                media_type="episode",
            )
    if parsed.media_type is None and same_title and guess.get("type") == "movie":
        updates["media_type"] = "movie"
    return dataclasses.replace(parsed, **updates) if updates else parsed


def parse_name(raw: str, origin: NameOrigin, *, known_groups: Sequence[str] = ()) -> ParsedName:
    """What one name says. Raises :class:`UnparseableName` when it has no letter or digit."""
    text = strip_invisible(raw).strip()
    if not re.search(r"[^\W_]", strip_extension(text, origin)):
        raise UnparseableName(f"{origin} name", "has nothing to read (no letters or digits)", raw)
    parsed = scan_name(text, origin, tuple(known_groups))
    return _with_guessit(dataclasses.replace(parsed, raw=raw), _guess(text))


def merge_names(
    file: ParsedName | None = None,
    folder: ParsedName | None = None,
    scene: ParsedName | None = None,
    *,
    pack: bool = False,
) -> ParsedName:
    """One ParsedName, field by field: scene, then file, then folder (folder before file for a pack).

    Raises :class:`UnparseableName` when no name is given.
    """
    names = order_names(file, folder, scene, pack=pack)
    if not names:
        raise UnparseableName("name", "no file, folder or scene name to read")
    return _merge(names)


def parse_release_names(
    file_name: str | None = None,
    folder_name: str | None = None,
    scene_name: str | None = None,
    *,
    pack: bool = False,
    known_groups: Sequence[str] = (),
) -> tuple[ParsedName, ...]:
    """Parse each given name and order them by precedence (what ``NamingInputs.names`` wants).

    A folder name that fails to parse is skipped; an unparseable file or scene name raises.
    """
    file = parse_name(file_name, "file", known_groups=known_groups) if file_name else None
    scene = parse_name(scene_name, "scene", known_groups=known_groups) if scene_name else None
    folder = None
    if folder_name:
        try:
            folder = parse_name(folder_name, "folder", known_groups=known_groups)
        except UnparseableName:
            folder = None
    names = order_names(file, folder, scene, pack=pack)
    if not names:
        raise UnparseableName("name", "no file, folder or scene name to read")
    return names
