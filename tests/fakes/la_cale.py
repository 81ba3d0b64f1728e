"""A strict fake of La Cale's external API (trackers spec §1), served over real HTTP.

Routes: ``GET /api/external/meta``, ``GET /api/external`` (search), ``POST /api/external/upload``,
``GET /api/torrents/download/{infoHash}`` and ``GET /`` (the home page); anything else is a JSON 404, a wrong
method a 405. Every API call needs ``X-Api-Key`` (401 when missing, 403 when wrong). The upload checks the
exact multipart field names, which parts are files, the required fields, one ``tags`` part per known tag id
(no JSON list, no commas), ``tmdbType`` in upper case with ``tmdbId`` digits, an NFO of at least 50 bytes,
the ``.torrent`` (private, ``info.source`` = ``lacale``), and answers 409 for an infohash it already has.
Validation errors are 400 ``{"success": false, "message": …}``. Tests queue failures (401/403/409/422/429
with ``Retry-After``/500), slow answers down, count uploads, and can put the site behind Cloudflare: then
a request without a live ``cf_clearance`` from the gate *and* the User-Agent it was issued to gets a 403
challenge page with ``cf-mitigated: challenge``.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import time
from collections import deque
from dataclasses import dataclass, field
from email.utils import formatdate
from http.cookies import CookieError, SimpleCookie
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from fakes.flaresolverr import ClearanceGate
from seedarr.media.torrent.errors import TorrentFileError
from seedarr.media.torrent.metainfo import parse_metainfo

__all__ = ["CATEGORIES", "TAG_GROUPS", "UNGROUPED_TAGS", "FakeLaCale", "StoredTorrent"]

CATEGORIES = [
    {"id": "cat_films", "name": "Films", "slug": "films",
     "children": [{"id": "c7e1-anim", "name": "Films d'animation", "slug": "films-animation"}]},
    {"id": "cat_series", "name": "Séries", "slug": "series",
     "children": [{"id": "c9a4-anime", "name": "Animes", "slug": "anime"}]},
    {"id": "cd02-docs", "name": "Documentaires", "slug": "documentaires"},
    {"id": "cm55-music", "name": "Musique", "slug": "musique"},
]  # fmt: skip
# 2160p is called "4K" here (the pitfall of spec §1.1), and there is no VF2 tag.
TAG_GROUPS = [
    {"name": "Qualité", "tags": [{"id": "t-4k-91", "name": "4K", "slug": "4k"},
                                 {"id": "t-1080-17", "name": "1080p", "slug": "1080p"},
                                 {"id": "t-720-02", "name": "720p", "slug": "720p"}]},
    {"name": "Type", "tags": [{"id": "t-remux-5", "name": "REMUX", "slug": "remux"},
                              {"id": "t-enc-8", "name": "Encode", "slug": "encode"},
                              {"id": "t-webdl-3", "name": "WEB-DL", "slug": "web-dl"},
                              {"id": "t-webrip-4", "name": "WEBRip", "slug": "webrip"},
                              {"id": "t-bluray-6", "name": "BluRay", "slug": "bluray"}]},
    {"name": "Codec", "tags": [{"id": "t-x264-1", "name": "x264", "slug": "x264"},
                               {"id": "t-x265-2", "name": "x265", "slug": "x265"},
                               {"id": "t-h264-9", "name": "H.264", "slug": "h-264"},
                               {"id": "t-hevc-7", "name": "HEVC", "slug": "hevc"}]},
    {"name": "HDR", "tags": [{"id": "t-hdr-11", "name": "HDR", "slug": "hdr"},
                             {"id": "t-hdrp-12", "name": "HDR10+", "slug": "hdr10-plus"},
                             {"id": "t-dv-13", "name": "Dolby Vision", "slug": "dolby-vision"}]},
    {"name": "Langues", "tags": [{"id": "t-multi-21", "name": "MULTi", "slug": "multi"},
                                 {"id": "t-vff-22", "name": "VFF", "slug": "vff"},
                                 {"id": "t-vostfr-23", "name": "VOSTFR", "slug": "vostfr"},
                                 {"id": "t-tf-24", "name": "TRUEFRENCH", "slug": "truefrench"}]},
]  # fmt: skip
UNGROUPED_TAGS = [{"id": "t-ad-31", "name": "Audiodescription", "slug": "audiodescription"}]
TEXT_FIELDS = {"title", "categoryId", "description", "tmdbId", "tmdbType", "coverUrl", "tags"}
FILE_FIELDS = {"file", "nfoFile"}
SEARCH_PARAMS = {"q", "tmdbId", "cat"}
CHALLENGE_PAGE = "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>cf</body></html>"
MESSAGES = {401: "Missing API key", 403: "Invalid API key", 409: "Torrent with this infoHash already exists",
            422: "Unprocessable upload", 429: "Too many requests", 500: "Internal server error"}  # fmt: skip


@dataclass
class StoredTorrent:
    id: str
    slug: str
    fields: dict[str, Any]
    tags: list[str]
    data: bytes
    infohash: str
    size: int
    nfo: bytes
    at: float


@dataclass
class Received:
    method: str
    path: str
    params: list[tuple[str, str]]
    headers: dict[str, str]
    cookies: dict[str, str]


class _Refused(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


def _refuse(status: int, message: str, **headers: str) -> _Refused:
    return _Refused(JSONResponse({"success": False, "message": message}, status_code=status, headers=headers))


def _all_ids(items: list[dict[str, Any]]) -> dict[str, str]:
    found: dict[str, str] = {}
    for item in items:
        found[item["id"]] = item["slug"]
        found.update(_all_ids(item.get("children") or []))
    return found


@dataclass
class FakeLaCale:
    """La Cale's API; ``cloudflare`` (a gate) puts it behind a Cloudflare challenge."""

    api_key: str
    source: str = "lacale"
    tags_key: str = "ungroupedTags"  # some answers say "tags"
    cloudflare: ClearanceGate | None = None
    torrents: dict[str, StoredTorrent] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    uploads: int = 0
    delay_s: float = 0.0
    _failures: deque[tuple[int, dict[str, str]]] = field(default_factory=deque)

    def reset(self, **config: Any) -> None:
        self.torrents.clear()
        self.received.clear()
        self._failures.clear()
        self.uploads, self.delay_s, self.cloudflare, self.tags_key = 0, 0.0, None, "ungroupedTags"
        for key, value in config.items():
            if not hasattr(self, key):
                raise AttributeError(key)
            setattr(self, key, value)

    def fail_next(self, status: int, *, count: int = 1, retry_after: str | None = None) -> None:
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        self._failures.extend((status, headers) for _ in range(count))

    def paths(self) -> list[str]:
        return [r.path for r in self.received]

    def tag_ids(self) -> set[str]:
        return {t["id"] for g in TAG_GROUPS for t in g["tags"]} | {t["id"] for t in UNGROUPED_TAGS}

    # --- the ASGI app -------------------------------------------------------------------------------------

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/{path:path}", self._dispatch, methods=["GET", "POST", "PUT"])])

    async def _dispatch(self, request: Request) -> Response:
        path, method = request.url.path, request.method
        try:
            cookies = {k: m.value for k, m in SimpleCookie(request.headers.get("cookie", "")).items()}
        except CookieError:
            cookies = {}
        self.received.append(Received(method, path, list(request.query_params.multi_items()),
                                      dict(request.headers), cookies))  # fmt: skip
        if self.cloudflare is not None and not self.cloudflare.admits(
            cookies.get("cf_clearance"), request.headers.get("user-agent")
        ):
            return HTMLResponse(CHALLENGE_PAGE, status_code=403,
                                headers={"cf-mitigated": "challenge", "server": "cloudflare"})  # fmt: skip
        routes: dict[str, tuple[str, Any]] = {
            "/": ("GET", self._home),
            "/api/external/meta": ("GET", self._meta),
            "/api/external": ("GET", self._search),
            "/api/external/upload": ("POST", self._upload),
        }
        download = re.fullmatch(r"/api/torrents/download/([^/]+)", path)
        route = ("GET", self._download) if download else routes.get(path)
        try:
            if self.delay_s:
                await asyncio.sleep(self.delay_s)
            if route is None:
                raise _refuse(404, "Not found")
            if method != route[0]:
                raise _refuse(405, "Method not allowed")
            if path != "/":
                self._authenticate(request)
            self._injected_failure()
            result: Response = await route[1](request)
            return result
        except _Refused as refused:
            return refused.response

    def _injected_failure(self) -> None:
        if self._failures:
            status, headers = self._failures.popleft()
            raise _refuse(status, MESSAGES.get(status, "Error"), **headers)

    def _authenticate(self, request: Request) -> None:
        key = request.headers.get("x-api-key")
        if not key:
            raise _refuse(401, MESSAGES[401])
        if not secrets.compare_digest(key, self.api_key):
            raise _refuse(403, MESSAGES[403])

    # --- handlers -----------------------------------------------------------------------------------------

    async def _home(self, request: Request) -> Response:
        return HTMLResponse("<html><title>La Cale</title></html>")

    async def _meta(self, request: Request) -> Response:
        return JSONResponse(
            {"categories": CATEGORIES, "tagGroups": TAG_GROUPS, self.tags_key: UNGROUPED_TAGS}
        )

    async def _download(self, request: Request) -> Response:
        stored = self.torrents.get(request.path_params["path"].rsplit("/", 1)[-1].lower())
        if stored is None:
            raise _refuse(404, "Torrent not found")
        return Response(stored.data, media_type="application/x-bittorrent")

    async def _search(self, request: Request) -> Response:
        items = request.query_params.multi_items()
        for name, value in items:
            if name not in SEARCH_PARAMS:
                raise _refuse(400, f"Unknown parameter: {name}")
            if name == "tmdbId" and not value.isdigit():
                raise _refuse(400, "tmdbId must be an integer")
            if name == "q" and len(value) > 200:
                raise _refuse(400, "q must be at most 200 characters")
            if name == "cat" and value not in _all_ids(CATEGORIES).values():
                raise _refuse(400, f"Unknown category: {value}")
        params = dict(items)
        cats = {v for k, v in items if k == "cat"}
        slugs = _all_ids(CATEGORIES)
        hits = []
        for stored in sorted(self.torrents.values(), key=lambda t: t.at, reverse=True):
            f = stored.fields
            if "tmdbId" in params and f.get("tmdbId") != params["tmdbId"]:
                continue
            words = params.get("q", "").lower().replace(".", " ").split()
            if any(w not in f["title"].lower().replace(".", " ") for w in words):
                continue
            if cats and slugs[f["categoryId"]] not in cats:
                continue
            hits.append({"guid": stored.id, "title": f["title"], "size": stored.size,
                         "pubDate": formatdate(stored.at, usegmt=True),
                         "link": f"{request.base_url}torrents/{stored.slug}",
                         "category": slugs[f["categoryId"]], "seeders": 1, "leechers": 0,
                         "infoHash": stored.infohash})  # fmt: skip
        return JSONResponse(hits[:50])

    async def _upload(self, request: Request) -> Response:
        if not request.headers.get("content-type", "").startswith("multipart/form-data"):
            raise _refuse(400, "The request must be multipart/form-data")
        form = await request.form()
        try:
            fields, tags, files = self._parts(form.multi_items())
            torrent, nfo = await files["file"].read(), await files["nfoFile"].read()
        finally:
            await form.close()
        self._check_fields(fields, tags, files, nfo)
        meta = self._check_torrent(torrent)
        if meta.infohash in self.torrents:
            raise _refuse(409, MESSAGES[409])
        torrent_id = secrets.token_hex(6)
        slug = re.sub(r"[^a-z0-9]+", "-", fields["title"].lower()).strip("-")
        self.torrents[meta.infohash] = StoredTorrent(
            torrent_id, slug, fields, tags, torrent, meta.infohash, meta.total_size, nfo, time.time()
        )
        self.uploads += 1
        link = f"{request.base_url}torrents/{slug}"
        body = {"success": True, "id": torrent_id, "slug": slug, "link": link, "message": "Torrent uploaded"}
        return JSONResponse(body)

    @staticmethod
    def _parts(items: list[tuple[str, Any]]) -> tuple[dict[str, str], list[str], dict[str, UploadFile]]:
        fields: dict[str, str] = {}
        tags: list[str] = []
        files: dict[str, UploadFile] = {}
        for name, value in items:
            if name not in TEXT_FIELDS | FILE_FIELDS:
                raise _refuse(400, f"Unknown field: {name}")
            if (name in FILE_FIELDS) != isinstance(value, UploadFile):
                raise _refuse(400, f"{name} must {'' if name in FILE_FIELDS else 'not '}be a file")
            if name == "tags":
                tags.append(value)
            elif name in fields or name in files:
                raise _refuse(400, f"{name} sent twice")
            elif isinstance(value, UploadFile):
                files[name] = value
            else:
                fields[name] = value
        for name in ("file", "nfoFile"):
            if name not in files:
                raise _refuse(400, f"{name} is required")
        return fields, tags, files

    def _check_fields(
        self, f: dict[str, str], tags: list[str], files: dict[str, UploadFile], nfo: bytes
    ) -> None:
        for name in ("title", "categoryId"):
            if not f.get(name, "").strip():
                raise _refuse(400, f"{name} is required")
        if f["categoryId"] not in _all_ids(CATEGORIES):
            raise _refuse(400, "Unknown categoryId")
        torrent = files["file"]
        if torrent.filename != f"{f['title']}.torrent" or torrent.content_type != "application/x-bittorrent":
            raise _refuse(400, "file must be {title}.torrent sent as application/x-bittorrent")
        if files["nfoFile"].content_type != "text/plain":
            raise _refuse(400, "nfoFile must be text/plain")
        if len(nfo) < 50:
            raise _refuse(400, "nfoFile must be at least 50 bytes")
        if "tmdbId" in f and not f["tmdbId"].isdigit():
            raise _refuse(400, "tmdbId must contain digits only")
        if ("tmdbId" in f) != ("tmdbType" in f) or f.get("tmdbType", "MOVIE") not in ("MOVIE", "TV"):
            raise _refuse(400, "tmdbType must be MOVIE or TV, sent with tmdbId")
        if "coverUrl" in f and not re.fullmatch(r"https?://\S+", f["coverUrl"]):
            raise _refuse(400, "coverUrl must be a URL")
        known = self.tag_ids()
        for tag in tags:
            if tag not in known:
                raise _refuse(400, f"Unknown tag: {tag[:60]} (send one tags part per tag id)")
        if len(set(tags)) != len(tags):
            raise _refuse(400, "A tag was sent twice")

    def _check_torrent(self, data: bytes) -> Any:
        try:
            meta = parse_metainfo(data)
        except TorrentFileError as exc:
            raise _refuse(400, f"Invalid torrent: {exc}") from None
        if not meta.private:
            raise _refuse(400, "The torrent must be private")
        if meta.source != self.source:
            raise _refuse(400, f"The torrent source must be '{self.source}'")
        return meta
