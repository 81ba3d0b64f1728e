"""Runs every registered check concurrently, each under a timeout, and caches the results.

``/health/detailed`` must never hang: a check that does not answer within ``timeout_s`` counts as an error
("timed out"), and results are reused for ``ttl_s`` seconds (30 by default) so a burst of requests runs the
probes once.
"""

from __future__ import annotations

import asyncio
import time

from seedarr.health.checks import CheckResult, CheckStatus, HealthCheck

__all__ = ["HealthService"]


class HealthService:
    def __init__(self, checks: list[HealthCheck], *, timeout_s: float = 5.0, ttl_s: float = 30.0) -> None:
        self._checks = list(checks)
        self.timeout_s = timeout_s
        self.ttl_s = ttl_s
        self._cached: tuple[float, list[CheckResult]] | None = None
        self._lock = asyncio.Lock()

    def register(self, check: HealthCheck) -> None:
        """Add a check (later modules register their services' checks at start-up)."""
        self._checks = [c for c in self._checks if c.source != check.source] + [check]
        self._cached = None

    @property
    def checks(self) -> list[HealthCheck]:
        return list(self._checks)

    async def results(self, *, fresh: bool = False) -> list[CheckResult]:
        """Every check's latest result, from the cache when it is younger than ``ttl_s``."""
        async with self._lock:
            now = time.monotonic()
            if not fresh and self._cached is not None and now - self._cached[0] < self.ttl_s:
                return self._cached[1]
            results = list(await asyncio.gather(*(self._run(check) for check in self._checks)))
            self._cached = (time.monotonic(), results)
            return results

    async def problems(self) -> list[CheckResult]:
        return [r for r in await self.results() if r.status is not CheckStatus.OK]

    async def _run(self, check: HealthCheck) -> CheckResult:
        started = time.perf_counter()
        try:
            status, message, hint = await asyncio.wait_for(check.probe(), self.timeout_s)
        except TimeoutError:
            status, message, hint = CheckStatus.ERROR, f"timed out after {self.timeout_s:g} s", None
        except Exception as exc:  # a failing probe is a health problem to report, not a crash
            status, message, hint = CheckStatus.ERROR, f"{type(exc).__name__}: {exc}", None
        latency = (time.perf_counter() - started) * 1000
        return CheckResult(check.source, status, message, round(latency, 1), hint)
