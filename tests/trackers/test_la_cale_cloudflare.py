"""La Cale behind Cloudflare: both fakes together (the site's gate accepts what FlareSolverr solved)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import structlog

from fakes.flaresolverr import FOREIGN_COOKIE, ClearanceGate, FakeFlareSolverr
from fakes.la_cale import FakeLaCale
from fakes.server import serve_in_thread
from harness.tracker_samples import FAST_RETRY, LA_CALE_KEY, PASSKEY, la_cale_definition, movie_release
from seedarr.errors import ConfigurationError, ServiceUnavailable
from seedarr.trackers.adapters import TrackerServices
from seedarr.trackers.base import SearchQuery
from seedarr.trackers.cloudflare import CloudflareChallenge, CloudflareSolver
from seedarr.trackers.cloudflare_breaker import CircuitBreaker, SolverPaused
from seedarr.trackers.custom.la_cale import Adapter
from seedarr.trackers.settings import validate_settings

TRACKER = "la-cale"
QUERY = SearchQuery("movie", tmdb_id=12345)


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def _servers() -> Iterator[tuple[FakeLaCale, str, FakeFlareSolverr, str]]:
    site, solver = FakeLaCale(LA_CALE_KEY), FakeFlareSolverr()
    with (
        serve_in_thread(site.app(), name="la-cale-cf") as site_url,
        serve_in_thread(solver.app(), name="flaresolverr-cf") as solver_url,
    ):
        yield site, site_url, solver, solver_url


@pytest.fixture
def gate(_servers: tuple[FakeLaCale, str, FakeFlareSolverr, str]) -> ClearanceGate:
    """The site behind Cloudflare, and FlareSolverr able to get past it."""
    site, site_url, solver, _ = _servers
    gate = ClearanceGate()
    site.reset(cloudflare=gate)
    solver.reset()
    solver.protect(site_url, gate)
    return gate


@pytest.fixture
def site(_servers: tuple[FakeLaCale, str, FakeFlareSolverr, str], gate: ClearanceGate) -> FakeLaCale:
    return _servers[0]


@pytest.fixture
def flaresolverr(
    _servers: tuple[FakeLaCale, str, FakeFlareSolverr, str], gate: ClearanceGate
) -> FakeFlareSolverr:
    return _servers[2]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def solver(
    http: httpx.AsyncClient, _servers: tuple[FakeLaCale, str, FakeFlareSolverr, str], clock: Clock
) -> CloudflareSolver:
    """The solver, its identities' expiry and its breaker on a hand-moved clock."""
    return CloudflareSolver(_servers[3], http, breaker=CircuitBreaker(clock=clock), clock=clock)


@pytest.fixture
def make(
    http: httpx.AsyncClient, _servers: tuple[FakeLaCale, str, FakeFlareSolverr, str], solver: CloudflareSolver
) -> Callable[..., Adapter]:
    def factory(
        *, tracker_id: str = TRACKER, with_solver: CloudflareSolver | None = solver, **values: Any
    ) -> Adapter:
        definition = la_cale_definition(_servers[1]).model_copy(update={"id": tracker_id})
        values.setdefault("apiKey", LA_CALE_KEY)
        values.setdefault("announceUrl", f"{_servers[1]}/announce?passkey={PASSKEY}")
        settings = validate_settings(definition, values)
        return Adapter(definition, settings, http, retry=FAST_RETRY, services=TrackerServices(with_solver))

    return factory


def _passed(site: FakeLaCale) -> list[Any]:
    return [r for r in site.received if site.cloudflare and site.cloudflare.admits(
        r.cookies.get("cf_clearance"), r.headers.get("user-agent"))]  # fmt: skip


async def test_a_challenge_is_solved_once_and_the_identity_reused(
    make: Callable[..., Adapter],
    site: FakeLaCale,
    flaresolverr: FakeFlareSolverr,
    make_torrent: Callable[..., Path],
) -> None:
    adapter = make()
    await adapter.sync_metadata()  # challenged, solved, sent again
    assert flaresolverr.solves == 1 and len(site.received) == 2
    assert "cf_clearance" not in site.received[0].cookies
    torrent = make_torrent({"Le.Film.2021.MULTi.1080p.WEB.H264-GRP.mkv": 20_000}, source="lacale")
    result = await adapter.upload(adapter.build_upload(movie_release(TRACKER, torrent)))
    await adapter.search(QUERY)
    await adapter.fetch_registered_torrent(result)
    assert flaresolverr.solves == 1 and site.uploads == 1  # one solve for every later request
    later = site.received[1:]
    assert len(later) == 4 and _passed(site) == later
    agents = {r.headers["user-agent"] for r in later}
    assert len(agents) == 1 and "Chrome/124.0" in agents.pop()  # the solver's User-Agent, not httpx's
    assert all(FOREIGN_COOKIE not in r.cookies and "__cf_bm" in r.cookies for r in later)


async def test_solving_first_when_the_setting_is_on(
    make: Callable[..., Adapter], site: FakeLaCale, flaresolverr: FakeFlareSolverr
) -> None:
    adapter = make(solveCloudflare=True)
    await adapter.search(QUERY)
    assert flaresolverr.solves == 1 and len(site.received) == 1 and _passed(site) == site.received


async def test_a_new_challenge_is_solved_again(
    make: Callable[..., Adapter], site: FakeLaCale, flaresolverr: FakeFlareSolverr, gate: ClearanceGate
) -> None:
    adapter = make()
    await adapter.search(QUERY)
    gate.revoke_all()  # Cloudflare challenges again
    await adapter.search(QUERY)
    assert flaresolverr.solves == 2 and len(site.received) == 4
    assert site.received[1].cookies["cf_clearance"] != site.received[3].cookies["cf_clearance"]


async def test_an_expired_clearance_is_renewed_before_sending(
    make: Callable[..., Adapter],
    site: FakeLaCale,
    flaresolverr: FakeFlareSolverr,
    solver: CloudflareSolver,
    clock: Clock,
) -> None:
    adapter = make(solveCloudflare=True)
    await adapter.search(QUERY)
    identity = solver.cached(TRACKER)
    assert identity is not None and identity.expires_at is not None
    clock.now = identity.expires_at + 1
    await adapter.search(QUERY)
    assert flaresolverr.solves == 2 and len(site.received) == 2  # renewed without a challenge


async def test_a_challenge_without_a_solver_asks_for_one(
    make: Callable[..., Adapter], site: FakeLaCale
) -> None:
    with pytest.raises(ConfigurationError, match="no FlareSolverr is configured"):
        await make(with_solver=None).search(QUERY)
    with pytest.raises(ConfigurationError, match="solving Cloudflare first is switched on"):
        await make(with_solver=None, solveCloudflare=True).search(QUERY)
    assert len(site.received) == 1


async def test_a_challenge_that_survives_solving_is_reported(
    make: Callable[..., Adapter], site: FakeLaCale, flaresolverr: FakeFlareSolverr
) -> None:
    flaresolverr.gates.clear()  # the solver's browser never earns a clearance for this site
    with pytest.raises(CloudflareChallenge, match="still answers with a Cloudflare challenge"):
        await make().search(QUERY)
    assert flaresolverr.solves == 1 and len(site.received) == 2


async def test_the_breaker_is_shared_by_two_trackers_on_one_solver(
    make: Callable[..., Adapter],
    site: FakeLaCale,
    flaresolverr: FakeFlareSolverr,
    solver: CloudflareSolver,
    clock: Clock,
) -> None:
    first, second = make(), make(tracker_id="la-cale-bis")
    flaresolverr.fail_next("error", count=3)
    for adapter in (first, second, first):
        with pytest.raises(ServiceUnavailable, match="FlareSolverr: could not solve"):
            await adapter.search(QUERY)
    assert solver.breaker.state == "open"
    with pytest.raises(SolverPaused, match="paused after 3 failures"):
        await second.search(QUERY)
    assert len(flaresolverr.requests) == 3 and [r["session"] for r in flaresolverr.requests] == [
        "seedarr-la-cale", "seedarr-la-cale-bis", "seedarr-la-cale"]  # fmt: skip
    clock.now += 61  # a minute later: half-open, one trial goes through
    assert await second.search(QUERY) == [] and solver.breaker.state == "closed"


async def test_cookies_user_agent_and_key_stay_out_of_logs_and_errors(
    make: Callable[..., Adapter],
    site: FakeLaCale,
    flaresolverr: FakeFlareSolverr,
    solver: CloudflareSolver,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    adapter = make()
    with structlog.testing.capture_logs() as events:
        await adapter.search(QUERY)
        flaresolverr.gates.clear()
        site.cloudflare.revoke_all()  # type: ignore[union-attr]
        with pytest.raises(CloudflareChallenge) as caught:
            await adapter.search(QUERY)
    assert any(e["event"] == "cloudflare_solved" for e in events)
    clearance = site.received[1].cookies["cf_clearance"]
    agent = site.received[1].headers["user-agent"]
    for text in (caplog.text, repr(events), str(caught.value), repr(caught.value), repr(solver)):
        assert clearance not in text and agent not in text and LA_CALE_KEY not in text
