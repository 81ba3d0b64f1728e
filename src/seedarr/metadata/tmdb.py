"""The TMDB v3 client: search, details and seasons, in French with English filling the gaps.

The key's shape says how to send it (:func:`detect_key_kind`): a 32-hex v3 key goes in the ``api_key``
query, a v4 read access token (a JWT, ``eyJ…``) in ``Authorization: Bearer``. Every request goes through one
:class:`~seedarr.metadata.http.RequestPolicy` (4 req/s, burst 10 by default; retries on 429 and 5xx,
honouring ``Retry-After``); TMDB's ``status_code`` 7 (invalid key) becomes
:class:`~seedarr.errors.ServiceAuthError` and is never retried. Answers are cached per (kind, id, language)
when a :class:`~seedarr.metadata.tmdb_cache.TmdbCache` is given. Movie and TV ids are separate number spaces:
every call names its media type and only ever uses that type's endpoint.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import httpx

from seedarr.domain.identity import Identity, IdentityCandidate, MediaType
from seedarr.domain.text import strip_invisible
from seedarr.errors import ServiceRejected, ServiceUnavailable, ValidationFailed
from seedarr.metadata.http import RequestPolicy, RetryOptions
from seedarr.metadata.scoring import normalise_title
from seedarr.metadata.tmdb_cache import CacheKind, TmdbCache
from seedarr.metadata.tmdb_models import (
    SeasonTitles,
    candidates_from_search,
    identity_from_details,
    needs_english,
    season_from_payload,
    season_needs_english,
)
from seedarr.secrets import Secret

__all__ = [
    "TMDB_BASE_URL",
    "KeyKind",
    "TmdbAuth",
    "TmdbClient",
    "TmdbNotFound",
    "TmdbOptions",
    "detect_key_kind",
]

TMDB_BASE_URL = "https://api.themoviedb.org/3"
SERVICE = "TMDB"
KeyKind = Literal["v3", "v4"]
APPENDED = {
    "movie": ("credits", "videos", "external_ids", "release_dates"),
    "tv": ("credits", "videos", "external_ids", "content_ratings"),
}
VIDEO_LANGUAGES = "fr,en,null"
_V3_KEY = re.compile(r"[0-9a-fA-F]{32}")
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


class TmdbNotFound(ServiceRejected):
    """TMDB has nothing at that id (status_code 34, HTTP 404)."""


def detect_key_kind(key: str) -> KeyKind:
    """``v3`` for a 32-hex API key, ``v4`` for a read access token; anything else is a validation error."""
    text = strip_invisible(key).strip()
    if _V3_KEY.fullmatch(text):
        return "v3"
    if _JWT.fullmatch(text):
        return "v4"
    raise ValidationFailed(
        "metadata.tmdb.api_key",
        "must be a v3 API key (32 hexadecimal characters) or a v4 read access token (starting with eyJ)",
        "<hidden>",
    )


class TmdbAuth(httpx.Auth):
    """Adds the key the way its kind requires: ``api_key`` query (v3) or a Bearer header (v4)."""

    def __init__(self, key: Secret) -> None:
        self.kind = detect_key_kind(key.reveal())
        self._key = Secret(strip_invisible(key.reveal()).strip())

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self.kind == "v3":
            request.url = request.url.copy_merge_params({"api_key": self._key.reveal()})
        else:
            request.headers["Authorization"] = f"Bearer {self._key.reveal()}"
        yield request


@dataclass(frozen=True, slots=True)
class TmdbOptions:
    base_url: str = TMDB_BASE_URL
    language: str = "fr-FR"
    fallback_language: str = "en-US"
    rate_per_s: float = 4.0
    burst: int = 10
    timeout_s: float = 10.0
    retry: RetryOptions = field(default_factory=RetryOptions)


def _describe(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and "status_code" in body:
        code, message = body.get("status_code"), str(body.get("status_message") or "").strip()
        if code == 7:
            return f"invalid API key (TMDB status 7: {message}); check metadata.tmdb.api_key"
        return f"{message or 'error'} (TMDB status {code}, HTTP {response.status_code})"
    return f"HTTP {response.status_code}"


class TmdbClient:
    """Typed TMDB calls over the shared ``httpx.AsyncClient``."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        api_key: Secret,
        *,
        cache: TmdbCache | None = None,
        options: TmdbOptions | None = None,
    ) -> None:
        self.options = options or TmdbOptions()
        self._http = http
        self._auth = TmdbAuth(api_key)
        self._cache = cache
        self._base = self.options.base_url.rstrip("/")
        self.policy = RequestPolicy(
            SERVICE,
            rate_per_s=self.options.rate_per_s,
            burst=self.options.burst,
            retry=self.options.retry,
            describe=_describe,
        )

    @property
    def key_kind(self) -> KeyKind:
        return self._auth.kind

    async def configuration(self) -> dict[str, Any]:
        """``GET /configuration``: the connection test (raises ``ServiceAuthError`` for a bad key)."""
        return await self._get("/configuration", {})

    async def search(self, media_type: MediaType, title: str, year: int | None) -> list[IdentityCandidate]:
        """One page of ``/search/movie`` or ``/search/tv`` (unscored, in TMDB's order; rank them)."""
        language = self.options.language
        params: dict[str, str] = {"query": title, "language": language, "page": "1"}
        if media_type == "movie":
            params["include_adult"] = "false"
            if year:
                params["year"] = str(year)
        elif year:
            params["first_air_date_year"] = str(year)
        kind: CacheKind = "search_movie" if media_type == "movie" else "search_tv"
        key = f"{normalise_title(title)}|{year or ''}"
        payload = await self._cached(kind, key, language, f"/search/{media_type}", params)
        return candidates_from_search(media_type, payload)

    async def find_by_external_id(
        self, external_id: str, source: Literal["imdb_id", "tvdb_id"]
    ) -> list[IdentityCandidate]:
        """Movies and series TMDB knows under an IMDb or TVDB id (``/find/{id}``)."""
        payload = await self._get(
            f"/find/{external_id}", {"external_source": source, "language": self.options.language}
        )
        movies = candidates_from_search("movie", {"results": payload.get("movie_results") or []})
        shows = candidates_from_search("tv", {"results": payload.get("tv_results") or []})
        return movies + shows

    async def details(self, media_type: MediaType, tmdb_id: int) -> Identity:
        """``/movie/{id}`` or ``/tv/{id}`` with credits, videos, external ids and age ratings."""
        french = await self._details_payload(media_type, tmdb_id, self.options.language)
        english = None
        if needs_english(french):
            english = await self._details_payload(media_type, tmdb_id, self.options.fallback_language)
        return identity_from_details(media_type, french, english)

    async def season(self, tv_id: int, season_number: int) -> SeasonTitles:
        """Season name and episode titles of ``/tv/{id}/season/{n}``, English filling missing titles."""
        path = f"/tv/{tv_id}/season/{season_number}"
        key = f"{tv_id}/{season_number}"
        french = await self._cached("tv_season", key, self.options.language, path, {})
        english = None
        if season_needs_english(french) or not str(french.get("name") or "").strip():
            english = await self._cached("tv_season", key, self.options.fallback_language, path, {})
        return season_from_payload(french, english)

    async def identity_with_season(self, identity: Identity, season_number: int) -> Identity:
        """``identity`` (a series) with its season title and episode titles filled in."""
        if identity.media_type != "tv":
            raise ValueError("season titles exist only for series")
        titles = await self.season(identity.tmdb_id, season_number)
        return replace(identity, season_title=titles.name, episode_titles=titles.episodes)

    async def _details_payload(self, media_type: MediaType, tmdb_id: int, language: str) -> dict[str, Any]:
        appended = APPENDED[media_type]
        params = {"append_to_response": ",".join(appended), "include_video_language": VIDEO_LANGUAGES}
        return await self._cached(
            media_type, str(tmdb_id), language, f"/{media_type}/{tmdb_id}", params, required=appended
        )

    async def _cached(
        self,
        kind: CacheKind,
        key: str,
        language: str,
        path: str,
        params: Mapping[str, str],
        *,
        required: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        if self._cache is not None:
            hit = await self._cache.get(kind, key, language)
            # An entry missing a part we need now is refreshed early instead of served incomplete.
            if hit is not None and all(part in hit for part in required):
                return hit
        payload = await self._get(path, {**params, "language": language})
        if self._cache is not None:
            await self._cache.put(kind, key, language, payload)
        return payload

    async def _get(self, path: str, params: Mapping[str, str]) -> dict[str, Any]:
        try:
            response = await self.policy.send(
                self._http,
                "GET",
                self._base + path,
                params=dict(params),
                auth=self._auth,
                headers={"Accept": "application/json"},
                timeout=self.options.timeout_s,
            )
        except ServiceRejected as exc:
            if exc.status_code == 404:
                raise TmdbNotFound(SERVICE, f"nothing at {path}", status_code=404) from exc
            raise
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise ServiceUnavailable(SERVICE, f"{path} answered something that is not a JSON object")
        return body
