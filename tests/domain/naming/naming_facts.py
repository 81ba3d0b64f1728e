"""Small builders of MediaFacts, Identity and parsed names for naming tests (no media files needed)."""

from __future__ import annotations

from seedarr.domain.identity import Identity, MediaType
from seedarr.domain.languages import to_iso639_1
from seedarr.domain.media_facts import AudioTrack, MediaFacts, SubtitleTrack, VideoTrack
from seedarr.domain.naming import (
    NamingInputs,
    NamingProfile,
    ReleaseName,
    compose_release_name,
    resolve_profile,
)
from seedarr.domain.resolution import resolution_label
from seedarr.media.tracks import channels_label
from seedarr.metadata.parse import parse_release_names

HDR_LABELS = {"ST2086": "HDR10", "DV+ST2086": "DV HDR10", "ST2094": "HDR10+", "HLG": "HLG", "PQ": "HDR"}


def video(
    width: int,
    height: int,
    codec: str = "H.264",
    *,
    enc: bool = False,
    hdr: str | None = None,
    interlaced: bool = False,
    codec_id: str | None = None,
    bit_depth: int = 8,
    bitrate: int | None = None,
) -> VideoTrack:
    library = ("x264 - core 164" if codec == "H.264" else "x265 3.5") if enc else None
    return VideoTrack(
        codec=codec,
        profile=None,
        width=width,
        height=height,
        resolution=resolution_label(width, height),
        bit_depth=bit_depth,
        frame_rate=23.976,
        scan="interlaced" if interlaced else "progressive",
        hdr=hdr,
        writing_library=library,
        encoder_settings="cabac=1 / ref=4" if enc else None,
        codec_id=codec_id,
        bitrate=bitrate,
    )


def audio(
    tag: str | None,
    codec: str,
    channels: int,
    title: str | None = None,
    *,
    atmos: bool = False,
    commentary: bool = False,
    described: bool = False,
) -> AudioTrack:
    return AudioTrack(
        language=to_iso639_1(tag),
        codec=codec,
        channels=channels_label(channels, None),
        atmos=atmos,
        title=title,
        commentary=commentary,
        language_tag=tag,
        audio_description=described,
        channel_count=channels,
    )


def sub(tag: str | None, fmt: str = "SRT", title: str | None = None) -> SubtitleTrack:
    return SubtitleTrack(language=to_iso639_1(tag), format=fmt, title=title, language_tag=tag)


def facts(
    video_track: VideoTrack | None,
    audio_tracks: tuple[AudioTrack, ...] = (),
    subs: tuple[SubtitleTrack, ...] = (),
    shape: str = "file",
) -> MediaFacts:
    return MediaFacts(
        size_bytes=1, duration_seconds=60.0, container="MKV", video=video_track, audio=audio_tracks,
        subtitles=subs, shape=shape,  # type: ignore[arg-type]
    )  # fmt: skip


def tmdb(
    title: str,
    original: str | None = None,
    language: str | None = "en",
    year: int | None = None,
    media_type: MediaType = "movie",
) -> Identity:
    return Identity(
        tmdb_id=1, media_type=media_type, title=title, original_title=original or title,
        original_language=language, year=year,
    )  # fmt: skip


def name_of(
    file: str | None = None,
    *,
    folder: str | None = None,
    scene: str | None = None,
    pack: bool = False,
    media: MediaFacts | None = None,
    identity: Identity | None = None,
    profile: str | NamingProfile = "fr",
    overrides: dict[str, object] | None = None,
    media_type: MediaType | None = None,
) -> ReleaseName:
    names = parse_release_names(file, folder, scene, pack=pack)
    chosen = resolve_profile(profile, overrides)
    inputs = NamingInputs(names=names, facts=media, identity=identity, media_type=media_type)
    return compose_release_name(inputs, chosen)
