"""The duplicate check stage: search every target tracker and store a report per tracker on the release.

:func:`check_duplicates` searches each tracker natively, by TMDB id, then IMDb id, then title (each of the
work's titles), and stops at the first key the site answers with torrents; a key answered with none moves on
to the next one, so a site that files the work under another id is still found. Trackers whose definition
says ``search.style: torznab``, or whose adapter has no search (``NotImplementedError``), are searched through
their Torznab indexer (Prowlarr/Jackett) when one is given, else reported ``not_run``. Searches ask for our
resolution (UNIT3D sends 1080p and 1080i together) and season, not our type, so the other slots of the work
come back as ``similar``. Each tracker runs in its own task (at most ``concurrency`` at once); a tracker that
fails is reported ``failed`` with the site's one-line message and never stops the others. The decisions are
:mod:`seedarr.domain.dupes`'s; this module only turns releases and search hits into its inputs.

UNIT3D answers from a Meilisearch cache kept 5 to 6 minutes per query (trackers spec §4.2): a check just
before upload may miss a torrent uploaded minutes earlier, which is why ``checked_at`` is recorded.

:func:`find_own_upload` is the idempotence rule (trackers spec §0): after an
:class:`~seedarr.trackers.base.UploadOutcomeUnknown`, search the tracker for our own release (by name, then
by id; matched by name or infohash) before any retry.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import structlog

from seedarr.domain.dupe_report import DupeReport, build_report
from seedarr.domain.dupes import DupeCandidate, DupeSubject, slot_of
from seedarr.domain.release import ReleaseInfo
from seedarr.errors import ConfigurationError, SeedarrError
from seedarr.media.torrent.errors import TorrentFileError
from seedarr.media.torrent.metainfo import parse_metainfo
from seedarr.metadata.parse import UnparseableName, parse_name
from seedarr.trackers.base import SearchHit, SearchQuery, TrackerAdapter
from seedarr.trackers.labels import release_labels

__all__ = ["TorznabSearcher", "check_duplicates", "dupe_subject", "find_own_upload", "search_queries"]

_log = structlog.stdlib.get_logger("seedarr.pipeline")
_ID_KEYS = frozenset({"tmdb id", "imdb id"})


class TorznabSearcher(Protocol):
    """A Torznab indexer standing in for one tracker (a Prowlarr or Jackett indexer)."""

    async def search(self, query: SearchQuery) -> list[SearchHit]: ...


def search_queries(release: ReleaseInfo, tracker_id: str | None = None) -> list[tuple[str, SearchQuery]]:
    """The searches to try, in order: ``tmdb id``, ``imdb id``, then ``title`` for each title of the work."""
    labels = release_labels(release, tracker_id)
    base = SearchQuery(labels.media_type, resolution=labels.resolution, season=labels.season)
    identity = release.identity
    queries: list[tuple[str, SearchQuery]] = []
    if identity is not None:
        queries.append(("tmdb id", dataclasses.replace(base, tmdb_id=identity.tmdb_id)))
        if identity.imdb_id:
            queries.append(("imdb id", dataclasses.replace(base, imdb_id=identity.imdb_id)))
    year = identity.year if identity is not None else next((n.year for n in release.names if n.year), None)
    for title in _titles(release):
        queries.append(("title", dataclasses.replace(base, title=title, name=title, year=year)))
    return queries


def _titles(release: ReleaseInfo) -> list[str]:
    identity = release.identity
    titles = [identity.title, identity.original_title] if identity is not None else []
    titles += [n.title for n in release.names if n.title]
    unique: dict[str, str] = {}
    for title in titles:
        unique.setdefault(re.sub(r"\W+", " ", title.casefold()).strip(), title)
    return [t for key, t in unique.items() if key]


async def dupe_subject(release: ReleaseInfo, tracker_id: str) -> DupeSubject:
    """Our release as the rules see it, through ``tracker_id``'s name; size and files from its torrent."""
    labels = release_labels(release, tracker_id)
    artefacts = release.trackers.get(tracker_id)
    facts = release.facts
    size = (facts.release_size_bytes or facts.size_bytes) if facts is not None else 0
    file_count, hashes = None, {artefacts.info_hash} if artefacts and artefacts.info_hash else set()
    if artefacts is not None and artefacts.torrent_path is not None:
        try:
            meta = parse_metainfo(await asyncio.to_thread(Path(artefacts.torrent_path).read_bytes))
            size, file_count = meta.total_size, len(meta.files)
            hashes.add(meta.infohash)
        except (OSError, TorrentFileError) as exc:
            _log.warning("dupe_check_torrent_unreadable", tracker=tracker_id, error=str(exc))
    episodes: tuple[int, ...] = ()
    if labels.season is not None and not labels.season_pack:
        episodes = next((n.episodes for n in release.names if n.episodes), ())
    identity = release.identity
    return DupeSubject(
        slot=slot_of(labels.resolution, labels.type, labels.hdr_class, labels.codec_family, labels.light),
        size=size,
        media_type=labels.media_type,
        tmdb_id=identity.tmdb_id if identity is not None else None,
        titles=tuple(_titles(release)),
        year=identity.year if identity is not None else next((n.year for n in release.names if n.year), None),
        season=labels.season,
        episodes=episodes,
        infohashes=frozenset(h.lower() for h in hashes),
        file_count=file_count,
        languages=labels.languages,
        group=next((n.group for n in release.names if n.group), None),
        release_type=labels.type,
    )


def _candidate(hit: SearchHit, adapter: TrackerAdapter, *, found_by_id: bool) -> DupeCandidate:
    try:
        parsed = parse_name(hit.name, "scene")
    except UnparseableName:
        parsed = None
    ids = getattr(getattr(adapter, "definition", None), "ids", None)
    native = hit.origin == "native" and ids is not None
    resolutions = {v: k for k, v in ids.resolution.items()} if native and ids else {}
    types = {v: k for k, v in ids.type.items()} if native and ids else {}
    return DupeCandidate(
        name=hit.name, size=hit.size, parsed=parsed,
        site_resolution=resolutions.get(hit.resolution_id), site_type=types.get(hit.type_id),
        tmdb_id=hit.tmdb_id, found_by_id=found_by_id, infohash=hit.infohash,
        file_count=len(hit.files) or None, seeders=hit.seeders, leechers=hit.leechers, link=hit.url,
        torrent_id=hit.torrent_id, origin=hit.origin,
    )  # fmt: skip


def _uses_torznab(adapter: TrackerAdapter) -> bool:
    search = getattr(getattr(adapter, "definition", None), "search", None)
    return getattr(search, "style", "native") == "torznab"


async def _first_answer(
    searcher: TrackerAdapter | TorznabSearcher, queries: list[tuple[str, SearchQuery]], prefix: str
) -> tuple[tuple[str, ...], list[SearchHit], str | None]:
    """(keys tried, hits of the first key with hits, that key); every key tried when none answers."""
    tried: list[str] = []
    for key, query in queries:
        tried.append(prefix + key)
        hits = await searcher.search(query)
        if hits:
            return tuple(tried), hits, key
    return tuple(tried), [], None


async def _check_tracker(
    release: ReleaseInfo, adapter: TrackerAdapter, torznab: TorznabSearcher | None
) -> DupeReport:
    tracker_id = adapter.tracker_id
    now = datetime.now(UTC).isoformat(timespec="seconds")
    queries = search_queries(release, tracker_id)
    if not queries:
        reason = "the release has no TMDB id, IMDb id or title to search for"
        return DupeReport(tracker_id, "not_run", message=reason, checked_at=now)
    native = not _uses_torznab(adapter)
    if native:
        try:
            tried, hits, key = await _first_answer(adapter, queries, "")
        except NotImplementedError:  # an adapter for a site without a search API
            native = False
    if not native:
        if torznab is None:
            reason = "the site has no search API and no Torznab indexer is set for it"
            return DupeReport(tracker_id, "not_run", message=reason, checked_at=now)
        tried, hits, key = await _first_answer(torznab, queries, "torznab ")
    subject = await dupe_subject(release, tracker_id)
    candidates = [_candidate(h, adapter, found_by_id=key in _ID_KEYS) for h in hits]
    return build_report(tracker_id, subject, candidates, searched_by=tried, checked_at=now)


async def check_duplicates(
    release: ReleaseInfo,
    adapters: Sequence[TrackerAdapter],
    *,
    torznab: Mapping[str, TorznabSearcher] | None = None,
    concurrency: int = 4,
) -> ReleaseInfo:
    """``release`` with a :class:`DupeReport` per tracker in ``dupes`` (earlier reports of others kept).

    ``torznab`` maps a tracker id to the indexer that searches it when the site has no search API.
    Never raises for a tracker's failure: that tracker's report says ``failed`` and why.
    """
    limit = asyncio.Semaphore(max(1, concurrency))

    async def bounded(adapter: TrackerAdapter) -> DupeReport:
        async with limit:
            return await _check_tracker(release, adapter, (torznab or {}).get(adapter.tracker_id))

    results = await asyncio.gather(*(bounded(a) for a in adapters), return_exceptions=True)
    reports = dict(release.dupes)
    for adapter, result in zip(adapters, results, strict=True):
        if isinstance(result, DupeReport):
            reports[adapter.tracker_id] = result
            continue
        if not isinstance(result, Exception):
            raise result  # cancellation and interpreter exits are not a tracker's failure
        reports[adapter.tracker_id] = _failed(adapter.tracker_id, result)
    return dataclasses.replace(release, dupes=reports)


def _failed(tracker_id: str, error: Exception) -> DupeReport:
    if isinstance(error, SeedarrError):
        message = str(error)
        _log.warning("dupe_check_failed", tracker=tracker_id, error=message)
    else:
        message = f"unexpected error ({type(error).__name__}); see the logs"
        _log.error("dupe_check_crashed", tracker=tracker_id, exc_info=error)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    return DupeReport(tracker_id, "failed", message=message, checked_at=now)


async def find_own_upload(
    adapter: TrackerAdapter, release: ReleaseInfo, *, torznab: TorznabSearcher | None = None
) -> SearchHit | None:
    """Our release on ``adapter``'s site (same name or infohash), or None: ask before re-trying an upload.

    Searches by our name first (a query the dupe check never sent, so no stale cached answer), then by id;
    through ``torznab`` when the site has no search API. Raises the search's errors, and
    ConfigurationError when the site cannot be searched at all: an upload is never re-sent blindly.
    """
    tracker_id = adapter.tracker_id
    artefacts = release.trackers.get(tracker_id)
    name = artefacts.release_name.name if artefacts is not None else release.path.name
    hashes = {artefacts.info_hash.lower()} if artefacts is not None and artefacts.info_hash else set()
    queries = [SearchQuery(release_labels(release, tracker_id).media_type, name=name)]
    queries += [q for key, q in search_queries(release, tracker_id) if key in _ID_KEYS]
    for query in queries:
        for hit in await _search_any(adapter, torznab, query):
            if hit.name.strip().casefold() == name.casefold() or (hit.infohash or "").lower() in hashes:
                return hit
    return None


async def _search_any(
    adapter: TrackerAdapter, torznab: TorznabSearcher | None, query: SearchQuery
) -> list[SearchHit]:
    if not _uses_torznab(adapter):
        try:
            return await adapter.search(query)
        except NotImplementedError:
            pass
    if torznab is None:
        raise ConfigurationError(
            f"{adapter.tracker_id}: the site has no search API and no Torznab indexer is set for it"
        )
    return await torznab.search(query)
