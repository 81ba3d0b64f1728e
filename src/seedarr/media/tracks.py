"""MediaInfo track data turned into the typed tracks of :mod:`seedarr.domain.media_facts`.

Each function takes one track as the plain dict pymediainfo returns (``track.to_data()``) and translates
MediaInfo's spellings (``AVC``, ``E-AC-3``, ``MLP FBA``, ``SMPTE ST 2086``, ``UTF-8``…) into Seedarr's
vocabulary (``H.264``, ``EAC3``, ``TrueHD``, ``HDR10``, ``SRT``…), so no other module needs to know them.
Matroska flags MediaInfo does not report (SDH, audio description, commentary) come in as
:class:`~seedarr.media.matroska.TrackFlags`; titles such as "SDH" or "Forced" fill in when flags are absent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from seedarr.domain.languages import to_iso639_1
from seedarr.domain.media_facts import AudioTrack, SubtitleTrack, VideoTrack
from seedarr.domain.resolution import resolution_label
from seedarr.media.matroska import TrackFlags

__all__ = ["audio_track", "channels_label", "hdr_label", "subtitle_track", "video_track"]

Data = Mapping[str, Any]

_VIDEO_CODECS = {"AVC": "H.264", "HEVC": "H.265", "AV1": "AV1", "VC-1": "VC-1", "VP9": "VP9", "VP8": "VP8"}
_AUDIO_CODECS = {
    "AAC": "AAC", "AC-3": "AC3", "E-AC-3": "EAC3", "MLP FBA": "TrueHD", "TrueHD": "TrueHD", "FLAC": "FLAC",
    "Opus": "Opus", "PCM": "PCM", "Vorbis": "Vorbis", "ALAC": "ALAC", "WMA": "WMA",
}  # fmt: skip
_SUBTITLE_FORMATS = {
    "UTF-8": "SRT", "ASS": "ASS", "SSA": "SSA", "PGS": "PGS", "VobSub": "VobSub", "DVB Subtitle": "DVB",
    "WebVTT": "WebVTT", "Timed Text": "Timed Text", "TTML": "TTML", "EIA-608": "EIA-608",
    "EIA-708": "EIA-708",
}  # fmt: skip
_INTERLACED_SCANS = {"interlaced", "mbaff", "paff"}
_COMMENTARY_RE = re.compile(r"comment", re.IGNORECASE)
_AUDIO_DESCRIPTION_RE = re.compile(
    r"audio.?desc|descriptive|malvoyant|audiodescription|(?<![a-z])ad(?![a-z])", re.IGNORECASE
)
_FORCED_RE = re.compile(r"(?<![a-z])(forced|forc[ée]s?)(?![a-z])", re.IGNORECASE)
_SDH_RE = re.compile(r"(?<![a-z])(sdh|cc|hi|sme|hearing.impaired|malentendants?)(?![a-z])", re.IGNORECASE)
_DV_PROFILE_RE = re.compile(r"Profile\s+(\d+(?:\.\d+)?)")


def _text(data: Data, *keys: str) -> str | None:
    for key in keys:
        value = data.get(key)
        if value not in (None, ""):
            return str(value)
    return None


def _number(data: Data, *keys: str) -> float | None:
    """The first numeric value among ``keys`` ("23.976", 1920, "8 / 6" → 8)."""
    for key in keys:
        match = re.search(r"\d+(?:\.\d+)?", str(data.get(key, "")))
        if match:
            return float(match.group())
    return None


def _yes(data: Data, key: str) -> bool:
    return str(data.get(key, "")).strip().lower() in {"yes", "1", "true"}


def hdr_label(video: Data) -> str | None:
    """``DV``, ``HDR10``, ``HDR10+``, ``HDR``, ``HLG`` or stacks such as ``DV HDR10``; None for SDR.

    A 10-bit stream without HDR metadata or a PQ/HLG transfer is SDR, not HDR.
    """
    formats = " / ".join(_hdr_texts(video)).upper()
    compat = _text(video, "hdr_format_compatibility") or ""
    transfer = (_text(video, "transfer_characteristics") or "").upper()
    labels: list[str] = []
    if "DOLBY VISION" in formats:
        labels.append("DV")
    if "2094 APP 4" in formats or "HDR10+" in formats or "HDR10+" in compat.upper():
        labels.append("HDR10+")
    elif "2086" in formats or re.search(r"HDR10(?!\+)", compat.upper()):
        labels.append("HDR10")
    elif "HLG" in transfer or "ARIB" in transfer or "HLG" in compat.upper():
        labels.append("HLG")
    elif ("PQ" in transfer or "2084" in transfer) and labels != ["DV"]:
        labels.append("HDR")
    return " ".join(labels) or None


def _hdr_texts(video: Data) -> list[str]:
    """``HDR_Format`` and its longer spellings (pymediainfo's ``other_hdr_format`` list)."""
    other = video.get("other_hdr_format")
    texts = [_text(video, "hdr_format") or ""]
    texts.extend(map(str, other) if isinstance(other, list) else [str(other or "")])
    return [t for t in texts if t]


def _dv_profile(video: Data) -> str | None:
    """The Dolby Vision profile ("8.1", "7.6", "5"), when the stream has one."""
    texts = _hdr_texts(video)
    if "dolby vision" not in " ".join(texts).lower():
        return None
    for text in texts:
        match = _DV_PROFILE_RE.search(text)
        if match:
            return match.group(1)
    profile = re.search(r"dv[a-z]{2}\.0?(\d+)", _text(video, "hdr_format_profile") or "")
    return profile.group(1) if profile else None


def _video_codec(video: Data) -> str:
    fmt = _text(video, "format") or "unknown"
    if fmt == "MPEG Video":
        return "MPEG-2" if "2" in (_text(video, "format_version") or "Version 2") else "MPEG-1"
    return _VIDEO_CODECS.get(fmt, fmt)


def video_track(video: Data) -> VideoTrack:
    """The typed video track of one MediaInfo ``Video`` track."""
    width = int(_number(video, "width") or 0)
    height = int(_number(video, "height") or 0)
    scan = (_text(video, "scan_type") or "progressive").lower()
    transfer = _text(video, "transfer_characteristics")
    bitrate = _number(video, "bit_rate", "bit_rate_nominal")
    return VideoTrack(
        codec=_video_codec(video),
        profile=_text(video, "format_profile"),
        width=width,
        height=height,
        resolution=resolution_label(width, height),
        bit_depth=int(depth) if (depth := _number(video, "bit_depth")) else None,
        frame_rate=_number(video, "frame_rate", "original_frame_rate", "frame_rate_nominal"),
        scan="interlaced" if scan in _INTERLACED_SCANS else "progressive",
        hdr=hdr_label(video),
        dv_profile=_dv_profile(video),
        writing_library=_text(video, "writing_library"),
        encoder_settings=_text(video, "encoding_settings"),
        bitrate=int(bitrate) if bitrate else None,
        transfer=transfer,
        display_aspect_ratio=_number(video, "display_aspect_ratio"),
        codec_id=_text(video, "codec_id"),
    )


def channels_label(count: int | None, layout: str | None) -> str:
    """``5.1`` for six channels with an LFE; ``2.0`` for two; ``n.0`` without LFE (naming spec §5.2).

    Without a layout, six or more channels are taken to include an LFE; an unknown count reads as ``2.0``.
    """
    if not count:
        return "2.0"
    has_lfe = "LFE" in layout.upper() if layout else count >= 6
    return f"{count - 1}.1" if has_lfe else f"{count}.0"


def _audio_codec(audio: Data) -> tuple[str, bool]:
    """(codec, atmos) for one audio track."""
    fmt = _text(audio, "format") or "unknown"
    features = " ".join(
        v for v in (_text(audio, "format_additionalfeatures"), _text(audio, "format_profile")) if v
    )
    commercial = _text(audio, "commercial_name", "format_commercial_ifany") or ""
    atmos = "JOC" in features or "Atmos" in commercial or (fmt == "MLP FBA" and "16-ch" in features)
    if fmt == "DTS":
        if "XLL X" in features or "DTS:X" in commercial or re.search(r"(^|\s|/)X(\s|/|$)", features):
            return "DTS:X", atmos
        if "XLL" in features or "MA" in features.split() or "Master Audio" in commercial:
            return "DTS-HD MA", atmos
        if "XBR" in features or "HRA" in features or "High Resolution" in commercial:
            return "DTS-HD HRA", atmos
        return "DTS", atmos
    if fmt == "MPEG Audio":
        layer = _text(audio, "format_profile") or ""
        return ("MP2" if "2" in layer else "MP3"), atmos
    return _AUDIO_CODECS.get(fmt, fmt), atmos


def audio_track(audio: Data, flags: TrackFlags | None = None) -> AudioTrack:
    """The typed audio track of one MediaInfo ``Audio`` track (plus its Matroska flags, if any)."""
    codec, atmos = _audio_codec(audio)
    count = _number(audio, "channel_s", "channel_s__original")
    layout = _text(audio, "channel_layout", "channel_layout_original")
    title = _text(audio, "title")
    tag = _text(audio, "language")
    bitrate = _number(audio, "bit_rate", "bit_rate_nominal")
    described = (
        (flags is not None and flags.visual_impaired)
        or (_text(audio, "service_kind") or "").upper() in {"VI", "VISUALLY IMPAIRED"}
        or bool(title and _AUDIO_DESCRIPTION_RE.search(title))
    )
    return AudioTrack(
        language=to_iso639_1(tag) or to_iso639_1(title),
        codec=codec,
        channels=channels_label(int(count) if count else None, layout),
        atmos=atmos,
        bitrate=int(bitrate) if bitrate else None,
        title=title,
        default=_yes(audio, "default"),
        commentary=(flags is not None and flags.commentary) or bool(title and _COMMENTARY_RE.search(title)),
        forced=_yes(audio, "forced"),
        language_tag=tag,
        audio_description=described,
        channel_count=int(count) if count else None,
    )


def subtitle_track(text: Data, flags: TrackFlags | None = None) -> SubtitleTrack:
    """The typed subtitle track of one MediaInfo ``Text`` track (plus its Matroska flags, if any)."""
    fmt = _text(text, "format") or "unknown"
    codec_id = (_text(text, "codec_id") or "").upper()
    if codec_id in {"TX3G", "S_TEXT/UTF8"}:
        fmt = "Timed Text" if codec_id == "TX3G" else "UTF-8"
    title = _text(text, "title")
    tag = _text(text, "language")
    return SubtitleTrack(
        language=to_iso639_1(tag) or to_iso639_1(title),
        format=_SUBTITLE_FORMATS.get(fmt, fmt),
        forced=_yes(text, "forced") or bool(title and _FORCED_RE.search(title)),
        sdh=(flags is not None and flags.hearing_impaired) or bool(title and _SDH_RE.search(title)),
        title=title,
        default=_yes(text, "default"),
        language_tag=tag,
    )
