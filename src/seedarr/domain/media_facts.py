"""Typed, immutable facts about a release's media, computed once (MediaInfo) and stored.

This is the contract between media analysis (which fills it), naming, descriptions and tracker adapters
(which read it). Values use the vocabulary below so that no reader needs to know MediaInfo's spellings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "AudioTrack",
    "MediaFacts",
    "ReleaseShape",
    "SubtitleTrack",
    "VideoTrack",
]

# "H.264", "H.265", "AV1", "VC-1", "MPEG-2", "VP9", "MPEG-4 Visual"
VideoCodec = str
# "2160p", "1080p", "720p", "576p", "480p" (cropped frames count by width)
Resolution = str
# None for SDR, else "DV", "HDR10", "HDR10+", "HLG" or combinations such as "DV HDR10"
HdrFormat = str | None
# "AAC", "AC3", "EAC3", "DTS", "DTS-HD MA", "DTS:X", "TrueHD", "FLAC", "Opus", "MP3", "PCM"
AudioCodec = str
ReleaseShape = Literal["file", "season_pack", "disc"]


@dataclass(frozen=True, slots=True)
class VideoTrack:
    codec: VideoCodec
    profile: str | None
    width: int
    height: int
    resolution: Resolution
    bit_depth: int | None
    frame_rate: float | None
    scan: Literal["progressive", "interlaced"]
    hdr: HdrFormat = None
    dv_profile: str | None = None
    # the encoder's writing library (x264/x265 settings present => an encode, absent => untouched)
    writing_library: str | None = None
    encoder_settings: str | None = None
    bitrate: int | None = None
    transfer: str | None = None  # "PQ", "HLG", "BT.709"... (drives tone mapping of screenshots)
    display_aspect_ratio: float | None = None


@dataclass(frozen=True, slots=True)
class AudioTrack:
    language: str | None  # ISO 639-1 when known ("fr", "en"), else None
    codec: AudioCodec
    channels: str  # "1.0", "2.0", "5.1", "7.1"
    atmos: bool = False
    bitrate: int | None = None
    title: str | None = None
    default: bool = False
    commentary: bool = False
    forced: bool = False


@dataclass(frozen=True, slots=True)
class SubtitleTrack:
    language: str | None
    format: str  # "SRT", "ASS", "PGS", "VobSub", ...
    forced: bool = False
    sdh: bool = False
    title: str | None = None
    default: bool = False


@dataclass(frozen=True, slots=True)
class MediaFacts:
    """What one media file (or the reference episode of a pack) contains."""

    size_bytes: int
    duration_seconds: float | None
    container: str | None
    video: VideoTrack | None
    audio: tuple[AudioTrack, ...] = ()
    subtitles: tuple[SubtitleTrack, ...] = ()
    chapters: int = 0
    mediainfo_text: str = ""
    file_name: str = ""
    shape: ReleaseShape = "file"
    # for season packs: every episode file (relative names) and the missing episode numbers
    episode_files: tuple[str, ...] = ()
    missing_episodes: tuple[int, ...] = ()
    extras: tuple[str, ...] = field(default=())
