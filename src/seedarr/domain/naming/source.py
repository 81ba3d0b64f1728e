"""Source, REMUX and light tokens (naming spec §4.2) and the weak MediaInfo inference of §4.3.

A name's source kind becomes the profile's label (``web-dl`` → ``WEB`` for ``fr``, ``WEB-DL`` for ``p2p``;
``BDRip``/``BRRip`` kept as written). With no source token anywhere, MediaInfo may suggest one (PGS → BluRay,
VobSub → DVD, lossless audio → BluRay, E-AC-3 only → WEB, 1080p above 20 Mb/s → BluRay); such a guess is
always flagged for approval. A BluRay with untouched video and lossless audio *suggests* REMUX; it is
proposed, never assumed.
"""

from __future__ import annotations

from seedarr.domain.identity import SourceKind
from seedarr.domain.media_facts import MediaFacts

__all__ = ["DVD_KINDS", "infer_source", "remux_suggested", "source_label"]

DVD_KINDS = frozenset({"dvd", "dvdrip"})
_LABELS: dict[str, str] = {
    "bluray": "BluRay", "webrip": "WEBRip", "hdtv": "HDTV", "dvdrip": "DVDRip", "dvd": "DVD",
    "hdrip": "HDRip", "cam": "CAM", "ts": "TS", "tc": "TC", "bdrip": "BDRip", "brrip": "BRRip",
}  # fmt: skip
_LOSSLESS = frozenset({"TrueHD", "DTS-HD MA", "DTS:X", "FLAC", "PCM"})


def source_label(kind: SourceKind, written: str | None, web_label: str) -> str:
    """The source token of a kind: ``BDRip``/``BRRip`` as written, web-dl per the profile's label."""
    if kind == "web-dl":
        return web_label
    if kind in {"bdrip", "brrip"} and written and written.upper() in {"BDRIP", "BRRIP"}:
        return written
    return _LABELS[kind]


def infer_source(facts: MediaFacts) -> tuple[SourceKind, str] | None:
    """(kind, reason) guessed from MediaInfo when no name has a source token; None if nothing hints."""
    formats = {s.format for s in facts.subtitles}
    codecs = {a.codec for a in facts.audio}
    if facts.disc_kind == "BDMV":
        return "bluray", "a BDMV disc folder"
    if facts.disc_kind == "VIDEO_TS":
        return "dvd", "a VIDEO_TS disc folder"
    if "PGS" in formats:
        return "bluray", "PGS subtitles"
    if "VobSub" in formats:
        return "dvd", "VobSub subtitles"
    if codecs & {"TrueHD", "DTS-HD MA", "DTS:X"}:
        return "bluray", "lossless Blu-ray audio (TrueHD or DTS-HD MA)"
    if codecs and codecs <= {"EAC3"}:
        return "web-dl", "only E-AC-3 audio"
    video = facts.video
    if video and video.resolution == "1080p" and (video.bitrate or 0) > 20_000_000:
        return "bluray", "1080p above 20 Mb/s"
    return None


def remux_suggested(facts: MediaFacts, kind: SourceKind | None) -> bool:
    """A BluRay with no encoder settings and lossless audio looks like a REMUX (a proposal only)."""
    video = facts.video
    if kind != "bluray" or video is None or video.encoder_settings or video.writing_library:
        return False
    return any(a.codec in _LOSSLESS for a in facts.audio)
