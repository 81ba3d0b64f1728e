"""How an adapter sends to a site behind Cloudflare (services spec §3, trackers spec §1).

:class:`ProtectedSite` wraps one tracker's requests: when the tracker's "solve first" setting is on it gets
an identity from the :class:`~seedarr.trackers.cloudflare.CloudflareSolver` before the first request;
otherwise it sends with the identity it already has (if any), and when the request policy reports a
:class:`~seedarr.trackers.cloudflare.CloudflareChallenge` it solves (or re-solves, dropping the identity
that was just refused) and sends that request once more with the new cookies and User-Agent. A challenge
with no solver configured is a :class:`~seedarr.errors.ConfigurationError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from seedarr.errors import ConfigurationError
from seedarr.metadata.http import RequestPolicy
from seedarr.trackers.cloudflare import CloudflareChallenge, CloudflareIdentity, CloudflareSolver

__all__ = ["ProtectedSite"]


@dataclass
class ProtectedSite:
    """One tracker behind Cloudflare: ``key`` names its identity, ``site_url`` is the page to solve."""

    service: str
    key: str
    site_url: str
    solver: CloudflareSolver | None
    always_solve: bool = False

    def _require_solver(self, why: str) -> CloudflareSolver:
        if self.solver is None:
            raise ConfigurationError(
                f"{self.service}: {why}, and no FlareSolverr is configured",
                hint="set the FlareSolverr URL in the services settings",
            )
        return self.solver

    async def _identity_before(self) -> CloudflareIdentity | None:
        if self.always_solve:
            solver = self._require_solver("solving Cloudflare first is switched on")
            return await solver.identity(self.key, self.site_url)
        return self.solver.cached(self.key) if self.solver is not None else None

    async def send(
        self,
        policy: RequestPolicy,
        http: httpx.AsyncClient,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str],
        **kwargs: Any,
    ) -> httpx.Response:
        """Send through ``policy`` with the solved identity; on a challenge solve and send once more."""
        identity = await self._identity_before()
        try:
            return await policy.send(http, method, url, headers=_merge(headers, identity, url), **kwargs)
        except CloudflareChallenge:
            solver = self._require_solver("the site answered with a Cloudflare challenge")
        identity = await solver.identity(self.key, self.site_url, stale=identity)
        try:
            return await policy.send(http, method, url, headers=_merge(headers, identity, url), **kwargs)
        except CloudflareChallenge as exc:
            solver.forget(self.key)
            raise CloudflareChallenge(
                self.service,
                "still answers with a Cloudflare challenge after FlareSolverr solved it",
                status_code=exc.status_code,
            ) from None


def _merge(headers: Mapping[str, str], identity: CloudflareIdentity | None, url: str) -> dict[str, str]:
    merged = dict(headers)
    if identity is not None:
        merged.update(identity.headers_for(url))
    return merged
