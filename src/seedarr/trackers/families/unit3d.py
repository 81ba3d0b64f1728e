"""The UNIT3D engine: one adapter class driven entirely by a site's definition (trackers spec §4).

:class:`Unit3dAdapter` talks to any UNIT3D site through the definition's ``api_base`` and ``endpoints``,
authenticating as the definition says (``Authorization: Bearer`` for the family). It uploads the
multipart request built by :mod:`~seedarr.trackers.families.unit3d_build`, reads the torrent id from the
``data`` download URL (``…/{id}.{rsskey}``), downloads the torrent the site registered (UNIT3D rewrites
every upload, §4.3), and searches ``/torrents/filter`` for duplicates (``tmdbId``, else ``imdbId``,
``categories[]``, ``types[]``, ``resolutions[]`` with 1080p and 1080i together, ``seasonNumber``,
``perPage``). Requests go through :class:`~seedarr.trackers.http.TrackerRequestPolicy` (rate limit,
retries, tracker errors).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx

from seedarr.domain.release import ReleaseInfo
from seedarr.errors import ServiceUnavailable
from seedarr.metadata.http import RetryOptions
from seedarr.trackers.base import (
    ConnectionInfo,
    RegisteredTorrent,
    SearchHit,
    SearchQuery,
    TrackerMetadata,
    TrackerRejected,
    UploadRequest,
    UploadResult,
)
from seedarr.trackers.common import (
    account_key,
    check_pairing,
    check_target,
    lenient_int,
    multipart_files,
    registered_torrent,
)
from seedarr.trackers.definition import TrackerDefinition
from seedarr.trackers.families.unit3d_build import UploadOptions, build_unit3d_upload
from seedarr.trackers.http import TrackerRequestPolicy, site_errors
from seedarr.trackers.settings import TrackerSettings

__all__ = ["Unit3dAdapter", "torrent_id_from_download_url"]


def torrent_id_from_download_url(url: str) -> str:
    """The torrent id in a UNIT3D download URL: the last path segment before ``.{rsskey}``."""
    segment = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    torrent_id = segment.split(".", 1)[0]
    if not torrent_id:
        raise ValueError("the download URL has no torrent id")
    return torrent_id


class Unit3dAdapter:
    """A configured UNIT3D site; implements :class:`~seedarr.trackers.base.TrackerAdapter`."""

    def __init__(
        self,
        definition: TrackerDefinition,
        settings: TrackerSettings,
        http: httpx.AsyncClient,
        *,
        retry: RetryOptions | None = None,
        services: object | None = None,  # TrackerServices: UNIT3D sites need none of them
    ) -> None:
        check_pairing(definition, settings)
        self.definition = definition
        self.settings = settings
        self.tracker_id = definition.id
        self.base_url = settings.base_url(definition)
        self._http = http
        account = account_key(definition, settings)
        self._policy = TrackerRequestPolicy(definition, retry=retry, account=account)

    # --- plumbing ---------------------------------------------------------------------------------------

    def endpoint(self, name: str, **params: str) -> str:
        """The absolute URL of endpoint ``name`` (``upload``, ``filter``, ``torrent``, ``user``)."""
        api = self.definition.api_base.format(base_url=self.base_url)
        return api + self.definition.endpoints[name].format(base_url=self.base_url, **params)

    def _auth(self) -> dict[str, Any]:
        auth = self.definition.auth
        token = self.settings.text(auth.setting)
        if auth.style == "bearer":
            return {"headers": {"Authorization": f"Bearer {token}", "Accept": "application/json"}}
        if auth.style == "header":
            return {"headers": {auth.header or "": token, "Accept": "application/json"}}
        return {"params": {auth.param or "": token}, "headers": {"Accept": "application/json"}}

    async def _json(self, method: str, url: str, **kwargs: Any) -> Any:
        auth = self._auth()
        params = kwargs.pop("params", None)
        if "params" in auth:
            params = [*(params or []), *auth["params"].items()]
        response = await self._policy.send(
            self._http, method, url, headers=auth["headers"], params=params, **kwargs
        )
        try:
            return response.json()
        except ValueError:
            raise ServiceUnavailable(
                self.definition.name, "answered with something that is not JSON"
            ) from None

    # --- the adapter protocol --------------------------------------------------------------------------

    async def test_connection(self) -> ConnectionInfo:
        """Call the user endpoint with the token; TrackerAuthError when the site refuses it."""
        body = await self._json("GET", self.endpoint("user"))
        username = body.get("username") if isinstance(body, dict) else None
        return ConnectionInfo(username=str(username) if username else None, detail="API token accepted")

    async def sync_metadata(self) -> TrackerMetadata:
        """UNIT3D has no public taxonomy endpoint: the ids are the definition's (checked on the site)."""
        ids = self.definition.ids
        return TrackerMetadata(
            categories={str(k): v for k, v in ids.category.items()},
            types={str(k): v for k, v in ids.type.items()},
            resolutions={str(k): v for k, v in ids.resolution.items()},
            origin="definition",
        )

    def build_upload(self, release: ReleaseInfo, options: UploadOptions | None = None) -> UploadRequest:
        """The upload of ``release`` (pure; see :func:`build_unit3d_upload`)."""
        return build_unit3d_upload(self.definition, self.settings, release, self.endpoint("upload"), options)

    async def upload(self, request: UploadRequest) -> UploadResult:
        """Send ``request``; TrackerRejected with the site's field errors when it refuses."""
        check_target(request, self.tracker_id)
        data = {name: _form_value(value) for name, value in request.fields}
        files = await multipart_files(request)
        body = await self._json("POST", request.url, data=data, files=files)
        message, errors = site_errors(body)
        download_url = body.get("data") if isinstance(body, dict) else None
        if not isinstance(body, dict) or body.get("success") is not True or not isinstance(download_url, str):
            raise TrackerRejected(self.definition.name, message or "upload not accepted", field_errors=errors)
        try:
            torrent_id = torrent_id_from_download_url(download_url)
        except ValueError as exc:
            raise TrackerRejected(self.definition.name, f"unexpected answer: {exc}") from None
        page = self.definition.torrent_page.format(base_url=self.base_url, id=torrent_id)
        return UploadResult(torrent_id, page, download_url, message=message)

    async def fetch_registered_torrent(self, result: UploadResult) -> RegisteredTorrent:
        """Download the torrent the site registered (the file to seed) and parse it.

        The URL carries its own key (rsskey); the API token goes along only to the site's own host.
        """
        same_site = urlsplit(result.download_url).netloc == urlsplit(self.base_url).netloc
        headers = self._auth()["headers"] if same_site and self.definition.auth.style != "query" else {}
        response = await self._policy.send(self._http, "GET", result.download_url, headers=headers)
        return registered_torrent(response.content, self.definition.name)

    async def search(self, query: SearchQuery) -> list[SearchHit]:
        """Torrents the site already has for ``query`` (one page of ``per_page``, newest ranking first)."""
        params = self.search_params(query)
        body = await self._json("GET", self.endpoint("filter"), params=params)
        items = body.get("data") if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise ServiceUnavailable(self.definition.name, "the search answer has no data list")
        return [hit for item in items if (hit := _hit(item)) is not None]

    def search_params(self, query: SearchQuery) -> list[tuple[str, str]]:
        """The ``/torrents/filter`` query of a dupe search, as the definition's ``search`` says."""
        spec, ids = self.definition.search, self.definition.ids
        params: list[tuple[str, str]] = []
        if query.tmdb_id:
            params.append(("tmdbId", str(query.tmdb_id)))
        elif query.imdb_id and (digits := query.imdb_id.lower().removeprefix("tt")).isdigit():
            params.append(("imdbId", str(int(digits))))  # UNIT3D stores the number, without "tt"
        if query.name:
            params.append(("name", query.name))
        category_id, type_id = ids.lookup("category", query.media_type), ids.lookup("type", query.type)
        if "category" in spec.filter_by and category_id is not None:
            params.append(("categories[]", str(category_id)))
        if "type" in spec.filter_by and type_id is not None:
            params.append(("types[]", str(type_id)))
        if "resolution" in spec.filter_by and query.resolution:
            together = ("1080p", "1080i")  # sites file 1080i releases under either
            for key in together if query.resolution in together else (query.resolution,):
                resolution_id = ids.lookup("resolution", key)
                if resolution_id is not None:
                    params.append(("resolutions[]", str(resolution_id)))
        if query.media_type == "tv" and query.season is not None:
            params.append(("seasonNumber", str(query.season)))
        if query.media_type == "tv" and query.episode:
            params.append(("episodeNumber", str(query.episode)))
        params.append(("perPage", str(spec.per_page)))
        return params


def _form_value(value: str | int | bool) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _hit(item: Any) -> SearchHit | None:
    if not isinstance(item, dict) or not isinstance(item.get("attributes"), dict):
        return None
    attrs = item["attributes"]
    files = tuple(
        (str(f.get("name", "")), lenient_int(f.get("size")) or 0)
        for f in attrs.get("files") or []
        if isinstance(f, dict)
    )
    return SearchHit(
        torrent_id=str(item.get("id", "")),
        name=str(attrs.get("name", "")),
        size=lenient_int(attrs.get("size")) or 0,
        url=attrs.get("details_link"),
        category_id=lenient_int(attrs.get("category_id")),
        type_id=lenient_int(attrs.get("type_id")),
        resolution_id=lenient_int(attrs.get("resolution_id")),
        tmdb_id=lenient_int(attrs.get("tmdb_id")),
        files=files,
        seeders=lenient_int(attrs.get("seeders")) or 0,
        internal=bool(attrs.get("internal")),
        personal_release=bool(attrs.get("personal_release")),
        leechers=lenient_int(attrs.get("leechers")),
        infohash=str(attrs["info_hash"]).lower() if attrs.get("info_hash") else None,
    )
