"""System status and the health endpoints."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import create_async_engine

from fakes.flaresolverr import FakeFlareSolverr
from fakes.server import serve_in_thread
from harness.ports import free_port
from seedarr.errors import ConfigurationError
from seedarr.health import CheckStatus, HealthCheck, HealthService
from seedarr.settings import Settings
from seedarr.web.app import create_app


async def test_ping_needs_no_auth_and_reports_ok(client: httpx.AsyncClient) -> None:
    response = await client.get("/ping")
    assert response.status_code == 200
    assert response.json() == {"status": "OK"}
    head = await client.head("/ping")
    assert head.status_code == 200


async def test_ping_and_ready_report_an_unreachable_database(
    app: FastAPI, client: httpx.AsyncClient, tmp_path
) -> None:
    state = app.state.seedarr
    healthy_engine = state.engine
    state.engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path}/missing-dir/none.db")
    try:
        ping = await client.get("/ping")
        ready = await client.get("/health/ready")
    finally:
        await state.engine.dispose()
        state.engine = healthy_engine
    assert ping.status_code == 500
    assert ping.json() == {"status": "Error"}
    assert ready.status_code == 503
    assert ready.json() == {"status": "unavailable", "database": "error"}


async def test_live_and_ready(client: httpx.AsyncClient) -> None:
    assert (await client.get("/health/live")).json() == {"status": "OK"}
    ready = await client.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "database": "ok"}


async def test_system_status_fields(client: httpx.AsyncClient, api_key: str, settings) -> None:
    response = await client.get("/api/v1/system/status", headers={"X-Api-Key": api_key})
    assert response.status_code == 200
    body = response.json()
    assert body["appName"] == "Seedarr"
    assert body["databaseType"] == "sqLite"
    assert body["databaseVersion"].count(".") >= 1
    assert body["urlBase"] == ""
    assert body["appData"] == str(settings.data_dir)
    assert isinstance(body["isDocker"], bool)
    assert body["startTime"].endswith("Z") or body["startTime"].endswith("+00:00")
    assert body["authentication"] == "forms"


async def test_detailed_health_needs_auth_and_lists_every_check(
    client: httpx.AsyncClient, api_key: str
) -> None:
    assert (await client.get("/health/detailed")).status_code == 401
    response = await client.get("/health/detailed", headers={"X-Api-Key": api_key})
    assert response.status_code == 200
    checks = {c["source"]: c for c in response.json()["checks"]}
    assert checks["DatabaseCheck"]["status"] == "ok"
    assert checks["DataDirCheck"]["status"] == "ok"
    assert checks["MetadataCheck"]["status"] == "warning"  # no TMDB key configured yet
    assert "no TMDB key" in checks["MetadataCheck"]["message"]
    assert checks["TrackerAuthCheck"]["status"] == "ok"  # no tracker account yet, none refused
    assert not any(s.startswith(("ImageHostCheck", "FlareSolverrCheck")) for s in checks)  # not configured
    assert all(c["latencyMs"] >= 0 for c in checks.values())


async def test_detailed_health_never_hangs_and_is_cached(
    app: FastAPI, client: httpx.AsyncClient, api_key: str
) -> None:
    # Only the checks under test: a 0.2 s timeout would cancel the database checks mid-query on a loaded
    # machine, and aiosqlite's thread would then answer a loop that the test has already closed.
    service = app.state.seedarr.health = HealthService([], timeout_s=0.2)
    calls = {"slow": 0, "counted": 0}

    async def slow() -> tuple[CheckStatus, str, None]:
        calls["slow"] += 1
        await asyncio.sleep(30)
        return CheckStatus.OK, "never", None

    async def counted() -> tuple[CheckStatus, str, None]:
        calls["counted"] += 1
        return CheckStatus.WARNING, "flaky service", None

    service.register(HealthCheck("SlowServiceCheck", "slow", slow))
    service.register(HealthCheck("CountedCheck", "counted", counted))
    first = await asyncio.wait_for(client.get("/health/detailed", headers={"X-Api-Key": api_key}), 5)
    second = await client.get("/health/detailed", headers={"X-Api-Key": api_key})
    checks = {c["source"]: c for c in first.json()["checks"]}
    assert checks["SlowServiceCheck"]["status"] == "error"
    assert "timed out" in checks["SlowServiceCheck"]["message"]
    assert first.json()["status"] == "error"
    assert second.json() == first.json()
    assert calls == {"slow": 1, "counted": 1}

    issues = await client.get("/api/v1/health", headers={"X-Api-Key": api_key})
    by_source = {i["source"]: i for i in issues.json()}
    assert by_source["CountedCheck"] == {
        "source": "CountedCheck",
        "type": "warning",
        "message": "flaky service",
        "wikiUrl": None,
    }
    assert "DatabaseCheck" not in by_source


async def test_configured_flaresolverr_and_image_hosts_get_health_checks(
    make_settings: Callable[..., Settings],
) -> None:
    with serve_in_thread(FakeFlareSolverr().app(), name="flaresolverr-app") as solver_url:
        settings = make_settings(
            flaresolverr={"url": solver_url},
            image_hosts={
                "order": ["imgbb", "pixhost"],
                "pixhost": {"base_url": f"http://127.0.0.1:{free_port()}"},
            },
        )
        application = create_app(settings, configure_logs=False)
        async with application.router.lifespan_context(application):
            state = application.state.seedarr
            assert state.tracker_services.cloudflare is not None  # trackers get the solver
            results = {r.source: r for r in await state.health.results(fresh=True)}
    assert results["FlareSolverrCheck"].status is CheckStatus.OK
    assert "imgbb" in results["ImageHostCheck:imgbb"].message  # listed without its key: a warning
    assert results["ImageHostCheck:imgbb"].status is CheckStatus.WARNING
    assert results["ImageHostCheck:pixhost"].status is CheckStatus.WARNING  # nothing listens there


def test_a_malformed_flaresolverr_url_is_a_settings_error(make_settings: Callable[..., Settings]) -> None:
    with pytest.raises(ConfigurationError, match="flaresolverr"):
        make_settings(flaresolverr={"url": "not a url"})
