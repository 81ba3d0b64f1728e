"""What a release *is*, in the small vocabulary every tracker mapping reads (pure, no I/O).

Sites ask for the same facts under different ids: UNIT3D's ``type_id``/``resolution_id``, C411's quality
and language options, torr9's ``resolution_id``/``type_id`` and comma tags, La Cale's tag ids. Each
adapter reads :func:`release_labels` and translates with its own data, so the facts are worked out once:

- ``resolution``: ``2160p``, ``1080p``, ``1080i``… from MediaInfo (interlaced scans end in ``i``), else the
  names;
- ``type``: ``full_disc``, ``remux``, ``encode``, ``web-dl``, ``webrip`` or ``hdtv`` (the definitions'
  release-type vocabulary);
- ``source``: the source as parsed from the names (``bluray``, ``web-dl``, ``dvd``…), None when unknown;
- ``codec_family``: ``avc``, ``hevc``, ``av1``, ``vc1``, ``mpeg2`` or ``other``; ``video_codec`` is the
  token as the release name writes it (``x265``, ``H264``);
- ``hdr``: formats (``DV``, ``HDR10``, ``HDR10+``, ``HLG``); ``hdr_class``: ``sdr``, ``hdr`` or ``dv``;
- ``languages``: the release name's language parts upper-cased (``MULTI``, ``VFF``, ``VOSTFR``…);
- ``light``: ``HDLight``/``4KLight``/``mHD`` only when a name carries that explicit token;
- TV: ``season``, ``episode`` (None for a season pack) and ``season_pack``.

The tracker's own :class:`~seedarr.domain.naming.compose.ReleaseName` (when the release has one for that
tracker) wins over the parsed names, because it is what the site will see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from seedarr.domain.release import ReleaseInfo

__all__ = [
    "CodecFamily",
    "HdrClass",
    "ReleaseLabels",
    "codec_family",
    "release_labels",
    "release_resolution",
    "release_type",
]

CodecFamily = Literal["avc", "hevc", "av1", "vc1", "mpeg2", "other"]
HdrClass = Literal["sdr", "hdr", "dv"]

_CODEC_FAMILIES: dict[str, CodecFamily] = {
    "x264": "avc", "h264": "avc", "h.264": "avc", "avc": "avc",
    "x265": "hevc", "h265": "hevc", "h.265": "hevc", "hevc": "hevc",
    "av1": "av1", "vc-1": "vc1", "vc1": "vc1", "mpeg-2": "mpeg2", "mpeg2": "mpeg2",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ReleaseLabels:
    """The facts of one release every tracker mapping reads (see the module docstring)."""

    media_type: Literal["movie", "tv"]
    resolution: str | None
    type: str
    source: str | None
    video_codec: str | None
    codec_family: CodecFamily
    hdr: tuple[str, ...]
    hdr_class: HdrClass
    languages: tuple[str, ...]
    light: str | None
    season: int | None = None
    episode: int | None = None
    season_pack: bool = False


def release_type(release: ReleaseInfo) -> str:
    """The release type vocabulary of the definitions: full_disc, remux, web-dl, webrip, hdtv or encode."""
    facts = release.facts
    if facts is not None and (facts.shape == "disc" or facts.disc_kind is not None):
        return "full_disc"
    if any(name.remux for name in release.names):
        return "remux"
    source = next((name.source for name in release.names if name.source), None)
    return {"web-dl": "web-dl", "webrip": "webrip", "hdtv": "hdtv"}.get(source or "", "encode")


def release_resolution(release: ReleaseInfo) -> str | None:
    """``1080p``, ``1080i``… from MediaInfo (interlaced scans end in ``i``), else from the names."""
    video = release.facts.video if release.facts is not None else None
    if video is not None and video.resolution:
        resolution = video.resolution
        if video.scan == "interlaced" and resolution.endswith("p"):
            resolution = resolution[:-1] + "i"
        return resolution
    return next((name.resolution for name in release.names if name.resolution), None)


def codec_family(codec: str | None) -> CodecFamily:
    """``hevc`` for x265/H.265/HEVC, ``avc`` for x264/H.264/AVC… (``other`` when unknown)."""
    return _CODEC_FAMILIES.get((codec or "").strip().lower(), "other")


def _hdr(release: ReleaseInfo) -> tuple[str, ...]:
    video = release.facts.video if release.facts is not None else None
    if video is not None and video.hdr:
        return tuple(video.hdr.split())
    return next((name.hdr for name in release.names if name.hdr), ())


def release_labels(release: ReleaseInfo, tracker_id: str | None = None) -> ReleaseLabels:
    """The labels of ``release``, read through ``tracker_id``'s release name when it has one."""
    artefacts = release.trackers.get(tracker_id) if tracker_id else None
    named = artefacts.release_name if artefacts is not None else None
    media_type: Literal["movie", "tv"] = "tv" if release.media_type == "tv" else "movie"

    codec = named.value("video_codec") if named is not None else ""
    if not codec:
        codec = next((n.video_codec for n in release.names if n.video_codec), None) or ""
    video = release.facts.video if release.facts is not None else None
    family = codec_family(codec) if codec else "other"
    if family == "other" and video is not None:
        family = codec_family(video.codec)

    language = named.value("language") if named is not None else ""
    if language:
        languages = tuple(part.upper() for part in language.split(".") if part)
    else:
        languages = next((n.language_tags for n in release.names if n.language_tags), ())

    hdr = _hdr(release)
    hdr_class: HdrClass = "dv" if "DV" in hdr else ("hdr" if hdr else "sdr")
    season_named = next((n for n in release.names if n.season is not None), None)
    pack = release.facts is not None and release.facts.shape == "season_pack"
    season = season_named.season if season_named is not None and media_type == "tv" else None
    episode = None
    if season_named is not None and season_named.episodes and not pack and media_type == "tv":
        episode = season_named.episodes[0]
    return ReleaseLabels(
        media_type=media_type,
        resolution=release_resolution(release),
        type=release_type(release),
        source=next((n.source for n in release.names if n.source), None),
        video_codec=codec or None,
        codec_family=family,
        hdr=hdr,
        hdr_class=hdr_class,
        languages=languages,
        light=next((n.light for n in release.names if n.light), None),
        season=season,
        episode=episode,
        season_pack=pack and media_type == "tv",
    )
