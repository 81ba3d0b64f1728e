"""Where identification finds its settings, and the factories that build its clients from them.

Runtime service settings live in the ``settings`` table; the environment overrides them (handy for the CLI):

| setting row (column)                              | environment                       |
|---------------------------------------------------|-----------------------------------|
| ``metadata.tmdb.api_key`` (secret)                | ``SEEDARR__TMDB__API_KEY``        |
| ``metadata.tmdb.rate_per_second`` (value, float)  | ``SEEDARR__TMDB__RATE_PER_SECOND`` |
| ``metadata.tmdb.base_url`` (value; a mirror/proxy) | ``SEEDARR__TMDB__BASE_URL``       |
| ``metadata.radarr.url`` (value)                   | ``SEEDARR__RADARR__URL``          |
| ``metadata.radarr.api_key`` (secret)              | ``SEEDARR__RADARR__API_KEY``      |
| ``metadata.radarr.path_mappings`` (value, [[local, remote], …]) | —                   |
| the same three for ``sonarr``                     | ``SEEDARR__SONARR__URL``, ``…__API_KEY`` |

No TMDB key means offline identification (every release "needs identification", with a warning), not an error.
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from seedarr.db.models import Setting
from seedarr.errors import ConfigurationError
from seedarr.metadata.arr import ArrClient, ArrKind
from seedarr.metadata.identify import Identifier
from seedarr.metadata.tmdb import TmdbClient, TmdbOptions
from seedarr.metadata.tmdb_cache import TmdbCache
from seedarr.secrets import Secret
from seedarr.validation import validate_url

__all__ = [
    "TMDB_KEY_ENV",
    "TMDB_KEY_SETTING",
    "build_arr_clients",
    "build_identifier",
    "build_tmdb_client",
    "load_tmdb_key",
]

TMDB_KEY_SETTING = "metadata.tmdb.api_key"
TMDB_RATE_SETTING = "metadata.tmdb.rate_per_second"
TMDB_KEY_ENV = "SEEDARR__TMDB__API_KEY"
TMDB_RATE_ENV = "SEEDARR__TMDB__RATE_PER_SECOND"
TMDB_URL_SETTING = "metadata.tmdb.base_url"
TMDB_URL_ENV = "SEEDARR__TMDB__BASE_URL"


async def _row(sessions: async_sessionmaker[AsyncSession], key: str) -> Setting | None:
    async with sessions() as db:
        return await db.scalar(select(Setting).where(Setting.key == key))


async def _secret(sessions: async_sessionmaker[AsyncSession], key: str, env: str) -> Secret | None:
    from_env = os.environ.get(env, "").strip()
    if from_env:
        return Secret(from_env)
    row = await _row(sessions, key)
    return row.secret if row is not None and row.secret else None


async def _value(sessions: async_sessionmaker[AsyncSession], key: str, env: str | None = None) -> Any:
    if env and os.environ.get(env, "").strip():
        return os.environ[env].strip()
    row = await _row(sessions, key)
    return row.value if row is not None else None


async def load_tmdb_key(sessions: async_sessionmaker[AsyncSession]) -> Secret | None:
    """The TMDB key (v3 or v4) from the environment, else the settings table; None when unset."""
    return await _secret(sessions, TMDB_KEY_SETTING, TMDB_KEY_ENV)


async def _tmdb_options(sessions: async_sessionmaker[AsyncSession]) -> TmdbOptions:
    rate = await _value(sessions, TMDB_RATE_SETTING, TMDB_RATE_ENV)
    base_url = await _value(sessions, TMDB_URL_SETTING, TMDB_URL_ENV)
    defaults = TmdbOptions()
    if base_url:
        defaults = replace(defaults, base_url=validate_url(str(base_url), field=TMDB_URL_SETTING))
    if rate is None:
        return defaults
    try:
        rate_per_s = float(rate)
    except (TypeError, ValueError):
        raise ConfigurationError(f"{TMDB_RATE_SETTING} must be a number of requests per second") from None
    if not 0 < rate_per_s <= 40:
        raise ConfigurationError(f"{TMDB_RATE_SETTING} must be between 0 and 40 requests per second")
    return replace(defaults, rate_per_s=rate_per_s)


async def build_tmdb_client(
    http: httpx.AsyncClient,
    sessions: async_sessionmaker[AsyncSession],
    *,
    options: TmdbOptions | None = None,
    cache: bool = True,
) -> TmdbClient | None:
    """A TMDB client with the database cache, or None when no key is configured."""
    key = await load_tmdb_key(sessions)
    if key is None:
        return None
    return TmdbClient(
        http,
        key,
        cache=TmdbCache(sessions) if cache else None,
        options=options or await _tmdb_options(sessions),
    )


async def build_arr_clients(
    http: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> list[ArrClient]:
    """A client for Radarr and one for Sonarr, each only when both its URL and its key are set."""
    clients = []
    kinds: tuple[ArrKind, ...] = ("radarr", "sonarr")
    for kind in kinds:
        env = kind.upper()
        url = await _value(sessions, f"metadata.{kind}.url", f"SEEDARR__{env}__URL")
        key = await _secret(sessions, f"metadata.{kind}.api_key", f"SEEDARR__{env}__API_KEY")
        if not url or key is None:
            continue
        raw_mappings = await _value(sessions, f"metadata.{kind}.path_mappings") or []
        try:
            mappings = [(str(local), str(remote)) for local, remote in raw_mappings]
        except (TypeError, ValueError):
            raise ConfigurationError(
                f"metadata.{kind}.path_mappings must be a list of [local prefix, {kind} prefix] pairs"
            ) from None
        clients.append(ArrClient(http, kind, str(url), key, path_mappings=mappings))
    return clients


async def build_identifier(http: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]) -> Identifier:
    """The identification service as configured (offline without a TMDB key)."""
    return Identifier(await build_tmdb_client(http, sessions), await build_arr_clients(http, sessions))
