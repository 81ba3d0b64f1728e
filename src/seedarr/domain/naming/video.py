"""The video codec token (naming spec §5.3): encodes name the encoder, untouched streams name the format.

AVC/HEVC with encoder settings (or an x264/x265 writing library) → ``x264``/``x265``, whatever the source
(a re-encoded WEB stays ``WEB`` but gets ``x265``); REMUX or full disc → ``AVC``/``HEVC``; otherwise
untouched (web-dl, HDTV) → ``H264``/``H265`` (``fr``) or ``H.264``/``H.265`` (``p2p``).
"""

from __future__ import annotations

import re
from typing import Literal

from seedarr.domain.media_facts import VideoTrack

__all__ = ["is_encode", "video_codec_token"]

_ENCODER_RE = re.compile(r"x26[45]", re.IGNORECASE)
_FAMILY = {"H.264": "264", "AVC": "264", "x264": "264", "H.265": "265", "HEVC": "265", "x265": "265"}
_OTHERS = {
    "VC-1": ("VC-1", "VC-1"),
    "MPEG-2": ("MPEG2", "MPEG-2"),
    "AV1": ("AV1", "AV1"),
    "VP9": ("VP9", "VP9"),
}


def is_encode(video: VideoTrack) -> bool:
    """Encoder settings present, or a writing library that is x264/x265."""
    return bool(video.encoder_settings) or bool(_ENCODER_RE.search(video.writing_library or ""))


def _mpeg4(video: VideoTrack, name_codec: str | None) -> tuple[str, str]:
    codec_id = (video.codec_id or "").upper()
    if "XVID" in codec_id:
        return "XviD", f"codec id {video.codec_id}"
    if "DIV" in codec_id or "DX50" in codec_id:
        return "DivX", f"codec id {video.codec_id}"
    if name_codec in {"XviD", "DivX"}:
        return name_codec, f"MPEG-4 Visual; the name says {name_codec}"
    return "XviD", "MPEG-4 Visual with no codec id; XviD by convention"


def video_codec_token(
    video: VideoTrack | None,
    *,
    remux_or_disc: bool,
    style: Literal["compact", "dotted"],
    name_codec: str | None = None,
) -> tuple[str, str, bool]:
    """(token, why, from MediaInfo). Without a video track, the name's codec is normalised."""
    dotted = style == "dotted"
    if video is None:
        family = _FAMILY.get(name_codec or "")
        if family and name_codec in {"x264", "x265"}:
            return name_codec, f"name says {name_codec}", False
        if family:
            token = "AVC" if family == "264" else "HEVC"
            if not remux_or_disc:
                token = f"H.{family}" if dotted else f"H{family}"
            return token, f"name says {name_codec}", False
        return (name_codec or ""), ("name" if name_codec else "no video codec known"), False
    family = _FAMILY.get(video.codec)
    if family:
        if is_encode(video):
            library = video.writing_library or "encoder settings"
            return f"x{family}", f"{video.codec} with encoder settings ({library.split()[0]})", True
        if remux_or_disc:
            return ("AVC" if family == "264" else "HEVC"), f"{video.codec} untouched in a REMUX/disc", True
        if name_codec in {"x264", "x265"}:
            return name_codec, f"{video.codec} without encoder settings; the name says {name_codec}", True
        return (f"H.{family}" if dotted else f"H{family}"), f"{video.codec} without encoder settings", True
    if video.codec in _OTHERS:
        compact, dotted_form = _OTHERS[video.codec]
        return (dotted_form if dotted else compact), f"MediaInfo format {video.codec}", True
    if video.codec == "MPEG-4 Visual":
        token, why = _mpeg4(video, name_codec)
        return token, why, True
    return re.sub(r"[^A-Za-z0-9-]", "", video.codec), f"MediaInfo format {video.codec}", True
