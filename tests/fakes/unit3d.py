"""A strict fake of a UNIT3D site's API (trackers spec §4), served over real HTTP.

Only the documented routes exist under the site's API prefix (``/api`` or a site's own): ``POST
/torrents/upload``, ``GET /torrents/filter``, ``GET /torrents/{id}``, ``GET /user``, plus the download route
``GET /torrent/download/{id}.{rsskey}``; any other path is a 404 and any other method a 405. Every API call
needs ``Authorization: Bearer <token>`` (else 401, or a 302 to ``/login`` when told to act like the web
routes). The upload checks the exact multipart field names and types, the required and prohibited fields
(season/episode and tvdb for movies, igdb for films and series), unknown fields (refused, where UNIT3D would
ignore them, so a misspelt name fails a test), the uploaded .torrent (valid, private, safe file names),
unique names and infohashes (422 like the real site), then rewrites the torrent as §4.3 says and serves it
back with the rsskey. Tests can queue failures (401/403/429 with ``Retry-After``/5xx/302), slow answers
down, and read what was received and how many uploads were accepted.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from seedarr.media.torrent.errors import TorrentFileError
from seedarr.media.torrent.metainfo import bdecode, bencode, infohash_v1, parse_metainfo

__all__ = ["FakeUnit3d", "Received", "StoredTorrent"]

TEXT_FIELDS = {"name", "description", "mediainfo", "bdinfo", "keywords", "fl_until", "du_until"}
INT_FIELDS = {"category_id", "type_id", "resolution_id", "region_id", "distributor_id", "season_number",
              "episode_number", "tmdb", "imdb", "tvdb", "mal", "igdb", "free"}  # fmt: skip
BOOL_FIELDS = {"anonymous", "personal_release", "internal", "refundable", "featured", "doubleup", "sticky",
               "mod_queue_opt_in"}  # fmt: skip
FILE_FIELDS = {"torrent", "nfo"}
FILTER_PARAMS = {"perPage", "sortField", "sortDirection", "cursor", "name", "description", "mediainfo",
                 "bdinfo", "uploader", "keywords", "file_name", "categories[]", "types[]", "resolutions[]",
                 "genres[]",
                 "startYear", "endYear", "primaryLanguages[]", "adult", "tmdbId", "imdbId", "tvdbId", "malId",
                 "playlistId", "collectionId", "seasonNumber", "episodeNumber", "free[]", "doubleup",
                 "featured", "refundable", "highspeed", "internal", "personalRelease", "alive", "dying",
                 "dead"}  # fmt: skip
KEPT_TOP = {b"comment", b"created by", b"encoding", b"info"}
KEPT_INFO = {b"files", b"length", b"name", b"piece length", b"pieces"}
BAD_NAME = re.compile(r'[\\/?<>:*|"\x00-\x1f]')
RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}


@dataclass
class Received:
    method: str
    path: str
    params: list[tuple[str, str]]
    headers: dict[str, str]
    at: float


@dataclass
class StoredTorrent:
    id: int
    fields: dict[str, Any]
    original_infohash: str
    data: bytes  # the rewritten torrent, as the site serves it
    infohash: str
    files: list[tuple[str, int]]
    seeders: int = 0


class _Refused(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


def _validation(errors: dict[str, list[str]], status: int = 422) -> _Refused:
    body = {"success": False, "message": "Validation Error.", "data": errors}
    return _Refused(JSONResponse(body, status_code=status))


@dataclass
class FakeUnit3d:
    """One UNIT3D site. ``categories`` maps id → ``movie``/``tv``/``game``; ids not listed do not exist."""

    api_token: str
    source: str = "FAKE"
    prefix: str = "/api"
    rsskey: str = field(default_factory=lambda: secrets.token_hex(16))
    username: str = "seedarr-test"
    categories: dict[int, str] = field(default_factory=lambda: {1: "movie", 2: "tv", 3: "game"})
    types: set[int] = field(default_factory=lambda: {1, 2, 3, 4, 5, 6})
    resolutions: set[int] = field(default_factory=lambda: set(range(1, 11)))
    extensions: set[str] = field(default_factory=set)
    torrents: dict[int, StoredTorrent] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    delay_s: float = 0.0
    uploads: int = 0
    _failures: deque[tuple[int, dict[str, str]]] = field(default_factory=deque)

    def reset(self, **config: Any) -> None:
        """Forget every torrent, request and failure; apply ``config`` (prefix, source, ids…)."""
        self.torrents.clear()
        self.received.clear()
        self._failures.clear()
        self.delay_s = 0.0
        self.uploads = 0
        for key, value in config.items():
            if not hasattr(self, key):
                raise AttributeError(key)
            setattr(self, key, value)

    def fail_next(self, status: int, *, count: int = 1, retry_after: str | None = None) -> None:
        """The next ``count`` requests answer ``status`` (429 with ``Retry-After`` when given)."""
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        self._failures.extend((status, headers) for _ in range(count))

    def paths(self) -> list[str]:
        return [r.path for r in self.received]

    # --- the ASGI app -------------------------------------------------------------------------------------

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/{path:path}", self._dispatch, methods=["GET", "POST"])])

    async def _dispatch(self, request: Request) -> Response:
        path, method = request.url.path, request.method
        self.received.append(
            Received(
                method, path, list(request.query_params.multi_items()), dict(request.headers), time.time()
            )
        )
        routes = {
            f"{self.prefix}/torrents/upload": ("POST", self._upload),
            f"{self.prefix}/torrents/filter": ("GET", self._filter),
            f"{self.prefix}/user": ("GET", self._user),
        }
        match = re.fullmatch(rf"{re.escape(self.prefix)}/torrents/(\d+)", path)
        download = re.fullmatch(r"/torrent/download/(\d+)\.([0-9a-f]+)", path)
        try:
            if self.delay_s:
                await asyncio.sleep(self.delay_s)
            self._injected_failure()
            if download:
                return self._download(int(download.group(1)), download.group(2))
            if match:
                route: tuple[str, Any] = ("GET", lambda r: self._show(int(match.group(1))))
            elif path in routes:
                route = routes[path]
            else:
                return JSONResponse({"message": "Not Found."}, status_code=404)
            if method != route[0]:
                return JSONResponse({"message": "Method Not Allowed."}, status_code=405)
            self._authenticate(request)
            result: Response = await route[1](request) if path in routes else route[1](request)
            return result
        except _Refused as refused:
            return refused.response

    def _injected_failure(self) -> None:
        if not self._failures:
            return
        status, headers = self._failures.popleft()
        if status == 302:
            raise _Refused(RedirectResponse("/login", status_code=302))
        messages = {401: "Unauthenticated.", 403: "You are not allowed to upload.", 429: "Too Many Attempts."}
        body = {"message": messages.get(status, "Server Error")}
        raise _Refused(JSONResponse(body, status_code=status, headers=headers))

    def _authenticate(self, request: Request) -> None:
        if request.headers.get("authorization") != f"Bearer {self.api_token}":
            raise _Refused(JSONResponse({"message": "Unauthenticated."}, status_code=401))

    # --- handlers -----------------------------------------------------------------------------------------

    async def _user(self, request: Request) -> Response:
        return JSONResponse({"username": self.username, "group": "User", "uploaded": "0 B"})

    def _show(self, torrent_id: int) -> Response:
        stored = self.torrents.get(torrent_id)
        if stored is None:
            return JSONResponse({"message": "Not Found."}, status_code=404)
        return JSONResponse(self._resource(stored, detail=True))

    def _download(self, torrent_id: int, rsskey: str) -> Response:
        stored = self.torrents.get(torrent_id)
        if stored is None or not secrets.compare_digest(rsskey, self.rsskey):
            return JSONResponse({"message": "Not Found."}, status_code=404)
        return Response(stored.data, media_type="application/x-bittorrent")

    async def _filter(self, request: Request) -> Response:
        items = request.query_params.multi_items()
        errors: dict[str, list[str]] = {}
        for name, value in items:
            if name not in FILTER_PARAMS:
                errors[name] = ["Unknown filter."]
            elif name != "name" and name.endswith(("Id", "[]", "Number", "perPage")) and not value.isdigit():
                errors[name] = ["Must be an integer."]
        per_page = int(request.query_params.get("perPage", "25") or 25)
        if per_page > 100:
            errors["perPage"] = ["The per page field must not be greater than 100."]
        if errors:
            raise _validation(errors)

        def ints(key: str) -> set[int]:
            return {int(v) for k, v in items if k == key}

        wanted = {"category_id": ints("categories[]"), "type_id": ints("types[]"),
                  "resolution_id": ints("resolutions[]")}  # fmt: skip
        params = request.query_params
        hits = []
        for stored in self.torrents.values():
            f = stored.fields
            if any(values and f.get(key) not in values for key, values in wanted.items()):
                continue
            if "tmdbId" in params and f.get("tmdb") != int(params["tmdbId"]):
                continue
            if "imdbId" in params and f.get("imdb") != int(params["imdbId"]):
                continue
            if "seasonNumber" in params and f.get("season_number") != int(params["seasonNumber"]):
                continue
            if "episodeNumber" in params and f.get("episode_number") != int(params["episodeNumber"]):
                continue
            if params.get("name") and not _name_like(params["name"], f["name"]):
                continue
            hits.append(self._resource(stored))
        return JSONResponse({"data": hits[:per_page], "links": {"next": None, "prev": None},
                             "meta": {"per_page": per_page, "path": str(request.url.path)}})  # fmt: skip

    def _resource(self, stored: StoredTorrent, *, detail: bool = False) -> dict[str, Any]:
        f = stored.fields
        attrs = {
            "name": f["name"], "category_id": f["category_id"], "type_id": f["type_id"],
            "resolution_id": f.get("resolution_id"), "tmdb_id": f.get("tmdb"), "imdb_id": f.get("imdb"),
            "tvdb_id": f.get("tvdb"), "size": sum(size for _, size in stored.files),
            "num_file": len(stored.files), "files": [{"name": n, "size": s} for n, s in stored.files],
            "internal": 0, "personal_release": f.get("personal_release", False), "seeders": stored.seeders,
            "leechers": 0, "details_link": f"/torrents/{stored.id}", "info_hash": stored.infohash,
        }  # fmt: skip
        if detail:
            attrs["download_link"] = f"/torrent/download/{stored.id}.{self.rsskey}"
        return {"type": "torrent", "id": str(stored.id), "attributes": attrs}

    async def _upload(self, request: Request) -> Response:
        if not request.headers.get("content-type", "").startswith("multipart/form-data"):
            raise _validation({"torrent": ["The request must be multipart/form-data."]})
        form = await request.form()
        try:
            fields, torrent = self._check_form(form.multi_items())
        finally:
            await form.close()
        self._check_rules(fields)
        original = bdecode(torrent)
        original_hash = infohash_v1(original[b"info"])
        errors: dict[str, list[str]] = {}
        if any(t.fields["name"] == fields["name"] for t in self.torrents.values()):
            errors["name"] = ["The name has already been taken."]
        if any(
            t.original_infohash == original_hash or t.infohash == original_hash
            for t in self.torrents.values()
        ):
            errors["info_hash"] = ["The info hash has already been taken."]
        if errors:
            raise _validation(errors)
        rewritten = {k: v for k, v in original.items() if k in KEPT_TOP}
        info = {k: v for k, v in original[b"info"].items() if k in KEPT_INFO}
        info.update(
            {b"source": self.source.encode(), b"private": 1, b"entropy": secrets.token_hex(32).encode()}
        )
        rewritten[b"info"] = info
        meta = parse_metainfo(bencode(rewritten))
        torrent_id = max(self.torrents, default=100) + 1
        files = [("/".join(parts), size) for parts, size in meta.files]
        self.torrents[torrent_id] = StoredTorrent(
            torrent_id, fields, original_hash, bencode(rewritten), meta.infohash, files
        )
        self.uploads += 1
        base = f"{request.url.scheme}://{request.url.netloc}"
        return JSONResponse({"success": True, "data": f"{base}/torrent/download/{torrent_id}.{self.rsskey}",
                             "message": "Torrent uploaded successfully."})  # fmt: skip

    def _check_form(self, items: list[tuple[str, Any]]) -> tuple[dict[str, Any], bytes]:
        errors: dict[str, list[str]] = {}
        fields: dict[str, Any] = {}
        files: dict[str, UploadFile] = {}
        known = TEXT_FIELDS | INT_FIELDS | BOOL_FIELDS | FILE_FIELDS | self.extensions
        for name, value in items:
            if name not in known:
                errors[name] = ["Unknown field."]
            elif name in fields or name in files:
                errors[name] = ["Sent twice."]
            elif name in FILE_FIELDS:
                if not isinstance(value, UploadFile):
                    errors[name] = [f"The {name} must be a file."]
                else:
                    files[name] = value
            elif isinstance(value, UploadFile):
                errors[name] = [f"The {name} must not be a file."]
            elif name in INT_FIELDS:
                if not re.fullmatch(r"\d+", value):
                    errors[name] = [f"The {name} field must be an integer."]
                else:
                    fields[name] = int(value)
            elif name in BOOL_FIELDS or name in self.extensions:
                if value not in ("0", "1"):
                    errors[name] = [f"The {name} field must be true or false."]
                else:
                    fields[name] = value == "1"
            else:
                fields[name] = value
        torrent = files.get("torrent")
        if torrent is None:
            errors.setdefault("torrent", ["The torrent field is required."])
        elif (
            not (torrent.filename or "").endswith(".torrent")
            or torrent.content_type != "application/x-bittorrent"
        ):
            errors["torrent"] = ["The torrent must be a file of type: torrent."]
        if errors:
            raise _validation(errors)
        assert torrent is not None
        data = torrent.file.read()
        try:
            meta = parse_metainfo(data)
        except TorrentFileError as exc:
            raise _validation({"torrent": [f"Invalid torrent: {exc}"]}) from None
        if not meta.private:
            raise _validation({"torrent": ["The torrent must be private."]})
        for parts, _ in meta.files:
            for part in parts:
                if _bad_file_name(part):
                    raise _validation({"torrent": [f"Invalid filename in torrent: {part}"]})
        return fields, data

    def _check_rules(self, f: dict[str, Any]) -> None:
        errors: dict[str, list[str]] = {}
        for name in ("name", "description", "category_id", "type_id", "anonymous"):
            if name not in f or f[name] == "":
                errors[name] = [f"The {name.replace('_', ' ')} field is required."]
        if len(f.get("name", "")) > 255:
            errors["name"] = ["The name field must not be greater than 255 characters."]
        kind = self.categories.get(f.get("category_id", -1))
        if "category_id" in f and kind is None:
            errors["category_id"] = ["The selected category id is invalid."]
        if "type_id" in f and f["type_id"] not in self.types:
            errors["type_id"] = ["The selected type id is invalid."]
        if kind in ("movie", "tv"):
            if f.get("resolution_id") not in self.resolutions:
                errors["resolution_id"] = ["The resolution id field is required."]
            if f.get("igdb"):
                errors["igdb"] = ["The igdb field is prohibited."]
        for name in ("season_number", "episode_number"):
            if kind == "tv" and name not in f:
                errors[name] = [f"The {name.replace('_', ' ')} field is required."]
            if kind != "tv" and name in f:
                errors[name] = [f"The {name.replace('_', ' ')} field is prohibited."]
        if kind != "tv" and f.get("tvdb"):
            errors["tvdb"] = ["The tvdb field must be null for this category."]
        if errors:
            raise _validation(errors)


def _name_like(wanted: str, name: str) -> bool:
    """UNIT3D's ``name`` filter: ``LIKE '%…%'`` with every space a wildcard, case-insensitive."""
    pattern = ".*".join(re.escape(part) for part in wanted.split(" "))
    return re.search(pattern, name, re.IGNORECASE | re.DOTALL) is not None


def _bad_file_name(name: str) -> bool:
    stem = name.split(".", 1)[0].upper()
    return bool(
        BAD_NAME.search(name)
        or set(name) <= {"."}
        or name.endswith((".", " "))
        or stem in RESERVED
        or name.endswith(".pad")
        or name.startswith(("____padding", "~"))
    )
