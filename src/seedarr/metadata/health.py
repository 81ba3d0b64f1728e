"""The ``MetadataCheck`` health check: is TMDB configured, reachable, and does it accept the key?

Register it from the app's lifespan: ``state.health.register(tmdb_check(state.sessions, state.http))``.
A missing key is a warning (identification runs offline), a refused key is an error (nothing can be
identified until a person fixes it), an unreachable TMDB is a warning (the pipeline retries later).
"""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from seedarr.errors import ExternalServiceError, ServiceAuthError, ValidationFailed
from seedarr.health import CheckStatus, HealthCheck
from seedarr.metadata.config import TMDB_KEY_SETTING, load_tmdb_key
from seedarr.metadata.http import RetryOptions
from seedarr.metadata.tmdb import TmdbClient, TmdbOptions

__all__ = ["tmdb_check"]

Probe = tuple[CheckStatus, str, str | None]
KEY_HINT = f"enter a TMDB v3 API key or v4 read access token in {TMDB_KEY_SETTING}"


def tmdb_check(
    sessions: async_sessionmaker[AsyncSession],
    http: httpx.AsyncClient,
    *,
    options: TmdbOptions | None = None,
) -> HealthCheck:
    """A health check that tests the configured key with ``GET /configuration`` (one attempt, no retry)."""
    base = options or TmdbOptions()
    probe_options = TmdbOptions(
        base_url=base.base_url,
        rate_per_s=base.rate_per_s,
        burst=base.burst,
        timeout_s=min(base.timeout_s, 4.0),
        retry=RetryOptions(attempts=1),
    )

    async def probe() -> Probe:
        key = await load_tmdb_key(sessions)
        if key is None:
            return CheckStatus.WARNING, "no TMDB key: releases cannot be identified automatically", KEY_HINT
        try:
            client = TmdbClient(http, key, options=probe_options)
            await client.configuration()
        except ValidationFailed as exc:
            return CheckStatus.ERROR, f"the TMDB key is malformed: {exc.problem}", KEY_HINT
        except ServiceAuthError:
            return CheckStatus.ERROR, "TMDB refused the API key (invalid key)", KEY_HINT
        except ExternalServiceError as exc:
            return CheckStatus.WARNING, f"TMDB unreachable: {exc}", "identification will retry later"
        return CheckStatus.OK, f"TMDB reachable ({client.key_kind} key accepted)", None

    return HealthCheck("MetadataCheck", "TMDB", probe, required=False)
