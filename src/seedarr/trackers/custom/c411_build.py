"""Build a C411 upload from a release, without I/O (trackers spec §2.1, §2.4, §2.5).

:func:`build_c411_upload` maps a :class:`~seedarr.domain.release.ReleaseInfo` to the multipart
``POST /api/torrents`` request: the ``torrent`` and ``nfo`` files, ``title`` (dot-separated, 3 to 255
characters, ``(…)``/``[…]`` groups removed, dots collapsed and trimmed), ``description`` (at least 20
characters), ``categoryId``/``subcategoryId`` (by kind of work), ``options`` (JSON: language, quality,
genres, season, episode), ``tmdbData`` (JSON, see :mod:`~seedarr.trackers.custom.c411_tmdb`),
``isExclusive`` and ``uploaderNote``. C411 checks that the NFO's "Complete name" is the release title, so
that line is rewritten to the title plus the file's extension (the MediaInfo text stands in for an NFO
that has no such line). A release that cannot make a valid request raises
:class:`~seedarr.errors.ValidationFailed` naming the field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from seedarr.domain.release import ReleaseInfo
from seedarr.errors import ValidationFailed
from seedarr.trackers.base import FormValue, UploadFile, UploadRequest
from seedarr.trackers.common import upload_basics
from seedarr.trackers.custom.c411_data import C411Data, CategoryKind
from seedarr.trackers.custom.c411_tmdb import tmdb_data_json
from seedarr.trackers.definition import TrackerDefinition
from seedarr.trackers.labels import release_labels

__all__ = ["C411UploadOptions", "build_c411_upload", "c411_options", "c411_title", "rewrite_complete_name"]

_COMPLETE_NAME = re.compile(rb"^(Complete name[ \t]*:[ \t]*)([^\r\n]*)", re.MULTILINE)
_GROUPS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}")


@dataclass(frozen=True, slots=True)
class C411UploadOptions:
    """Per-release choices: ``exclusive`` overrides the setting; ``uploader_note`` goes to the staff."""

    exclusive: bool | None = None
    uploader_note: str | None = None


def c411_title(name: str, *, min_length: int = 3, max_length: int = 255) -> str:
    """The release name as C411 wants it: no ``(…)``/``[…]`` groups, spaces as dots, dots collapsed."""
    title = _GROUPS.sub("", name)
    title = re.sub(r"\s+", ".", title.strip())
    title = re.sub(r"\.{2,}", ".", title).strip(".")
    if not min_length <= len(title) <= max_length:
        raise ValidationFailed("title", f"must be {min_length} to {max_length} characters, not {len(title)}")
    return title


def _extension(value: str, fallback: str) -> str:
    suffix = PureWindowsPath(PurePosixPath(value.strip()).name).suffix
    if _EXTENSION.fullmatch(suffix):
        return suffix
    fallback_suffix = PurePosixPath(fallback).suffix
    return fallback_suffix if _EXTENSION.fullmatch(fallback_suffix) else ""


def rewrite_complete_name(nfo: bytes, title: str, file_name: str = "") -> bytes | None:
    """``nfo`` with every "Complete name" line set to ``title`` plus the file's extension.

    None when the NFO has no such line. The rest of the bytes is left as it was (any encoding).
    """
    if not _COMPLETE_NAME.search(nfo):
        return None

    def replace(match: re.Match[bytes]) -> bytes:
        old = match.group(2).decode("utf-8", "replace")
        return match.group(1) + (title + _extension(old, file_name)).encode("utf-8")

    return _COMPLETE_NAME.sub(replace, nfo)


def _nfo(release: ReleaseInfo, title: str) -> bytes:
    facts = release.facts
    file_name = facts.file_name if facts is not None else ""
    for candidate in (release.nfo, facts.mediainfo_text.encode("utf-8") if facts is not None else None):
        if candidate:
            rewritten = rewrite_complete_name(candidate, title, file_name)
            if rewritten is not None:
                return rewritten
    raise ValidationFailed("nfo", "C411 needs a MediaInfo NFO with a 'Complete name' line")


def c411_options(data: C411Data, release: ReleaseInfo, tracker_id: str) -> dict[str, int | list[int]]:
    """The ``options`` object: language (array), quality, genres (array), season, episode."""
    labels = release_labels(release, tracker_id)
    types = data.option_types
    options: dict[str, int | list[int]] = {
        str(types.language): data.language_ids(labels, release.facts),
    }
    quality = data.quality_id(labels)
    if quality is None:
        where = f"{labels.type} {labels.resolution or 'unknown resolution'}"
        raise ValidationFailed("options", f"no C411 quality id for {where} (see custom.quality.fallback)")
    options[str(types.quality)] = quality
    genres = data.genre_ids(release.identity) if data.send_genres else []
    if genres:
        options[str(types.genre)] = genres
    if labels.media_type == "tv":
        season, episode = data.numbering_ids(labels)
        if season is None:
            raise ValidationFailed("options", "a C411 series upload needs a season between 1 and 30")
        options[str(types.season)] = season
        if episode is not None:
            options[str(types.episode)] = episode
    return options


def _check(request: UploadRequest, definition: TrackerDefinition) -> None:
    rules = definition.upload.fields
    for name, value in request.fields:
        rule = rules.get(name)
        if rule is None or rule.kind != "string" or not isinstance(value, str):
            raise ValidationFailed(name, f"{definition.name} takes no such text field")
        if rule.max_length is not None and len(value) > rule.max_length:
            raise ValidationFailed(name, f"is longer than {rule.max_length} characters")
    missing = [n for n, r in rules.items() if r.required == "always" and n not in request.names()]
    if missing:
        raise ValidationFailed(missing[0], f"is required by {definition.name}")


def build_c411_upload(
    definition: TrackerDefinition,
    data: C411Data,
    release: ReleaseInfo,
    url: str,
    *,
    categories: Mapping[CategoryKind, tuple[int, int]],
    exclusive: bool,
    options: C411UploadOptions | None = None,
) -> UploadRequest:
    """The upload of ``release`` to C411; ``categories`` gives (parent, sub) ids per kind of work."""
    options = options or C411UploadOptions()
    media_type, artefacts = upload_basics(definition, release, "torrent")
    description = (artefacts.description or "").strip()
    if len(description) < data.description_min_length:
        raise ValidationFailed(
            "description", f"{definition.name} needs at least {data.description_min_length} characters"
        )
    title = c411_title(artefacts.release_name.name, **data.title.model_dump())
    kind = data.kind_of(media_type, release.identity)
    parent, sub = categories.get(kind) or categories["tv" if media_type == "tv" else "movie"]
    fields: list[tuple[str, FormValue]] = [
        ("title", title),
        ("description", description),
        ("categoryId", str(parent)),
        ("subcategoryId", str(sub)),
        ("options", json.dumps(c411_options(data, release, definition.id))),
    ]
    tmdb_data = tmdb_data_json(data, release.identity)
    if tmdb_data is not None:
        fields.append(("tmdbData", tmdb_data))
    exclusive = exclusive if options.exclusive is None else options.exclusive
    fields.append(("isExclusive", "true" if exclusive else "false"))
    if options.uploader_note and options.uploader_note.strip():
        fields.append(("uploaderNote", options.uploader_note.strip()))
    files = (
        UploadFile("torrent", f"{title}.torrent", "application/x-bittorrent", path=artefacts.torrent_path),
        UploadFile("nfo", f"{title}.nfo", "text/plain", content=_nfo(release, title)),
    )
    request = UploadRequest(definition.id, url, media_type, title, tuple(fields), files)
    _check(request, definition)
    return request
