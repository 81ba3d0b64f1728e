"""C411's site data (the definition's ``custom:`` mapping), checked, and the lookups that read it.

:class:`C411Data` validates what ``definitions/c411.yml`` says under ``custom:``: the option type ids of
the upload form, where each kind of work goes (default ids plus a name pattern for the categories synced
from the site), the language ids and the single/multi rule, the quality tables (agreed rows, HDLight rows,
and the two single-source tables with the switch that picks one), the genre map (TV-only genres through
their movie equivalents), the season/episode numbering, the ``tmdbData`` shape switch and the search
switches. Its methods turn :class:`~seedarr.trackers.labels.ReleaseLabels` and an
:class:`~seedarr.domain.identity.Identity` into C411 option values; nothing here does I/O.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from seedarr.domain.identity import Identity
from seedarr.domain.media_facts import MediaFacts
from seedarr.trackers.labels import ReleaseLabels

__all__ = ["C411Data", "CategoryKind", "CategoryRule", "normalise_name"]

CategoryKind = Literal["movie", "tv", "anime_movie", "anime_tv", "documentary"]
Band = Literal["2160p", "1080p", "720p", "other"]
QualityTable = dict[str, dict[Band, int]]
ANIMATION, DOCUMENTARY = 16, 99  # TMDB genre ids
_FRENCH = {"VFF", "VOF", "VFI", "TRUEFRENCH", "FRENCH"}


def normalise_name(text: str) -> str:
    """Lower case, accents removed, punctuation as single spaces (``Séries TV`` → ``series tv``)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.split(r"[^a-z0-9&]+", plain.lower())).strip()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OptionTypes(_Strict):
    language: int = 1
    quality: int = 2
    genre: int = 5
    episode: int = 6
    season: int = 7


class CategoryRule(_Strict):
    """Default ids of one kind (None: only known after a sync) and the patterns that find it by name.

    Patterns are tried in order against every synced subcategory name (see :func:`normalise_name`).
    """

    parent: int | None = None
    sub: int | None = None
    patterns: tuple[str, ...] = Field(min_length=1)

    @field_validator("patterns")
    @classmethod
    def _compile(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"{pattern!r} is not a regular expression: {exc}") from None
        return value


class LanguageIds(_Strict):
    english: int
    french: int
    multi: int
    quebec: int
    vostfr: int
    multi_vf2: int


class Languages(_Strict):
    mode: Literal["single", "multi"] = "single"
    ids: LanguageIds


class Quality(_Strict):
    agreed: QualityTable
    light: dict[Band, int]
    fallback: Literal["fork", "previous", "none"] = "fork"
    fork: QualityTable = Field(default_factory=dict)
    previous: QualityTable = Field(default_factory=dict)


class GenreRow(_Strict):
    """A TMDB genre: its C411 id, or the TMDB genres it maps through (``via``), or neither (dropped)."""

    tmdb: int
    names: tuple[str, ...]
    c411: int | None = None
    via: tuple[int, ...] = ()


class Numbering(_Strict):
    season_base: int = 120
    season_max: int = 30
    episode_base: int = 96
    episode_max: int = 20
    season_pack_episode: int = 96


class SearchSwitches(_Strict):
    """Which of the site's own search endpoints the adapter uses, and how it words its queries."""

    api: Literal["torznab", "json"] = "torznab"
    torznab_imdb_tt: bool = True
    native_default_q: str = ""


class TitleRules(_Strict):
    min_length: int = Field(default=3, ge=1)
    max_length: int = Field(default=255, le=255)


class C411Data(_Strict):
    """The ``custom:`` mapping of C411's definition."""

    option_types: OptionTypes = Field(default_factory=OptionTypes)
    categories: dict[CategoryKind, CategoryRule]
    anime_languages: tuple[str, ...] = ("ja",)
    languages: Languages
    quality: Quality
    send_genres: bool = True
    genres: tuple[GenreRow, ...] = ()
    numbering: Numbering = Field(default_factory=Numbering)
    tmdb_data: Literal["fork", "previous", "none"] = "fork"
    tmdb_image_base: str = "https://image.tmdb.org/t/p"
    search: SearchSwitches = Field(default_factory=SearchSwitches)
    title: TitleRules = Field(default_factory=TitleRules)
    description_min_length: int = Field(default=20, ge=0)

    @model_validator(mode="after")
    def _complete(self) -> C411Data:
        for kind in ("movie", "tv"):
            rule = self.categories.get(kind)  # type: ignore[call-overload]
            if rule is None or rule.parent is None or rule.sub is None:
                raise ValueError(f"categories.{kind}: needs default parent and sub ids")
        known = {row.tmdb for row in self.genres}
        for row in self.genres:
            if set(row.via) - known:
                raise ValueError(
                    f"genres: {row.tmdb} maps through unknown genres {sorted(set(row.via) - known)}"
                )
        return self

    # --- lookups ------------------------------------------------------------------------------------------

    def kind_of(self, media_type: str, identity: Identity | None) -> CategoryKind:
        """movie, tv, anime_movie, anime_tv or documentary, from TMDB's genres and original language."""
        genres = set(self.tmdb_genre_ids(identity))
        tv = media_type == "tv"
        language = (identity.original_language or "") if identity is not None else ""
        if ANIMATION in genres and language in self.anime_languages:
            return "anime_tv" if tv else "anime_movie"
        if DOCUMENTARY in genres:
            return "documentary"
        return "tv" if tv else "movie"

    def tmdb_genre_id(self, name: str) -> int | None:
        """The TMDB id of a genre name, French or English (None when unknown)."""
        wanted = normalise_name(name)
        return next((row.tmdb for row in self.genres if wanted in map(normalise_name, row.names)), None)

    def tmdb_genre_ids(self, identity: Identity | None) -> list[int]:
        """TMDB ids of the identity's genre names (unknown names are skipped)."""
        names = identity.genres if identity is not None else ()
        return list(dict.fromkeys(i for n in names if (i := self.tmdb_genre_id(n)) is not None))

    def genre_ids(self, identity: Identity | None) -> list[int]:
        """C411 genre ids of the identity's genres, TV-only genres mapped through ``via``."""
        rows = {row.tmdb: row for row in self.genres}
        found: list[int] = []
        for tmdb_id in self.tmdb_genre_ids(identity):
            row = rows[tmdb_id]
            targets = [row] if row.c411 is not None else [rows[v] for v in row.via]
            found += [t.c411 for t in targets if t.c411 is not None]
        return list(dict.fromkeys(found))

    def language_ids(self, labels: ReleaseLabels, facts: MediaFacts | None) -> list[int]:
        """The language option: one id (the fork's rule) or every detected language (``mode: multi``)."""
        ids = self.languages.ids
        tokens = set(labels.languages)
        audio = {t.language for t in facts.audio} if facts is not None else set()
        if self.languages.mode == "single":
            if "MULTI" in tokens:
                return [ids.multi_vf2 if "VF2" in tokens else ids.multi]
            for wanted, value in ((_FRENCH, ids.french), ({"VFQ"}, ids.quebec), ({"VOSTFR"}, ids.vostfr)):
                if tokens & wanted:
                    return [value]
            return [ids.french if not tokens and "fr" in audio else ids.english]
        found = [ids.multi_vf2 if "VF2" in tokens else ids.multi] if "MULTI" in tokens else []
        found += [ids.french] if tokens & _FRENCH else []
        found += [ids.quebec] if "VFQ" in tokens else []
        found += [ids.vostfr] if "VOSTFR" in tokens else []
        found += [ids.english] if "en" in audio or not found else []
        return list(dict.fromkeys(found))

    def quality_id(self, labels: ReleaseLabels) -> int | None:
        """The quality option of a release (None when no table has it)."""
        band = _band(labels.resolution)
        if labels.light:
            return self.quality.light.get("2160p" if "4K" in labels.light.upper() else band)
        kind = _quality_kind(labels)
        tables = [self.quality.agreed]
        if self.quality.fallback != "none":
            tables.append(getattr(self.quality, self.quality.fallback))
        for table in tables:
            value = table.get(kind, {}).get(band)
            if value is not None:
                return value
        for table in tables[1:]:
            value = table.get(kind, {}).get("other")
            if value is not None:
                return value
        return None

    def numbering_ids(self, labels: ReleaseLabels) -> tuple[int | None, int | None]:
        """(season, episode) option values of a TV release (None where outside the site's range)."""
        rules = self.numbering
        season = labels.season
        season_id = rules.season_base + season if season and 1 <= season <= rules.season_max else None
        if labels.season_pack:
            return season_id, rules.season_pack_episode
        episode = labels.episode
        episode_id = rules.episode_base + episode if episode and 1 <= episode <= rules.episode_max else None
        return season_id, episode_id


def _band(resolution: str | None) -> Band:
    if resolution in ("2160p", "4320p"):
        return "2160p"
    if resolution in ("1080p", "1080i"):
        return "1080p"
    return "720p" if resolution == "720p" else "other"


def _quality_kind(labels: ReleaseLabels) -> str:
    source = labels.source or ""
    if labels.type == "full_disc" and source == "dvd":
        return "dvd"
    if labels.type == "remux" and source == "dvd":
        return "dvd_remux"
    if source in ("dvdrip", "cam", "ts"):
        return source
    return labels.type
