"""Fixtures for identification tests: the TMDB and Radarr/Sonarr fakes over real HTTP, a migrated cache.

The catalogue (``fakes.catalogue``) mirrors the TMDB quirks that matter here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fakes.arr import FakeArr
from fakes.catalogue import RADARR_KEY, SONARR_KEY, V3_KEY, V4_TOKEN, catalogue
from fakes.server import serve_in_thread
from fakes.tmdb import FakeTmdb
from seedarr.db import migrate
from seedarr.db.engine import create_engine, session_factory
from seedarr.metadata.http import RetryOptions
from seedarr.metadata.tmdb import TmdbClient, TmdbOptions
from seedarr.metadata.tmdb_cache import TmdbCache
from seedarr.secrets import Secret

FAST_RETRY = RetryOptions(attempts=3, backoff_s=0.01, max_backoff_s=0.05)


@pytest.fixture(scope="session")
def _tmdb_server() -> Iterator[tuple[FakeTmdb, str]]:
    movies, shows, seasons = catalogue()
    fake = FakeTmdb(V3_KEY, V4_TOKEN, movies=movies, shows=shows, seasons=seasons)
    with serve_in_thread(fake.app(), name="tmdb") as url:
        yield fake, url


@pytest.fixture
def tmdb_fake(_tmdb_server: tuple[FakeTmdb, str]) -> FakeTmdb:
    fake, _ = _tmdb_server
    fake.reset()
    return fake


@pytest.fixture
def tmdb_url(_tmdb_server: tuple[FakeTmdb, str]) -> str:
    return _tmdb_server[1] + "/3"


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=httpx.Timeout(10.0)) as client:
        yield client


@pytest.fixture
def make_tmdb(http: httpx.AsyncClient, tmdb_url: str, tmdb_fake: FakeTmdb) -> Callable[..., TmdbClient]:
    def factory(key: str = V3_KEY, *, cache: TmdbCache | None = None, **options: Any) -> TmdbClient:
        options.setdefault("retry", FAST_RETRY)
        options.setdefault("rate_per_s", 200.0)
        options.setdefault("burst", 50)
        return TmdbClient(http, Secret(key), cache=cache, options=TmdbOptions(base_url=tmdb_url, **options))

    return factory


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def sessions(tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    url = f"sqlite+aiosqlite:///{tmp_path}/cache.db"
    await migrate.upgrade(url)
    engine = create_engine(url)
    try:
        yield session_factory(engine)
    finally:
        await engine.dispose()


@pytest.fixture
def cache(sessions: async_sessionmaker[AsyncSession], clock: Clock) -> TmdbCache:
    return TmdbCache(sessions, clock=clock)


def _arr_server(kind: str, key: str) -> Iterator[tuple[FakeArr, str]]:
    fake = FakeArr(kind, key)  # type: ignore[arg-type]
    with serve_in_thread(fake.app(), name=kind) as url:
        yield fake, url


@pytest.fixture(scope="session")
def _radarr_server() -> Iterator[tuple[FakeArr, str]]:
    yield from _arr_server("radarr", RADARR_KEY)


@pytest.fixture(scope="session")
def _sonarr_server() -> Iterator[tuple[FakeArr, str]]:
    yield from _arr_server("sonarr", SONARR_KEY)


@pytest.fixture
def radarr(_radarr_server: tuple[FakeArr, str]) -> tuple[FakeArr, str]:
    _radarr_server[0].reset()
    return _radarr_server


@pytest.fixture
def sonarr(_sonarr_server: tuple[FakeArr, str]) -> tuple[FakeArr, str]:
    _sonarr_server[0].reset()
    return _sonarr_server
