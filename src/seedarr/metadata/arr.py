"""Radarr/Sonarr (API v3): the scene name and the ids they recorded for a file on disk.

:meth:`ArrClient.find` maps the local path to the path the arr app sees (longest prefix of
``path_mappings``), finds the movie or series whose folder holds it (the library is read once and kept for
``library_ttl_s``, or looked up by id when one is known), then its file record: a non-empty ``sceneName``
wins. After a manual import ``sceneName`` is null, so the ``sourceTitle`` of a ``downloadFolderImported``
(then ``grabbed``) history event is used instead, and only when its year matches the movie's (its season the
file's, for Sonarr). Errors follow :mod:`seedarr.errors` (a refused ``X-Api-Key`` is ``ServiceAuthError``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import httpx

from seedarr.domain.identity import NameOrigin, ParsedName
from seedarr.errors import ServiceUnavailable, ValidationFailed
from seedarr.metadata.http import RequestPolicy, RetryOptions
from seedarr.metadata.parse import parse_name
from seedarr.secrets import Secret
from seedarr.validation import validate_url

__all__ = ["ArrClient", "ArrKind", "ArrMatch", "map_path"]

ArrKind = Literal["radarr", "sonarr"]
SceneSource = Literal["sceneName", "history"]
HISTORY_EVENTS = ("downloadFolderImported", "grabbed")


@dataclass(frozen=True, slots=True)
class ArrMatch:
    """What Radarr or Sonarr knows about one file (or folder) of its library."""

    kind: ArrKind
    title: str
    year: int | None
    tmdb_id: int | None
    tvdb_id: int | None
    imdb_id: str | None
    scene_name: str | None = None
    scene_name_source: SceneSource | None = None
    season_number: int | None = None


def map_path(path: str, mappings: Sequence[tuple[str, str]]) -> str:
    """``path`` rewritten with the longest matching (local prefix → remote prefix), on path boundaries."""
    best: tuple[str, str] | None = None
    for local, remote in mappings:
        prefix = local.rstrip("/")
        if (path == prefix or path.startswith(prefix + "/")) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, remote.rstrip("/"))
    return path if best is None else best[1] + path[len(best[0]) :]


def _inside(path: str, folder: str) -> bool:
    folder = folder.rstrip("/")
    return bool(folder) and (path == folder or path.startswith(folder + "/"))


def _positive(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


class ArrClient:
    """One Radarr or Sonarr instance, spoken to over the shared ``httpx.AsyncClient``."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        kind: ArrKind,
        base_url: str,
        api_key: Secret,
        *,
        path_mappings: Sequence[tuple[str, str]] = (),
        library_ttl_s: float = 600.0,
        timeout_s: float = 15.0,
        retry: RetryOptions | None = None,
        parser: Callable[[str, NameOrigin], ParsedName] = parse_name,
    ) -> None:
        self.kind = kind
        self.service = "Radarr" if kind == "radarr" else "Sonarr"
        self._http = http
        self._base = validate_url(base_url, field=f"metadata.{kind}.url").rstrip("/") + "/api/v3"
        self._key = api_key
        self._mappings = tuple(path_mappings)
        self._library_ttl_s = library_ttl_s
        self._timeout_s = timeout_s
        self._parser = parser
        self._library: tuple[float, list[dict[str, Any]]] | None = None
        self.policy = RequestPolicy(self.service, rate_per_s=10.0, burst=10, retry=retry)

    async def system_status(self) -> dict[str, Any]:
        """``GET /system/status``: the connection test."""
        body = await self._get("/system/status", {})
        if not isinstance(body, dict):
            raise ServiceUnavailable(self.service, "system/status did not answer an object")
        return body

    async def find(
        self, path: Path, *, tmdb_id: int | None = None, tvdb_id: int | None = None
    ) -> ArrMatch | None:
        """What the arr app recorded for ``path`` (a file or a folder), or None when it does not manage it."""
        remote = map_path(path.as_posix(), self._mappings)
        owner = await self._owner(remote, tmdb_id=tmdb_id, tvdb_id=tvdb_id)
        if owner is None:
            return None
        files = await self._files(int(owner["id"]))
        record = next((f for f in files if str(f.get("path") or "").rstrip("/") == remote.rstrip("/")), None)
        match = ArrMatch(
            kind=self.kind,
            title=str(owner.get("title") or ""),
            year=_positive(owner.get("year")),
            tmdb_id=_positive(owner.get("tmdbId")),
            tvdb_id=_positive(owner.get("tvdbId")),
            imdb_id=str(owner.get("imdbId") or "") or None,
            season_number=record.get("seasonNumber") if record else None,
        )
        scene = str(record.get("sceneName") or "").strip() if record else ""
        if scene:
            return replace(match, scene_name=scene, scene_name_source="sceneName")
        if record is None and self.kind == "sonarr":
            return match  # a season folder: ids are known, an episode's scene name would be wrong
        title = await self._history_title(int(owner["id"]), remote, match)
        return replace(match, scene_name=title, scene_name_source="history") if title else match

    async def _owner(self, remote: str, *, tmdb_id: int | None, tvdb_id: int | None) -> dict[str, Any] | None:
        if self.kind == "radarr" and tmdb_id:
            items = await self._list("/movie", {"tmdbId": str(tmdb_id)})
        elif self.kind == "sonarr" and tvdb_id:
            items = await self._list("/series", {"tvdbId": str(tvdb_id)})
        else:
            items = await self._library_items()
        holders = [i for i in items if _inside(remote, str(i.get("path") or "")) and "id" in i]
        return max(holders, key=lambda i: len(str(i["path"])), default=None)

    async def _library_items(self) -> list[dict[str, Any]]:
        now = time.monotonic()
        if self._library is None or now - self._library[0] > self._library_ttl_s:
            path = "/movie" if self.kind == "radarr" else "/series"
            self._library = (now, await self._list(path, {}))
        return self._library[1]

    async def _files(self, owner_id: int) -> list[dict[str, Any]]:
        if self.kind == "radarr":
            return await self._list("/moviefile", {"movieId": str(owner_id)})
        return await self._list("/episodefile", {"seriesId": str(owner_id)})

    async def _history_title(self, owner_id: int, remote: str, match: ArrMatch) -> str | None:
        if self.kind == "radarr":
            events = await self._list("/history/movie", {"movieId": str(owner_id)})
        else:
            events = await self._list("/history/series", {"seriesId": str(owner_id)})
        wanted = [e for e in events if e.get("eventType") in HISTORY_EVENTS and e.get("sourceTitle")]

        def rank(event: dict[str, Any]) -> tuple[int, int]:
            data = event.get("data")
            data = data if isinstance(data, dict) else {}
            imported_here = str(data.get("importedPath") or "").rstrip("/") == remote.rstrip("/")
            return (0 if imported_here else 1, HISTORY_EVENTS.index(str(event["eventType"])))

        newest_first = sorted(wanted, key=lambda e: str(e.get("date") or ""), reverse=True)
        for event in sorted(newest_first, key=rank):
            title = str(event["sourceTitle"]).strip()
            if self._consistent(title, match):
                return title
        return None

    def _consistent(self, source_title: str, match: ArrMatch) -> bool:
        try:
            parsed = self._parser(source_title, "scene")
        except ValidationFailed:  # nothing readable in the title
            return False
        if self.kind == "radarr":
            return match.year is not None and parsed.year == match.year
        if match.season_number is not None and parsed.season != match.season_number:
            return False
        return parsed.year is None or match.year is None or abs(parsed.year - match.year) <= 1

    async def _list(self, path: str, params: dict[str, str]) -> list[dict[str, Any]]:
        body = await self._get(path, params)
        if not isinstance(body, list):
            raise ServiceUnavailable(self.service, f"{path} did not answer a list")
        return [item for item in body if isinstance(item, dict)]

    async def _get(self, path: str, params: dict[str, str]) -> Any:
        response = await self.policy.send(
            self._http,
            "GET",
            self._base + path,
            params=params,
            headers={"X-Api-Key": self._key.reveal(), "Accept": "application/json"},
            timeout=self._timeout_s,
        )
        try:
            return response.json()
        except ValueError:
            raise ServiceUnavailable(self.service, f"{path} answered something that is not JSON") from None
