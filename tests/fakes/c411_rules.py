"""The C411 fake's upload rules: field names, known option ids and values, tmdbData keys, NFO check.

What the strict fake (:mod:`fakes.c411`) refuses and how: a :class:`Refused` carries the JSON answer
(``{"message": …}`` with the status the spec lists, 400 for malformed requests, 422 for rule breaks).
"""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.responses import JSONResponse

__all__ = [
    "CATEGORIES",
    "FILE_FIELDS",
    "FORK_TMDB_KEYS",
    "REQUIRED",
    "TEXT_FIELDS",
    "Refused",
    "check_nfo",
    "check_options",
    "check_tmdb",
]

TEXT_FIELDS = {"title", "description", "categoryId", "subcategoryId", "options", "tmdbData", "rawgData",
               "isExclusive", "uploaderNote"}  # fmt: skip
FILE_FIELDS = {"torrent", "nfo"}
REQUIRED = {"torrent", "nfo", "title", "description", "categoryId", "subcategoryId"}
LANGUAGES = {1, 2, 4, 6, 8, 422}
QUALITIES = {*range(10, 23), *range(24, 32), 413, 414, 415}  # every id of both sources
GENRES = {39, 44, 41, 49, 81, 56, 57, 61, 62, 67, 59, 73, 58, 84, 86, 93, 92, 66, 95}
FORK_TMDB_KEYS = {
    "id", "type", "imdbId", "title", "originalTitle", "overview", "posterUrl", "backdropUrl", "releaseDate",
    "year", "runtime", "rating", "ratingCount", "genres", "genreIds", "directors", "writers", "cast",
    "countries", "languages", "productionCompanies", "status", "tagline", "keywords",
}  # fmt: skip
CATEGORIES: list[dict[str, Any]] = [
    {"id": 1, "name": "Films & Vidéos", "subcategories": [
        {"id": 1, "name": "Anime Film"}, {"id": 2, "name": "Anime TV"}, {"id": 6, "name": "Films"},
        {"id": 7, "name": "Séries TV"}, {"id": 9, "name": "Documentaires"}]},
    {"id": 3, "name": "Musique", "subcategories": [{"id": 18, "name": "Albums"}]},
    {"id": 5, "name": "Jeux", "subcategories": [{"id": 36, "name": "PC"}]},
]  # fmt: skip


class Refused(Exception):
    """A refusal: ``response`` is the site's JSON answer ``{"message": …}``."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self.response = JSONResponse({"message": message}, status_code=status, headers=headers)


def check_options(text: str) -> dict[str, Any]:
    try:
        options = json.loads(text)
    except ValueError:
        raise Refused(400, "options: JSON invalide") from None
    if not isinstance(options, dict):
        raise Refused(400, "options: un objet est attendu")
    allowed: dict[str, tuple[bool, set[int]]] = {
        "1": (True, LANGUAGES), "2": (False, QUALITIES), "5": (True, GENRES),
        "6": (False, set(range(96, 117))), "7": (False, {118, *range(121, 151)}),
    }  # fmt: skip
    for key, value in options.items():
        if key not in allowed:
            raise Refused(422, f"options: type d'option inconnu {key}")
        is_list, values = allowed[key]
        items = value if is_list and isinstance(value, list) else [value]
        if (is_list != isinstance(value, list)) or not items:
            raise Refused(422, f"options.{key}: {'une liste' if is_list else 'une valeur'} est attendue")
        if any(isinstance(v, bool) or not isinstance(v, int) or v not in values for v in items):
            raise Refused(422, f"options.{key}: valeur inconnue {value}")
    if "1" not in options or "2" not in options:
        raise Refused(422, "options: langue et qualité sont obligatoires")
    return options


def check_tmdb(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError:
        raise Refused(400, "tmdbData: JSON invalide") from None
    if not isinstance(data, dict) or set(data) != FORK_TMDB_KEYS:
        raise Refused(422, "tmdbData: format inattendu")
    if not isinstance(data["id"], int) or data["type"] not in ("movie", "tv"):
        raise Refused(422, "tmdbData: id ou type invalide")
    if not all(isinstance(data[k], list) for k in ("genres", "genreIds", "cast", "writers")):
        raise Refused(422, "tmdbData: listes attendues")
    return data


def check_nfo(nfo: bytes, title: str) -> None:
    match = re.search(rb"^Complete name\s*:\s*([^\r\n]+)", nfo, re.MULTILINE)
    if match is None:
        raise Refused(422, "NFO: ligne Complete name absente")
    name = match.group(1).decode("utf-8", "replace").strip()
    if not (name == title or re.fullmatch(re.escape(title) + r"\.[A-Za-z0-9]{1,5}", name)):
        raise Refused(422, "NFO: le Complete name ne correspond pas au titre")
