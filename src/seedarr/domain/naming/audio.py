"""The audio token (naming spec §5.2): the best track's codec, Atmos and channels, in a profile's style.

Best track: commentary and audio description left out; lossless before lossy, then more channels, then a
French track, then stream order. ``fr`` writes ``EAC3.Atmos.5.1``; ``p2p`` writes ``DDP5.1.Atmos`` (channels
stuck to short codecs, separated for long ones); ``caps`` follows the Upload-Assistant fork's spellings
(``TRUEHD``, ``DTS.HD.MA``, ``DTSX``, ``ATMOS``) and is marked unverified there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from seedarr.domain.media_facts import AudioTrack
from seedarr.domain.naming.languages import main_audio_tracks, track_language
from seedarr.domain.naming.profiles import AudioStyle

__all__ = ["LOSSLESS", "AudioToken", "audio_token", "best_audio_track", "codec_label"]

LOSSLESS = frozenset({"TrueHD", "DTS-HD MA", "DTS:X", "FLAC", "PCM", "ALAC"})
_FR = {
    "AAC": "AAC", "AC3": "AC3", "EAC3": "EAC3", "TrueHD": "TrueHD", "DTS": "DTS", "DTS-HD MA": "DTS-HD.MA",
    "DTS-HD HRA": "DTS-HD.HRA", "DTS:X": "DTS-X", "FLAC": "FLAC", "PCM": "LPCM", "Opus": "OPUS", "MP3": "MP3",
    "MP2": "MP2",
}  # fmt: skip
_P2P = {**_FR, "AC3": "DD", "EAC3": "DDP", "Opus": "Opus"}
_CAPS = {**_FR, "TrueHD": "TRUEHD", "DTS-HD MA": "DTS.HD.MA", "DTS-HD HRA": "DTS.HD.HRA", "DTS:X": "DTSX"}
_STUCK = frozenset({"DD", "DDP", "AAC", "FLAC", "DTS", "LPCM", "Opus", "MP3", "MP2"})


@dataclass(frozen=True, slots=True)
class AudioToken:
    """``full`` (``EAC3.Atmos.5.1``), ``codec`` (``EAC3``), ``channels`` (``5.1``) and the track used."""

    full: str
    codec: str
    channels: str
    track_index: int  # 1-based position among all audio tracks


def _channel_count(track: AudioTrack) -> int:
    if track.channel_count:
        return track.channel_count
    match = re.fullmatch(r"(\d+)\.(\d)", track.channels)
    return int(match.group(1)) + int(match.group(2)) if match else 0


def best_audio_track(tracks: Sequence[AudioTrack]) -> AudioTrack | None:
    """The track the name describes (spec §5.2); None when there is no main audio track."""
    main = main_audio_tracks(tracks)
    if not main:
        return None
    return min(
        main,
        key=lambda t: (t.codec not in LOSSLESS, -_channel_count(t), track_language(t) != "fr", main.index(t)),
    )


def codec_label(codec: str, style: AudioStyle) -> str:
    """A codec of the MediaFacts vocabulary written in ``style`` (unknown codecs keep a safe spelling)."""
    table = {"fr": _FR, "p2p": _P2P, "caps": _CAPS}[style]
    return table.get(codec) or re.sub(r"[^A-Za-z0-9+-]", "", codec) or "Audio"


def audio_token(tracks: Sequence[AudioTrack], style: AudioStyle) -> AudioToken | None:
    """The audio token of the best track, or None without audio."""
    track = best_audio_track(tracks)
    if track is None:
        return None
    codec = codec_label(track.codec, style)
    channels = track.channels
    atmos = "ATMOS" if style == "caps" else "Atmos"
    if style == "p2p":
        full = f"{codec}{channels}" if codec in _STUCK else f"{codec}.{channels}"
        full += f".{atmos}" if track.atmos else ""
    else:
        full = f"{codec}.{atmos}.{channels}" if track.atmos else f"{codec}.{channels}"
    return AudioToken(full, codec, channels, tracks.index(track) + 1)
