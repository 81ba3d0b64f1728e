"""Build a La Cale upload from a release and the site's synced taxonomy, without I/O (trackers spec §1.3).

:func:`build_la_cale_upload` makes the multipart request of ``POST /api/external/upload``: ``title``,
``categoryId`` (an opaque id from ``/meta``), the ``.torrent`` as ``file`` (``{title}.torrent``,
``application/x-bittorrent``), the NFO as ``nfoFile`` (``text/plain``, required, at least 50 bytes),
``description``, ``tmdbId`` (digits) with ``tmdbType`` in upper case (``MOVIE`` or ``TV``), ``coverUrl``
(the TMDB w500 poster) and one ``tags`` part per tag id. The request is checked against the
definition's ``upload.fields``; a release that cannot make a valid request raises
:class:`~seedarr.errors.ValidationFailed`.
"""

from __future__ import annotations

from collections.abc import Mapping

from seedarr.domain.release import ReleaseInfo
from seedarr.errors import ValidationFailed
from seedarr.trackers.base import FormValue, TrackerMetadata, UploadFile, UploadRequest
from seedarr.trackers.common import upload_basics
from seedarr.trackers.custom.la_cale_site import (
    SiteData,
    TagSelection,
    category_id,
    category_kind,
    select_tags,
)
from seedarr.trackers.definition import TrackerDefinition
from seedarr.trackers.labels import release_labels

__all__ = ["build_la_cale_upload", "release_tags"]

REPEATED = frozenset({"tags"})


def release_tags(
    definition: TrackerDefinition,
    site: SiteData,
    release: ReleaseInfo,
    metadata: TrackerMetadata,
    overrides: Mapping[str, tuple[str, ...]] | None = None,
) -> TagSelection:
    """The tags ``release`` gets on the site, and the labels that found none."""
    return select_tags(release_labels(release, definition.id), metadata, site, overrides)


def _check(request: UploadRequest, definition: TrackerDefinition) -> None:
    rules = definition.upload.fields
    seen: set[str] = set()
    for name, value in request.fields:
        rule = rules.get(name)
        if rule is None or rule.kind == "file":
            raise ValidationFailed(name, f"{definition.name} does not accept this field")
        if name in seen and name not in REPEATED:
            raise ValidationFailed(name, "is sent twice")
        seen.add(name)
        if not isinstance(value, str):
            raise ValidationFailed(name, "must be text", value)
    for part in request.files:
        if getattr(rules.get(part.field), "kind", None) != "file":
            raise ValidationFailed(part.field, f"{definition.name} does not accept this file")
    missing = [n for n, rule in rules.items() if rule.required == "always" and n not in request.names()]
    if missing:
        raise ValidationFailed(missing[0], f"is required by {definition.name}")


def build_la_cale_upload(
    definition: TrackerDefinition,
    site: SiteData,
    release: ReleaseInfo,
    metadata: TrackerMetadata,
    url: str,
    overrides: Mapping[str, tuple[str, ...]] | None = None,
) -> UploadRequest:
    """The upload of ``release``; ValidationFailed names the field that cannot be filled."""
    media_type, artefacts = upload_basics(definition, release, "file")
    if not release.nfo:
        raise ValidationFailed("nfoFile", f"{definition.name} requires an NFO")
    if len(release.nfo) < site.nfo_min_bytes:
        raise ValidationFailed(
            "nfoFile", f"must be at least {site.nfo_min_bytes} bytes (it has {len(release.nfo)})"
        )
    title = artefacts.release_name.name
    identity = release.identity
    kind = category_kind(media_type, identity, site)
    fields: list[tuple[str, FormValue]] = [
        ("title", title),
        ("categoryId", category_id(metadata, site, kind, media_type)),
    ]
    if artefacts.description:
        fields.append(("description", artefacts.description))
    if identity is not None:
        fields += [("tmdbId", str(identity.tmdb_id)), ("tmdbType", "TV" if media_type == "tv" else "MOVIE")]
        if identity.poster_path:
            fields.append(("coverUrl", site.poster_url.format(path="/" + identity.poster_path.lstrip("/"))))
    selection = release_tags(definition, site, release, metadata, overrides)
    fields += [("tags", tag_id) for tag_id in selection.tag_ids]
    files = (
        UploadFile("file", f"{title}.torrent", "application/x-bittorrent", path=artefacts.torrent_path),
        UploadFile("nfoFile", f"{title}.nfo", "text/plain", content=release.nfo),
    )
    request = UploadRequest(definition.id, url, media_type, title, tuple(fields), files)
    _check(request, definition)
    return request
