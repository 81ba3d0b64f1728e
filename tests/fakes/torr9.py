"""A strict fake of torr9's API (trackers spec §3), served over real HTTP (site and API on one host).

Routes, and nothing else (any other path is a 404, another method a 405): ``POST /api/v1/auth/login``
(JSON ``{username, password, remember_me}`` → a JWT-like token with an ``exp`` claim, and ``user``),
``POST /api/v1/torrents/upload``, ``GET /api/v1/torrents?q=`` (search), ``GET /api/v1/torrents/{id}/download``
and ``GET /api/v1/categories``. Every route but the login needs ``Authorization: Bearer`` with a live
session token or (when ``static_keys``) the API key; optionally every route needs the site's ``Origin``
and ``Referer``. The upload form is checked field by field (:mod:`fakes.torr9_checks`: exact names,
labels, ids, comma tags, the NFO as a file or text per ``nfo_mode``, a private ``.torrent`` with the
source TORR9). It then rewrites the torrent (adds ``info.entropy``, sets its own announce URL), so the
infohash changes, and answers with the new torrent base64-encoded, as a relative ``download_url``, or
with neither (``answer``). Errors come as ``{"error": "…"}``. Tests can queue failures (any status,
``Retry-After`` on 429, a 200 carrying an ``error``), slow answers down, expire every session token, and
read the counts of uploads and logins.
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
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from fakes.torr9_checks import CATEGORIES, Refused, check_fields, read_form
from harness.tracker_samples import FAST_RETRY
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
                raise Refused(404, "Not found")
            wanted, handler = routes[path]
            if method != wanted:
                raise Refused(405, "Method not allowed")
            if self.delay_s:
                await asyncio.sleep(self.delay_s)
            self._check_origin(request)
            self._injected_failure(path)
            if handler != self._login:
                self._authenticate(request)
            result = handler(request)
            response: Response = await result if asyncio.iscoroutine(result) else result
            return response
        except Refused as refused:
            return refused.response

    def _injected_failure(self, path: str) -> None:
        if not self._failures or self._failures[0][3] not in (None, path):
            return
        status, message, headers, _ = self._failures.popleft()
        raise Refused(status, message, headers)

    def _check_origin(self, request: Request) -> None:
        if not self.require_origin:
            return
        origin, referer = request.headers.get("origin", ""), request.headers.get("referer", "")
        if origin != self.expected_origin or not referer.startswith(self.expected_origin):
            raise Refused(403, "Origin not allowed")

    def _authenticate(self, request: Request) -> None:
        header = request.headers.get("authorization", "")
        if not header.startswith("Bearer "):
            raise Refused(401, "Missing bearer token")
        token = header.removeprefix("Bearer ")
        if self.static_keys and hmac.compare_digest(token, self.api_key):
            return
        if token not in self._tokens:
            raise Refused(401, "Invalid token")
        if self._tokens[token] <= time.time():
            raise Refused(401, "Token expired")

    # --- handlers -----------------------------------------------------------------------------------------

    async def _login(self, request: Request) -> Response:
        try:
            body = json.loads(await request.body())
        except ValueError:
            raise Refused(400, "JSON body expected") from None
        if not isinstance(body, dict) or set(body) != {"username", "password", "remember_me"}:
            raise Refused(422, "username, password and remember_me are required")
        if not isinstance(body["remember_me"], bool):
            raise Refused(422, "remember_me must be a boolean")
        if body["username"] != self.username or not hmac.compare_digest(str(body["password"]), self.password):
            raise Refused(401, "Invalid credentials")
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
            raise Refused(404, "Torrent not found")
        return Response(stored.data, media_type="application/x-bittorrent")

    async def _search(self, request: Request) -> Response:
        params = request.query_params
        unknown = {k for k in params if k not in ("q", "page", "per_page")}
        if unknown:
            raise Refused(400, f"Unknown parameter: {sorted(unknown)[0]}")
        words = params.get("q", "").lower().split()
        if not words:
            raise Refused(400, "q is required")
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
            raise Refused(400, "multipart/form-data expected")
        form = await request.form()
        try:
            fields, torrent, nfo = await read_form(
                form.multi_items(), nfo_mode=self.nfo_mode, source=self.source
            )
        finally:
            await form.close()
        check_fields(fields, categories=self.categories, resolutions=self.resolutions, types=self.types)
        original = bdecode(torrent)
        original_hash = infohash_v1(original[b"info"])
        if any(original_hash in (t.original_infohash, t.infohash) for t in self.torrents.values()):
            raise Refused(409, "Torrent already exists")
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
