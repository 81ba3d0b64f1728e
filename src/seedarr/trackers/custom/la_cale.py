"""The La Cale adapter (trackers spec §1): its own REST API, an ``X-Api-Key`` header, maybe Cloudflare.

:class:`Adapter` implements :class:`~seedarr.trackers.base.TrackerAdapter` from the ``la-cale``
definition: ``sync_metadata`` reads ``GET /api/external/meta`` (cached about an hour), ``build_upload``
(pure) needs that synced taxonomy for the category and tag ids, ``upload`` posts the multipart form and
reads ``{success, id, slug, link}``, ``search`` calls ``GET /api/external``, ``fetch_registered_torrent``
downloads ``/api/torrents/download/{infoHash}`` (declared by the previous implementation, never confirmed),
and ``test_connection`` makes the cheap ``/meta`` call. Uploads and reads have their own rate limits. Every
request goes through :class:`~seedarr.trackers.cloudflare_site.ProtectedSite`: with the ``solveCloudflare``
setting on, the challenge is solved before the first request; otherwise when the site answers with one.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from seedarr.domain.release import ReleaseInfo
from seedarr.errors import ConfigurationError, ServiceUnavailable, ValidationFailed
from seedarr.media.torrent.errors import TorrentFileError
from seedarr.media.torrent.metainfo import TorrentMeta, parse_metainfo
from seedarr.metadata.http import RetryOptions
from seedarr.trackers.adapters import TrackerServices
from seedarr.trackers.base import (
    AlreadyOnTracker,
    ConnectionInfo,
    RegisteredTorrent,
    SearchHit,
    SearchQuery,
    TrackerMetadata,
    UploadRequest,
    UploadResult,
)
from seedarr.trackers.cloudflare_site import ProtectedSite
from seedarr.trackers.common import account_key, check_pairing, check_target, registered_torrent, site_data
from seedarr.trackers.custom.la_cale_build import build_la_cale_upload, release_tags
from seedarr.trackers.custom.la_cale_http import (
    LaCalePolicy,
    LaCaleUploadResult,
    search_hits,
    upload_result,
)
from seedarr.trackers.custom.la_cale_site import (
    SiteData,
    TagSelection,
    parse_aliases,
    parse_meta,
)
from seedarr.trackers.definition import TrackerDefinition
from seedarr.trackers.settings import TrackerSettings

__all__ = ["Adapter"]


class Adapter:
    """A configured La Cale account; implements :class:`~seedarr.trackers.base.TrackerAdapter`."""

    def __init__(
        self,
        definition: TrackerDefinition,
        settings: TrackerSettings,
        http: httpx.AsyncClient,
        *,
        retry: RetryOptions | None = None,
        services: TrackerServices | None = None,
    ) -> None:
        check_pairing(definition, settings)
        self.site = site_data(SiteData, definition)
        self.definition = definition
        self.settings = settings
        self.tracker_id = definition.id
        self.base_url = settings.base_url(definition)
        self.aliases = parse_aliases(settings.text("tagAliases"))
        self._http = http
        wait = self.site.rate_limited_wait_s
        account = account_key(definition, settings)
        self._uploads = LaCalePolicy(
            definition, retry=retry, rate_limited_wait_s=wait, account=account + "uploads"
        )
        self._reads = LaCalePolicy(
            definition,
            rate=self.site.search_rate_limit,
            retry=retry,
            rate_limited_wait_s=wait,
            account=account + "reads",
        )
        solver = (services or TrackerServices()).cloudflare if definition.cloudflare else None
        self.cloudflare = ProtectedSite(
            definition.name,
            definition.id,
            self.base_url + "/",
            solver,
            always_solve=definition.cloudflare and settings.flag("solveCloudflare"),
        )
        self._metadata: TrackerMetadata | None = None
        self._metadata_at = 0.0

    # --- plumbing ---------------------------------------------------------------------------------------

    def endpoint(self, name: str, **params: str) -> str:
        """The absolute URL of endpoint ``name`` (``meta``, ``search``, ``upload``, ``download``)."""
        api = self.definition.api_base.format(base_url=self.base_url)
        return api + self.definition.endpoints[name].format(base_url=self.base_url, **params)

    def download_url(self, infohash: str) -> str:
        """Where the site serves the torrent registered under ``infohash``."""
        return self.endpoint("download", id=infohash.lower())

    def _headers(self) -> dict[str, str]:
        auth = self.definition.auth
        token = self.settings.text(auth.setting)
        if auth.style == "bearer":
            return {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        return {auth.header or "X-Api-Key": token, "Accept": "application/json"}

    async def _send(
        self, policy: LaCalePolicy, method: str, url: str, *, authenticated: bool = True, **kwargs: Any
    ) -> httpx.Response:
        headers = self._headers() if authenticated else {}
        return await self.cloudflare.send(policy, self._http, method, url, headers=headers, **kwargs)

    async def _json(self, policy: LaCalePolicy, method: str, url: str, **kwargs: Any) -> Any:
        response = await self._send(policy, method, url, **kwargs)
        try:
            return response.json()
        except ValueError:
            raise ServiceUnavailable(
                self.definition.name, "answered with something that is not JSON"
            ) from None

    # --- taxonomy ---------------------------------------------------------------------------------------

    @property
    def metadata(self) -> TrackerMetadata | None:
        """The taxonomy of the last sync (None before the first one)."""
        return self._metadata

    def use_metadata(self, metadata: TrackerMetadata) -> None:
        """Adopt a taxonomy synced earlier (for example, read back from the database)."""
        self._metadata, self._metadata_at = metadata, time.monotonic()

    async def sync_metadata(self, *, force: bool = False) -> TrackerMetadata:
        """Categories and tags from ``/meta``; the answer is reused for ``meta_cache_s`` (about an hour)."""
        fresh = time.monotonic() - self._metadata_at < self.site.meta_cache_s
        if self._metadata is not None and fresh and not force:
            return self._metadata
        body = await self._json(self._reads, "GET", self.endpoint("meta"))
        self.use_metadata(parse_meta(body, self.definition.name))
        assert self._metadata is not None
        return self._metadata

    def _synced(self, metadata: TrackerMetadata | None) -> TrackerMetadata:
        metadata = metadata or self._metadata
        if metadata is None:
            raise ConfigurationError(
                f"{self.definition.name}: categories and tags were never synced",
                hint="sync the tracker's metadata before building an upload",
            )
        return metadata

    def select_tags(self, release: ReleaseInfo, metadata: TrackerMetadata | None = None) -> TagSelection:
        """The tag ids ``release`` gets, and the labels no site tag matched (for the UI)."""
        return release_tags(self.definition, self.site, release, self._synced(metadata), self.aliases)

    # --- the adapter protocol --------------------------------------------------------------------------

    async def test_connection(self) -> ConnectionInfo:
        """The ``/meta`` call with the key; TrackerAuthError when the site refuses it."""
        metadata = await self.sync_metadata(force=True)
        detail = f"API key accepted ({len(metadata.categories)} categories, {len(metadata.tags)} tags)"
        return ConnectionInfo(detail=detail)

    def build_upload(self, release: ReleaseInfo, metadata: TrackerMetadata | None = None) -> UploadRequest:
        """The upload of ``release`` (pure), from ``metadata`` or the last sync (ConfigurationError: none)."""
        return build_la_cale_upload(
            self.definition, self.site, release, self._synced(metadata), self.endpoint("upload"), self.aliases
        )

    async def upload(self, request: UploadRequest) -> LaCaleUploadResult:
        """Send ``request`` once; AlreadyOnTracker (with the infohash) when the site has it already."""
        check_target(request, self.tracker_id)
        data: dict[str, str | list[str]] = {}
        for name, value in request.fields:
            current = data.get(name)
            if current is None:
                data[name] = str(value)
            else:
                data[name] = [*([current] if isinstance(current, str) else current), str(value)]
        files = []
        torrent: TorrentMeta | None = None
        for part in request.files:
            content = part.content
            if content is None and part.path is not None:
                content = await asyncio.to_thread(Path(part.path).read_bytes)
            if part.field == "file":
                torrent = self._checked_torrent(content or b"")
            files.append((part.field, (part.filename, content or b"", part.content_type)))
        if torrent is None:
            raise ValidationFailed("file", "the upload carries no .torrent")
        try:
            body = await self._json(self._uploads, "POST", request.url, data=data, files=files)
        except AlreadyOnTracker as exc:
            exc.infohash = torrent.infohash
            raise
        return upload_result(
            body,
            self.definition.name,
            download_url=self.download_url(torrent.infohash),
            infohash=torrent.infohash,
        )

    def _checked_torrent(self, data: bytes) -> TorrentMeta:
        try:
            meta = parse_metainfo(data)
        except TorrentFileError as exc:
            raise ValidationFailed("file", f"the .torrent is unreadable: {exc}") from None
        if not meta.private:
            raise ValidationFailed("file", "the .torrent must be private")
        if self.definition.source and meta.source != self.definition.source:
            raise ValidationFailed("file", f"the .torrent's source flag must be {self.definition.source!r}")
        return meta

    async def fetch_registered_torrent(self, result: UploadResult) -> RegisteredTorrent:
        """Download the torrent the site registered; the API key goes to the site's own host only."""
        url = result.download_url
        same_site = urlsplit(url).netloc == urlsplit(self.base_url).netloc
        response = await self._send(self._reads, "GET", url, authenticated=same_site)
        return registered_torrent(response.content, self.definition.name)

    async def search(self, query: SearchQuery) -> list[SearchHit]:
        """Torrents the site already has for ``query`` (at most 50, newest first)."""
        body = await self._json(self._reads, "GET", self.endpoint("search"), params=self.search_params(query))
        return search_hits(body, self.definition.name)

    def search_params(self, query: SearchQuery) -> list[tuple[str, str]]:
        """``tmdbId``, ``q`` (≤ 200 characters) and, when the definition filters by category, ``cat``."""
        params: list[tuple[str, str]] = []
        if query.tmdb_id:
            params.append(("tmdbId", str(query.tmdb_id)))
        text = query.name or " ".join(str(p) for p in (query.title, query.year) if p)
        if text.strip():
            params.append(("q", text.strip()[: self.site.query_max_length].strip()))
        if not params:
            raise ValidationFailed("query", "search by TMDB id, release name or title")
        if "category" in self.definition.search.filter_by:
            params += [("cat", slug) for slug in self.site.categories[query.media_type]]
        return params
