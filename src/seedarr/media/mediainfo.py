"""Read one media file with MediaInfo (pymediainfo) into typed :class:`MediaFacts`.

pymediainfo's Linux wheel bundles libmediainfo, so no system package is needed. Parsing keeps
MediaInfo's default speed (``parse_speed=1.0`` reads the whole file and is about ten times slower).
:func:`read_file_facts` parses twice: once for the typed tracks, once for the text report the ``mediainfo``
command prints, which trackers publish, so its "Complete name" is reduced to the file name.

Errors: a missing path or a file that is not a readable video raises :class:`UnreadableMedia` (a
:class:`~seedarr.errors.UserInputError`); a missing MediaInfo library raises
:class:`~seedarr.errors.MissingDependency`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from seedarr.domain.media_facts import MediaFacts
from seedarr.errors import MissingDependency, UserInputError
from seedarr.media.matroska import TrackFlags, read_track_flags
from seedarr.media.tracks import audio_track, subtitle_track, video_track

__all__ = ["VIDEO_EXTENSIONS", "UnreadableMedia", "mediainfo_text", "read_file_facts"]

VIDEO_EXTENSIONS = frozenset({
    ".mkv", ".mp4", ".m4v", ".avi", ".ts", ".m2ts", ".mts", ".mov", ".wmv", ".mpg", ".mpeg", ".vob", ".webm",
    ".flv", ".ogv", ".divx", ".iso",
})  # fmt: skip
_CONTAINERS = {
    "Matroska": "MKV", "WebM": "WebM", "MPEG-4": "MP4", "AVI": "AVI", "BDAV": "M2TS", "MPEG-TS": "TS",
    "MPEG-PS": "MPEG-PS", "Windows Media": "WMV", "QuickTime": "MOV", "Flash Video": "FLV", "Ogg": "OGG",
}  # fmt: skip
_COMPLETE_NAME_RE = re.compile(r"^(Complete name\s*:\s*).*$", re.MULTILINE)
_CHAPTER_KEY_RE = re.compile(r"^\d{2}_\d{2}_\d{2,}")
_INSTALL_HINT = (
    "pip install pymediainfo (its Linux wheel bundles libmediainfo) or apt-get install libmediainfo0v5"
)


class UnreadableMedia(UserInputError):
    """The path is missing, is not a video, or MediaInfo cannot make sense of it (truncated, corrupt)."""


def _media_info() -> Any:
    """The pymediainfo class, after checking that libmediainfo can be loaded."""
    try:
        from pymediainfo import MediaInfo
    except ImportError:  # pragma: no cover - a declared dependency
        raise MissingDependency("pymediainfo is not installed", hint=_INSTALL_HINT) from None
    if not MediaInfo.can_parse():
        raise MissingDependency("the MediaInfo library (libmediainfo) cannot be loaded", hint=_INSTALL_HINT)
    return MediaInfo


def _check_path(path: Path) -> None:
    if not path.exists():
        raise UnreadableMedia(f"{path}: no such file", hint="check the path")
    if not path.is_file():
        raise UnreadableMedia(f"{path}: not a file")
    try:
        with path.open("rb") as stream:
            stream.read(1)
    except OSError as exc:
        raise UnreadableMedia(f"{path}: cannot be read ({exc.strerror or exc})") from None


def mediainfo_text(path: Path) -> str:
    """The text report of ``mediainfo FILE``, with "Complete name" reduced to the file name."""
    _check_path(path)
    text = str(_media_info().parse(path, output="", full=False))
    name = path.name.replace("\\", "\\\\")
    return _COMPLETE_NAME_RE.sub(lambda m: m.group(1) + name, text).strip() + "\n"


def _count_chapters(menus: list[dict[str, Any]]) -> int:
    return max((sum(1 for key in menu if _CHAPTER_KEY_RE.match(key)) for menu in menus), default=0)


def _not_a_video(path: Path, general: dict[str, Any], audio_count: int) -> UnreadableMedia:
    fmt = general.get("format")
    if audio_count:
        return UnreadableMedia(f"{path.name}: not a video ({fmt or 'audio'} with no video track)")
    if fmt:
        return UnreadableMedia(f"{path.name}: not a video (MediaInfo sees a {fmt} file with no video track)")
    if path.suffix.lower() not in VIDEO_EXTENSIONS:
        return UnreadableMedia(f"{path.name}: not a video file (MediaInfo recognises no media format)")
    return UnreadableMedia(
        f"{path.name}: corrupt or not a video (MediaInfo recognises no media format)",
        hint="check that the file is a complete film or episode",
    )


def read_file_facts(path: Path) -> MediaFacts:
    """Facts about one video file: tracks, duration, chapters and the publishable MediaInfo text.

    Raises :class:`UnreadableMedia` when the file is missing, not a video, truncated or corrupt, and
    :class:`~seedarr.errors.MissingDependency` when libmediainfo cannot be loaded.
    """
    _check_path(path)
    info = _media_info().parse(path)
    tracks = [t.to_data() for t in info.tracks]
    general: dict[str, Any] = next((t for t in tracks if t["track_type"] == "General"), {})
    videos = [t for t in tracks if t["track_type"] == "Video"]
    audios = [t for t in tracks if t["track_type"] == "Audio"]
    texts = [t for t in tracks if t["track_type"] == "Text"]
    if not videos:
        raise _not_a_video(path, general, len(audios))
    if str(general.get("istruncated", "")).lower() == "yes":
        raise UnreadableMedia(
            f"{path.name}: the file is truncated (its container announces more data than the file holds)",
            hint="finish or repeat the download, or remux the file",
        )
    video = video_track(videos[0])
    if video.width <= 0 or video.height <= 0:
        raise UnreadableMedia(f"{path.name}: corrupt video track (no frame size)")
    flags = read_track_flags(path) if str(general.get("format")) in {"Matroska", "WebM"} else {}

    def flags_of(track: dict[str, Any]) -> TrackFlags | None:
        track_id = str(track.get("track_id", ""))
        return flags.get(int(track_id)) if track_id.isdigit() else None

    duration_ms = general.get("duration") or videos[0].get("duration")
    fmt = str(general.get("format") or "")
    return MediaFacts(
        size_bytes=int(general.get("file_size") or path.stat().st_size),
        duration_seconds=round(float(duration_ms) / 1000, 3) if duration_ms else None,
        container=_CONTAINERS.get(fmt, fmt or None),
        video=video,
        audio=tuple(audio_track(a, flags_of(a)) for a in audios),
        subtitles=tuple(subtitle_track(t, flags_of(t)) for t in texts),
        chapters=_count_chapters([t for t in tracks if t["track_type"] == "Menu"]),
        mediainfo_text=mediainfo_text(path),
        file_name=path.name,
        release_size_bytes=path.stat().st_size,
    )
