"""The resolution token (naming spec §4.1): MediaInfo first, interlacing kept, none for DVD sources.

MediaFacts' label already lets the width decide (1920x800 → 1080p); an interlaced 1080/576/480 stream
becomes ``1080i``/``576i``/``480i``. A name's ``4K``/``UHD`` reads as 2160p only without MediaInfo.
"""

from __future__ import annotations

from seedarr.domain.media_facts import VideoTrack

__all__ = ["resolution_token"]

_INTERLACABLE = {"1080p": "1080i", "576p": "576i", "480p": "480i"}


def resolution_token(video: VideoTrack | None, name_resolution: str | None) -> tuple[str, str, bool]:
    """(token, why, from MediaInfo); ``("", …)`` when neither MediaInfo nor a name says anything."""
    if video is not None and video.width > 0:
        label = video.resolution
        why = f"{video.width}x{video.height}"
        if video.scan == "interlaced" and label in _INTERLACABLE:
            return _INTERLACABLE[label], f"{why}, interlaced", True
        return label, why, True
    if name_resolution:
        return name_resolution, f"name says {name_resolution}", False
    return "", "unknown", False
