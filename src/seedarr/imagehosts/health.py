"""``ImageHostCheck`` health checks: one per configured image host, plus one per host listed without its key.

Register them from the app's lifespan or ``seedarr doctor``:
``for check in image_host_checks_for(settings.image_hosts, http): health.register(check)``.
A refused key is an error (that host is skipped until a person fixes it), an unreachable host a warning
(the chain falls back to the next one), a host in ``image_hosts.order`` without its API key a warning.
None is ``required``: screenshots can still go to another host. Probes make one attempt, no retry.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

import httpx

from seedarr.errors import ExternalServiceError, ServiceAuthError
from seedarr.health import CheckStatus, HealthCheck
from seedarr.imagehosts.base import ImageHost
from seedarr.metadata.http import RetryOptions
from seedarr.settings import ImageHostsSection

__all__ = ["check_source", "image_host_checks", "image_host_checks_for"]

Probe = tuple[CheckStatus, str, str | None]
ProbeFunction = Callable[[], Awaitable[Probe]]


def check_source(name: str) -> str:
    """The health-check source of a host: ``ImageHostCheck:imgbb``."""
    return f"ImageHostCheck:{name}"


def image_host_checks(hosts: Sequence[ImageHost], *, missing_keys: Sequence[str] = ()) -> list[HealthCheck]:
    """A check per host (its ``check()``) and a warning per host listed without its API key."""
    checks = [_check(host.name, _probe(host)) for host in hosts]
    checks += [_check(name, _missing(name)) for name in missing_keys]
    return checks


def image_host_checks_for(section: ImageHostsSection, http: httpx.AsyncClient) -> list[HealthCheck]:
    """The checks of the configured hosts, built from the settings with a single attempt per probe."""
    from seedarr.imagehosts.registry import build_hosts, missing_keys

    hosts = build_hosts(section, http, retry=RetryOptions(attempts=1))
    return image_host_checks(hosts, missing_keys=missing_keys(section))


def _check(name: str, probe: ProbeFunction) -> HealthCheck:
    return HealthCheck(check_source(name), f"Image host {name}", probe, required=False)


def _probe(host: ImageHost) -> ProbeFunction:
    async def probe() -> Probe:
        try:
            message = await host.check()
        except ServiceAuthError as exc:
            return CheckStatus.ERROR, str(exc), f"enter a valid API key in image_hosts.{host.name}.api_key"
        except ExternalServiceError as exc:
            return CheckStatus.WARNING, str(exc), "screenshots go to the next host meanwhile"
        return CheckStatus.OK, message, None

    return probe


def _missing(name: str) -> ProbeFunction:
    async def probe() -> Probe:
        return (
            CheckStatus.WARNING,
            f"{name} is in image_hosts.order but has no API key: it is skipped",
            f"set image_hosts.{name}.api_key (or SEEDARR__IMAGE_HOSTS__{name.upper()}__API_KEY)",
        )

    return probe
