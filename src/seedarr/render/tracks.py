"""MediaInfo tracks as description values: French language names, track lines, BBCode tables, labels.

Everything returned is plain data; the BBCode tables are :class:`~seedarr.render.sandbox.SafeBBCode` built
from escaped parts, so a track title cannot inject tags.
"""

from __future__ import annotations

from typing import Any

from seedarr.domain.languages import language_name, language_region
from seedarr.domain.media_facts import AudioTrack, MediaFacts, SubtitleTrack
from seedarr.domain.naming.languages import track_language
from seedarr.render.filters import bbcode_escape
from seedarr.render.sandbox import SafeBBCode

__all__ = ["audio_rows", "french_language", "quality_label", "subtitle_rows", "table", "video_values"]

_FRENCH_NAMES = {
    "fr": "Français",
    "en": "Anglais",
    "es": "Espagnol",
    "de": "Allemand",
    "it": "Italien",
    "ja": "Japonais",
    "ko": "Coréen",
    "zh": "Chinois",
    "pt": "Portugais",
    "ru": "Russe",
    "nl": "Néerlandais",
    "ar": "Arabe",
    "hi": "Hindi",
    "sv": "Suédois",
    "da": "Danois",
    "no": "Norvégien",
    "fi": "Finnois",
    "pl": "Polonais",
    "tr": "Turc",
    "he": "Hébreu",
    "cs": "Tchèque",
    "hu": "Hongrois",
    "el": "Grec",
    "th": "Thaï",
    "uk": "Ukrainien",
    "ro": "Roumain",
}
_CODEC_NAMES = {"AC3": "AC-3", "EAC3": "E-AC-3", "DTS:X": "DTS:X", "PCM": "LPCM"}
_VARIANTS = {"FR": "VFF", "CH": "VFF", "CA": "VFQ", "BE": "VFB"}
_CONTAINERS = {"MKV": "Matroska", "MP4": "MPEG-4", "TS": "MPEG-TS", "M2TS": "BDAV", "AVI": "AVI"}
_VIDEO_NAMES = {"H.264": "AVC", "H.265": "HEVC"}
_HDR_NAMES = {"DV": "Dolby Vision", "HDR10+": "HDR10+", "HDR10": "HDR10", "HDR": "HDR", "HLG": "HLG"}


def french_language(code: str | None) -> str:
    """``fr`` → ``Français``; unknown codes give the English name, missing ones ``Inconnue``."""
    if not code:
        return "Inconnue"
    return _FRENCH_NAMES.get(code, language_name(code))


def _bitrate(bits: int | None) -> str:
    if not bits:
        return ""
    return f"{bits / 1_000_000:.1f} Mb/s" if bits >= 1_000_000 else f"{bits // 1000} kb/s"


def _variant(track: AudioTrack) -> str:
    region = language_region(track.language_tag)
    return _VARIANTS.get(region or "", "") if track_language(track) == "fr" else ""


def audio_rows(tracks: tuple[AudioTrack, ...]) -> list[dict[str, Any]]:
    """One plain dict per audio track (the ``audio_tracks`` loop variable)."""
    rows = []
    for track in tracks[:64]:
        code = track_language(track)
        rows.append(
            {
                "language": code or "und",
                "language_fr": french_language(code),
                "variant": _variant(track),
                "codec": _CODEC_NAMES.get(track.codec, track.codec) + (" Atmos" if track.atmos else ""),
                "channels": track.channels,
                "bitrate": _bitrate(track.bitrate),
                "title": track.title or "",
                "default": track.default,
                "forced": track.forced,
            }
        )
    return rows


def subtitle_rows(tracks: tuple[SubtitleTrack, ...]) -> list[dict[str, Any]]:
    """One plain dict per subtitle track (the ``subtitle_tracks`` loop variable)."""
    rows = []
    for track in tracks[:64]:
        code = track_language(track)
        rows.append(
            {
                "language": code or "und",
                "language_fr": french_language(code),
                "format": track.format,
                "forced": track.forced,
                "sdh": track.sdh,
                "title": track.title or "",
            }
        )
    return rows


def subtitle_kind(row: dict[str, Any]) -> str:
    return "Forcés" if row["forced"] else ("SDH" if row["sdh"] else "Complets")


def table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> SafeBBCode:
    """A BBCode table with escaped cells."""
    if not rows:
        return SafeBBCode("")
    head = "".join(f"[th]{bbcode_escape(h)}[/th]" for h in headers)
    body = "".join("[tr]" + "".join(f"[td]{bbcode_escape(c)}[/td]" for c in row) + "[/tr]" for row in rows)
    return SafeBBCode(f"[table][tr]{head}[/tr]{body}[/table]")


def quality_label(resolution: str) -> str:
    return {"4320p": "8K", "2160p": "4K UHD", "1080p": "Full HD", "1080i": "Full HD", "720p": "HD"}.get(
        resolution, "SD"
    )


def video_values(facts: MediaFacts | None) -> dict[str, str]:
    """``format``, ``video_codec``, ``video_bitrate``, ``hdr``, ``resolution`` and ``duration``."""
    if facts is None:
        return dict.fromkeys(("format", "video_codec", "video_bitrate", "hdr", "resolution", "duration"), "")
    video = facts.video
    seconds = int(facts.duration_seconds or 0)
    hdr = [_HDR_NAMES[p] for p in (video.hdr or "").split() if p in _HDR_NAMES] if video else []
    return {
        "format": _CONTAINERS.get(facts.container or "", facts.container or ""),
        "video_codec": _VIDEO_NAMES.get(video.codec, video.codec) if video else "",
        "video_bitrate": _bitrate(video.bitrate) if video else "",
        "hdr": ", ".join(hdr),
        "resolution": f"{video.width}x{video.height}" if video else "",
        "duration": f"{seconds // 3600} h {seconds // 60 % 60:02d} min" if seconds else "",
    }
