"""Health checks of the configured outside services, shared by the web app and ``seedarr doctor``.

:func:`service_checks` returns TMDB's check, one per configured image host, the FlareSolverr check when a
solver is configured, and the tracker-accounts check.
"""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from seedarr.health.checks import HealthCheck
from seedarr.settings import Settings
from seedarr.trackers.adapters import TrackerServices

__all__ = ["service_checks"]


def service_checks(
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    http: httpx.AsyncClient,
    services: TrackerServices,
) -> list[HealthCheck]:
    """Checks of TMDB, the image hosts and FlareSolverr (when configured) and the tracker accounts."""
    from seedarr.imagehosts.health import image_host_checks_for
    from seedarr.metadata.health import tmdb_check
    from seedarr.trackers.accounts_health import tracker_auth_check
    from seedarr.trackers.cloudflare_health import flaresolverr_check

    checks = [tmdb_check(sessions, http)]
    if "image_hosts" in settings.model_fields_set:  # probed once a person configured them, not by default
        checks += image_host_checks_for(settings.image_hosts, http)
    if services.cloudflare is not None:
        checks.append(flaresolverr_check(services.cloudflare))
    checks.append(tracker_auth_check(sessions))
    return checks
