"""A strict fake of torr9's API (trackers spec §3), served over real HTTP (site and API on one host).

Routes, and nothing else (any other path is a 404, another method a 405): ``POST /api/v1/auth/login``
(JSON ``{username, password, remember_me}`` → a JWT-like token with an ``exp`` claim, and ``user``),
``POST /api/v1/torrents/upload``, ``GET /api/v1/torrents?q=`` (search), ``GET /api/v1/torrents/{id}/download``
and ``GET /api/v1/categories``. Every route but the login needs ``Authorization: Bearer`` with a live
session token or (when ``static_keys``) the API key; optionally every route needs the site's ``Origin``
and ``Referer``. The upload checks the exact multipart field names and types: required fields, category
and subcategory **labels**, ``resolution_id``/``type_id`` as known ints, ``tags`` as a comma-separated
string, ``"true"``/``"false"`` flags, id formats, the NFO as a file or a text field (``nfo_mode``), and
the ``.torrent`` (named ``{title}.torrent``, valid, private, ``source`` TORR9). It then rewrites the
torrent (adds ``info.entropy``, sets its own announce URL), so the infohash changes, and answers with the
new torrent base64-encoded, as a relative ``download_url``, or with neither (``answer``). Errors come as
``{"error": "…"}``. Tests can queue failures (any status, ``Retry-After`` on 429, a 200 carrying an
``error``), slow answers down, expire every session token, and read the counts of uploads and logins.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import re
import secrets
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from harness.tracker_samples import FAST_RETRY
from seedarr.media.torrent.errors import TorrentFileError
from seedarr.media.torrent.metainfo import bdecode, bencode, infohash_v1, parse_metainfo
from seedarr.trackers.custom.torr9 import Adapter
from seedarr.trackers.definition import RateLimitSpec, TrackerDefinition
from seedarr.trackers.registry import default_registry
from seedarr.trackers.settings import validate_settings

__all__ = [
    "API_KEY",
    "PASSWORD",
    "USERNAME",
    "FakeTorr9",
    "Received",
    "StoredTorrent",
    "torr9_adapter",
    "torr9_definition_at",
]

USERNAME = "seedarr-uploader"
PASSWORD = "pa55-word-of-the-fake-account"
API_KEY = "static-api-key-of-the-fake-torr9"
ANNOUNCE = "https://torr9.test/announce/0123456789abcdef0123456789abcdef"

API = "/api/v1"
TEXT_FIELDS = {"title", "description", "category", "subcategory", "tags", "is_exclusive", "is_anonymous",
               "tmdb_id", "imdb_id", "tvdb_id", "mal_id", "igdb_id", "resolution_id", "type_id",
               "stream"}  # fmt: skip
REQUIRED = (
    "torrent_file",
    "title",
    "description",
    "nfo",
    "category",
    "subcategory",
    "resolution_id",
    "type_id",
)
DIGITS = ("tmdb_id", "tvdb_id", "mal_id", "igdb_id")
CATEGORIES = {
    "Films": ["Films", "Films d'animation", "Documentaires", "Concert", "Spectacle", "Sport", "Vidéo-clips"],
    "Séries": ["Séries TV", "Emission TV", "Séries Animées", "Mangas-Animes"],
    "Audio": ["Musique"],
}


def torr9_definition_at(url: str) -> TrackerDefinition:
    """The shipped torr9 definition with the site and the API at ``url`` and a fast rate limit."""
    definition = default_registry().get("torr9")
    update = {"base_url": url, "api_base": url, "rate_limit": RateLimitSpec(per_second=50, burst=10)}
    return definition.model_copy(update=update)


def torr9_adapter(url: str, http: httpx.AsyncClient, **values: Any) -> Adapter:
    """An adapter on the site at ``url``: the account login by default; a ``None`` value drops a setting."""
    values = {"username": USERNAME, "password": PASSWORD, "announceUrl": ANNOUNCE, **values}
    settings = validate_settings(torr9_definition_at(url), {k: v for k, v in values.items() if v is not None})
    return Adapter(torr9_definition_at(url), settings, http, retry=FAST_RETRY)


@dataclass
class Received:
    method: str
    path: str
    params: list[tuple[str, str]]
    headers: dict[str, str]


@dataclass
class StoredTorrent:
    id: int
    fields: dict[str, str]
    nfo: bytes
    original_infohash: str
    data: bytes  # the rewritten torrent, as the site serves it
    infohash: str
    size: int


class _Refused(Exception):
    """An error answer: ``{"error": …}`` (a 200 also says ``"success": false``)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        body: dict[str, Any] = {"error": message} if status != 200 else {"success": False, "error": message}
        self.response = JSONResponse(body, status_code=status, headers=headers)


@dataclass
class FakeTorr9:
    """One torr9 site with one account (``username``/``password``) and its static ``api_key``."""

    username: str
    password: str
    api_key: str
    passkey: str = field(default_factory=lambda: secrets.token_hex(16))
    static_keys: bool = True
    require_origin: bool = False
    expected_origin: str = ""
    source: str = "TORR9"
    nfo_mode: Literal["file", "text", "either"] = "either"
    answer: Literal["base64", "download_url", "none"] = "base64"
    search_shape: Literal["list", "data", "torrents"] = "data"
    token_ttl_s: int = 3600
    categories: dict[str, list[str]] = field(
        default_factory=lambda: {k: list(v) for k, v in CATEGORIES.items()}
    )
    resolutions: set[int] = field(default_factory=lambda: {1, 2, 3, 5, 6, 10})
    types: set[int] = field(default_factory=lambda: {1, 2, 4, 5, 6, 10})
    torrents: dict[int, StoredTorrent] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    delay_s: float = 0.0
    uploads: int = 0
    logins: int = 0
    _failures: deque[tuple[int, str, dict[str, str], str | None]] = field(default_factory=deque)
    _tokens: dict[str, float] = field(default_factory=dict)
    _signing_key: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    def reset(self, **config: Any) -> None:
        """Forget torrents, requests, tokens and failures; restore the defaults, then apply ``config``."""
        fresh = FakeTorr9(self.username, self.password, self.api_key)
        for name in fresh.__dataclass_fields__:
            setattr(self, name, getattr(fresh, name))
        for key, value in config.items():
            if not hasattr(self, key):
                raise AttributeError(key)
            setattr(self, key, value)

    def fail_next(
        self,
        status: int,
        *,
        count: int = 1,
        retry_after: str | None = None,
        message: str | None = None,
        path: str | None = None,
    ) -> None:
        """The next ``count`` requests (to ``path`` only, when given) answer ``status``.

        A 200 carries ``{"success": false, "error": …}``; a 429 the ``Retry-After`` given.
        """
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        defaults = {401: "Unauthorized", 403: "Forbidden", 409: "Torrent already exists",
                    422: "Validation failed", 429: "Too many requests"}  # fmt: skip
        text = message or defaults.get(status, "Server error")
        self._failures.extend((status, text, headers, path) for _ in range(count))

    def expire_tokens(self) -> None:
        """Every session token issued so far stops working (its ``exp`` claim still lies ahead)."""
        self._tokens = dict.fromkeys(self._tokens, 0.0)

    def paths(self) -> list[str]:
        return [f"{r.method} {r.path}" for r in self.received]

    # --- the ASGI app -------------------------------------------------------------------------------------

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/{path:path}", self._dispatch, methods=["GET", "POST", "PUT"])])

    async def _dispatch(self, request: Request) -> Response:
        path, method = request.url.path, request.method
        self.received.append(
            Received(method, path, list(request.query_params.multi_items()), dict(request.headers))
        )
        routes: dict[str, tuple[str, Any]] = {
            f"{API}/auth/login": ("POST", self._login),
            f"{API}/torrents/upload": ("POST", self._upload),
            f"{API}/torrents": ("GET", self._search),
            f"{API}/categories": ("GET", self._categories),
        }
        download = re.fullmatch(rf"{API}/torrents/(\d+)/download", path)
        if download:
            torrent_id = int(download.group(1))
            routes[path] = ("GET", lambda _request: self._download(torrent_id))
        try:
            if path not in routes:
                raise _Refused(404, "Not found")
            wanted, handler = routes[path]
            if method != wanted:
                raise _Refused(405, "Method not allowed")
            if self.delay_s:
                await asyncio.sleep(self.delay_s)
            self._check_origin(request)
            self._injected_failure(path)
            if handler != self._login:
                self._authenticate(request)
            result = handler(request)
            response: Response = await result if asyncio.iscoroutine(result) else result
            return response
        except _Refused as refused:
            return refused.response

    def _injected_failure(self, path: str) -> None:
        if not self._failures or self._failures[0][3] not in (None, path):
            return
        status, message, headers, _ = self._failures.popleft()
        raise _Refused(status, message, headers)

    def _check_origin(self, request: Request) -> None:
        if not self.require_origin:
            return
        origin, referer = request.headers.get("origin", ""), request.headers.get("referer", "")
        if origin != self.expected_origin or not referer.startswith(self.expected_origin):
            raise _Refused(403, "Origin not allowed")

    def _authenticate(self, request: Request) -> None:
        header = request.headers.get("authorization", "")
        if not header.startswith("Bearer "):
            raise _Refused(401, "Missing bearer token")
        token = header.removeprefix("Bearer ")
        if self.static_keys and hmac.compare_digest(token, self.api_key):
            return
        if token not in self._tokens:
            raise _Refused(401, "Invalid token")
        if self._tokens[token] <= time.time():
            raise _Refused(401, "Token expired")

    # --- handlers -----------------------------------------------------------------------------------------

    async def _login(self, request: Request) -> Response:
        try:
            body = json.loads(await request.body())
        except ValueError:
            raise _Refused(400, "JSON body expected") from None
        if not isinstance(body, dict) or set(body) != {"username", "password", "remember_me"}:
            raise _Refused(422, "username, password and remember_me are required")
        if not isinstance(body["remember_me"], bool):
            raise _Refused(422, "remember_me must be a boolean")
        if body["username"] != self.username or not hmac.compare_digest(str(body["password"]), self.password):
            raise _Refused(401, "Invalid credentials")
        expires = int(time.time()) + self.token_ttl_s
        token = self._jwt({"sub": self.username, "exp": expires, "jti": secrets.token_hex(8)})
        self._tokens[token] = float(expires)
        self.logins += 1
        return JSONResponse(
            {"token": token, "user": {"id": 7, "username": self.username, "passkey": self.passkey}}
        )

    def _jwt(self, claims: dict[str, Any]) -> str:
        def part(data: bytes) -> str:
            return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

        head = (
            part(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
            + "."
            + part(json.dumps(claims).encode())
        )
        return head + "." + part(hmac.new(self._signing_key, head.encode(), hashlib.sha256).digest())

    async def _categories(self, request: Request) -> Response:
        data = [
            {
                "id": i,
                "name": name,
                "subcategories": [{"id": i * 100 + j, "name": s} for j, s in enumerate(subs)],
            }
            for i, (name, subs) in enumerate(self.categories.items(), start=1)
        ]
        return JSONResponse({"data": data})

    def _download(self, torrent_id: int) -> Response:
        stored = self.torrents.get(torrent_id)
        if stored is None:
            raise _Refused(404, "Torrent not found")
        return Response(stored.data, media_type="application/x-bittorrent")

    async def _search(self, request: Request) -> Response:
        params = request.query_params
        unknown = {k for k in params if k not in ("q", "page", "per_page")}
        if unknown:
            raise _Refused(400, f"Unknown parameter: {sorted(unknown)[0]}")
        words = params.get("q", "").lower().split()
        if not words:
            raise _Refused(400, "q is required")
        items = []
        for stored in self.torrents.values():
            title = stored.fields["title"]
            if all(w in re.split(r"[.\s_-]+", title.lower()) for w in words):
                items.append({"id": stored.id, "title": title, "size": stored.size,
                              "link": f"/torrents/{stored.id}", "info_hash": stored.infohash,
                              "seeders": 1, "leechers": 0})  # fmt: skip
        if self.search_shape == "list":
            return JSONResponse(items)
        return JSONResponse({self.search_shape: items, "total": len(items)})

    async def _upload(self, request: Request) -> Response:
        if not request.headers.get("content-type", "").startswith("multipart/form-data"):
            raise _Refused(400, "multipart/form-data expected")
        form = await request.form()
        try:
            fields, torrent, nfo = await self._read_form(form.multi_items())
        finally:
            await form.close()
        self._check_fields(fields)
        original = bdecode(torrent)
        original_hash = infohash_v1(original[b"info"])
        if any(original_hash in (t.original_infohash, t.infohash) for t in self.torrents.values()):
            raise _Refused(409, "Torrent already exists")
        info = dict(original[b"info"])
        info[b"entropy"] = secrets.token_hex(16).encode()
        rewritten = {
            **original,
            b"info": info,
            b"announce": f"https://torr9.test/announce/{self.passkey}".encode(),
        }
        data = bencode(rewritten)
        meta = parse_metainfo(data)
        torrent_id = max(self.torrents, default=500) + 1
        size = sum(length for _, length in meta.files)
        self.torrents[torrent_id] = StoredTorrent(
            torrent_id, fields, nfo, original_hash, data, meta.infohash, size
        )
        self.uploads += 1
        slug = re.sub(r"[^a-z0-9]+", "-", fields["title"].lower()).strip("-")
        if self.answer == "base64":
            body: dict[str, Any] = {"success": True, "torrent_id": torrent_id, "message": "Torrent uploaded",
                                    "torrent_file": base64.b64encode(data).decode()}  # fmt: skip
        elif self.answer == "download_url":
            body = {"success": True, "data": {"id": torrent_id, "slug": slug},
                    "download_url": f"{API}/torrents/{torrent_id}/download"}  # fmt: skip
        else:
            body = {"success": True, "slug": slug}
        return JSONResponse(body, status_code=201)

    async def _read_form(self, items: list[tuple[str, Any]]) -> tuple[dict[str, str], bytes, bytes]:
        fields: dict[str, str] = {}
        files: dict[str, UploadFile] = {}
        for name, value in items:
            if name not in TEXT_FIELDS | {"torrent_file", "nfo"}:
                raise _Refused(400, f"Unknown field: {name}")
            if name in fields or name in files:
                raise _Refused(400, f"Field sent twice: {name}")
            if isinstance(value, UploadFile):
                if name not in ("torrent_file", "nfo"):
                    raise _Refused(422, f"{name} must not be a file")
                files[name] = value
            elif name == "torrent_file":
                raise _Refused(422, "torrent_file must be a file")
            else:
                fields[name] = value
        if "nfo" in files and self.nfo_mode == "text":
            raise _Refused(422, "nfo must be a text field")
        if "nfo" in fields and self.nfo_mode == "file":
            raise _Refused(422, "nfo must be a file")
        missing = [n for n in REQUIRED if n not in fields and n not in files]
        if missing:
            raise _Refused(422, f"Missing field: {missing[0]}")
        torrent = files["torrent_file"]
        if (
            torrent.filename != f"{fields['title']}.torrent"
            or torrent.content_type != "application/x-bittorrent"
        ):
            raise _Refused(422, "torrent_file must be {title}.torrent of type application/x-bittorrent")
        data = await torrent.read()
        try:
            meta = parse_metainfo(data)
        except TorrentFileError as exc:
            raise _Refused(422, f"Invalid torrent: {exc}") from None
        if not meta.private:
            raise _Refused(422, "The torrent must be private")
        if meta.source != self.source:
            raise _Refused(422, f"The torrent source must be {self.source}")
        nfo = await files["nfo"].read() if "nfo" in files else fields["nfo"].encode()
        if not nfo.strip():
            raise _Refused(422, "The NFO is empty")
        return fields, data, nfo

    def _check_fields(self, f: dict[str, str]) -> None:
        if f["category"] not in self.categories:
            raise _Refused(422, f"Unknown category: {f['category']}")
        if f["subcategory"] not in self.categories[f["category"]]:
            raise _Refused(422, f"Unknown subcategory for {f['category']}: {f['subcategory']}")
        for name, allowed in (("resolution_id", self.resolutions), ("type_id", self.types)):
            if not f[name].isdigit() or int(f[name]) not in allowed:
                raise _Refused(422, f"Invalid {name}: {f[name]}")
        tags = f.get("tags")
        if tags is not None and (
            tags.lstrip().startswith("[") or any(not t.strip() for t in tags.split(","))
        ):
            raise _Refused(422, "tags must be a comma-separated string")
        for name in ("is_exclusive", "is_anonymous"):
            if name in f and f[name] not in ("true", "false"):
                raise _Refused(422, f"{name} must be true or false")
        for name in DIGITS:
            if name in f and not f[name].isdigit():
                raise _Refused(422, f"{name} must be a number")
        if "imdb_id" in f and not re.fullmatch(r"tt\d{7,}", f["imdb_id"]):
            raise _Refused(422, "imdb_id must look like tt0123456")
        if f.get("stream", "0") not in ("0", "1"):
            raise _Refused(422, "stream must be 0 or 1")
        if not f["title"].strip() or not f["description"].strip():
            raise _Refused(422, "title and description must not be empty")
