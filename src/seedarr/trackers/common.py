"""Small pieces every adapter shares: its checked inputs, the multipart files, the registered torrent.

- :func:`account_key` names one tracker account, so all its requests share one rate limit;
- :func:`check_pairing` refuses settings of another tracker; :func:`site_data` validates a definition's
  ``custom:`` mapping with the adapter's own model (ConfigurationError naming the definition);
- :func:`upload_basics` checks what every upload build needs first (a movie or a series, this tracker's
  artefacts with a .torrent);
- :func:`check_target` refuses an upload request built for another tracker;
- :func:`multipart_files` reads each file part (a path is read off the event loop) into httpx's shape;
- :func:`registered_torrent` parses the bytes a site serves as the torrent to seed (it must be private);
- :func:`lenient_int` reads an id or a count from a JSON answer that may hold a string, a number or nothing.
"""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from seedarr.domain.release import ReleaseInfo, TrackerArtefacts
from seedarr.errors import ConfigurationError, ServiceUnavailable, ValidationFailed
from seedarr.media.torrent.errors import TorrentFileError
from seedarr.media.torrent.metainfo import parse_metainfo
from seedarr.trackers.base import RegisteredTorrent, TrackerRejected, UploadRequest
from seedarr.trackers.definition import TrackerDefinition
from seedarr.trackers.settings import TrackerSettings

__all__ = [
    "MultipartFile",
    "account_key",
    "check_pairing",
    "check_target",
    "lenient_int",
    "multipart_files",
    "registered_torrent",
    "site_data",
    "upload_basics",
]

_Model = TypeVar("_Model", bound=BaseModel)
MultipartFile = tuple[str, tuple[str, bytes, str]]


def account_key(definition: TrackerDefinition, settings: TrackerSettings, lane: str = "") -> str:
    """The key one tracker account's policies share their rate limit under (the credential is hashed)."""
    credential = hashlib.sha256(settings.text(definition.auth.setting).encode()).hexdigest()[:16]
    return f"{definition.id}|{settings.base_url(definition)}|{credential}|{lane}"


def check_pairing(definition: TrackerDefinition, settings: TrackerSettings) -> None:
    """ValueError when ``settings`` were checked against another tracker's definition."""
    if settings.tracker_id != definition.id:
        raise ValueError(f"settings of {settings.tracker_id!r} given to {definition.id!r}")


def site_data(model: type[_Model], definition: TrackerDefinition) -> _Model:
    """The definition's ``custom:`` data as ``model``; ConfigurationError names the first problem."""
    try:
        return model.model_validate(definition.custom)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise ConfigurationError(f"{definition.id}: custom.{where}: {first['msg']}") from None


def upload_basics(
    definition: TrackerDefinition, release: ReleaseInfo, torrent_field: str
) -> tuple[Literal["movie", "tv"], TrackerArtefacts]:
    """The media type and ``definition``'s artefacts of ``release``; ValidationFailed names what is missing.

    ``torrent_field`` is the site's name of the .torrent part, named by the error when none was built.
    """
    if release.media_type not in ("movie", "tv"):
        raise ValidationFailed("media_type", "identify the release as a movie or a series first")
    try:
        artefacts = release.for_tracker(definition.id)
    except KeyError as exc:
        raise ValidationFailed("trackers", str(exc.args[0])) from None
    if artefacts.torrent_path is None:
        raise ValidationFailed(torrent_field, f"no .torrent was built for {definition.name}")
    return ("tv" if release.media_type == "tv" else "movie"), artefacts


def check_target(request: UploadRequest, tracker_id: str) -> None:
    """ValueError when ``request`` was built for another tracker."""
    if request.tracker_id != tracker_id:
        raise ValueError(f"an upload for {request.tracker_id!r} sent to {tracker_id!r}")


async def multipart_files(request: UploadRequest) -> list[MultipartFile]:
    """The request's file parts as httpx wants them; files on disk are read in a worker thread."""
    files: list[MultipartFile] = []
    for part in request.files:
        content = part.content
        if content is None and part.path is not None:
            content = await asyncio.to_thread(Path(part.path).read_bytes)
        files.append((part.field, (part.filename, content or b"", part.content_type)))
    return files


def registered_torrent(data: bytes, service: str) -> RegisteredTorrent:
    """The torrent a site registered, parsed; unreadable → ServiceUnavailable, not private → rejected."""
    try:
        meta = parse_metainfo(data)
    except TorrentFileError as exc:
        raise ServiceUnavailable(service, f"the registered torrent is unreadable: {exc}") from None
    if not meta.private:
        raise TrackerRejected(service, "the registered torrent is not marked private")
    return RegisteredTorrent(data, meta)


def lenient_int(value: Any) -> int | None:
    """``value`` as an int when it is one or a numeric string; None for anything else (bools included)."""
    if isinstance(value, bool):
        return None
    try:
        return int(value) if value is not None and value != "" else None
    except (TypeError, ValueError):
        return None
