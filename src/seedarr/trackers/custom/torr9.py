"""The torr9 adapter: its own REST API on a separate API host (trackers spec §3).

:class:`Adapter` uploads the multipart request built by :mod:`~seedarr.trackers.custom.torr9_build`,
authenticated by :class:`~seedarr.trackers.custom.torr9_session.Torr9Session` (session token from a login,
or the static API token). The upload answer is a JSON object: an ``error`` key or ``"success": false``
is a refusal; the torrent id is ``torrent_id``, ``id`` or ``slug`` (top level or under ``data``). The site
may rewrite the infohash and returns the torrent it registered either base64-encoded (``torrent_file``)
or as a ``download_url`` (a relative path is on the API host). That torrent travels in
:attr:`UploadResult.download_url <seedarr.trackers.base.UploadResult.download_url>`: a base64 answer
becomes a ``data:application/x-bittorrent;base64,…`` URL, so the result stays self-contained and
storable, and :meth:`Adapter.fetch_registered_torrent` decodes it or downloads the URL (the field is
hidden from ``repr`` either way: the torrent's announce URL carries the passkey). An answer without
either leaves ``download_url`` empty. Search (``GET /api/v1/torrents?q=``) and the category list
(``GET /api/v1/categories``) read the loose shapes the sources describe.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from seedarr.domain.release import ReleaseInfo
from seedarr.errors import ServiceUnavailable, ValidationFailed
from seedarr.metadata.http import RetryOptions
from seedarr.trackers.base import (
    AlreadyOnTracker,
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
from seedarr.trackers.common import (
    account_key,
    check_pairing,
    check_target,
    lenient_int,
    multipart_files,
    registered_torrent,
    site_data,
)
from seedarr.trackers.custom.torr9_build import build_torr9_upload
from seedarr.trackers.custom.torr9_data import Torr9Data
from seedarr.trackers.custom.torr9_session import Torr9Session
from seedarr.trackers.definition import TrackerDefinition
from seedarr.trackers.http import TrackerRequestPolicy, site_errors
from seedarr.trackers.settings import TrackerSettings

__all__ = ["DATA_URL_PREFIX", "Adapter"]

DATA_URL_PREFIX = "data:application/x-bittorrent;base64,"
_ID_KEYS = ("torrent_id", "id", "slug")


class Adapter:
    """A configured torr9 account; implements :class:`~seedarr.trackers.base.TrackerAdapter`."""

    def __init__(
        self,
        definition: TrackerDefinition,
        settings: TrackerSettings,
        http: httpx.AsyncClient,
        *,
        retry: RetryOptions | None = None,
        services: object | None = None,  # TrackerServices: torr9 needs none of them
    ) -> None:
        check_pairing(definition, settings)
        self.data = site_data(Torr9Data, definition)
        self.definition = definition
        self.settings = settings
        self.tracker_id = definition.id
        self.base_url = settings.base_url(definition)
        self.api_base = definition.api_base.format(base_url=self.base_url).rstrip("/")
        self._http = http
        self._policy = TrackerRequestPolicy(
            definition, retry=retry, account=account_key(definition, settings)
        )
        headers = {k: v.format(base_url=self.base_url) for k, v in self.data.headers.items()}
        self.session = Torr9Session(
            definition.name, settings, http, self._policy, login_url=self.endpoint("login"), headers=headers
        )

    def endpoint(self, name: str, **params: str) -> str:
        """The absolute URL of endpoint ``name`` (``login``, ``upload``, ``search``, ``categories``…)."""
        return self.api_base + self.definition.endpoints[name].format(base_url=self.base_url, **params)

    # --- the adapter protocol --------------------------------------------------------------------------

    async def test_connection(self) -> ConnectionInfo:
        """Log in (when a password is set) or make a cheap authenticated call; TrackerAuthError if refused."""
        if self.session.uses_login:
            user = await self.session.login()
            name = user.get("username") or self.session.username
            return ConnectionInfo(username=str(name), detail="logged in")
        await self.session.send_json("GET", self.endpoint("check"))
        return ConnectionInfo(detail="API token accepted")

    async def sync_metadata(self) -> TrackerMetadata:
        """The site's categories by label (with their subcategories); type and resolution ids are ours."""
        body = await self.session.send_json("GET", self.endpoint("categories"))
        items = body.get("data") if isinstance(body, dict) else body
        if not isinstance(items, list):
            raise ServiceUnavailable(self.definition.name, "the category answer has no data list")
        categories: dict[str, int | str] = {}
        subcategories: dict[str, list[str]] = {}
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                continue
            label = item["name"]
            categories[label] = _plain_id(item.get("id"), label)
            children = item.get("subcategories") or item.get("children") or []
            subcategories[label] = [c["name"] for c in children if isinstance(c, dict) and c.get("name")]
        unknown = sorted(
            f"{category} / {sub}"
            for category, subs in self.data.categories.items()
            for sub in subs
            if category not in categories or (subcategories[category] and sub not in subcategories[category])
        )
        return TrackerMetadata(
            categories=categories,
            types={
                **self.data.types.release_types,
                **self.data.types.sources,
                "other": self.data.types.other,
            },
            resolutions=dict(self.data.resolutions),
            origin="site",
            extra={"subcategories": subcategories, "labels_not_on_site": unknown},
        )

    def build_upload(self, release: ReleaseInfo) -> UploadRequest:
        """The upload of ``release`` (pure; see :func:`build_torr9_upload`)."""
        return build_torr9_upload(self.definition, self.data, self.settings, release, self.endpoint("upload"))

    async def upload(self, request: UploadRequest) -> UploadResult:
        """Send ``request``; TrackerRejected with the site's message if refused (409: AlreadyOnTracker)."""
        check_target(request, self.tracker_id)
        files = await multipart_files(request)
        data = {name: str(value) for name, value in request.fields}
        try:
            response = await self.session.send("POST", request.url, data=data, files=files)
        except TrackerRejected as exc:
            if exc.status_code == 409:  # a conflict: the site already has this torrent
                raise AlreadyOnTracker(self.definition.name, exc.site_message, status_code=409) from None
            raise
        try:
            body = response.json()
        except ValueError:
            body = None
        return self._result(body)

    async def fetch_registered_torrent(self, result: UploadResult) -> RegisteredTorrent:
        """The torrent the site registered (the file to seed), decoded or downloaded, and parsed."""
        name = self.definition.name
        if not result.download_url:
            raise TrackerRejected(name, "the upload answer carried no torrent: seed the one uploaded")
        if result.download_url.startswith(DATA_URL_PREFIX):
            data = _b64decode(result.download_url.removeprefix(DATA_URL_PREFIX))
            if data is None:
                raise ServiceUnavailable(name, "the registered torrent is not valid base64")
        else:
            own_hosts = {urlsplit(self.api_base).netloc, urlsplit(self.base_url).netloc}
            if urlsplit(result.download_url).netloc in own_hosts:
                response = await self.session.send("GET", result.download_url)
            else:  # never hand the token to another host
                response = await self._policy.send(self._http, "GET", result.download_url)
            data = response.content
        return registered_torrent(data, name)

    async def search(self, query: SearchQuery) -> list[SearchHit]:
        """Torrents the site lists for the work's title and year (else the release name's words)."""
        if query.title:
            text = " ".join(str(p) for p in (query.title, query.year) if p)
        else:  # a release name searches by its words, like the title search of the site's form
            text = " ".join(re.split(r"[.\s_]+", query.name or "")).strip()
        if not text:
            raise ValidationFailed("query", "a torr9 search needs a title or a release name")
        body = await self.session.send_json("GET", self.endpoint("search"), params={"q": text})
        items = body if isinstance(body, list) else None
        if isinstance(body, dict):
            items = next((body[k] for k in ("data", "torrents") if isinstance(body.get(k), list)), None)
        if items is None:
            raise ServiceUnavailable(self.definition.name, "the search answer has no list of torrents")
        return [hit for item in items if (hit := self._hit(item)) is not None]

    # --- answers ---------------------------------------------------------------------------------------

    def _result(self, body: Any) -> UploadResult:
        name = self.definition.name
        if not isinstance(body, dict):
            raise UploadOutcomeUnknown(name, "the upload answer is not a JSON object: search before retrying")
        message, errors = site_errors(body)
        if body.get("error") or body.get("success") is False:
            raise TrackerRejected(name, message or "upload not accepted", field_errors=errors)
        data = body.get("data")
        nested: dict[str, Any] = data if isinstance(data, dict) else {}
        torrent_id = next(
            (str(where[k]) for k in _ID_KEYS for where in (body, nested) if where.get(k) not in (None, "")),
            None,
        )
        if torrent_id is None:
            raise UploadOutcomeUnknown(name, "the site accepted the upload but named no torrent id")
        page = self.definition.torrent_page.format(base_url=self.base_url, id=torrent_id)
        return UploadResult(torrent_id, page, self._registered_url(body, nested), message=message)

    def _registered_url(self, body: dict[str, Any], nested: dict[str, Any]) -> str:
        encoded = body.get("torrent_file") or nested.get("torrent_file")
        if isinstance(encoded, str) and encoded.strip():
            data = _b64decode(encoded)
            if data is not None:
                return DATA_URL_PREFIX + base64.b64encode(data).decode("ascii")
        url = body.get("download_url") or nested.get("download_url")
        if isinstance(url, str) and url.strip():
            return urljoin(self.api_base + "/", url.strip())
        return ""

    def _hit(self, item: Any) -> SearchHit | None:
        if not isinstance(item, dict):
            return None
        torrent_id = item.get("id", item.get("torrent_id"))
        name = item.get("title") or item.get("name")
        if torrent_id in (None, "") or not isinstance(name, str):
            return None
        link = item.get("url") or item.get("link")
        url = urljoin(self.base_url + "/", link) if isinstance(link, str) and link else None
        infohash = item.get("info_hash") or item.get("infohash")
        return SearchHit(
            torrent_id=str(torrent_id),
            name=name,
            size=lenient_int(item.get("size")) or 0,
            url=url or self.definition.torrent_page.format(base_url=self.base_url, id=torrent_id),
            tmdb_id=lenient_int(item.get("tmdb_id")),
            seeders=lenient_int(item.get("seeders")) or 0,
            leechers=lenient_int(item.get("leechers")),
            infohash=str(infohash).lower() if infohash else None,
        )


def _plain_id(value: Any, label: str) -> int | str:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return str(value) if value not in (None, "") else label


def _b64decode(text: str) -> bytes | None:
    raw = "".join(text.split())
    try:
        return base64.b64decode(raw + "=" * (-len(raw) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
