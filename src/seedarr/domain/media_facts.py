"""Typed, immutable facts about a release's media, computed once (MediaInfo) and stored.

This is the contract between media analysis (which fills it), naming, descriptions and tracker adapters
(which read it). Values use the vocabulary below so that no reader needs to know MediaInfo's spellings.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, TypeVar

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
# "AAC", "AC3", "EAC3", "DTS", "DTS-HD MA", "DTS-HD HRA", "DTS:X", "TrueHD", "FLAC", "Opus", "MP3", "MP2",
# "PCM" (MediaInfo's own format name for anything else)
AudioCodec = str
ReleaseShape = Literal["file", "season_pack", "disc"]
_T = TypeVar("_T")


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
    codec_id: str | None = None  # the container's codec id ("XVID", "V_MPEG4/ISO/AVC"): tells XviD from DivX


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
    # the language as the file tags it (BCP 47 such as "fr-CA", or "fre"): its region picks VFF/VFQ
    language_tag: str | None = None
    audio_description: bool = False  # visually-impaired flag, service kind VI, or a title such as "AD"
    channel_count: int | None = None


@dataclass(frozen=True, slots=True)
class SubtitleTrack:
    language: str | None
    format: str  # "SRT", "ASS", "PGS", "VobSub", ...
    forced: bool = False
    sdh: bool = False
    title: str | None = None
    default: bool = False
    language_tag: str | None = None


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
    # files recognised as samples (left out of the facts, like extras)
    samples: tuple[str, ...] = ()
    # every file of the release (a pack's episodes, a disc's folder), not only the analysed one
    release_size_bytes: int = 0
    disc_kind: Literal["BDMV", "VIDEO_TS"] | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (tuples become lists); :meth:`from_dict` reads it back."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MediaFacts:
        """Facts from :meth:`to_dict` output (stored JSON); unknown keys are ignored."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        video = known.get("video")
        known["video"] = _build(VideoTrack, video) if video else None
        known["audio"] = tuple(_build(AudioTrack, a) for a in known.get("audio", ()))
        known["subtitles"] = tuple(_build(SubtitleTrack, s) for s in known.get("subtitles", ()))
        for name in ("episode_files", "missing_episodes", "extras", "samples"):
            known[name] = tuple(known.get(name, ()))
        return cls(**known)


def _build(kind: type[_T], data: dict[str, Any]) -> _T:
    fields = kind.__dataclass_fields__  # type: ignore[attr-defined]
    return kind(**{k: v for k, v in data.items() if k in fields})
