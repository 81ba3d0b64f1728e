"""A strict fake of the TMDB v3 API (services.md §1), served over real HTTP.

Auth: the v3 key in ``api_key`` or the v4 token as ``Authorization: Bearer``; anything else is TMDB's 401
``status_code`` 7. Only the documented paths exist (others: 404 ``status_code`` 34), each with its own list
of query parameters: an unknown or ill-typed parameter is a 422 ``status_code`` 5 (TMDB ignores unknown
parameters; the fake refuses them so a misspelt name fails a test instead of being silently ignored).
Answers are localised per ``language`` like TMDB's: a missing translation gives the original title and an
empty overview. Tests can queue failures (429 with ``Retry-After``, 5xx), slow every answer down, and read
every request received (path, parameters, headers, time) to assert caching and rate limits.
"""

from __future__ import annotations

import asyncio
import copy
import re
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

__all__ = ["FakeTmdb", "Received"]

COMMON = {"api_key"}
DETAIL_PARAMS = COMMON | {
    "language",
    "append_to_response",
    "include_video_language",
    "include_image_language",
}
PARAMS = {
    "configuration": COMMON,
    "search_movie": COMMON
    | {"query", "year", "primary_release_year", "language", "include_adult", "page", "region"},
    "search_tv": COMMON | {"query", "first_air_date_year", "language", "include_adult", "page"},
    "movie": DETAIL_PARAMS,
    "tv": DETAIL_PARAMS,
    "season": COMMON | {"language", "append_to_response"},
    "find": COMMON | {"external_source", "language"},
}
APPENDABLE = {
    "movie": {"credits", "videos", "external_ids", "release_dates"},
    "tv": {"credits", "videos", "external_ids", "content_ratings"},
}
LANGUAGE = re.compile(r"[a-z]{2}(-[A-Z]{2})?")
SEARCH_FIELDS = {
    "movie": ("id", "title", "original_title", "original_language", "release_date", "overview", "poster_path",
              "backdrop_path", "genre_ids", "popularity", "vote_average", "vote_count"),
    "tv": ("id", "name", "original_name", "original_language", "first_air_date", "origin_country", "overview",
           "poster_path", "genre_ids", "popularity"),
}  # fmt: skip


def _error(http: int, code: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"success": False, "status_code": code, "status_message": message}
    return JSONResponse(body, status_code=http, headers=headers)


class _Refused(Exception):
    def __init__(self, response: JSONResponse) -> None:
        self.response = response


@dataclass
class Received:
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    at: float


@dataclass
class FakeTmdb:
    """Catalogue entries carry their translations in ``i18n`` ({"fr-FR": {"title": …, "overview": …}})."""

    v3_key: str
    v4_token: str
    movies: dict[int, dict[str, Any]] = field(default_factory=dict)
    shows: dict[int, dict[str, Any]] = field(default_factory=dict)
    seasons: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    delay_s: float = 0.0
    _failures: deque[tuple[int, dict[str, str]]] = field(default_factory=deque)

    def reset(self) -> None:
        self.received.clear()
        self._failures.clear()
        self.delay_s = 0.0

    def fail_next(self, status: int, *, count: int = 1, retry_after: str | None = None) -> None:
        """The next ``count`` requests answer ``status`` (429 carries ``Retry-After`` when given)."""
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        self._failures.extend((status, headers) for _ in range(count))

    def paths(self) -> list[str]:
        return [r.path for r in self.received]

    # --- the ASGI app -------------------------------------------------------------------------------------

    def app(self) -> Starlette:
        def route(path: str, kind: str, handler: Any) -> Route:
            async def endpoint(request: Request) -> JSONResponse:
                try:
                    return await self._serve(request, kind, handler)
                except _Refused as refused:
                    return refused.response

            return Route(path, endpoint, methods=["GET"])

        routes = [
            route("/3/configuration", "configuration", self._configuration),
            route("/3/search/movie", "search_movie", lambda r: self._search(r, "movie")),
            route("/3/search/tv", "search_tv", lambda r: self._search(r, "tv")),
            route("/3/movie/{id:int}", "movie", lambda r: self._details(r, "movie")),
            route("/3/tv/{id:int}", "tv", lambda r: self._details(r, "tv")),
            route("/3/tv/{id:int}/season/{season:int}", "season", self._season),
            route("/3/find/{external_id}", "find", self._find),
        ]
        app = Starlette(routes=routes)

        async def not_found(request: Request, exc: Exception) -> JSONResponse:
            self.received.append(Received(request.url.path, dict(request.query_params), {}, time.monotonic()))
            return _error(404, 34, "The resource you requested could not be found.")

        app.add_exception_handler(404, not_found)
        app.add_exception_handler(405, not_found)
        return app

    async def _serve(self, request: Request, kind: str, handler: Any) -> JSONResponse:
        params = dict(request.query_params)
        self.received.append(Received(request.url.path, params, dict(request.headers), time.monotonic()))
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        if self._failures:
            status, headers = self._failures.popleft()
            if status == 429:
                raise _Refused(
                    _error(429, 25, "Your request count (41) is over the allowed limit of (40).", headers)
                )
            raise _Refused(_error(status, 11, "Internal error: Something went wrong, contact TMDB."))
        self._authenticate(request)
        for name, _values in request.query_params.multi_items():
            if name not in PARAMS[kind]:
                raise _Refused(_error(422, 5, f"Invalid parameters: unknown query parameter {name!r}."))
        if "language" in params and not LANGUAGE.fullmatch(params["language"]):
            raise _Refused(_error(422, 5, "Invalid parameters: language must look like fr-FR."))
        for name in ("year", "primary_release_year", "first_air_date_year", "page"):
            if name in params and not params[name].isdigit():
                raise _Refused(_error(422, 5, f"Invalid parameters: {name} must be a number."))
        result: dict[str, Any] = handler(request)
        return JSONResponse(result)

    def _authenticate(self, request: Request) -> None:
        key = request.query_params.get("api_key")
        bearer = request.headers.get("authorization", "")
        ok = key == self.v3_key if key is not None else bearer == f"Bearer {self.v4_token}"
        if not ok:
            raise _Refused(_error(401, 7, "Invalid API key: You must be granted a valid key."))

    # --- handlers -----------------------------------------------------------------------------------------

    def _configuration(self, request: Request) -> dict[str, Any]:
        return {
            "images": {
                "secure_base_url": "https://image.tmdb.org/t/p/",
                "poster_sizes": ["w92", "w154", "w185", "w342", "w500", "w780", "original"],
                "backdrop_sizes": ["w300", "w780", "w1280", "original"],
            },
            "change_keys": [],
        }

    def _search(self, request: Request, media_type: str) -> dict[str, Any]:
        params = request.query_params
        if not params.get("query"):
            raise _Refused(_error(422, 5, "Invalid parameters: query must be provided."))
        if params.get("include_adult", "false") not in ("true", "false"):
            raise _Refused(_error(422, 5, "Invalid parameters: include_adult must be true or false."))
        query = _fold(params["query"])
        year_param = "first_air_date_year" if media_type == "tv" else None
        year = (
            params.get(year_param) if year_param else params.get("year") or params.get("primary_release_year")
        )
        date_key = "first_air_date" if media_type == "tv" else "release_date"
        catalogue = self.shows if media_type == "tv" else self.movies
        language = params.get("language", "en-US")
        results = []
        for entry in catalogue.values():
            titles = [entry.get("original_title") or entry.get("original_name") or ""]
            titles += [t.get("title") or t.get("name") or "" for t in entry.get("i18n", {}).values()]
            if not any(query in _fold(t) for t in titles):
                continue
            if year and not str(entry.get(date_key, "")).startswith(year):
                continue
            local = _localise(entry, language, media_type)
            results.append({k: local.get(k) for k in SEARCH_FIELDS[media_type]})
        results.sort(key=lambda r: -float(r.get("popularity") or 0))
        return {"page": 1, "results": results, "total_pages": 1, "total_results": len(results)}

    def _details(self, request: Request, media_type: str) -> dict[str, Any]:
        tmdb_id = request.path_params["id"]
        entry = (self.shows if media_type == "tv" else self.movies).get(tmdb_id)
        if entry is None:
            raise _Refused(_error(404, 34, "The resource you requested could not be found."))
        language = request.query_params.get("language", "en-US")
        result = _localise(entry, language, media_type)
        extra = entry.get("appendable", {})
        wanted = [p for p in request.query_params.get("append_to_response", "").split(",") if p]
        for part in wanted:
            if part not in APPENDABLE[media_type]:
                raise _Refused(_error(422, 5, f"Invalid parameters: cannot append {part!r}."))
            value = copy.deepcopy(
                extra.get(part, {"results": []} if part != "credits" else {"cast": [], "crew": []})
            )
            if part == "videos":
                value["results"] = _videos(value.get("results", []), request, language)
            result[part] = value
        return result

    def _season(self, request: Request) -> dict[str, Any]:
        key = (request.path_params["id"], request.path_params["season"])
        season = self.seasons.get(key)
        if season is None:
            raise _Refused(_error(404, 34, "The resource you requested could not be found."))
        language = request.query_params.get("language", "en-US")
        local = {k: v for k, v in season.items() if k not in ("i18n", "episodes")}
        local["name"] = season.get("i18n", {}).get(language, {}).get("name", "")
        local["episodes"] = [
            {
                **{k: v for k, v in episode.items() if k != "i18n"},
                "name": episode.get("i18n", {}).get(language, {}).get("name", ""),
                "overview": episode.get("i18n", {}).get(language, {}).get("overview", ""),
            }
            for episode in season.get("episodes", [])
        ]
        return local

    def _find(self, request: Request) -> dict[str, Any]:
        source = request.query_params.get("external_source")
        if source not in ("imdb_id", "tvdb_id", "facebook_id", "instagram_id", "twitter_id", "tiktok_id"):
            raise _Refused(_error(422, 5, "Invalid parameters: external_source is required."))
        wanted = request.path_params["external_id"]
        language = request.query_params.get("language", "en-US")
        found: dict[str, list[dict[str, Any]]] = {
            "movie_results": [],
            "tv_results": [],
            "tv_episode_results": [],
        }
        for media_type, catalogue in (("movie", self.movies), ("tv", self.shows)):
            for entry in catalogue.values():
                ids = entry.get("appendable", {}).get("external_ids", {})
                if str(ids.get(source)) == wanted:
                    local = _localise(entry, language, media_type)
                    found[f"{media_type}_results"].append(
                        {k: local.get(k) for k in SEARCH_FIELDS[media_type]}
                    )
        return found


def _fold(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", text.casefold()).strip()


def _localise(entry: dict[str, Any], language: str, media_type: str) -> dict[str, Any]:
    local = {k: copy.deepcopy(v) for k, v in entry.items() if k not in ("i18n", "appendable")}
    translation = entry.get("i18n", {}).get(language, {})
    title_key, original_key = ("name", "original_name") if media_type == "tv" else ("title", "original_title")
    local[title_key] = translation.get(title_key) or entry.get(original_key, "")
    local["overview"] = translation.get("overview", "")
    local["tagline"] = translation.get("tagline", "")
    if "genres" in entry:
        local["genres"] = [
            {"id": g["id"], "name": g.get(language, g.get("en-US", ""))} for g in entry["genres"]
        ]
    return local


def _videos(videos: list[dict[str, Any]], request: Request, language: str) -> list[dict[str, Any]]:
    include = request.query_params.get("include_video_language")
    allowed = set(include.split(",")) if include else {language.split("-")[0]}
    return [v for v in videos if (v.get("iso_639_1") or "null") in allowed]
