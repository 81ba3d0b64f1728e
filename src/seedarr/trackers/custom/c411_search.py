"""C411's JSON search (``custom.search.api: json``; trackers spec §2.3), as a query builder and a reader.

``GET /api/torrents/search?q=&tmdbId=&imdbId=`` comes from the previous config only (unverified):
:func:`native_params` builds the query and :func:`native_hits` reads a list or a ``{"data": [...]}`` answer
of ``{id, slug?, title|name, size, infoHash, seeders, leechers, tmdbId}``. The default, the site's own
Torznab endpoint, goes through :class:`~seedarr.trackers.torznab_search.TorznabSearch`.
"""

from __future__ import annotations

from typing import Any

from seedarr.errors import ServiceUnavailable, ValidationFailed
from seedarr.trackers.base import SearchHit, SearchQuery
from seedarr.trackers.common import lenient_int
from seedarr.trackers.torznab_search import dotted_title

__all__ = ["native_hits", "native_params"]


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
                size=lenient_int(item.get("size")) or 0,
                url=torrent_page.format(base_url=base_url, id=torrent_id),
                category_id=lenient_int(item.get("subcategoryId") or item.get("categoryId")),
                tmdb_id=lenient_int(item.get("tmdbId")),
                seeders=lenient_int(item.get("seeders")) or 0,
                leechers=lenient_int(item.get("leechers")),
                infohash=infohash,
            )
        )
    return hits
