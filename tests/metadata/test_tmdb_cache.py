"""The TMDB cache in the database: hits spare requests, entries expire, a scheduled cleanup deletes them."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fakes.tmdb import FakeTmdb
from seedarr.db.models import TmdbCacheEntry
from seedarr.metadata.tmdb import TmdbClient
from seedarr.metadata.tmdb_cache import TmdbCache, cleanup_loop

MakeTmdb = Callable[..., TmdbClient]


async def _rows(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with sessions() as db:
        return int(await db.scalar(select(func.count()).select_from(TmdbCacheEntry)) or 0)


async def test_second_lookup_is_served_from_the_database(
    make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb, cache: TmdbCache
) -> None:
    first = await make_tmdb(cache=cache).details("movie", 438631)
    requests = len(tmdb_fake.received)
    second = await make_tmdb(cache=cache).details(
        "movie", 438631
    )  # a new client: only the database is shared
    assert second == first
    assert len(tmdb_fake.received) == requests == 1


async def test_movie_and_series_with_the_same_id_do_not_collide(
    make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb, cache: TmdbCache
) -> None:
    client = make_tmdb(cache=cache)
    assert (await client.details("tv", 1399)).title == "Game of Thrones"
    assert (await client.details("movie", 1399)).title == "Tiger Bay"
    assert (await client.details("tv", 1399)).title == "Game of Thrones"
    assert tmdb_fake.paths() == ["/3/tv/1399", "/3/movie/1399"]


async def test_languages_are_cached_separately(
    make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb, cache: TmdbCache
) -> None:
    client = make_tmdb(cache=cache)
    await client.details("movie", 562)
    await client.details("movie", 562)
    assert [r.params["language"] for r in tmdb_fake.received] == ["fr-FR", "en-US"]
    assert await cache.get("movie", "562", "en-US") is not None


async def test_details_expire_after_the_ttl(
    make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb, cache: TmdbCache, clock
) -> None:
    client = make_tmdb(cache=cache)
    await client.details("movie", 841)
    clock.advance(timedelta(days=29))
    await client.details("movie", 841)
    assert len(tmdb_fake.received) == 1
    clock.advance(timedelta(days=2))
    await client.details("movie", 841)
    assert len(tmdb_fake.received) == 2


async def test_searches_live_one_day(
    make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb, cache: TmdbCache, clock
) -> None:
    client = make_tmdb(cache=cache)
    await client.search("movie", "Dune", 1984)
    await client.search("movie", "DUNE", 1984)  # same normalised query
    assert len(tmdb_fake.received) == 1
    await client.search("movie", "Dune", 2021)  # another year is another search
    assert len(tmdb_fake.received) == 2
    clock.advance(timedelta(hours=25))
    await client.search("movie", "Dune", 1984)
    assert len(tmdb_fake.received) == 3


async def test_an_entry_missing_a_needed_part_is_refreshed_early(
    make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb, cache: TmdbCache
) -> None:
    await cache.put("movie", "841", "fr-FR", {"id": 841, "title": "Dune", "overview": "ancien"})
    identity = await make_tmdb(cache=cache).details("movie", 841)
    assert identity.overview == "Le film de David Lynch."
    assert tmdb_fake.paths() == ["/3/movie/841"]
    cached = await cache.get("movie", "841", "fr-FR")
    assert cached is not None and "credits" in cached


async def test_cleanup_deletes_only_expired_rows(
    cache: TmdbCache, sessions: async_sessionmaker[AsyncSession], clock
) -> None:
    await cache.put("movie", "1", "fr-FR", {"id": 1})
    await cache.put("search_movie", "dune|1984", "fr-FR", {"results": []})
    clock.advance(timedelta(days=2))
    assert await cache.cleanup() == 1
    assert await _rows(sessions) == 1
    assert await cache.get("search_movie", "dune|1984", "fr-FR") is None
    assert await cache.get("movie", "1", "fr-FR") == {"id": 1}


async def test_cleanup_loop_runs_on_schedule(
    cache: TmdbCache, sessions: async_sessionmaker[AsyncSession], clock
) -> None:
    await cache.put("search_tv", "x|", "fr-FR", {"results": []})
    clock.advance(timedelta(days=1, seconds=1))
    task = asyncio.create_task(cleanup_loop(cache, interval_s=0.05))
    try:
        for _ in range(100):
            if await _rows(sessions) == 0:
                break
            await asyncio.sleep(0.02)
        assert await _rows(sessions) == 0
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
