"""``FlareSolverrCheck``: is the configured FlareSolverr ready, and is its circuit breaker closed?

Not ``required``: only trackers behind Cloudflare need it, and they say so in their own errors. An open
breaker is a warning (trackers fail fast until it half-opens); a solver that does not answer is an error.
"""

from __future__ import annotations

from seedarr.errors import ExternalServiceError
from seedarr.health import CheckStatus, HealthCheck
from seedarr.trackers.cloudflare import CloudflareSolver

__all__ = ["flaresolverr_check"]

Probe = tuple[CheckStatus, str, str | None]


def flaresolverr_check(solver: CloudflareSolver) -> HealthCheck:
    """A health check of ``solver`` (register it where the solver is built)."""

    async def probe() -> Probe:
        try:
            version = await solver.health()
        except ExternalServiceError as exc:
            return CheckStatus.ERROR, str(exc), "start FlareSolverr or fix flaresolverr.url"
        if solver.breaker.state != "closed":
            return (
                CheckStatus.WARNING,
                f"FlareSolverr {version} answers, but recent solves failed (breaker {solver.breaker.state})",
                "trackers behind Cloudflare fail fast until a solve succeeds again",
            )
        return CheckStatus.OK, f"FlareSolverr {version} is ready", None

    return HealthCheck("FlareSolverrCheck", "FlareSolverr", probe, required=False)
