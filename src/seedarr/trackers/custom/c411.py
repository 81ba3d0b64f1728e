"""The C411 adapter: its own JSON API for uploads and metadata, Torznab (or its JSON search) for dupes.

:class:`Adapter` implements :class:`~seedarr.trackers.base.TrackerAdapter` for the site the ``c411``
definition describes (trackers spec §2). JSON calls carry ``Authorization: Bearer <key>`` through
:class:`~seedarr.trackers.http.TrackerRequestPolicy` (400/404/422 ``{"message"}`` → TrackerRejected,
401/403 → TrackerAuthError, 429 Retry-After, 5xx retried); the same key is the Torznab ``apikey`` of the
:class:`~seedarr.trackers.torznab.TorznabClient` at the API root.

- ``sync_metadata``: ``/api/categories`` and ``/api/tags``; each kind of work (films, series, anime,
  documentaries) is found by name with the definition's patterns, so unverified ids are never assumed;
- ``build_upload`` (pure): :mod:`~seedarr.trackers.custom.c411_build`;
- ``upload``: ``{"success": true, "data": {id, slug?, infoHash?}}`` → UploadResult; ``success: false``
  in a 200 is a refusal; an accepted upload without any id is an unknown outcome (search before retry);
- ``fetch_registered_torrent``: C411 does not rewrite torrents, so the torrent to seed is our own. The
  protocol passes only the UploadResult, so ``download_url`` records the local file as a ``file:`` URI
  (plus the infohash the site reported, if any) and the file is read back and checked from there: that
  survives a worker restart, which an in-memory map would not;
- ``search``: the site's own Torznab endpoint (default) or its JSON search, as ``custom.search.api``
  says (see :mod:`~seedarr.trackers.custom.c411_search`); the definition's ``search.style`` stays
  ``native``, because for the pipeline ``torznab`` means an outside Prowlarr/Jackett indexer.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import httpx

from seedarr.domain.release import ReleaseInfo
from seedarr.errors import DataError, ServiceUnavailable, ValidationFailed
from seedarr.media.torrent.errors import TorrentFileError
from seedarr.media.torrent.metainfo import parse_metainfo
from seedarr.metadata.http import RetryOptions
from seedarr.secrets import Secret
from seedarr.trackers.base import (
    ConnectionInfo,
    RegisteredTorrent,
    SearchHit,
    SearchQuery,
    TrackerMetadata,
    TrackerRejected,
    UploadOutcomeUnknown,
    UploadRequest,
    UploadResult,
)
from seedarr.trackers.common import account_key, check_pairing, check_target, multipart_files, site_data
from seedarr.trackers.custom.c411_build import C411UploadOptions, build_c411_upload
from seedarr.trackers.custom.c411_data import C411Data, CategoryKind, normalise_name
from seedarr.trackers.custom.c411_search import native_hits, native_params
from seedarr.trackers.definition import TrackerDefinition
from seedarr.trackers.http import TrackerRequestPolicy
from seedarr.trackers.settings import TrackerSettings
from seedarr.trackers.torznab import TorznabClient, TorznabPolicy
from seedarr.trackers.torznab_search import TorznabSearch

__all__ = ["Adapter"]


class Adapter:
    """A configured C411 account; implements :class:`~seedarr.trackers.base.TrackerAdapter`."""

    def __init__(
        self,
        definition: TrackerDefinition,
        settings: TrackerSettings,
        http: httpx.AsyncClient,
        *,
        retry: RetryOptions | None = None,
        services: object | None = None,  # TrackerServices: C411 needs none of them
    ) -> None:
        check_pairing(definition, settings)
        self.data = site_data(C411Data, definition)
        passkey = settings.text("passkey")
        if any(ch in passkey for ch in "/:?=&"):
            raise ValidationFailed("passkey", "paste only the key at the end of the announce URL")
        self.definition = definition
        self.settings = settings
        self.tracker_id = definition.id
        self.base_url = settings.base_url(definition)
        self.metadata: TrackerMetadata | None = None
        self._http = http
        self._policy = TrackerRequestPolicy(
            definition, retry=retry, account=account_key(definition, settings)
        )
        key = settings.values.get(definition.auth.setting)
        rate = definition.rate_limit
        self.torznab = TorznabClient(
            self.endpoint("torznab"),
            key if isinstance(key, Secret) else Secret(str(key or "")),
            http,
            TorznabPolicy(definition.name, rate_per_s=rate.per_second, burst=rate.burst, retry=retry),
            imdb_with_tt=self.data.search.torznab_imdb_tt,
        )
        self._torznab_search = TorznabSearch(self.torznab)

    # --- plumbing ---------------------------------------------------------------------------------------

    def endpoint(self, name: str) -> str:
        """The absolute URL of endpoint ``name`` (``upload``, ``categories``, ``tags``, ``search``…)."""
        api = self.definition.api_base.format(base_url=self.base_url)
        return api + self.definition.endpoints[name].format(base_url=self.base_url)

    def announce_url(self) -> Secret:
        """The account's announce URL (path form, passkey inside: a Secret)."""
        template = self.definition.announce.template or ""
        values = {"base_url": self.base_url, **{n: self.settings.text(n) for n in self.settings.values}}
        return Secret(template.format(**values))

    async def _json(self, method: str, url: str, **kwargs: Any) -> Any:
        token = self.settings.text(self.definition.auth.setting)
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        response = await self._policy.send(self._http, method, url, headers=headers, **kwargs)
        try:
            return response.json()
        except ValueError:
            raise ServiceUnavailable(
                self.definition.name, "answered with something that is not JSON"
            ) from None

    # --- the adapter protocol --------------------------------------------------------------------------

    async def test_connection(self) -> ConnectionInfo:
        """Read the categories with the key (and the Torznab caps when searches use Torznab)."""
        categories = _data_list(await self._json("GET", self.endpoint("categories")))
        detail = f"API key accepted ({len(categories)} categories)"
        if self.data.search.api == "torznab":
            caps = await self.torznab.caps(refresh=True)
            detail += f"; Torznab answers ({', '.join(sorted(caps.modes))})"
        return ConnectionInfo(detail=detail)

    async def sync_metadata(self) -> TrackerMetadata:
        """Categories (kinds of work found by name) and tags from the site; kept for ``build_upload``."""
        categories = _data_list(await self._json("GET", self.endpoint("categories")))
        tags = _data_list(await self._json("GET", self.endpoint("tags")))
        found = self._match_categories(categories)
        self.metadata = TrackerMetadata(
            categories={kind: sub for kind, (_, sub) in found.items()},
            types={},
            resolutions={},
            origin="site",
            tags={str(t["name"]): t["id"] for t in tags if isinstance(t, dict) and "name" in t and "id" in t},
            extra={
                "parents": {kind: parent for kind, (parent, _) in found.items()},
                "categories": categories,
            },
        )
        return self.metadata

    def _match_categories(self, categories: list[Any]) -> dict[CategoryKind, tuple[int, int]]:
        found: dict[CategoryKind, tuple[int, int]] = {}
        subs = [
            (int(parent["id"]), int(sub["id"]), normalise_name(str(sub.get("name") or "")))
            for parent in categories
            if isinstance(parent, dict) and "id" in parent
            for sub in parent.get("subcategories") or []
            if isinstance(sub, dict) and "id" in sub
        ]
        for kind, rule in self.data.categories.items():
            match = next((s for p in rule.patterns for s in subs if re.search(p, s[2])), None)
            if match is not None:
                found[kind] = (match[0], match[1])
        for kind in ("movie", "tv"):
            rule = self.data.categories[kind]
            if kind not in found and rule.parent is not None and rule.sub is not None:
                found[kind] = (rule.parent, rule.sub)
        return found

    def category_ids(self, metadata: TrackerMetadata | None = None) -> dict[CategoryKind, tuple[int, int]]:
        """(parent, subcategory) per kind: synced ones when known, else the definition's defaults."""
        metadata = metadata or self.metadata
        ids: dict[CategoryKind, tuple[int, int]] = {
            kind: (rule.parent, rule.sub)
            for kind, rule in self.data.categories.items()
            if rule.parent is not None and rule.sub is not None
        }
        if metadata is not None and metadata.origin == "site":
            parents = metadata.extra.get("parents", {})
            for kind, sub in metadata.categories.items():
                if kind in self.data.categories and kind in parents:
                    ids[kind] = (int(parents[kind]), int(sub))  # type: ignore[index]
        return ids

    def build_upload(
        self,
        release: ReleaseInfo,
        options: C411UploadOptions | None = None,
        *,
        metadata: TrackerMetadata | None = None,
    ) -> UploadRequest:
        """The upload of ``release`` (pure; see :func:`build_c411_upload`)."""
        return build_c411_upload(
            self.definition,
            self.data,
            release,
            self.endpoint("upload"),
            categories=self.category_ids(metadata),
            exclusive=self.settings.flag("exclusive"),
            options=options,
        )

    async def upload(self, request: UploadRequest) -> UploadResult:
        """Send ``request``; TrackerRejected with the site's message when it refuses."""
        check_target(request, self.tracker_id)
        data = {name: str(value) for name, value in request.fields}
        files = await multipart_files(request)
        body = await self._json("POST", request.url, data=data, files=files)
        name = self.definition.name
        if not isinstance(body, dict) or body.get("success") is not True:
            message = body.get("message") if isinstance(body, dict) else None
            raise TrackerRejected(name, str(message or "upload not accepted"))
        info: dict[str, Any] = body["data"] if isinstance(body.get("data"), dict) else {}
        torrent_id = info.get("id") or info.get("slug") or info.get("infoHash")
        if torrent_id in (None, ""):
            raise UploadOutcomeUnknown(name, "accepted, but the answer carries no torrent id: search first")
        torrent = next((p.path for p in request.files if p.field == "torrent" and p.path), None)
        page = self.definition.torrent_page.format(base_url=self.base_url, id=torrent_id)
        local = _local_reference(torrent, info.get("infoHash")) if torrent is not None else ""
        return UploadResult(str(torrent_id), page, local, message=str(body.get("message") or ""))

    async def fetch_registered_torrent(self, result: UploadResult) -> RegisteredTorrent:
        """Our own torrent, read back from the ``file:`` URI the upload recorded, and checked."""
        name = self.definition.name
        path, site_hash = _read_reference(result.download_url)
        if path is None:
            raise DataError(f"{name}: no local torrent was recorded for torrent {result.torrent_id}")
        try:
            content = await asyncio.to_thread(path.read_bytes)
            meta = parse_metainfo(content)
        except OSError as exc:
            raise DataError(f"{name}: cannot read the uploaded torrent ({exc.strerror})") from None
        except TorrentFileError as exc:
            raise DataError(f"{name}: the uploaded torrent is unreadable ({exc})") from None
        if not meta.private or (self.definition.source and meta.source != self.definition.source):
            raise DataError(
                f"{name}: {path.name} is not a private torrent with source {self.definition.source}"
            )
        if site_hash and site_hash != meta.infohash.lower():
            raise TrackerRejected(
                name, f"the site registered infohash {site_hash}, not ours: download its torrent to seed it"
            )
        return RegisteredTorrent(content, meta)

    async def search(self, query: SearchQuery) -> list[SearchHit]:
        """Torrents the site already has for ``query``, through the API ``custom.search.api`` names.

        Through Torznab (:class:`~seedarr.trackers.torznab_search.TorznabSearch`), a search the indexer
        cannot run (an id it does not support, no title to fall back on) is skipped: a query made only of
        that id finds nothing rather than failing.
        """
        if self.data.search.api == "json":
            params = native_params(query, self.data.search.native_default_q)
            body = await self._json("GET", self.endpoint("search"), params=params)
            return native_hits(self.definition.name, body, self.definition.torrent_page, self.base_url)
        return await self._torznab_search.search(query)


def _data_list(body: Any) -> list[Any]:
    items = body.get("data") if isinstance(body, dict) else body
    return items if isinstance(items, list) else []


def _local_reference(torrent: Any, site_hash: Any) -> str:
    uri = Path(torrent).absolute().as_uri()
    return uri + (f"#infohash={str(site_hash).lower()}" if site_hash else "")


def _read_reference(reference: str) -> tuple[Path | None, str | None]:
    parts = urlsplit(reference)
    if parts.scheme != "file" or not parts.path:
        return None, None
    site_hash = parts.fragment.removeprefix("infohash=") or None
    return Path(url2pathname(parts.path)), site_hash
