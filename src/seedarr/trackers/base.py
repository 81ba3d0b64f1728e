"""The tracker adapter protocol and the typed values and errors every adapter speaks.

An adapter is built from a :class:`~seedarr.trackers.definition.TrackerDefinition`, the person's checked
:class:`~seedarr.trackers.settings.TrackerSettings` and the shared ``httpx.AsyncClient``. The pipeline calls:

- ``test_connection()`` before a tracker is saved (Home Assistant's "test before save");
- ``sync_metadata()`` for the site's categories, types and resolutions;
- ``search(query)`` for possible duplicates, as :class:`SearchHit` values;
- ``build_upload(release)``, **pure**: a :class:`ReleaseInfo` becomes an :class:`UploadRequest` (no I/O, so
  it can be shown and checked before anything is sent);
- ``upload(request)`` → :class:`UploadResult`; ``fetch_registered_torrent(result)`` → the torrent the site
  registered (which is the one to seed).

Errors (a branch of :mod:`seedarr.errors`)::

    ServiceAuthError ── TrackerAuthError        401/403, or a redirect to the login page: stop, ask the user
    ServiceRejected  ── TrackerRejected         the site refused the upload; ``field_errors`` per field
                        └── AlreadyOnTracker    the site already has this torrent (same infohash)
    ExternalServiceError ── UploadOutcomeUnknown  the upload was sent but no answer came: search before retry
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Literal, Protocol

from seedarr.domain.release import ReleaseInfo
from seedarr.errors import ExternalServiceError, ServiceAuthError, ServiceRejected
from seedarr.media.torrent.metainfo import TorrentMeta

__all__ = [
    "AlreadyOnTracker",
    "ConnectionInfo",
    "FormValue",
    "RegisteredTorrent",
    "SearchHit",
    "SearchQuery",
    "TrackerAdapter",
    "TrackerAuthError",
    "TrackerMetadata",
    "TrackerRejected",
    "UploadFile",
    "UploadOutcomeUnknown",
    "UploadRequest",
    "UploadResult",
]

FormValue = str | int | bool


class TrackerAuthError(ServiceAuthError):
    """The site refused our credentials; never retried, the tracker needs the user."""


class TrackerRejected(ServiceRejected):
    """The site refused the request; ``site_message`` and ``field_errors`` are what it said."""

    def __init__(
        self,
        service: str,
        site_message: str,
        *,
        status_code: int | None = None,
        field_errors: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        errors = dict(field_errors or {})
        details = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in errors.items())
        super().__init__(
            service, site_message + (f" ({details})" if details else ""), status_code=status_code
        )
        self.site_message = site_message
        self.field_errors = errors


class AlreadyOnTracker(TrackerRejected):
    """The site already has this torrent (same infohash); after a lost answer, the earlier upload landed."""

    def __init__(
        self, service: str, site_message: str, *, status_code: int | None = None, infohash: str | None = None
    ) -> None:
        super().__init__(service, site_message, status_code=status_code)
        self.infohash = infohash


class UploadOutcomeUnknown(ExternalServiceError):
    """The upload went out and no answer came back: it may have landed. Search the site before a retry."""

    retryable = True


@dataclass(frozen=True, slots=True)
class UploadFile:
    """One file part: bytes in hand, or a path read when the request is sent."""

    field: str
    filename: str
    content_type: str
    content: bytes | None = None
    path: PurePath | None = None


@dataclass(frozen=True, slots=True)
class UploadRequest:
    """Everything one upload sends, in order; built without I/O, so it can be shown and tested."""

    tracker_id: str
    url: str
    media_type: Literal["movie", "tv"]
    release_name: str
    fields: tuple[tuple[str, FormValue], ...]
    files: tuple[UploadFile, ...]

    def value(self, name: str) -> FormValue | None:
        """The value of form field ``name`` (None when the request does not send it)."""
        return next((v for k, v in self.fields if k == name), None)

    def names(self) -> set[str]:
        return {k for k, _ in self.fields} | {f.field for f in self.files}


@dataclass(frozen=True, slots=True)
class UploadResult:
    """What the site said after accepting an upload. ``download_url`` carries a key: never logged."""

    torrent_id: str
    url: str
    download_url: str = field(repr=False)
    message: str = ""


@dataclass(frozen=True, slots=True)
class RegisteredTorrent:
    """The .torrent the site registered (its bytes and what they say): the file to seed."""

    data: bytes
    meta: TorrentMeta


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A dupe search for one release on one tracker."""

    media_type: Literal["movie", "tv"]
    tmdb_id: int | None = None
    name: str | None = None  # a release name (UNIT3D's ``name`` filter) or a title to look for
    imdb_id: str | None = None  # "tt0111161"
    title: str | None = None  # the work's title, for a search by title
    year: int | None = None
    type: str | None = None  # release type vocabulary of the definitions ("remux", "web-dl", …)
    resolution: str | None = None  # "1080p", …
    season: int | None = None
    episode: int | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One torrent the site already has."""

    torrent_id: str
    name: str
    size: int
    url: str | None = None
    category_id: int | None = None
    type_id: int | None = None
    resolution_id: int | None = None
    tmdb_id: int | None = None
    files: tuple[tuple[str, int], ...] = ()
    seeders: int = 0
    internal: bool = False
    personal_release: bool = False
    leechers: int | None = None
    infohash: str | None = None
    origin: Literal["native", "torznab"] = "native"


@dataclass(frozen=True, slots=True)
class ConnectionInfo:
    """What a successful connection test learnt (shown next to the Test button)."""

    username: str | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class TrackerMetadata:
    """The site's ids by name, and where they came from (``site`` API or the ``definition``).

    Ids are ints on most sites and opaque strings on some; ``tags`` maps tag names to ids and ``extra``
    holds what a site syncs beyond that (subcategories, tag groups), JSON-ready for storage.
    """

    categories: Mapping[str, int | str]
    types: Mapping[str, int | str]
    resolutions: Mapping[str, int | str]
    origin: Literal["site", "definition"] = "definition"
    tags: Mapping[str, int | str] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)


class TrackerAdapter(Protocol):
    """What the pipeline needs from a tracker; one instance per configured tracker."""

    tracker_id: str

    async def test_connection(self) -> ConnectionInfo: ...

    async def sync_metadata(self) -> TrackerMetadata: ...

    async def search(self, query: SearchQuery) -> list[SearchHit]: ...

    def build_upload(self, release: ReleaseInfo) -> UploadRequest: ...

    async def upload(self, request: UploadRequest) -> UploadResult: ...

    async def fetch_registered_torrent(self, result: UploadResult) -> RegisteredTorrent: ...
