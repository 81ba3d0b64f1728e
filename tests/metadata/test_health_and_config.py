"""Where the TMDB key comes from (settings row or environment) and the MetadataCheck health check."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fakes.catalogue import RADARR_KEY, V3_KEY, V4_TOKEN
from fakes.tmdb import FakeTmdb
from seedarr.db.models import Setting
from seedarr.db.types import use_secret_box
from seedarr.health import CheckStatus
from seedarr.metadata.config import build_arr_clients, build_identifier, build_tmdb_client, load_tmdb_key
from seedarr.metadata.health import tmdb_check
from seedarr.metadata.tmdb import TmdbOptions
from seedarr.secrets import Secret, SecretBox

Sessions = async_sessionmaker[AsyncSession]


@pytest.fixture
def secret_box(tmp_path: Path) -> None:
    use_secret_box(SecretBox.for_data_dir(tmp_path / "data"))


async def _store(sessions: Sessions, key: str, *, value: object = None, secret: str | None = None) -> None:
    async with sessions() as db:
        db.add(Setting(key=key, value=value, secret=Secret(secret) if secret else None))
        await db.commit()


async def test_key_from_the_settings_table_or_the_environment(
    sessions: Sessions, secret_box: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert await load_tmdb_key(sessions) is None
    await _store(sessions, "metadata.tmdb.api_key", secret=V3_KEY)
    assert await load_tmdb_key(sessions) == Secret(V3_KEY)
    monkeypatch.setenv("SEEDARR__TMDB__API_KEY", V4_TOKEN)
    assert await load_tmdb_key(sessions) == Secret(V4_TOKEN)


async def test_factories_follow_the_settings(
    sessions: Sessions, secret_box: None, http: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert await build_tmdb_client(http, sessions) is None
    assert await build_arr_clients(http, sessions) == []
    await _store(sessions, "metadata.tmdb.rate_per_second", value=2.5)
    await _store(sessions, "metadata.radarr.url", value="http://radarr.local:7878")
    await _store(sessions, "metadata.radarr.api_key", secret=RADARR_KEY)
    await _store(sessions, "metadata.radarr.path_mappings", value=[["/data", "/movies"]])
    monkeypatch.setenv("SEEDARR__TMDB__API_KEY", V3_KEY)
    client = await build_tmdb_client(http, sessions)
    assert client is not None and client.options.rate_per_s == 2.5 and client.key_kind == "v3"
    (radarr,) = await build_arr_clients(http, sessions)
    assert radarr.kind == "radarr"
    assert (await build_identifier(http, sessions)) is not None


async def test_health_without_a_key_warns(sessions: Sessions, http: httpx.AsyncClient) -> None:
    status, message, hint = await tmdb_check(sessions, http).probe()
    assert status is CheckStatus.WARNING and "no TMDB key" in message and hint


async def test_health_with_a_good_key_is_ok(
    sessions: Sessions,
    http: httpx.AsyncClient,
    tmdb_url: str,
    tmdb_fake: FakeTmdb,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SEEDARR__TMDB__API_KEY", V4_TOKEN)
    check = tmdb_check(sessions, http, options=TmdbOptions(base_url=tmdb_url))
    assert check.source == "MetadataCheck"
    status, message, _ = await check.probe()
    assert (status, message) == (CheckStatus.OK, "TMDB reachable (v4 key accepted)")
    assert tmdb_fake.paths() == ["/3/configuration"]


async def test_health_with_a_refused_key_is_an_error(
    sessions: Sessions,
    http: httpx.AsyncClient,
    tmdb_url: str,
    tmdb_fake: FakeTmdb,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SEEDARR__TMDB__API_KEY", "a" * 32)
    status, message, _ = await tmdb_check(sessions, http, options=TmdbOptions(base_url=tmdb_url)).probe()
    assert status is CheckStatus.ERROR and "invalid key" in message
    assert len(tmdb_fake.received) == 1


async def test_health_with_a_malformed_key_is_an_error(
    sessions: Sessions, http: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEEDARR__TMDB__API_KEY", "not-a-key")
    status, message, _ = await tmdb_check(sessions, http).probe()
    assert status is CheckStatus.ERROR and "malformed" in message


async def test_health_with_tmdb_down_warns(
    sessions: Sessions,
    http: httpx.AsyncClient,
    tmdb_url: str,
    tmdb_fake: FakeTmdb,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SEEDARR__TMDB__API_KEY", V3_KEY)
    tmdb_fake.fail_next(503)
    status, message, _ = await tmdb_check(sessions, http, options=TmdbOptions(base_url=tmdb_url)).probe()
    assert status is CheckStatus.WARNING and "unreachable" in message
