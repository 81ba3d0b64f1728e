"""Torznab answers read safely: capabilities, RSS items and ``<error>`` documents (trackers spec §5).

Parsing uses the standard library's ``xml.etree`` (expat), because ``defusedxml`` is not installed: a
document that declares a DTD (``<!DOCTYPE``/``<!ENTITY``) is refused before it is parsed, so no entity is
ever expanded or fetched, and documents larger than :data:`MAX_XML_BYTES` are refused too.

- :func:`parse_caps` → :class:`TorznabCaps` (limits, search modes with their ``supportedParams``,
  categories with their subcategories);
- :func:`parse_items` → :class:`TorznabItem` per RSS ``<item>``: title, guid, download link, details page,
  date, size, categories, enclosure and every ``torznab:attr`` (seeders, peers, files, grabs, infohash,
  imdb, tmdbid, tvdbid, volume factors…); :meth:`TorznabItem.to_hit` makes the tracker
  :class:`~seedarr.trackers.base.SearchHit`;
- :func:`error_of` → :class:`TorznabError` when the document is an ``<error code description/>``.

Download links and magnets carry the indexer's key: they are kept out of ``repr``.
"""

from __future__ import annotations

import email.utils
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from seedarr.trackers.base import SearchHit

__all__ = [
    "FUNCTION_MODES",
    "GENERIC_PARAMS",
    "MAX_XML_BYTES",
    "SearchMode",
    "TorznabCaps",
    "TorznabCategory",
    "TorznabError",
    "TorznabItem",
    "TorznabXmlError",
    "error_of",
    "looks_like_error",
    "parse_caps",
    "parse_items",
    "parse_xml",
]

MAX_XML_BYTES = 16 * 1024 * 1024
# ``t=`` function → the ``<searching>`` element that describes it
FUNCTION_MODES = {
    "search": "search",
    "tvsearch": "tv-search",
    "movie": "movie-search",
    "music": "music-search",
    "book": "book-search",
}
# Parameters every function takes whatever ``supportedParams`` says
GENERIC_PARAMS = frozenset({"cat", "limit", "offset", "extended"})
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_ERROR_START = re.compile(rb"^\s*(?:<\?xml[^>]*\?>\s*)?<error\b")


class TorznabXmlError(ValueError):
    """The answer is not a Torznab document we accept (too large, a DTD, malformed)."""


@dataclass(frozen=True, slots=True)
class TorznabError:
    """An ``<error code description/>`` answer (100 credentials, 20x parameters, 410 disabled, 429…)."""

    code: int
    description: str


@dataclass(frozen=True, slots=True)
class SearchMode:
    """One ``<searching>`` entry: whether it is offered and the parameters it understands."""

    available: bool
    supported_params: frozenset[str]


@dataclass(frozen=True, slots=True)
class TorznabCategory:
    id: int
    name: str
    subcategories: tuple[TorznabCategory, ...] = ()


@dataclass(frozen=True, slots=True)
class TorznabCaps:
    """What an indexer says it can do (``t=caps``)."""

    modes: Mapping[str, SearchMode]
    categories: tuple[TorznabCategory, ...] = ()
    limit_max: int | None = None
    limit_default: int | None = None
    server_title: str | None = None

    def mode(self, function: str) -> SearchMode | None:
        """The search mode behind ``t=function`` (None when the indexer does not describe it)."""
        return self.modes.get(FUNCTION_MODES.get(function, function))

    def category_ids(self) -> set[int]:
        """Every category and subcategory id."""
        return {c.id for c in self.categories} | {s.id for c in self.categories for s in c.subcategories}


@dataclass(frozen=True, slots=True)
class TorznabItem:
    """One RSS ``<item>`` of a Torznab search."""

    title: str
    guid: str
    size: int
    link: str | None = field(default=None, repr=False)  # download URL: carries the indexer key
    comments: str | None = None  # details page
    pub_date: datetime | None = None
    categories: tuple[int, ...] = ()
    enclosure_url: str | None = field(default=None, repr=False)
    enclosure_length: int | None = None
    enclosure_type: str | None = None
    seeders: int | None = None
    peers: int | None = None
    files: int | None = None
    grabs: int | None = None
    infohash: str | None = None
    imdb_id: str | None = None  # "tt0111161"
    tmdb_id: int | None = None
    tvdb_id: int | None = None
    download_volume_factor: float | None = None
    upload_volume_factor: float | None = None
    indexer: str | None = None  # Prowlarr's <prowlarrindexer>
    attrs: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False)  # every torznab:attr

    @property
    def leechers(self) -> int | None:
        """Peers that are not seeders (Torznab's ``peers`` counts both)."""
        if self.peers is None or self.seeders is None:
            return None
        return max(0, self.peers - self.seeders)

    def to_hit(self) -> SearchHit:
        """The item as a dupe-search hit (``origin="torznab"``; no file list, only a count)."""
        page = self.comments or (self.guid if self.guid.startswith(("http://", "https://")) else None)
        return SearchHit(
            torrent_id=self.guid,
            name=self.title,
            size=self.size,
            url=page,
            category_id=self.categories[0] if self.categories else None,
            tmdb_id=self.tmdb_id,
            seeders=self.seeders or 0,
            leechers=self.leechers,
            infohash=self.infohash,
            origin="torznab",
        )


def parse_xml(data: bytes) -> ET.Element:
    """The root element of ``data``; TorznabXmlError when too large, declaring a DTD, or malformed."""
    if len(data) > MAX_XML_BYTES:
        raise TorznabXmlError(f"the answer is larger than {MAX_XML_BYTES // (1024 * 1024)} MiB")
    if _DTD.search(data):
        raise TorznabXmlError("the answer declares a DTD, which is refused")
    try:
        return ET.fromstring(data)  # noqa: S314 - no DTD can reach the parser (checked above)
    except ET.ParseError as exc:
        raise TorznabXmlError(f"the answer is not well-formed XML ({exc})") from None


def looks_like_error(data: bytes) -> bool:
    """True when ``data`` starts with an ``<error`` element (cheap check before parsing)."""
    return bool(_ERROR_START.match(data[:512]))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _int(value: str | None) -> int | None:
    try:
        return int(value.strip()) if value is not None and value.strip() else None
    except ValueError:
        return None


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def error_of(root: ET.Element) -> TorznabError | None:
    """The error ``root`` reports, or None when it is not an ``<error>`` document."""
    if _local(root.tag) != "error":
        return None
    code = _int(root.get("code"))
    return TorznabError(code if code is not None else 900, (root.get("description") or "").strip())


def parse_caps(root: ET.Element) -> TorznabCaps:
    """The capabilities of a ``t=caps`` answer; TorznabXmlError when ``root`` is not ``<caps>``."""
    if _local(root.tag) != "caps":
        raise TorznabXmlError(f"expected <caps>, got <{_local(root.tag)}>")
    modes: dict[str, SearchMode] = {}
    for element in root.iter():
        if _local(element.tag) != "searching":
            continue
        for mode in element:
            raw = mode.get("supportedParams")
            params = raw if raw is not None else ("q" if _local(mode.tag) == "search" else "")
            modes[_local(mode.tag)] = SearchMode(
                available=(mode.get("available") or "no").strip().lower() == "yes",
                supported_params=frozenset(p.strip().lower() for p in params.split(",") if p.strip()),
            )
    limits = next((e for e in root.iter() if _local(e.tag) == "limits"), None)
    server = next((e for e in root.iter() if _local(e.tag) == "server"), None)
    return TorznabCaps(
        modes=modes,
        categories=tuple(_categories(root)),
        limit_max=_int(limits.get("max")) if limits is not None else None,
        limit_default=_int(limits.get("default")) if limits is not None else None,
        server_title=server.get("title") if server is not None else None,
    )


def _categories(root: ET.Element) -> list[TorznabCategory]:
    block = next((e for e in root.iter() if _local(e.tag) == "categories"), None)
    found = []
    for element in block if block is not None else ():
        category_id = _int(element.get("id"))
        if _local(element.tag) != "category" or category_id is None:
            continue
        subs = tuple(
            TorznabCategory(sub_id, sub.get("name") or "")
            for sub in element
            if _local(sub.tag) == "subcat" and (sub_id := _int(sub.get("id"))) is not None
        )
        found.append(TorznabCategory(category_id, element.get("name") or "", subs))
    return found


def parse_items(root: ET.Element) -> list[TorznabItem]:
    """The items of an RSS search answer; TorznabXmlError when ``root`` is not ``<rss>``."""
    if _local(root.tag) != "rss":
        raise TorznabXmlError(f"expected <rss>, got <{_local(root.tag)}>")
    return [_item(element) for element in root.iter() if _local(element.tag) == "item"]


def _item(element: ET.Element) -> TorznabItem:
    text: dict[str, str] = {}
    attrs: dict[str, list[str]] = {}
    categories: list[int] = []
    enclosure: ET.Element | None = None
    indexer = None
    for child in element:
        name = _local(child.tag)
        if name == "attr" and child.get("name"):
            attrs.setdefault(str(child.get("name")).lower(), []).append(child.get("value") or "")
        elif name == "category":
            categories.append(_int(child.text) or -1)
        elif name == "enclosure":
            enclosure = child
        elif name == "prowlarrindexer":
            indexer = (child.text or "").strip() or None
        else:
            text[name] = (child.text or "").strip()
    categories += [c for c in (_int(v) for v in attrs.get("category", ())) if c is not None]

    def attr(key: str) -> str | None:
        values = attrs.get(key)
        return values[0] if values else None

    length = _int(enclosure.get("length")) if enclosure is not None else None
    size = _int(text.get("size")) or _int(attr("size")) or length or 0
    infohash = (attr("infohash") or "").strip().lower() or None
    return TorznabItem(
        title=text.get("title", ""),
        guid=text.get("guid") or text.get("link") or text.get("comments") or "",
        size=size,
        link=text.get("link") or None,
        comments=text.get("comments") or None,
        pub_date=_date(text.get("pubdate") or text.get("pubDate")),
        categories=tuple(dict.fromkeys(c for c in categories if c >= 0)),
        enclosure_url=enclosure.get("url") if enclosure is not None else None,
        enclosure_length=length,
        enclosure_type=enclosure.get("type") if enclosure is not None else None,
        seeders=_int(attr("seeders")),
        peers=_int(attr("peers")),
        files=_int(attr("files")),
        grabs=_int(attr("grabs")),
        infohash=infohash,
        imdb_id=_imdb(attr("imdb") or attr("imdbid")),
        tmdb_id=_int(attr("tmdbid") or attr("tmdb")),
        tvdb_id=_int(attr("tvdbid") or attr("tvdb")),
        download_volume_factor=_float(attr("downloadvolumefactor")),
        upload_volume_factor=_float(attr("uploadvolumefactor")),
        indexer=indexer,
        attrs={k: tuple(v) for k, v in attrs.items()},
    )


def _imdb(value: str | None) -> str | None:
    digits = (value or "").strip().lower().removeprefix("tt")
    return f"tt{int(digits):07d}" if digits.isdigit() and int(digits) > 0 else None


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
