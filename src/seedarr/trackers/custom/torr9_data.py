"""torr9's site data (the definition's ``custom:`` mapping), checked, and the lookups that read it.

:class:`Torr9Data` validates what ``definitions/torr9.yml`` says under ``custom:``: the extra headers, the
category and subcategory labels of the upload form, where a movie or a series goes (by TMDB genre, with an
``anime`` rule for animation in the listed original languages), the ``resolution_id`` and ``type_id``
tables and the tag spellings. Its methods turn :class:`~seedarr.trackers.labels.ReleaseLabels` and an
:class:`~seedarr.domain.identity.Identity` into the site's values; nothing here does I/O.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from seedarr.domain.identity import Identity
from seedarr.trackers.labels import ReleaseLabels

__all__ = ["AnimeRule", "Placement", "TagSpelling", "Torr9Data", "TypeTable"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AnimeRule(_Strict):
    """A work of ``genre`` whose original language is one of ``anime_languages`` goes to ``subcategory``."""

    genre: str
    subcategory: str


class Placement(_Strict):
    """Where one media kind goes: its category, the default subcategory and the genre rules."""

    category: str
    default: str
    genres: dict[str, str] = Field(default_factory=dict)  # TMDB genre name (French) → subcategory
    anime: AnimeRule | None = None


class TypeTable(_Strict):
    """``type_id`` by source first (``bluray``, ``dvd``…), then by release type, else ``other``."""

    sources: dict[str, int]
    release_types: dict[str, int]
    other: int


class TagSpelling(_Strict):
    """How the comma-separated ``tags`` field spells each fact."""

    remux: str = "REMUX"
    sources: dict[str, str] = Field(default_factory=dict)
    hdr: dict[str, str] = Field(default_factory=dict)
    codecs: dict[str, str] = Field(default_factory=dict)  # codec family → tag
    languages: dict[str, str] = Field(default_factory=dict)  # upper-cased language part → tag


class Torr9Data(_Strict):
    """The ``custom:`` mapping of torr9's definition."""

    headers: dict[str, str] = Field(default_factory=dict)
    categories: dict[str, tuple[str, ...]]
    placement: dict[Literal["movie", "tv"], Placement]
    anime_languages: tuple[str, ...] = ()
    resolutions: dict[str, int]
    types: TypeTable
    tags: TagSpelling = Field(default_factory=TagSpelling)

    @model_validator(mode="after")
    def _known_labels(self) -> Torr9Data:
        for kind in ("movie", "tv"):
            rule = self.placement.get(kind)
            if rule is None:
                raise ValueError(f"placement: no rule for {kind}")
            labels = self.categories.get(rule.category)
            if labels is None:
                raise ValueError(f"placement.{kind}.category: unknown category {rule.category!r}")
            targets = [rule.default, *rule.genres.values()]
            targets += [rule.anime.subcategory] if rule.anime else []
            for label in targets:
                if label not in labels:
                    raise ValueError(f"placement.{kind}: {label!r} is not a subcategory of {rule.category}")
        if "other" not in self.resolutions:
            raise ValueError("resolutions: needs an 'other' id")
        return self

    def place(self, labels: ReleaseLabels, identity: Identity | None) -> tuple[str, str]:
        """``(category, subcategory)`` labels for a release of this kind and these TMDB genres."""
        rule = self.placement[labels.media_type]
        if identity is None:
            return rule.category, rule.default
        genres = {g.casefold() for g in identity.genres}
        anime = rule.anime
        if anime and anime.genre.casefold() in genres and identity.original_language in self.anime_languages:
            return rule.category, anime.subcategory
        for genre, subcategory in rule.genres.items():
            if genre.casefold() in genres:
                return rule.category, subcategory
        return rule.category, rule.default

    def resolution_id(self, labels: ReleaseLabels) -> int:
        """The site's ``resolution_id`` (``other`` when the resolution is unknown or not listed)."""
        return self.resolutions.get(labels.resolution or "other", self.resolutions["other"])

    def type_id(self, labels: ReleaseLabels, source: str | None) -> int:
        """The site's ``type_id``: by ``source`` when listed, else by release type, else ``other``."""
        table = self.types
        if source is not None and source in table.sources:
            return table.sources[source]
        return table.release_types.get(labels.type, table.other)

    def tag_list(self, labels: ReleaseLabels, source: str | None) -> list[str]:
        """Resolution, REMUX, source, HDR formats, codec and languages, as the site spells them."""
        spell = self.tags
        found: list[str] = []
        if labels.resolution and labels.resolution != "other":
            found.append(labels.resolution)
        if labels.type == "remux":
            found.append(spell.remux)
        if source is not None and source in spell.sources:
            found.append(spell.sources[source])
        found += [spell.hdr[h] for h in labels.hdr if h in spell.hdr]
        if labels.codec_family in spell.codecs:
            found.append(spell.codecs[labels.codec_family])
        found += [spell.languages.get(lang, lang) for lang in labels.languages]
        return list(dict.fromkeys(t for t in found if t and "," not in t))
