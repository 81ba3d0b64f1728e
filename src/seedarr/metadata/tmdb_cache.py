"""TMDB answers kept in the database, keyed by (kind, key, language), each with its own expiry.

Details (``movie``/``tv``) and seasons (``tv_season``) live ``ttl`` (30 days by default); searches
(``search_movie``/``search_tv``) live ``search_ttl`` (1 day). Reads ignore expired rows; :meth:`cleanup`
deletes them and :func:`cleanup_loop` runs it on a schedule (started by the app's lifespan). Writes are
upserts (``ON CONFLICT DO UPDATE`` on SQLite and PostgreSQL), so two workers caching the same answer do not
collide.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any, Literal

import structlog
from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from seedarr.db.models import TmdbCacheEntry
from seedarr.db.types import utcnow

__all__ = [
    "DEFAULT_SEARCH_TTL",
    "DEFAULT_TTL",
    "CacheKind",
    "TmdbCache",
    "cleanup_loop",
]

CacheKind = Literal["movie", "tv", "tv_season", "search_movie", "search_tv"]
DEFAULT_TTL = timedelta(days=30)
DEFAULT_SEARCH_TTL = timedelta(days=1)
CLEANUP_INTERVAL_S = 6 * 3600
_log = structlog.stdlib.get_logger("seedarr.metadata")


class TmdbCache:
    """Read, write and expire cached TMDB answers through ``sessions``."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        ttl: timedelta = DEFAULT_TTL,
        search_ttl: timedelta = DEFAULT_SEARCH_TTL,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._sessions = sessions
        self.ttl = ttl
        self.search_ttl = search_ttl
        self._clock = clock

    def _lifetime(self, kind: CacheKind) -> timedelta:
        return self.search_ttl if kind.startswith("search_") else self.ttl

    async def get(self, kind: CacheKind, key: str, language: str) -> dict[str, Any] | None:
        """The cached answer, or None when absent or expired."""
        async with self._sessions() as db:
            payload = await db.scalar(
                select(TmdbCacheEntry.payload).where(
                    TmdbCacheEntry.kind == kind,
                    TmdbCacheEntry.key == key,
                    TmdbCacheEntry.language == language,
                    TmdbCacheEntry.expires_at > self._clock(),
                )
            )
        return dict(payload) if isinstance(payload, dict) else None

    async def put(self, kind: CacheKind, key: str, language: str, payload: Mapping[str, Any]) -> None:
        """Store (or replace) an answer; it expires after the kind's lifetime."""
        now = self._clock()
        values = {
            "kind": kind,
            "key": key,
            "language": language,
            "payload": dict(payload),
            "fetched_at": now,
            "expires_at": now + self._lifetime(kind),
        }
        async with self._sessions() as db:
            dialect = db.get_bind().dialect.name
            insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            statement = insert(TmdbCacheEntry).values(**values)
            statement = statement.on_conflict_do_update(
                index_elements=["kind", "key", "language"],
                set_={
                    "payload": statement.excluded.payload,
                    "fetched_at": statement.excluded.fetched_at,
                    "expires_at": statement.excluded.expires_at,
                },
            )
            await db.execute(statement)
            await db.commit()

    async def cleanup(self) -> int:
        """Delete every expired row; returns how many went."""
        async with self._sessions() as db:
            result = await db.execute(
                delete(TmdbCacheEntry).where(TmdbCacheEntry.expires_at <= self._clock())
            )
            await db.commit()
        return int(getattr(result, "rowcount", 0) or 0)


async def cleanup_loop(
    cache: TmdbCache, interval_s: float = CLEANUP_INTERVAL_S, *, first_delay_s: float = 0.0
) -> None:
    """Run :meth:`TmdbCache.cleanup` after ``first_delay_s``, then every ``interval_s`` s, until cancelled."""
    await asyncio.sleep(first_delay_s)
    while True:
        try:
            removed = await cache.cleanup()
            if removed:
                _log.info("tmdb_cache_cleaned", removed=removed)
        except Exception as exc:  # the next round tries again; a cleanup failure must not stop the app
            _log.warning("tmdb_cache_cleanup_failed", error=str(exc))
        await asyncio.sleep(interval_s)
