"""Sample release data for template previews: a film with every catalogue variable filled in.

Used by the template editor's live preview (``POST /api/v1/templates/preview`` without a release) and as
the reference list of catalogue names. Values are invented but shaped like real TMDB and MediaInfo data.
"""

from __future__ import annotations

import functools
from typing import Any

from seedarr.domain.identity import CastMember, Identity
from seedarr.domain.media_facts import AudioTrack, MediaFacts, SubtitleTrack, VideoTrack
from seedarr.render.variables import ReleaseFacts, Screenshot, build_context

__all__ = ["SAMPLE_FACTS", "SAMPLE_IDENTITY", "SAMPLE_RELEASE", "sample_context"]

_NAME = "Dune.Deuxieme.Partie.2024.MULTi.VFF.2160p.WEB.HDR10.EAC3.5.1.x265-GRP"
SAMPLE_FACTS = MediaFacts(
    size_bytes=19_756_849_152,
    duration_seconds=9960.0,
    container="MKV",
    video=VideoTrack(
        codec="H.265",
        profile="Main 10",
        width=3840,
        height=1600,
        resolution="2160p",
        bit_depth=10,
        frame_rate=23.976,
        scan="progressive",
        hdr="HDR10",
        writing_library="x265 3.5",
        encoder_settings="crf=18",
        bitrate=14_200_000,
    ),
    audio=(
        AudioTrack(
            language="fr",
            codec="EAC3",
            channels="5.1",
            bitrate=640_000,
            title="VFF",
            default=True,
            language_tag="fr-FR",
            channel_count=6,
        ),
        AudioTrack(
            language="en",
            codec="EAC3",
            channels="5.1",
            atmos=True,
            bitrate=768_000,
            language_tag="en-US",
            channel_count=6,
        ),
    ),
    subtitles=(
        SubtitleTrack(language="fr", format="SRT", forced=True, title="Forcés", language_tag="fr-FR"),
        SubtitleTrack(language="fr", format="SRT", language_tag="fr-FR"),
        SubtitleTrack(language="en", format="SRT", sdh=True, title="SDH", language_tag="en-US"),
    ),
    chapters=12,
    mediainfo_text="\n".join(
        f"{key:<41}: {value}" if value else key
        for key, value in (
            ("General", ""),
            ("Complete name", "sample.mkv"),
            ("Format", "Matroska"),
            ("Video", ""),
            ("Format", "HEVC"),
            ("Width", "3 840 pixels"),
        )
    )
    + "\n",
    file_name="sample.mkv",
    release_size_bytes=19_756_849_152,
)
SAMPLE_IDENTITY = Identity(
    tmdb_id=693134,
    media_type="movie",
    title="Dune : Deuxième Partie",
    original_title="Dune: Part Two",
    original_language="en",
    year=2024,
    imdb_id="tt15239678",
    overview="Paul Atréides s'unit à Chani et aux Fremen pour mener la révolte contre ceux qui ont anéanti "
    "sa famille.",
    tagline="Longue vie aux combattants.",
    genres=("Science-Fiction", "Aventure"),
    release_date="2024-02-28",
    runtime_minutes=166,
    countries=("États-Unis d'Amérique", "Canada"),
    directors=("Denis Villeneuve",),
    cast=(
        CastMember("Timothée Chalamet", "Paul Atréides", "/p1.jpg", 0),
        CastMember("Zendaya", "Chani", "/p2.jpg", 1),
        CastMember("Rebecca Ferguson", "Jessica", None, 2),
    ),
    vote_average=8.2,
    vote_count=5000,
    poster_path="/abc.jpg",
    backdrop_path="/def.jpg",
    trailer_url="https://www.youtube.com/watch?v=xyz",
)
SAMPLE_RELEASE = ReleaseFacts(
    release_name=_NAME,
    group="GRP",
    source="WEB-DL",
    resolution="2160p",
    language_tag="MULTi.VFF",
    file_name=f"{_NAME}.mkv",
    size_bytes=19_756_849_152,
    files=((f"{_NAME}.mkv", 19_756_849_152),),
    screenshots=tuple(
        Screenshot(f"https://img.example/{n}.png", f"https://img.example/{n}-t.png") for n in range(1, 5)
    ),
    tracker_name="Tracker",
    tracker_slug="tracker",
    category_name="Films",
)


@functools.cache
def _cached() -> dict[str, Any]:
    return build_context(SAMPLE_FACTS, SAMPLE_IDENTITY, SAMPLE_RELEASE)


def sample_context() -> dict[str, Any]:
    """A fresh copy of the sample context (plain data)."""
    return dict(_cached())
