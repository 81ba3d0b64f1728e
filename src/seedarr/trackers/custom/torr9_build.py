"""Build a torr9 upload from a release, without I/O (trackers spec §3.1).

:func:`build_torr9_upload` maps a :class:`~seedarr.domain.release.ReleaseInfo` to the multipart request of
``POST /api/v1/torrents/upload``: the ``.torrent`` as ``torrent_file`` (``{title}.torrent``), title,
BBCode description, the NFO (a file part or a text field, per the ``nfoMode`` setting), the category and
subcategory **labels** (movie or series; animation and documentary by TMDB genre), comma-separated
``tags``, the ``is_exclusive``/``is_anonymous`` strings, the TMDB/IMDb/TVDB ids as strings, and
``resolution_id``/``type_id`` worked out from the release's own facts (the previous implementation sent
1080p WEB-DL Films whatever the release was). The request is checked against the definition's
``upload.fields``; a release that cannot make a valid request raises
:class:`~seedarr.errors.ValidationFailed` naming the field.
"""

from __future__ import annotations

from seedarr.domain.release import ReleaseInfo
from seedarr.errors import ValidationFailed
from seedarr.trackers.base import FormValue, UploadFile, UploadRequest
from seedarr.trackers.common import upload_basics
from seedarr.trackers.custom.torr9_data import Torr9Data
from seedarr.trackers.definition import TrackerDefinition
from seedarr.trackers.labels import release_labels
from seedarr.trackers.settings import TrackerSettings

__all__ = ["NFO_FIELD", "build_torr9_upload", "release_source"]

NFO_FIELD = "nfo"


def release_source(release: ReleaseInfo) -> str | None:
    """The release's source as parsed from its names; a DVD folder (VIDEO_TS) counts as ``dvd``."""
    if release.facts is not None and release.facts.disc_kind == "VIDEO_TS":
        return "dvd"
    if release.facts is not None and release.facts.disc_kind == "BDMV":
        return "bluray"
    return next((name.source for name in release.names if name.source), None)


def _true_false(value: bool) -> str:
    return "true" if value else "false"


def _ids(release: ReleaseInfo, media_type: str) -> list[tuple[str, FormValue]]:
    identity = release.identity
    if identity is None:
        return []
    fields: list[tuple[str, FormValue]] = [("tmdb_id", str(identity.tmdb_id))]
    if identity.imdb_id:
        imdb = identity.imdb_id.strip().lower()
        if not (imdb.startswith("tt") and imdb[2:].isdigit()):
            raise ValidationFailed("imdb_id", "must be tt followed by digits", identity.imdb_id)
        fields.append(("imdb_id", imdb))
    if media_type == "tv" and identity.tvdb_id:
        fields.append(("tvdb_id", str(identity.tvdb_id)))
    return fields


def _check(request: UploadRequest, definition: TrackerDefinition, nfo_as_text: bool) -> None:
    rules = definition.upload.fields
    for name, value in request.fields:
        rule = rules.get(name)
        if rule is None:
            raise ValidationFailed(name, f"{definition.name} does not accept this field")
        kind = "string" if name == NFO_FIELD and nfo_as_text else rule.kind
        if rule.only_for is not None and request.media_type not in rule.only_for:
            raise ValidationFailed(name, f"is prohibited for a {request.media_type} upload")
        if (kind == "int") != (isinstance(value, int) and not isinstance(value, bool)) or kind == "file":
            raise ValidationFailed(name, f"must be {kind}", value)
        if kind == "string" and not isinstance(value, str):
            raise ValidationFailed(name, "must be a string", value)
    for part in request.files:
        rule = rules.get(part.field)
        if rule is None or rule.kind != "file":
            raise ValidationFailed(part.field, f"{definition.name} does not accept this file")
    sent = request.names()
    for name, rule in rules.items():
        if rule.required == "always" and name not in sent:
            raise ValidationFailed(name, f"is required by {definition.name}")


def build_torr9_upload(
    definition: TrackerDefinition, data: Torr9Data, settings: TrackerSettings, release: ReleaseInfo, url: str
) -> UploadRequest:
    """The upload of ``release`` to torr9; ValidationFailed names what is missing or wrong."""
    _, artefacts = upload_basics(definition, release, "torrent_file")
    if not artefacts.description:
        raise ValidationFailed("description", f"{definition.name} requires a description")
    if not release.nfo:
        raise ValidationFailed(NFO_FIELD, f"{definition.name} requires an NFO")
    labels = release_labels(release, definition.id)
    source = release_source(release)
    title = artefacts.release_name.name
    category, subcategory = data.place(labels, release.identity)
    fields: list[tuple[str, FormValue]] = [
        ("title", title),
        ("description", artefacts.description),
        ("category", category),
        ("subcategory", subcategory),
    ]
    tags = data.tag_list(labels, source)
    if tags:
        fields.append(("tags", ", ".join(tags)))
    fields += [
        ("is_exclusive", _true_false(settings.flag("exclusive"))),
        ("is_anonymous", _true_false(settings.flag("anonymous"))),
        *_ids(release, labels.media_type),
        ("resolution_id", data.resolution_id(labels)),
        ("type_id", data.type_id(labels, source)),
        ("stream", "0"),
    ]
    files = [
        UploadFile(
            "torrent_file", f"{title}.torrent", "application/x-bittorrent", path=artefacts.torrent_path
        )
    ]
    nfo_as_text = settings.text("nfoMode") != "file"
    if nfo_as_text:
        fields.append((NFO_FIELD, release.nfo.decode("utf-8", errors="replace")))
    else:
        files.append(UploadFile(NFO_FIELD, f"{title}.nfo", "text/plain", content=release.nfo))
    request = UploadRequest(definition.id, url, labels.media_type, title, tuple(fields), tuple(files))
    _check(request, definition, nfo_as_text)
    return request
