"""The FlareSolverr client: requests, solved identities, expiry, challenge detection, the shared breaker."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator

import httpx
import pytest

from fakes.flaresolverr import FOREIGN_COOKIE, ClearanceGate, FakeFlareSolverr
from fakes.server import serve_in_thread
from harness.ports import free_port
from seedarr.errors import ServiceUnavailable
from seedarr.trackers.cloudflare import CloudflareSolver, is_challenge
from seedarr.trackers.cloudflare_breaker import (
    CircuitBreaker,
    SolverPaused,
    SolverUnavailable,
    forget_shared_breakers,
    shared_breaker,
)

SITE = "https://la-cale.example/"


class Clock:
    """A hand-moved clock (both wall and monotonic readings)."""

    def __init__(self, now: float = 1_900_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def flaresolverr_server() -> Iterator[tuple[FakeFlareSolverr, str]]:
    fake = FakeFlareSolverr()
    with serve_in_thread(fake.app(), name="flaresolverr") as url:
        yield fake, url


@pytest.fixture
def solver_fake(flaresolverr_server: tuple[FakeFlareSolverr, str]) -> FakeFlareSolverr:
    flaresolverr_server[0].reset()
    flaresolverr_server[0].protect(SITE, ClearanceGate())
    return flaresolverr_server[0]


@pytest.fixture
def make_solver(
    http: httpx.AsyncClient, flaresolverr_server: tuple[FakeFlareSolverr, str], solver_fake: FakeFlareSolverr
) -> Iterator[Callable[..., CloudflareSolver]]:
    forget_shared_breakers()

    def factory(**kwargs: object) -> CloudflareSolver:
        kwargs.setdefault("breaker", CircuitBreaker())
        return CloudflareSolver(flaresolverr_server[1], http, **kwargs)  # type: ignore[arg-type]

    yield factory
    forget_shared_breakers()


async def test_health_reads_the_ready_message(
    make_solver: Callable[..., CloudflareSolver], http: httpx.AsyncClient
) -> None:
    assert await make_solver().health() == "3.3.21"
    with pytest.raises(SolverUnavailable, match="cannot reach it"):
        await CloudflareSolver(f"http://127.0.0.1:{free_port()}", http).health()


async def test_a_solve_sends_the_v1_command_and_keeps_cookies_with_domain_and_user_agent(
    make_solver: Callable[..., CloudflareSolver], solver_fake: FakeFlareSolverr
) -> None:
    solver = make_solver(max_timeout_s=45)
    identity = await solver.identity("la-cale", SITE)
    assert solver_fake.requests == [
        {"cmd": "request.get", "url": SITE, "maxTimeout": 45000, "session": "seedarr-la-cale"}
    ]
    clearance = next(c for c in identity.cookies if c.name == "cf_clearance")
    assert clearance.domain == ".la-cale.example" and identity.expires_at == clearance.expires
    assert identity.user_agent.startswith("Mozilla/5.0")
    headers = identity.headers_for(SITE + "api/external")
    assert headers["User-Agent"] == identity.user_agent
    assert f"cf_clearance={clearance.value.reveal()}" in headers["Cookie"]
    assert FOREIGN_COOKIE not in headers["Cookie"]  # another domain's cookie stays home
    assert "Cookie" not in identity.headers_for("https://other.example/")
    shown = repr(identity) + repr(solver)
    assert clearance.value.reveal() not in shown and identity.user_agent not in shown


async def test_one_solve_serves_every_request_until_expiry(
    make_solver: Callable[..., CloudflareSolver], solver_fake: FakeFlareSolverr
) -> None:
    clock = Clock(time.time())
    solver = make_solver(clock=clock, expiry_margin_s=60)
    results = await asyncio.gather(*(solver.identity("la-cale", SITE) for _ in range(5)))
    first = results[0]
    assert all(r is first for r in results) and solver_fake.solves == 1  # concurrent callers wait for one
    assert await solver.identity("la-cale", SITE) is solver.cached("la-cale") is first
    assert solver_fake.solves == 1
    assert first.expires_at is not None
    clock.now = first.expires_at - 30  # inside the safety margin: treated as expired
    assert solver.cached("la-cale") is None
    second = await solver.identity("la-cale", SITE)
    assert second is not first and solver_fake.solves == 2 and solver.solves == 2


async def test_a_new_challenge_replaces_the_stale_identity_once(
    make_solver: Callable[..., CloudflareSolver], solver_fake: FakeFlareSolverr
) -> None:
    solver = make_solver()
    stale = await solver.identity("la-cale", SITE)
    fresh, again = await asyncio.gather(
        solver.identity("la-cale", SITE, stale=stale), solver.identity("la-cale", SITE, stale=stale)
    )
    assert fresh is again is not stale and solver_fake.solves == 2
    other = await solver.identity("torr9", SITE)  # one identity (and browser session) per tracker
    assert other is not fresh and solver_fake.requests[-1]["session"] == "seedarr-torr9"


@pytest.mark.parametrize(
    ("kind", "message"), [("error", "Browser crashed"), ("timeout", "Timeout after 60.0")]
)
async def test_solver_failures_are_service_unavailable(
    make_solver: Callable[..., CloudflareSolver], solver_fake: FakeFlareSolverr, kind: str, message: str
) -> None:
    solver_fake.fail_next(kind)
    with pytest.raises(ServiceUnavailable, match=message) as caught:
        await make_solver().identity("la-cale", SITE)
    assert caught.value.retryable and caught.value.service == "FlareSolverr"


async def test_a_solver_that_does_not_answer_in_time_fails(
    make_solver: Callable[..., CloudflareSolver], solver_fake: FakeFlareSolverr
) -> None:
    solver_fake.delay_s = 1.0
    with pytest.raises(SolverUnavailable, match="no answer within"):
        await make_solver(max_timeout_s=0.2, http_margin_s=0.2).identity("la-cale", SITE)


async def test_the_breaker_opens_after_three_failures_then_fails_fast(
    make_solver: Callable[..., CloudflareSolver], solver_fake: FakeFlareSolverr
) -> None:
    clock = Clock()
    breaker = CircuitBreaker(clock=clock)
    solver = make_solver(breaker=breaker)
    solver_fake.fail_next("error", count=3)
    for _ in range(3):
        with pytest.raises(SolverUnavailable):
            await solver.identity("la-cale", SITE)
    assert breaker.state == "open" and len(solver_fake.requests) == 3
    with pytest.raises(SolverPaused, match="paused after 3 failures") as caught:
        await solver.identity("la-cale", SITE)
    assert len(solver_fake.requests) == 3 and 59 <= caught.value.retry_in <= 60  # nothing sent
    clock.now += 61  # half-open: one trial goes through and closes the breaker
    assert breaker.state == "half_open"
    await solver.identity("la-cale", SITE)
    assert breaker.state == "closed" and solver_fake.solves == 1


async def test_a_failed_half_open_trial_opens_the_breaker_again(
    make_solver: Callable[..., CloudflareSolver], solver_fake: FakeFlareSolverr
) -> None:
    clock = Clock()
    breaker = CircuitBreaker(clock=clock)
    solver = make_solver(breaker=breaker)
    solver_fake.fail_next("error", count=4)
    for _ in range(3):
        with pytest.raises(SolverUnavailable):
            await solver.identity("la-cale", SITE)
    clock.now += 61
    with pytest.raises(SolverUnavailable) as trial:
        await solver.identity("la-cale", SITE)
    assert not isinstance(trial.value, SolverPaused) and len(solver_fake.requests) == 4
    assert breaker.state == "open"
    with pytest.raises(SolverPaused):
        await solver.identity("la-cale", SITE)
    assert len(solver_fake.requests) == 4


async def test_the_breaker_is_shared_by_every_user_of_one_solver_url(
    http: httpx.AsyncClient, flaresolverr_server: tuple[FakeFlareSolverr, str], solver_fake: FakeFlareSolverr
) -> None:
    forget_shared_breakers()
    try:
        web, worker = (
            CloudflareSolver(flaresolverr_server[1], http),
            CloudflareSolver(flaresolverr_server[1] + "/", http),
        )
        assert web.breaker is worker.breaker is shared_breaker(flaresolverr_server[1])
        solver_fake.fail_next("error", count=3)
        for solver, tracker in ((web, "la-cale"), (worker, "torr9"), (web, "torr9")):
            with pytest.raises(SolverUnavailable):
                await solver.identity(tracker, SITE)
        with pytest.raises(SolverPaused):
            await worker.identity("la-cale", SITE)
        assert len(solver_fake.requests) == 3
    finally:
        forget_shared_breakers()


def test_the_half_open_state_lets_one_trial_through_at_a_time() -> None:
    clock = Clock()
    breaker = CircuitBreaker(threshold=1, open_s=10, clock=clock)
    breaker.before_call()
    breaker.record_failure()
    with pytest.raises(SolverPaused):
        breaker.before_call()
    clock.now += 10
    breaker.before_call()  # the trial
    with pytest.raises(SolverPaused, match="checking whether"):
        breaker.before_call()
    breaker.abandon()  # the trial was cancelled: the next caller may try
    breaker.before_call()
    breaker.record_success()
    assert breaker.state == "closed" and breaker.failures == 0


@pytest.mark.parametrize(
    ("status", "headers", "body", "challenge"),
    [
        (403, {"cf-mitigated": "challenge"}, "", True),
        (503, {"content-type": "text/html"}, "<title>Just a moment...</title>", True),
        (403, {"content-type": "application/json"}, '{"message": "Just a moment"}', False),
        (403, {"content-type": "application/json"}, '{"message": "Invalid API key"}', False),
        (200, {"cf-mitigated": "challenge"}, "", False),
        (429, {"content-type": "text/html"}, "Just a moment...", False),
    ],
)
def test_challenge_detection(status: int, headers: dict[str, str], body: str, challenge: bool) -> None:
    assert is_challenge(httpx.Response(status, headers=headers, text=body)) is challenge
