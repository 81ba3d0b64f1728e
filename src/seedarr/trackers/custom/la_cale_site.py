"""La Cale's site data and taxonomy: the definition's ``custom:`` block, ``/meta``, categories and tags.

:class:`SiteData` validates the ``custom:`` mapping of the definition (category slugs per media kind, tag
candidates per dimension, the site's alias table, rate and cache settings). :func:`parse_meta` turns the
``GET /api/external/meta`` answer into :class:`~seedarr.trackers.base.TrackerMetadata` (ids kept as opaque
strings; nested ``children`` flattened; ``ungroupedTags`` or ``tags``). :func:`select_tags` maps a release's
labels to tag ids, looking each candidate up by slug, then by name, case-insensitively with punctuation
stripped, through the alias table, and reports the labels no tag matched (for the UI).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from seedarr.domain.identity import Identity
from seedarr.errors import ServiceUnavailable, ValidationFailed
from seedarr.trackers.base import TrackerMetadata
from seedarr.trackers.definition import RateLimitSpec
from seedarr.trackers.labels import ReleaseLabels

__all__ = [
    "SiteData",
    "TagSelection",
    "category_id",
    "category_kind",
    "normalise",
    "parse_aliases",
    "parse_meta",
    "select_tags",
]

CategoryKind = Literal["movie", "tv", "anime", "documentary"]
Dimension = Literal["resolution", "type", "source", "video_codec", "codec_family", "hdr", "language"]


def normalise(text: str) -> str:
    """A label or tag for comparison: accents and punctuation dropped, ``+`` read as ``plus``, lower case."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^0-9a-z]", "", ascii_text.replace("+", "plus").casefold())


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AnimeRule(_Strict):
    genres: tuple[str, ...] = ("Animation",)
    original_languages: tuple[str, ...] = ("ja",)


class SiteData(_Strict):
    """The ``custom:`` block of La Cale's definition (see the YAML file for what each key means)."""

    categories: dict[CategoryKind, tuple[str, ...]]
    anime: AnimeRule = Field(default_factory=AnimeRule)
    documentary_genres: tuple[str, ...] = ()
    tags: dict[Dimension, dict[str, tuple[str, ...]]]
    aliases: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    search_rate_limit: RateLimitSpec = Field(default_factory=RateLimitSpec)
    rate_limited_wait_s: float = Field(default=30.0, ge=0, le=600)
    meta_cache_s: float = Field(default=3600.0, ge=0)
    poster_url: str = "https://image.tmdb.org/t/p/w500{path}"
    nfo_min_bytes: int = Field(default=50, ge=0)
    query_max_length: int = Field(default=200, ge=1)

    @field_validator("tags")
    @classmethod
    def _normalised_values(
        cls, value: dict[Dimension, dict[str, tuple[str, ...]]]
    ) -> dict[Dimension, dict[str, tuple[str, ...]]]:
        return {dim: {normalise(k): labels for k, labels in table.items()} for dim, table in value.items()}

    @field_validator("aliases")
    @classmethod
    def _normalised_labels(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        return {normalise(k): names for k, names in value.items()}

    @field_validator("categories")
    @classmethod
    def _movie_and_tv(cls, value: dict[CategoryKind, tuple[str, ...]]) -> dict[CategoryKind, tuple[str, ...]]:
        if not value.get("movie") or not value.get("tv"):
            raise ValueError("categories need at least movie and tv")
        return value


def parse_aliases(text: str) -> dict[str, tuple[str, ...]]:
    """The ``tagAliases`` setting: one ``label = site tag`` per line (several tags: ``a, b``)."""
    aliases: dict[str, tuple[str, ...]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        label, sep, names = line.partition("=")
        targets = tuple(n.strip() for n in names.split(",") if n.strip())
        if not sep or not normalise(label) or not targets:
            raise ValidationFailed("tagAliases", f"line {number}: write it as 'label = site tag'")
        aliases[normalise(label)] = aliases.get(normalise(label), ()) + targets
    return aliases


# --- /api/external/meta ---------------------------------------------------------------------------------


def _entry(item: Any, **extra: str) -> dict[str, str] | None:
    if not isinstance(item, Mapping) or item.get("id") in (None, ""):
        return None
    return {"id": str(item["id"]), "name": str(item.get("name") or ""), "slug": str(item.get("slug") or ""),
            **extra}  # fmt: skip


def _walk_categories(items: Any, parent: str = "") -> Iterable[dict[str, str]]:
    for item in items if isinstance(items, list) else ():
        entry = _entry(item, parent=parent)
        if entry is None:
            continue
        yield entry
        yield from _walk_categories(item.get("children"), entry["id"])


def parse_meta(body: Any, service: str) -> TrackerMetadata:
    """The site's categories and tags from a ``/meta`` answer; ServiceUnavailable when it is malformed."""
    if not isinstance(body, Mapping) or not isinstance(body.get("categories"), list):
        raise ServiceUnavailable(service, "the /meta answer has no category list")
    categories = list(_walk_categories(body["categories"]))
    groups: list[dict[str, Any]] = []
    tags: list[dict[str, str]] = []
    for group in body.get("tagGroups") or []:
        if not isinstance(group, Mapping):
            continue
        name = str(group.get("name") or "")
        members = [e for t in group.get("tags") or [] if (e := _entry(t, group=name)) is not None]
        groups.append({"name": name, "tags": members})
        tags += members
    loose = body.get("ungroupedTags") if "ungroupedTags" in body else body.get("tags")
    tags += [e for t in loose or [] if (e := _entry(t, group="")) is not None]
    return TrackerMetadata(
        categories={c["slug"] or c["name"]: c["id"] for c in categories},
        types={},
        resolutions={},
        origin="site",
        tags={t["slug"] or t["name"]: t["id"] for t in tags},
        extra={"categories": categories, "tag_groups": groups, "tags": tags},
    )


class _Index:
    """Site entries by normalised slug and by normalised name (first entry wins on a clash)."""

    def __init__(self, entries: Iterable[Mapping[str, Any]]) -> None:
        self.by_slug: dict[str, str] = {}
        self.by_name: dict[str, str] = {}
        for entry in entries:
            self.by_slug.setdefault(normalise(str(entry.get("slug") or "")), str(entry["id"]))
            self.by_name.setdefault(normalise(str(entry.get("name") or "")), str(entry["id"]))
        self.by_slug.pop("", None)
        self.by_name.pop("", None)

    def find(self, names: Iterable[str]) -> str | None:
        for name in names:
            key = normalise(name)
            found = self.by_slug.get(key) or self.by_name.get(key)
            if found:
                return found
        return None


def _extra_list(metadata: TrackerMetadata, key: str) -> list[Mapping[str, Any]]:
    value = metadata.extra.get(key)
    return [e for e in value if isinstance(e, Mapping) and "id" in e] if isinstance(value, list) else []


# --- categories -----------------------------------------------------------------------------------------


def category_kind(
    media_type: Literal["movie", "tv"], identity: Identity | None, site: SiteData
) -> CategoryKind:
    """Documentary, anime, movie or tv, from the TMDB genres and original language."""
    genres = {normalise(g) for g in identity.genres} if identity is not None else set()
    if genres & {normalise(g) for g in site.documentary_genres}:
        return "documentary"
    language = (identity.original_language or "") if identity is not None else ""
    if genres & {normalise(g) for g in site.anime.genres} and language in site.anime.original_languages:
        return "anime"
    return media_type


def category_id(
    metadata: TrackerMetadata, site: SiteData, kind: CategoryKind, media_type: Literal["movie", "tv"]
) -> str:
    """The site's category id for ``kind`` (falling back to ``media_type``); ValidationFailed if none."""
    index = _Index(_extra_list(metadata, "categories"))
    wanted = [*site.categories.get(kind, ()), *site.categories[media_type]]
    found = index.find(wanted)
    if found is None:
        raise ValidationFailed("categoryId", f"the site has no category {', '.join(wanted)}")
    return found


# --- tags -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TagSelection:
    """Tag ids to send, what each label matched, and the labels no site tag matched (shown in the UI)."""

    tag_ids: tuple[str, ...]
    matched: tuple[tuple[str, str], ...]  # (label, tag id)
    unmapped: tuple[str, ...]


def _release_values(labels: ReleaseLabels) -> list[tuple[Dimension, str]]:
    values: list[tuple[Dimension, str | None]] = [
        ("resolution", labels.resolution),
        ("type", labels.type),
        ("source", labels.source),
        # the codec token as the name writes it (x264 ≠ H264), else what MediaInfo says (avc, hevc…)
        ("video_codec", labels.video_codec)
        if labels.video_codec
        else ("codec_family", None if labels.codec_family == "other" else labels.codec_family),
        *(("hdr", h) for h in labels.hdr),
        *(("language", lang) for lang in labels.languages),
    ]
    return [(dim, value) for dim, value in values if value]


def select_tags(
    labels: ReleaseLabels,
    metadata: TrackerMetadata,
    site: SiteData,
    overrides: Mapping[str, tuple[str, ...]] | None = None,
) -> TagSelection:
    """Tag ids for ``labels``: each candidate label, then the person's ``overrides``, then site aliases."""
    index = _Index(_extra_list(metadata, "tags"))
    overrides = overrides or {}
    ids: list[str] = []
    matched: list[tuple[str, str]] = []
    unmapped: list[str] = []
    for dimension, value in _release_values(labels):
        candidates = site.tags.get(dimension, {}).get(normalise(value))
        if not candidates:
            continue  # the site has no tag for this kind of value: nothing to report
        found = None
        for label in candidates:
            key = normalise(label)
            found = index.find([*overrides.get(key, ()), label, *site.aliases.get(key, ())])
            if found is not None:
                matched.append((candidates[0], found))
                break
        if found is None:
            unmapped.append(candidates[0])
        elif found not in ids:
            ids.append(found)
    return TagSelection(tuple(ids), tuple(matched), tuple(dict.fromkeys(unmapped)))
