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
import json
import re
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from fakes.c411_rules import (
    CATEGORIES,
    FILE_FIELDS,
    REQUIRED,
    TEXT_FIELDS,
    Refused,
    check_nfo,
    check_options,
    check_tmdb,
)
from fakes.torznab import FakeTorznab, TorznabRelease
from seedarr.media.torrent.errors import TorrentFileError
from seedarr.media.torrent.metainfo import parse_metainfo

__all__ = ["CATEGORIES", "FakeC411", "StoredUpload"]


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
                raise Refused(status, message, headers)
            if path not in routes:
                raise Refused(404, "Route not found")
            expected, handler = routes[path]
            if method != expected:
                raise Refused(405, "Method not allowed")
            if path != "/api" and request.headers.get("authorization") != f"Bearer {self.api_key}":
                raise Refused(401, "Unauthorized")
            response: Response = await handler(request)
            return response
        except Refused as refused:
            return refused.response

    async def _categories(self, request: Request) -> Response:
        return JSONResponse({"data": self.categories})

    async def _tags(self, request: Request) -> Response:
        return JSONResponse({"data": self.tags})

    async def _search(self, request: Request) -> Response:
        params = dict(request.query_params)
        if set(params) - {"q", "tmdbId", "imdbId"}:
            raise Refused(400, f"Unknown parameter: {sorted(set(params) - {'q', 'tmdbId', 'imdbId'})[0]}")
        if "tmdbId" in params and not params["tmdbId"].isdigit():
            raise Refused(400, "tmdbId must be an integer")
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
            raise Refused(400, "Expected multipart/form-data")
        form = await request.form()
        try:
            fields, files = self._parts(form.multi_items())
            files_data = {name: await part.read() for name, part in files.items()}
        finally:
            await form.close()
        self._check_text(fields)
        options = check_options(fields.get("options", "{}"))
        tmdb = check_tmdb(fields["tmdbData"]) if "tmdbData" in fields else None
        check_nfo(files_data["nfo"], fields["title"])
        meta = self._check_torrent(files_data["torrent"], files["torrent"])
        if any(s.infohash == meta.infohash for s in self.stored.values()):
            raise Refused(422, "Ce torrent existe déjà")
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
                raise Refused(400, f"Unknown field: {name}")
            if name in fields or name in files:
                raise Refused(400, f"Field sent twice: {name}")
            if (name in FILE_FIELDS) != isinstance(value, UploadFile):
                raise Refused(400, f"{name} must be {'a file' if name in FILE_FIELDS else 'text'}")
            if isinstance(value, UploadFile):
                files[name] = value
            else:
                fields[name] = value
        missing = sorted(REQUIRED - set(fields) - set(files))
        if missing:
            raise Refused(400, f"Missing field: {missing[0]}")
        return fields, files

    def _check_text(self, f: dict[str, str]) -> None:
        title = f["title"]
        if not 3 <= len(title) <= 255 or not re.fullmatch(r"[^\s()\[\]]+", title):
            raise Refused(422, "Titre invalide: 3 à 255 caractères, séparés par des points")
        if ".." in title or title.startswith(".") or title.endswith("."):
            raise Refused(422, "Titre invalide: points mal placés")
        if len(f["description"].strip()) < 20:
            raise Refused(422, "La description doit faire au moins 20 caractères")
        if not (f["categoryId"].isdigit() and f["subcategoryId"].isdigit()):
            raise Refused(400, "categoryId et subcategoryId doivent être des entiers")
        parent = next((c for c in self.categories if c["id"] == int(f["categoryId"])), None)
        if parent is None:
            raise Refused(404, "Catégorie introuvable")
        if int(f["subcategoryId"]) not in {s["id"] for s in parent["subcategories"]}:
            raise Refused(422, "Sous-catégorie invalide pour cette catégorie")
        if f.get("isExclusive", "false") not in ("true", "false"):
            raise Refused(400, "isExclusive doit valoir true ou false")
        if "rawgData" in f:
            raise Refused(422, "rawgData est réservé aux jeux")

    def _check_torrent(self, data: bytes, part: UploadFile) -> Any:
        if part.content_type != "application/x-bittorrent" or not (part.filename or "").endswith(".torrent"):
            raise Refused(400, "torrent: fichier .torrent attendu")
        try:
            meta = parse_metainfo(data)
        except TorrentFileError as exc:
            raise Refused(400, f"torrent invalide: {exc}") from None
        if not meta.private or meta.source != "C411":
            raise Refused(422, "torrent: private=1 et source C411 obligatoires")
        if meta.announce is None or not meta.announce.endswith(f"/announce/{self.passkey}"):
            raise Refused(422, "torrent: announce invalide")
        return meta
