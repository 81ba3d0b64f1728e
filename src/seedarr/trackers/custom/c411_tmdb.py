"""The ``tmdbData`` JSON of a C411 upload, in the shape the definition's switch names (trackers spec §2.5).

- ``fork`` (default): the Upload-Assistant fork's flat shape, whose author says it must match C411's
  internal TMDB schema: ``id, type, imdbId, title, originalTitle, overview, posterUrl (w500), backdropUrl
  (w1280), releaseDate, year, runtime, rating, ratingCount, genres (names), genreIds, directors, writers
  (≤ 5), cast [{name, character}] (≤ 5), countries, languages, productionCompanies, status, tagline,
  keywords``;
- ``previous``: the previous implementation's TMDB-like shape (``voteAverage``, ``posterPath``,
  ``genres [{id, name}]``, ``credits {cast ≤ 10, crew}``; TV uses ``name, originalName, firstAirDate``);
- ``none``: no ``tmdbData`` at all.

Seedarr's :class:`~seedarr.domain.identity.Identity` carries country and language codes (not names) and no
production companies or keywords: those go out as codes and empty lists. Pure, no I/O.
"""

from __future__ import annotations

import json
from typing import Any

from seedarr.domain.identity import Identity
from seedarr.trackers.custom.c411_data import C411Data

__all__ = ["tmdb_data_json"]


def tmdb_data_json(data: C411Data, identity: Identity | None) -> str | None:
    """The ``tmdbData`` field for ``identity`` (None when the switch is ``none`` or nothing is known)."""
    if identity is None or data.tmdb_data == "none":
        return None
    payload = _fork(data, identity) if data.tmdb_data == "fork" else _previous(data, identity)
    return json.dumps(payload, ensure_ascii=False)


def _image(data: C411Data, size: str, path: str | None) -> str | None:
    return f"{data.tmdb_image_base.rstrip('/')}/{size}{path}" if path else None


def _fork(data: C411Data, identity: Identity) -> dict[str, Any]:
    return {
        "id": identity.tmdb_id,
        "type": identity.media_type,
        "imdbId": identity.imdb_id,
        "title": identity.title,
        "originalTitle": identity.original_title,
        "overview": identity.overview,
        "posterUrl": _image(data, "w500", identity.poster_path),
        "backdropUrl": _image(data, "w1280", identity.backdrop_path),
        "releaseDate": identity.release_date,
        "year": identity.year,
        "runtime": identity.runtime_minutes,
        "rating": float(identity.vote_average or 0.0),
        "ratingCount": int(identity.vote_count or 0),
        "genres": list(identity.genres),
        "genreIds": data.tmdb_genre_ids(identity),
        "directors": list(identity.directors),
        "writers": list(identity.writers[:5]),
        "cast": [{"name": c.name, "character": c.character or ""} for c in _cast(identity)[:5]],
        "countries": list(identity.countries),
        "languages": list(identity.spoken_languages),
        "productionCompanies": [],
        "status": identity.status or "",
        "tagline": identity.tagline,
        "keywords": [],
    }


def _previous(data: C411Data, identity: Identity) -> dict[str, Any]:
    tv = identity.media_type == "tv"
    names = ("name", "originalName", "firstAirDate") if tv else ("title", "originalTitle", "releaseDate")
    cast = [
        {"name": c.name, "character": c.character or "", "profile_path": c.profile_path}
        for c in _cast(identity)[:10]
    ]
    crew = [{"name": name, "job": "Director"} for name in identity.directors]
    crew += [{"name": name, "department": "Writing"} for name in identity.writers]
    return {
        "id": identity.tmdb_id,
        names[0]: identity.title,
        names[1]: identity.original_title,
        names[2]: identity.release_date,
        "overview": identity.overview,
        "voteAverage": float(identity.vote_average or 0.0),
        "voteCount": int(identity.vote_count or 0),
        "productionCountries": list(identity.countries),
        "imdbId": identity.imdb_id,
        "runtime": identity.runtime_minutes,
        "posterPath": identity.poster_path,
        "backdropPath": identity.backdrop_path,
        "genres": [{"id": data.tmdb_genre_id(name), "name": name} for name in identity.genres],
        "credits": {"cast": cast, "crew": crew},
    }


def _cast(identity: Identity) -> list[Any]:
    return sorted(identity.cast, key=lambda member: member.order)
