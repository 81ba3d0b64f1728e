"""Typed facts about *what* a release is: what its names say, and who TMDB says it is.

:class:`ParsedName` is filled by :mod:`seedarr.metadata.parse` from a file name, a folder name or a
Radarr/Sonarr scene name (guessit plus the false-positive guards of the naming spec). :class:`Identity` is
filled by the TMDB client (or a manual id). Naming, descriptions and tracker adapters read both together
with :class:`~seedarr.domain.media_facts.MediaFacts`; nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "CastMember",
    "Identity",
    "IdentityCandidate",
    "MediaType",
    "NameOrigin",
    "ParsedName",
    "SourceKind",
]

MediaType = Literal["movie", "tv"]
NameOrigin = Literal["file", "folder", "scene"]
# Normalised source kinds of the naming spec §4.2
SourceKind = Literal[
    "bluray", "bdrip", "brrip", "web-dl", "webrip", "hdtv", "dvdrip", "dvd", "hdrip", "cam", "ts", "tc"
]


@dataclass(frozen=True, slots=True)
class ParsedName:
    """What one name says. Every field is None/empty when the name does not say it."""

    raw: str
    origin: NameOrigin
    title: str | None = None
    year: int | None = None
    media_type: Literal["movie", "episode"] | None = None
    season: int | None = None
    episodes: tuple[int, ...] = ()
    resolution: str | None = None  # "2160p", "1080p", "1080i", ...
    source: SourceKind | None = None
    source_token: str | None = None  # as written ("BDRip", "WEB-DL"), for "kept as given" rules
    remux: bool = False
    light: str | None = None  # "HDLight", "4KLight", "mHD" as written
    video_codec: str | None = None  # "x264", "x265", "H.264", "HEVC", "XviD", ...
    audio_codec: str | None = None
    hdr: tuple[str, ...] = ()  # ("DV", "HDR10")
    language_tags: tuple[str, ...] = ()  # upper-cased as read: "MULTI", "VFF", "TRUEFRENCH", "VOSTFR"
    editions: tuple[str, ...] = ()  # "EXTENDED", "IMAX", ...
    repack: str | None = None  # "REPACK", "REPACK2", "PROPER"
    service: str | None = None  # "NF", "AMZN", ...
    group: str | None = None  # None for no group or a placeholder (NOGRP, NoTag...)
    year_after_title: bool = False  # the year came right after the title (keeps it in TV names)


@dataclass(frozen=True, slots=True)
class CastMember:
    name: str
    character: str | None = None
    profile_path: str | None = None
    order: int = 0


@dataclass(frozen=True, slots=True)
class IdentityCandidate:
    """One search result with the score that ranked it (shown to the user when no match is confident)."""

    tmdb_id: int
    media_type: MediaType
    title: str
    original_title: str
    year: int | None
    popularity: float
    score: float


@dataclass(frozen=True, slots=True)
class Identity:
    """Who the release is, per TMDB (French fields with English fallback already applied)."""

    tmdb_id: int
    media_type: MediaType
    title: str  # French title (fr-FR), or the original when TMDB has none
    original_title: str
    original_language: str | None  # ISO 639-1 ("en", "fr")
    year: int | None
    imdb_id: str | None = None
    tvdb_id: int | None = None
    overview: str = ""
    tagline: str = ""
    genres: tuple[str, ...] = ()
    release_date: str | None = None  # ISO date (movie release or first air date)
    runtime_minutes: int | None = None
    countries: tuple[str, ...] = ()
    spoken_languages: tuple[str, ...] = ()
    directors: tuple[str, ...] = ()  # creators for TV
    writers: tuple[str, ...] = ()
    cast: tuple[CastMember, ...] = ()
    vote_average: float | None = None
    vote_count: int | None = None
    poster_path: str | None = None
    backdrop_path: str | None = None
    trailer_url: str | None = None
    collection: str | None = None
    status: str | None = None
    certification: str | None = None  # French age rating (release dates / content ratings for FR)
    # TV only
    number_of_seasons: int | None = None
    number_of_episodes: int | None = None
    networks: tuple[str, ...] = ()
    season_title: str | None = None
    episode_titles: dict[int, str] = field(default_factory=dict)
