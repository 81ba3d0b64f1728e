"""C411 dupe searches, both styles of the trackers spec §2.3, as pure query builders and answer readers.

- Torznab (``custom.search.api: torznab``, the default): :func:`torznab_queries` lists the searches to run, in
  order: the release name (``t=search&q=``), the TMDB id (``t=search&tmdbid=``), the IMDb id for a movie
  (``t=movie&imdbid=``), the title and year for a movie (``t=search&q=Title.Year``), the title and season
  for a series (``t=tvsearch&q=Title&season=``). Each id search carries the title as the fallback ``q``
  for an indexer that does not support that id. :func:`merge_hits` keeps one hit per torrent.
- JSON (``custom.search.api: json``): ``GET /api/torrents/search?q=&tmdbId=&imdbId=`` (previous config
  only, unverified); :func:`native_params` builds the query and :func:`native_hits` reads a list or a
  ``{"data": [...]}`` answer of ``{id, slug?, title|name, size, infoHash, seeders, leechers, tmdbId}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from seedarr.errors import ServiceUnavailable, ValidationFailed
from seedarr.trackers.base import SearchHit, SearchQuery
from seedarr.trackers.torznab import ParamValue, SearchFunction

__all__ = ["TorznabSearch", "dotted_title", "merge_hits", "native_hits", "native_params", "torznab_queries"]

TorznabSearch = tuple[SearchFunction, dict[str, ParamValue], str | None]


def dotted_title(title: str, year: int | None = None) -> str:
    """``Le Film: Suite`` (2021) → ``Le.Film.Suite.2021``: words of the title (and year) joined by dots."""
    words = [w for w in re.split(r"[^\w'&-]+|'", title) if w]
    return ".".join([*words, str(year)] if year else words)


def torznab_queries(query: SearchQuery) -> list[TorznabSearch]:
    """The Torznab searches for ``query``; ValidationFailed when it gives nothing to search by."""
    title = (
        dotted_title(query.title, query.year if query.media_type == "movie" else None)
        if query.title
        else None
    )
    searches: list[TorznabSearch] = []
    if query.name:
        searches.append(("search", {"q": query.name}, None))
    if query.tmdb_id:
        searches.append(("search", {"tmdbid": query.tmdb_id}, title))
    if query.media_type == "movie":
        if query.imdb_id:
            searches.append(("movie", {"imdbid": query.imdb_id}, title))
        if title:
            searches.append(("search", {"q": title}, None))
    elif title:
        searches.append(("tvsearch", {"q": title, "season": query.season}, title))
    if not searches:
        raise ValidationFailed("query", "give a TMDB id, an IMDb id, a title or a release name to search by")
    return searches


def merge_hits(groups: Iterable[Iterable[SearchHit]]) -> list[SearchHit]:
    """The hits of several searches, each torrent once (by infohash, else id), in first-seen order."""
    seen: dict[str, SearchHit] = {}
    for hits in groups:
        for hit in hits:
            seen.setdefault((hit.infohash or "").lower() or hit.torrent_id, hit)
    return list(seen.values())


def native_params(query: SearchQuery, default_q: str = "") -> list[tuple[str, str]]:
    """The ``/api/torrents/search`` query: ``q`` (name, else Title.Year, else the default), then the ids."""
    title = dotted_title(query.title, query.year) if query.title else ""
    q = query.name or title or default_q
    params = [("q", q)] if q else []
    if query.tmdb_id:
        params.append(("tmdbId", str(query.tmdb_id)))
    if query.imdb_id:
        params.append(("imdbId", query.imdb_id))
    if not params:
        raise ValidationFailed("query", "give a TMDB id, an IMDb id, a title or a release name to search by")
    return params


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None and value != "" else None
    except (TypeError, ValueError):
        return None


def native_hits(service: str, body: Any, torrent_page: str, base_url: str) -> list[SearchHit]:
    """Hits of a JSON search answer; ServiceUnavailable when it holds no list."""
    items = body.get("data") if isinstance(body, dict) else body
    if isinstance(items, dict):
        items = items.get("torrents") or items.get("items")
    if not isinstance(items, list):
        raise ServiceUnavailable(service, "the search answer holds no list of torrents")
    hits = []
    for item in items:
        if not isinstance(item, dict):
            continue
        torrent_id = str(item.get("id") or item.get("slug") or "")
        name = str(item.get("title") or item.get("name") or "")
        if not torrent_id or not name:
            continue
        infohash = str(item.get("infoHash") or item.get("info_hash") or "").lower() or None
        hits.append(
            SearchHit(
                torrent_id=torrent_id,
                name=name,
                size=_int(item.get("size")) or 0,
                url=torrent_page.format(base_url=base_url, id=torrent_id),
                category_id=_int(item.get("subcategoryId") or item.get("categoryId")),
                tmdb_id=_int(item.get("tmdbId")),
                seeders=_int(item.get("seeders")) or 0,
                leechers=_int(item.get("leechers")),
                infohash=infohash,
            )
        )
    return hits
