"""The FlareSolverr health check: ready, breaker open after failures, unreachable."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from fakes.flaresolverr import FakeFlareSolverr
from fakes.server import serve_in_thread
from harness.ports import free_port
from seedarr.health import CheckStatus
from seedarr.trackers.cloudflare import CloudflareSolver
from seedarr.trackers.cloudflare_breaker import CircuitBreaker
from seedarr.trackers.cloudflare_health import flaresolverr_check


@pytest.fixture(scope="module")
def solver_url() -> Iterator[str]:
    with serve_in_thread(FakeFlareSolverr().app(), name="flaresolverr-health") as url:
        yield url


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as client:
        yield client


async def test_a_ready_solver_is_ok(solver_url: str, http: httpx.AsyncClient) -> None:
    status, message, hint = await flaresolverr_check(
        CloudflareSolver(solver_url, http, breaker=CircuitBreaker())
    ).probe()
    assert status is CheckStatus.OK and "ready" in message and hint is None


async def test_an_open_breaker_is_a_warning(solver_url: str, http: httpx.AsyncClient) -> None:
    breaker = CircuitBreaker()
    for _ in range(3):
        breaker.record_failure()
    status, message, _ = await flaresolverr_check(CloudflareSolver(solver_url, http, breaker=breaker)).probe()
    assert status is CheckStatus.WARNING and "breaker open" in message


async def test_an_unreachable_solver_is_an_error(http: httpx.AsyncClient) -> None:
    solver = CloudflareSolver(f"http://127.0.0.1:{free_port()}", http, breaker=CircuitBreaker())
    check = flaresolverr_check(solver)
    status, message, hint = await check.probe()
    assert status is CheckStatus.ERROR and "cannot reach" in message and hint
    assert not check.required
