"""Dupe searches over Torznab: a :class:`~seedarr.trackers.base.SearchQuery` becomes Torznab searches.

:func:`torznab_queries` lists the searches to run for one query, in order (trackers spec §2.3 and §5): the
release name (``t=search&q=``), the TMDB id (``t=search&tmdbid=``), the IMDb id of a movie
(``t=movie&imdbid=``), the title and year of a movie (``t=search&q=Title.Year``), the title and season of a
series (``t=tvsearch&q=Title&season=``). Each id search carries the title as the fallback ``q`` for an
indexer that does not support that id.

:class:`TorznabSearch` runs them through one :class:`~seedarr.trackers.torznab.TorznabClient` and returns
:class:`~seedarr.trackers.base.SearchHit` values (each torrent once): it is what the dupe stage's
``TorznabSearcher`` expects, for a site's own endpoint or a Prowlarr/Jackett indexer. A search the indexer
cannot run (an id it does not support, no title to fall back on) is skipped, and searches that plan to
the same query are sent once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from seedarr.errors import ValidationFailed
from seedarr.trackers.base import SearchHit, SearchQuery
from seedarr.trackers.torznab import ParamValue, SearchFunction, TorznabClient

__all__ = ["PlannedSearch", "TorznabSearch", "dotted_title", "merge_hits", "torznab_queries"]

PlannedSearch = tuple[SearchFunction, dict[str, ParamValue], str | None]  # function, params, fallback q


def dotted_title(title: str, year: int | None = None) -> str:
    """``Le Film: Suite`` (2021) → ``Le.Film.Suite.2021``: words of the title (and year) joined by dots."""
    words = [w for w in re.split(r"[^\w'&-]+|'", title) if w]
    return ".".join([*words, str(year)] if year else words)


def torznab_queries(query: SearchQuery) -> list[PlannedSearch]:
    """The Torznab searches for ``query``; ValidationFailed when it gives nothing to search by."""
    movie = query.media_type == "movie"
    title = dotted_title(query.title, query.year if movie else None) if query.title else None
    searches: list[PlannedSearch] = []
    if query.name:
        searches.append(("search", {"q": query.name}, None))
    if query.tmdb_id:
        searches.append(("search", {"tmdbid": query.tmdb_id}, title))
    if movie and query.imdb_id:
        searches.append(("movie", {"imdbid": query.imdb_id}, title))
    if movie and title:
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


class TorznabSearch:
    """SearchQuery → SearchHit over one Torznab endpoint; ``categories`` adds ``cat=`` per media type."""

    def __init__(
        self, client: TorznabClient, *, categories: Mapping[str, Sequence[int]] | None = None
    ) -> None:
        self.client = client
        self._categories = dict(categories or {})

    async def search(self, query: SearchQuery) -> list[SearchHit]:
        """The torrents the indexer lists for ``query`` (empty when it can search by none of its keys)."""
        caps = await self.client.caps()
        cat = ",".join(str(c) for c in self._categories.get(query.media_type, ()))
        plans: list[list[tuple[str, str]]] = []
        for function, params, fallback in torznab_queries(query):
            try:
                plan = self.client.plan(caps, function, {**params, "cat": cat or None}, fallback)
            except ValidationFailed:
                continue
            if plan not in plans:
                plans.append(plan)
        return merge_hits([[item.to_hit() for item in await self.client.items(plan)] for plan in plans])
