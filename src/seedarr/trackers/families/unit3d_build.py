"""Build a UNIT3D upload from a release, without I/O (trackers spec §4.1).

:func:`build_unit3d_upload` maps a :class:`~seedarr.domain.release.ReleaseInfo` and the tracker's settings
to an :class:`~seedarr.trackers.base.UploadRequest`: the site's category, type and resolution ids from the
definition, TV numbering (a season pack sends ``episode_number=0``; movies send neither), ``imdb`` digits
without ``tt``, ``tvdb`` for TV only, the anonymous / personal-release / moderation-queue flags, keywords,
MediaInfo with the path stripped from "Complete name", the NFO, and the site extensions the definition
declares. The request is then checked against the definition's ``upload.fields`` rules; a release that
cannot make a valid request raises :class:`~seedarr.errors.ValidationFailed` naming the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath, PureWindowsPath

from seedarr.domain.identity import ParsedName
from seedarr.domain.release import ReleaseInfo
from seedarr.errors import ValidationFailed
from seedarr.trackers.base import FormValue, UploadFile, UploadRequest
from seedarr.trackers.common import upload_basics
from seedarr.trackers.definition import ExtensionField, TrackerDefinition, UploadFieldRule
from seedarr.trackers.labels import release_resolution, release_type
from seedarr.trackers.settings import TrackerSettings

__all__ = ["UploadOptions", "build_unit3d_upload"]

_COMPLETE_NAME = re.compile(r"^(Complete name\s*:\s*)(.+)$", re.MULTILINE)
_KIND = {"string": str, "int": int, "bool": bool}


@dataclass(frozen=True, slots=True)
class UploadOptions:
    """Per-release choices that override the tracker's settings (None keeps the setting)."""

    anonymous: bool | None = None
    personal_release: bool | None = None
    mod_queue_opt_in: bool | None = None
    keywords: tuple[str, ...] = ()


def _numbering(release: ReleaseInfo) -> tuple[int, int]:
    named: ParsedName | None = next((n for n in release.names if n.season is not None), None)
    if named is None or named.season is None:
        raise ValidationFailed("season_number", "a TV release needs a season number")
    pack = release.facts is not None and release.facts.shape == "season_pack"
    episode = 0 if pack or not named.episodes else named.episodes[0]
    return named.season, episode


def _strip_paths(mediainfo: str) -> str:
    def base(match: re.Match[str]) -> str:
        return match.group(1) + PureWindowsPath(PurePath(match.group(2).strip()).name).name

    return _COMPLETE_NAME.sub(base, mediainfo)


def _fact(release: ReleaseInfo, fact: str) -> bool:
    video = release.facts.video if release.facts is not None else None
    hdr = (video.hdr or "") if video is not None else ""
    if fact == "dv":
        return "DV" in hdr.split()
    if fact == "hdr":
        return bool(hdr) and hdr != "DV"
    if fact == "hdr10p":
        return "HDR10+" in hdr.split()
    return release.facts is not None and release.facts.shape == "season_pack"  # season_pack


def _extension(name: str, spec: ExtensionField, release: ReleaseInfo, settings: TrackerSettings) -> FormValue:
    if spec.constant is not None:
        value: FormValue = spec.constant
    elif spec.fact is not None:
        value = _fact(release, spec.fact)
    else:
        raw = settings.values.get(spec.setting or "")
        value = raw if isinstance(raw, str | int | bool) else ""
    if not isinstance(value, _KIND[spec.kind]):
        raise ValidationFailed(name, f"site extension must be a {spec.kind}", value)
    return value


def _check(request: UploadRequest, definition: TrackerDefinition) -> None:
    rules: dict[str, UploadFieldRule] = dict(definition.upload.fields)
    sent = request.names()
    for name, value in request.fields:
        rule = rules.get(name)
        if rule is None:
            if name in definition.upload.extensions:
                continue
            raise ValidationFailed(name, f"{definition.name} does not accept this field")
        if rule.only_for is not None and request.media_type not in rule.only_for:
            raise ValidationFailed(name, f"is prohibited for a {request.media_type} upload")
        expected = _KIND.get(rule.kind)
        if (
            expected is None
            or not isinstance(value, expected)
            or (expected is int and isinstance(value, bool))
        ):
            raise ValidationFailed(name, f"must be {rule.kind}", value)
        if rule.max_length is not None and isinstance(value, str) and len(value) > rule.max_length:
            raise ValidationFailed(name, f"is longer than {rule.max_length} characters")
    for name, rule in rules.items():
        needed = (
            rule.required in ("always", "movie_tv")  # every UNIT3D upload here is a movie or TV
            or (rule.required == "tv" and request.media_type == "tv")
        )
        if needed and name not in sent:
            raise ValidationFailed(name, f"is required by {definition.name}")


def build_unit3d_upload(
    definition: TrackerDefinition,
    settings: TrackerSettings,
    release: ReleaseInfo,
    url: str,
    options: UploadOptions | None = None,
) -> UploadRequest:
    """The upload of ``release`` to the UNIT3D site ``definition``; ValidationFailed names what is missing."""
    options = options or UploadOptions()
    media_type, artefacts = upload_basics(definition, release, "torrent")
    if not artefacts.description:
        raise ValidationFailed("description", f"{definition.name} requires a description")
    name = artefacts.release_name.name
    kind = release_type(release)
    resolution = release_resolution(release) or "other"
    ids = definition.ids
    category_id, type_id = ids.lookup("category", media_type), ids.lookup("type", kind)
    resolution_id = ids.lookup("resolution", resolution) or ids.lookup("resolution", "other")
    if category_id is None:
        raise ValidationFailed("category_id", f"{definition.name} has no category for {media_type}")
    if type_id is None:
        raise ValidationFailed("type_id", f"{definition.name} has no type id for {kind}")
    if resolution_id is None:
        raise ValidationFailed("resolution_id", f"{definition.name} has no resolution id for {resolution}")
    fields: list[tuple[str, FormValue]] = [
        ("name", name),
        ("description", artefacts.description),
        ("category_id", category_id),
        ("type_id", type_id),
        ("resolution_id", resolution_id),
    ]
    if release.facts is not None and release.facts.mediainfo_text:
        fields.append(("mediainfo", _strip_paths(release.facts.mediainfo_text)))
    if media_type == "tv":
        season, episode = _numbering(release)
        fields += [("season_number", season), ("episode_number", episode)]
    identity = release.identity
    if identity is not None:
        fields.append(("tmdb", identity.tmdb_id))
        if identity.imdb_id:
            digits = identity.imdb_id.lower().removeprefix("tt")
            if not digits.isdigit():
                raise ValidationFailed("imdb", "must be tt followed by digits", identity.imdb_id)
            fields.append(("imdb", int(digits)))
        if media_type == "tv" and identity.tvdb_id:
            fields.append(("tvdb", identity.tvdb_id))

    def flag(choice: bool | None, setting: str) -> bool:
        return settings.flag(setting) if choice is None else choice

    fields += [
        ("anonymous", flag(options.anonymous, "anonymous")),
        ("personal_release", flag(options.personal_release, "personalRelease")),
        ("mod_queue_opt_in", flag(options.mod_queue_opt_in, "modQueueOptIn")),
    ]
    keywords = [k.strip() for k in options.keywords if k.strip() and "," not in k]
    if keywords:
        fields.append(("keywords", ", ".join(keywords)))
    for ext_name, spec in definition.upload.extensions.items():
        fields.append((ext_name, _extension(ext_name, spec, release, settings)))
    files = [
        UploadFile("torrent", f"{name}.torrent", "application/x-bittorrent", path=artefacts.torrent_path)
    ]
    if release.nfo:
        files.append(UploadFile("nfo", f"{name}.nfo", "text/plain", content=release.nfo))
    request = UploadRequest(definition.id, url, media_type, name, tuple(fields), tuple(files))
    _check(request, definition)
    return request
