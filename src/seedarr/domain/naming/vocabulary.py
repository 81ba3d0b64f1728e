"""The technical vocabulary of release names (naming spec §2, §4.2, §5.4, §6): one token → one meaning.

:func:`classify` looks at one **whole** token (already split by :mod:`~seedarr.domain.naming.scan`) and says
what it is, case-insensitively. Matching whole tokens is what keeps title words out: ``Cameron`` is not
``CAM``, ``Infinity`` is not ``NF``, ``DVDRip`` is not ``DV``, ``Twilight`` is not ``HDLight``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "AMBIGUOUS_KINDS",
    "AUDIO_COMPOUND_RE",
    "COMPOUNDS_RE",
    "SEASON_RE",
    "Classified",
    "Kind",
    "classify",
    "is_strong",
]

Kind = Literal[
    "resolution", "resolution_hint", "source", "remux", "light", "video_codec", "audio_codec", "channels",
    "hdr", "language", "edition", "repack", "service", "other",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Classified:
    """What a token means: its ``kind``, a canonical ``value`` and extra facts some kinds carry."""

    kind: Kind
    value: str
    written: str
    channels: str | None = None  # "5.1" for "DDP5.1"
    remux: bool = False  # "BDRemux"


# Kinds that are also plain words: they end the title only when no year bounds it (naming spec §2.3).
AMBIGUOUS_KINDS: frozenset[Kind] = frozenset({"edition", "repack", "service"})
_AMBIGUOUS_WORDS = frozenset({"FRENCH", "MUET", "VO", "CAM", "TS", "TC", "DV", "HDR", "DD", "UHD", "4K"})

# Compounds matched as one token before splitting on separators (spec §2.2).
COMPOUNDS_RE = re.compile(
    r"WEB-DL|WEB-Rip|Blu-Ray|DTS-HD[.\s]MA|DTS-HD[.\s]HRA|DTS-HD|DTS-X|DTS:X|E-AC-3|HDR10\+|DD\+\d\.\d|DD\+"
    r"|(?:DDP|DD|AAC|EAC3|AC3|FLAC|LPCM|OPUS|DTS)\.?\d\.\d|H\.26[45]|VC-1|MPEG-2|MPEG-4|10-bit|CANAL\+"
    r"|S\d{1,3}(?:-?E\d{1,4})+|\d\.\d(?!\d)",
    re.IGNORECASE,
)
AUDIO_COMPOUND_RE = re.compile(r"^(DDP|DD\+|DD|AAC|EAC3|AC3|FLAC|LPCM|OPUS|DTS)\.?(\d\.\d)$", re.IGNORECASE)
# S01, S01E02, S1E2, S01E01E02, S01E01-E03 (one token after compounds)
SEASON_RE = re.compile(r"^S(\d{1,3})((?:-?E\d{1,4})*)$", re.IGNORECASE)

_SOURCES = {
    "BLURAY": ("bluray", False), "BLU-RAY": ("bluray", False), "BDREMUX": ("bluray", True),
    "BDRIP": ("bdrip", False), "BRRIP": ("brrip", False), "WEB-DL": ("web-dl", False),
    "WEBDL": ("web-dl", False), "WEB": ("web-dl", False), "WEBRIP": ("webrip", False),
    "WEB-RIP": ("webrip", False), "HDTV": ("hdtv", False), "DVDRIP": ("dvdrip", False), "DVD": ("dvd", False),
    "DVD5": ("dvd", False), "DVD9": ("dvd", False), "DVDR": ("dvd", False), "HDRIP": ("hdrip", False),
    "CAM": ("cam", False), "HDCAM": ("cam", False), "CAMRIP": ("cam", False), "TS": ("ts", False),
    "TELESYNC": ("ts", False), "HDTS": ("ts", False), "TC": ("tc", False), "TELECINE": ("tc", False),
}  # fmt: skip
_VIDEO = {
    "X264": "x264", "X265": "x265", "H264": "H.264", "H.264": "H.264", "H265": "H.265", "H.265": "H.265",
    "AVC": "AVC", "HEVC": "HEVC", "XVID": "XviD", "DIVX": "DivX", "AV1": "AV1", "VP9": "VP9",
    "VC-1": "VC-1", "VC1": "VC-1", "MPEG2": "MPEG-2", "MPEG-2": "MPEG-2",
}  # fmt: skip
# audio spellings → the MediaFacts vocabulary (media_facts.AudioCodec)
_AUDIO = {
    "AAC": "AAC", "AC3": "AC3", "DD": "AC3", "DDP": "EAC3", "DD+": "EAC3", "EAC3": "EAC3", "E-AC-3": "EAC3",
    "TRUEHD": "TrueHD", "ATMOS": "Atmos", "DTS": "DTS", "DTS-HD": "DTS-HD MA", "DTS-HD.MA": "DTS-HD MA",
    "DTS-HD MA": "DTS-HD MA", "DTS-HD.HRA": "DTS-HD HRA", "DTS-HD HRA": "DTS-HD HRA", "DTS-X": "DTS:X",
    "DTS:X": "DTS:X", "DTSX": "DTS:X", "FLAC": "FLAC", "LPCM": "PCM", "PCM": "PCM", "OPUS": "Opus",
    "MP3": "MP3", "MP2": "MP2",
}  # fmt: skip
_HDR = {
    "DV": "DV", "DOVI": "DV", "DOLBYVISION": "DV", "HDR": "HDR", "HDR10": "HDR10", "HDR10+": "HDR10+",
    "HDR10PLUS": "HDR10+", "HLG": "HLG",
}  # fmt: skip
_LANGUAGES = frozenset({
    "MULTI", "VFF", "VFQ", "VFI", "VF2", "VOF", "TRUEFRENCH", "FRENCH", "VOSTFR", "SUBFRENCH", "VO", "MUET",
    "VFB", "VOQ", "VF",
})  # fmt: skip
_EDITIONS = frozenset({
    "EXTENDED", "UNCUT", "UNRATED", "REMASTERED", "IMAX", "DC", "CRITERION", "THEATRICAL", "HYBRID", "3D",
    "INTEGRALE", "COLLECTION",
})  # fmt: skip
_SERVICES = {
    "NF": "NF", "AMZN": "AMZN", "DSNP": "DSNP", "ATVP": "ATVP", "HMAX": "HMAX", "MAX": "MAX", "PCOK": "PCOK",
    "HULU": "HULU", "IP": "iP", "CANAL+": "CANAL+", "CNLP": "CNLP", "MYCANAL": "MYCANAL",
}  # fmt: skip
_LIGHT = {"HDLIGHT": "HDLight", "4KLIGHT": "4KLight", "MHD": "mHD"}
_OTHER = frozenset({"10BIT", "10-BIT", "8BIT", "SDR", "INTERNAL", "LIMITED", "DUBBED", "SUBBED", "PROPER"})
_RESOLUTION_RE = re.compile(r"^(\d{3,4})([pi])$", re.IGNORECASE)
_FRAME_RE = re.compile(r"^(\d{3,4})x(\d{3,4})$", re.IGNORECASE)
_REPACK_RE = re.compile(r"^(REPACK\d?|PROPER|RERIP)$", re.IGNORECASE)


def _frame_label(width: int, height: int) -> str:
    """The spec §4.1 label of a ``1920x1080`` token (width first, so scope crops keep their label)."""
    steps = ((7000, 4000, "4320p"), (3200, 1800, "2160p"), (1800, 1000, "1080p"), (1200, 700, "720p"))
    for min_width, min_height, label in steps:
        if width >= min_width or height >= min_height:
            return label
    return "576p" if height >= 560 else "480p"


def classify(token: str) -> Classified | None:
    """The meaning of one whole token, or None for an ordinary word (or a number)."""
    upper = token.upper()
    if upper == "REMUX":
        return Classified("remux", "REMUX", token)
    if upper in _SOURCES:
        kind, remux = _SOURCES[upper]
        return Classified("source", kind, token, remux=remux)
    if match := _RESOLUTION_RE.match(token):
        return Classified("resolution", f"{int(match.group(1))}{match.group(2).lower()}", token)
    if match := _FRAME_RE.match(token):
        return Classified("resolution", _frame_label(int(match.group(1)), int(match.group(2))), token)
    if upper in {"4K", "UHD", "2160"}:
        return Classified("resolution_hint", "2160p", token)
    if upper in _LIGHT:
        return Classified("light", _LIGHT[upper], token)
    if upper in _VIDEO:
        return Classified("video_codec", _VIDEO[upper], token)
    if match := AUDIO_COMPOUND_RE.match(token):
        return Classified("audio_codec", _AUDIO[match.group(1).upper()], token, channels=match.group(2))
    if upper in _AUDIO or upper.replace(" ", ".") in _AUDIO:
        return Classified("audio_codec", _AUDIO.get(upper) or _AUDIO[upper.replace(" ", ".")], token)
    if re.fullmatch(r"\d\.\d", token):
        return Classified("channels", token, token)
    if upper in _HDR:
        return Classified("hdr", _HDR[upper], token)
    if upper in _LANGUAGES:
        return Classified("language", upper, token)
    if _REPACK_RE.match(token):
        return Classified("repack", upper, token)
    if upper in _EDITIONS:
        return Classified("edition", upper, token)
    if upper in _SERVICES:
        return Classified("service", _SERVICES[upper], token)
    if upper in _OTHER:
        return Classified("other", upper, token)
    return None


def is_strong(item: Classified) -> bool:
    """Whether a token ends the title region on its own (ordinary words such as FRENCH or DC do not)."""
    return item.kind not in AMBIGUOUS_KINDS and item.written.upper() not in _AMBIGUOUS_WORDS
