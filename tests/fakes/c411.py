"""A strict fake of C411 (trackers spec §2), served over real HTTP.

Routes, and nothing else (any other path is a 404, any other method a 405):

- ``POST /api/torrents``: Bearer key; multipart with exactly the documented fields (unknown or repeated
  fields, a text part sent as a file or the reverse → 400); ``title`` dot-separated, 3 to 255 characters,
  no spaces or bracket groups; ``description`` ≥ 20 characters; ``categoryId``/``subcategoryId`` existing
  and nested; ``options`` a JSON object of known option ids with the right value types and known values;
  ``tmdbData`` a JSON object of the fork's shape; ``isExclusive`` ``"true"``/``"false"``; the ``nfo``'s
  "Complete name" equal to the title (plus an extension); the ``.torrent`` private, with source ``C411`` and
  a path-form announce; a known infohash → 422. Success is ``{"success": true, "data": {id, slug,
  infoHash}}``; :attr:`FakeC411.refuse_with` answers a 200 ``{"success": false}`` instead.
- ``GET /api/categories``, ``GET /api/tags``, ``GET /api/torrents/search?q=&tmdbId=&imdbId=`` (Bearer).
- ``GET /api?t=…&apikey=…``: a :class:`~fakes.torznab.FakeTorznab` that lists what was uploaded.

Failures can be queued (401/403/404/422/429 with ``Retry-After``/500), answers slowed down, and uploads
are counted.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from fakes.torznab import FakeTorznab, TorznabRelease
from harness.tracker_samples import movie_release, tv_release
from seedarr.domain.media_facts import AudioTrack
from seedarr.domain.naming.compose import ReleaseName
from seedarr.domain.release import ReleaseInfo
from seedarr.media.torrent.errors import TorrentFileError
from seedarr.media.torrent.metainfo import parse_metainfo
from seedarr.trackers.definition import RateLimitSpec, TrackerDefinition
from seedarr.trackers.registry import deep_merge, default_registry

__all__ = ["CATEGORIES", "DESCRIPTION", "FakeC411", "StoredUpload", "c411_definition", "c411_release"]

TEXT_FIELDS = {"title", "description", "categoryId", "subcategoryId", "options", "tmdbData", "rawgData",
               "isExclusive", "uploaderNote"}  # fmt: skip
FILE_FIELDS = {"torrent", "nfo"}
REQUIRED = {"torrent", "nfo", "title", "description", "categoryId", "subcategoryId"}
LANGUAGES = {1, 2, 4, 6, 8, 422}
QUALITIES = {
    10,
    11,
    12,
    13,
    14,
    15,
    16,
    17,
    18,
    19,
    20,
    21,
    22,
    24,
    25,
    26,
    27,
    28,
    29,
    30,
    31,
    413,
    414,
    415,
}
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


def c411_definition(site_url: str, *, search_api: str | None = None, **custom: Any) -> TrackerDefinition:
    """The shipped C411 definition aimed at the fake: fast rate limit, ``custom`` deep-merged over."""
    definition = default_registry().get("c411")
    if search_api is not None:
        custom = deep_merge(custom, {"search": {"api": search_api}})
    update: dict[str, Any] = {
        "base_url": site_url,
        "rate_limit": RateLimitSpec(per_second=50, burst=10),
        "custom": deep_merge(definition.custom, custom),
    }
    return definition.model_copy(update=update)


DESCRIPTION = "[b]Le Film[/b]\nUne description assez longue pour C411."


def c411_release(
    torrent: Path,
    *,
    kind: Literal["movie", "pack", "episode"] = "movie",
    description: str = DESCRIPTION,
    identity: dict[str, Any] | None = None,
    video: dict[str, Any] | None = None,
    audio: tuple[str, ...] = ("fr",),
    nfo: bytes | None = None,
    **parsed: Any,
) -> ReleaseInfo:
    """A sample release ready for C411 (the harness samples, with ``parsed`` name fields, ``video`` and
    ``identity`` fields changed; ``raw`` renames the release)."""
    base = (
        movie_release("c411", torrent)
        if kind == "movie"
        else tv_release("c411", torrent, pack=kind == "pack")
    )
    assert base.facts is not None and base.facts.video is not None and base.identity is not None
    named = dataclasses.replace(base.names[0], **parsed)
    folder = "/media/tv/" if kind != "movie" else "/media/films/"
    facts = dataclasses.replace(
        base.facts,
        video=dataclasses.replace(base.facts.video, **(video or {})),
        audio=tuple(AudioTrack(language, "EAC3", "5.1") for language in audio),
        file_name=f"{named.raw}.mkv",
        mediainfo_text=f"General\nComplete name                            : {folder}{named.raw}.mkv\n",
    )
    media_type: Literal["movie", "tv"] = "tv" if kind != "movie" else "movie"
    artefacts = dataclasses.replace(
        base.trackers["c411"], release_name=ReleaseName(named.raw, "fr", "", (), media_type=media_type),
        description=description,
    )  # fmt: skip
    return dataclasses.replace(
        base, names=(named,), facts=facts, nfo=nfo, trackers={"c411": artefacts},
        identity=dataclasses.replace(base.identity, **(identity or {})),
    )  # fmt: skip


class _Refused(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self.response = JSONResponse({"message": message}, status_code=status, headers=headers)


@dataclass
class StoredUpload:
    id: int
    slug: str
    fields: dict[str, str]
    options: dict[str, Any]
    tmdb: dict[str, Any] | None
    nfo: bytes
    torrent: bytes
    infohash: str
    size: int


@dataclass
class FakeC411:
    """One C411 site; ``passkey`` is the one announce URLs must carry."""

    api_key: str
    passkey: str
    categories: list[dict[str, Any]] = field(default_factory=lambda: json.loads(json.dumps(CATEGORIES)))
    tags: list[dict[str, Any]] = field(default_factory=lambda: [{"id": 3, "name": "HDR"}])
    torznab: FakeTorznab = field(init=False)
    uploads: int = 0
    stored: dict[int, StoredUpload] = field(default_factory=dict)
    received: list[tuple[str, str]] = field(default_factory=list)
    refuse_with: str | None = None  # a 200 {"success": false, "message": …}
    delay_s: float = 0.0
    _failures: deque[tuple[int, str | None]] = field(default_factory=deque)

    def __post_init__(self) -> None:
        self.torznab = FakeTorznab(self.api_key, title="C411")

    def reset(self) -> None:
        self.categories = json.loads(json.dumps(CATEGORIES))
        self.uploads, self.refuse_with, self.delay_s = 0, None, 0.0
        self.stored.clear()
        self.received.clear()
        self._failures.clear()
        self.torznab.reset()

    def fail_next(self, status: int, *, count: int = 1, retry_after: str | None = None) -> None:
        self._failures.extend((status, retry_after) for _ in range(count))

    def paths(self) -> list[str]:
        return [path for _, path in self.received]

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/{path:path}", self._dispatch, methods=["GET", "POST", "PUT"])])

    async def _dispatch(self, request: Request) -> Response:
        path, method = request.url.path, request.method
        self.received.append((method, path))
        routes = {"/api/torrents": ("POST", self._upload), "/api/categories": ("GET", self._categories),
                  "/api/tags": ("GET", self._tags), "/api/torrents/search": ("GET", self._search),
                  "/api": ("GET", self.torznab.endpoint)}  # fmt: skip
        try:
            if self.delay_s:
                await asyncio.sleep(self.delay_s)
            if self._failures:
                status, retry_after = self._failures.popleft()
                headers = {"Retry-After": retry_after} if retry_after else None
                message = {429: "Too many requests", 500: "Internal error"}.get(status, "Refused")
                raise _Refused(status, message, headers)
            if path not in routes:
                raise _Refused(404, "Route not found")
            expected, handler = routes[path]
            if method != expected:
                raise _Refused(405, "Method not allowed")
            if path != "/api" and request.headers.get("authorization") != f"Bearer {self.api_key}":
                raise _Refused(401, "Unauthorized")
            response: Response = await handler(request)
            return response
        except _Refused as refused:
            return refused.response

    async def _categories(self, request: Request) -> Response:
        return JSONResponse({"data": self.categories})

    async def _tags(self, request: Request) -> Response:
        return JSONResponse({"data": self.tags})

    async def _search(self, request: Request) -> Response:
        params = dict(request.query_params)
        if set(params) - {"q", "tmdbId", "imdbId"}:
            raise _Refused(400, f"Unknown parameter: {sorted(set(params) - {'q', 'tmdbId', 'imdbId'})[0]}")
        if "tmdbId" in params and not params["tmdbId"].isdigit():
            raise _Refused(400, "tmdbId must be an integer")
        words = [w for w in re.split(r"[^0-9a-z]+", params.get("q", "").lower()) if w]
        hits = []
        for stored in self.stored.values():
            tmdb = stored.tmdb or {}
            if "tmdbId" in params and tmdb.get("id") != int(params["tmdbId"]):
                continue
            if "imdbId" in params and tmdb.get("imdbId") != params["imdbId"]:
                continue
            if not all(w in stored.fields["title"].lower() for w in words):
                continue
            hits.append({"id": stored.id, "slug": stored.slug, "title": stored.fields["title"],
                         "size": stored.size, "infoHash": stored.infohash, "seeders": 1, "leechers": 0,
                         "tmdbId": tmdb.get("id"),
                         "subcategoryId": int(stored.fields["subcategoryId"])})  # fmt: skip
        return JSONResponse({"data": hits})

    # --- the upload ---------------------------------------------------------------------------------------

    async def _upload(self, request: Request) -> Response:
        if not request.headers.get("content-type", "").startswith("multipart/form-data"):
            raise _Refused(400, "Expected multipart/form-data")
        form = await request.form()
        try:
            fields, files = self._parts(form.multi_items())
            files_data = {name: await part.read() for name, part in files.items()}
        finally:
            await form.close()
        self._check_text(fields)
        options = self._check_options(fields.get("options", "{}"))
        tmdb = self._check_tmdb(fields["tmdbData"]) if "tmdbData" in fields else None
        self._check_nfo(files_data["nfo"], fields["title"])
        meta = self._check_torrent(files_data["torrent"], files["torrent"])
        if any(s.infohash == meta.infohash for s in self.stored.values()):
            raise _Refused(422, "Ce torrent existe déjà")
        if self.refuse_with is not None:
            return JSONResponse({"success": False, "message": self.refuse_with})
        torrent_id = max(self.stored, default=400) + 1
        slug = re.sub(r"[^a-z0-9]+", "-", fields["title"].lower()).strip("-")
        stored = StoredUpload(torrent_id, slug, fields, options, tmdb, files_data["nfo"],
                              files_data["torrent"], meta.infohash, meta.total_size)  # fmt: skip
        self.stored[torrent_id] = stored
        self.uploads += 1
        self._index(stored, str(request.base_url).rstrip("/"))
        data = {"id": torrent_id, "slug": slug, "infoHash": meta.infohash}
        return JSONResponse({"success": True, "message": "Torrent uploadé avec succès", "data": data})

    def _index(self, stored: StoredUpload, base: str) -> None:
        tmdb = stored.tmdb or {}
        imdb = str(tmdb.get("imdbId") or "").removeprefix("tt")
        season = stored.options.get("7")
        self.torznab.items.append(
            TorznabRelease(
                title=stored.fields["title"], size=stored.size, guid=f"{base}/torrents/{stored.slug}",
                link=f"{base}/api?t=get&id={stored.id}&apikey={self.api_key}",
                comments=f"{base}/torrents/{stored.slug}", categories=(int(stored.fields["subcategoryId"]),),
                seeders=1, peers=1, files=1, infohash=stored.infohash, tmdbid=tmdb.get("id"),
                imdb=int(imdb) if imdb.isdigit() else None,
                season=season - 120 if isinstance(season, int) else None,
            )
        )  # fmt: skip

    def _parts(self, items: list[tuple[str, Any]]) -> tuple[dict[str, str], dict[str, UploadFile]]:
        fields: dict[str, str] = {}
        files: dict[str, UploadFile] = {}
        for name, value in items:
            if name not in TEXT_FIELDS | FILE_FIELDS:
                raise _Refused(400, f"Unknown field: {name}")
            if name in fields or name in files:
                raise _Refused(400, f"Field sent twice: {name}")
            if (name in FILE_FIELDS) != isinstance(value, UploadFile):
                raise _Refused(400, f"{name} must be {'a file' if name in FILE_FIELDS else 'text'}")
            if isinstance(value, UploadFile):
                files[name] = value
            else:
                fields[name] = value
        missing = sorted(REQUIRED - set(fields) - set(files))
        if missing:
            raise _Refused(400, f"Missing field: {missing[0]}")
        return fields, files

    def _check_text(self, f: dict[str, str]) -> None:
        title = f["title"]
        if not 3 <= len(title) <= 255 or not re.fullmatch(r"[^\s()\[\]]+", title):
            raise _Refused(422, "Titre invalide: 3 à 255 caractères, séparés par des points")
        if ".." in title or title.startswith(".") or title.endswith("."):
            raise _Refused(422, "Titre invalide: points mal placés")
        if len(f["description"].strip()) < 20:
            raise _Refused(422, "La description doit faire au moins 20 caractères")
        if not (f["categoryId"].isdigit() and f["subcategoryId"].isdigit()):
            raise _Refused(400, "categoryId et subcategoryId doivent être des entiers")
        parent = next((c for c in self.categories if c["id"] == int(f["categoryId"])), None)
        if parent is None:
            raise _Refused(404, "Catégorie introuvable")
        if int(f["subcategoryId"]) not in {s["id"] for s in parent["subcategories"]}:
            raise _Refused(422, "Sous-catégorie invalide pour cette catégorie")
        if f.get("isExclusive", "false") not in ("true", "false"):
            raise _Refused(400, "isExclusive doit valoir true ou false")
        if "rawgData" in f:
            raise _Refused(422, "rawgData est réservé aux jeux")

    @staticmethod
    def _check_options(text: str) -> dict[str, Any]:
        try:
            options = json.loads(text)
        except ValueError:
            raise _Refused(400, "options: JSON invalide") from None
        if not isinstance(options, dict):
            raise _Refused(400, "options: un objet est attendu")
        allowed: dict[str, tuple[bool, set[int]]] = {
            "1": (True, LANGUAGES), "2": (False, QUALITIES), "5": (True, GENRES),
            "6": (False, set(range(96, 117))), "7": (False, {118, *range(121, 151)}),
        }  # fmt: skip
        for key, value in options.items():
            if key not in allowed:
                raise _Refused(422, f"options: type d'option inconnu {key}")
            is_list, values = allowed[key]
            items = value if is_list and isinstance(value, list) else [value]
            if (is_list != isinstance(value, list)) or not items:
                raise _Refused(422, f"options.{key}: {'une liste' if is_list else 'une valeur'} est attendue")
            if any(isinstance(v, bool) or not isinstance(v, int) or v not in values for v in items):
                raise _Refused(422, f"options.{key}: valeur inconnue {value}")
        if "1" not in options or "2" not in options:
            raise _Refused(422, "options: langue et qualité sont obligatoires")
        return options

    @staticmethod
    def _check_tmdb(text: str) -> dict[str, Any]:
        try:
            data = json.loads(text)
        except ValueError:
            raise _Refused(400, "tmdbData: JSON invalide") from None
        if not isinstance(data, dict) or set(data) != FORK_TMDB_KEYS:
            raise _Refused(422, "tmdbData: format inattendu")
        if not isinstance(data["id"], int) or data["type"] not in ("movie", "tv"):
            raise _Refused(422, "tmdbData: id ou type invalide")
        if not all(isinstance(data[k], list) for k in ("genres", "genreIds", "cast", "writers")):
            raise _Refused(422, "tmdbData: listes attendues")
        return data

    @staticmethod
    def _check_nfo(nfo: bytes, title: str) -> None:
        match = re.search(rb"^Complete name\s*:\s*([^\r\n]+)", nfo, re.MULTILINE)
        if match is None:
            raise _Refused(422, "NFO: ligne Complete name absente")
        name = match.group(1).decode("utf-8", "replace").strip()
        if not (name == title or re.fullmatch(re.escape(title) + r"\.[A-Za-z0-9]{1,5}", name)):
            raise _Refused(422, "NFO: le Complete name ne correspond pas au titre")

    def _check_torrent(self, data: bytes, part: UploadFile) -> Any:
        if part.content_type != "application/x-bittorrent" or not (part.filename or "").endswith(".torrent"):
            raise _Refused(400, "torrent: fichier .torrent attendu")
        try:
            meta = parse_metainfo(data)
        except TorrentFileError as exc:
            raise _Refused(400, f"torrent invalide: {exc}") from None
        if not meta.private or meta.source != "C411":
            raise _Refused(422, "torrent: private=1 et source C411 obligatoires")
        if meta.announce is None or not meta.announce.endswith(f"/announce/{self.passkey}"):
            raise _Refused(422, "torrent: announce invalide")
        return meta
