"""Liveness and health endpoints outside ``/api/v1``: ``/ping``, ``/health/live``, ``/health/ready``,
``/health/detailed``."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy import text

from seedarr.web.deps import State, require_api_or_ui
from seedarr.web.schemas import ApiModel, with_example

__all__ = ["router"]

router = APIRouter(tags=["health"])


class PingResponse(ApiModel):
    model_config = with_example({"status": "OK"})
    status: Literal["OK", "Error"]


class ReadyResponse(ApiModel):
    model_config = with_example({"status": "ready", "database": "ok"})
    status: Literal["ready", "unavailable"]
    database: Literal["ok", "error"]


class ServiceHealth(ApiModel):
    model_config = with_example(
        {
            "source": "DatabaseCheck",
            "status": "ok",
            "message": "sqlite reachable",
            "latencyMs": 1.4,
            "hint": None,
        }
    )
    source: str
    status: Literal["ok", "notice", "warning", "error"]
    message: str
    latency_ms: float
    hint: str | None = None


class DetailedHealth(ApiModel):
    model_config = with_example(
        {
            "status": "degraded",
            "checks": [
                {"source": "DatabaseCheck", "status": "ok", "message": "sqlite reachable", "latencyMs": 1.4},
                {
                    "source": "DataDirCheck",
                    "status": "warning",
                    "message": "only 150 MiB free",
                    "latencyMs": 0.3,
                },
            ],
        }
    )
    status: Literal["ok", "degraded", "error"]
    checks: list[ServiceHealth]


async def _database_ok(state: State) -> bool:
    try:
        async with state.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception:  # any driver error means "not reachable" for a probe
        return False
    return True


_PING_RESPONSES: dict[int | str, dict[str, object]] = {
    500: {"model": PingResponse, "description": "The database is unreachable."}
}


@router.api_route(
    "/ping",
    methods=["GET", "HEAD"],
    summary="Liveness for Docker health checks",
    description='No authentication. `200 {"status": "OK"}`, or `500 {"status": "Error"}` when the '
    "database cannot be reached.",
    response_model=PingResponse,
    responses=_PING_RESPONSES,
)
async def ping(state: State) -> JSONResponse:
    if await _database_ok(state):
        return JSONResponse({"status": "OK"})
    return JSONResponse({"status": "Error"}, status_code=500)


@router.get(
    "/health/live",
    summary="Process is alive",
    description="No authentication, no dependencies checked: answers as long as the process serves requests.",
    response_model=PingResponse,
)
async def live() -> PingResponse:
    return PingResponse(status="OK")


@router.get(
    "/health/ready",
    summary="Ready to serve",
    description="No authentication. 200 when the database is reachable, else 503.",
    response_model=ReadyResponse,
    responses={503: {"model": ReadyResponse, "description": "The database is unreachable."}},
)
async def ready(state: State) -> JSONResponse:
    ok = await _database_ok(state)
    body = ReadyResponse(status="ready" if ok else "unavailable", database="ok" if ok else "error")
    return JSONResponse(body.model_dump(by_alias=True), status_code=200 if ok else 503)


@router.get(
    "/health/detailed",
    summary="Every check with its status and latency",
    description="Needs the API key or a logged-in browser. Runs every check concurrently, each under a "
    "timeout, and caches the results for about 30 s so the endpoint never hangs.",
    response_model=DetailedHealth,
    dependencies=[Depends(require_api_or_ui)],
    responses={401: {"description": "Missing or invalid credentials."}},
)
async def detailed(state: State) -> DetailedHealth:
    results = await state.health.results()
    worst = {r.status.value for r in results}
    overall: Literal["ok", "degraded", "error"] = (
        "error" if "error" in worst else "degraded" if "warning" in worst else "ok"
    )
    return DetailedHealth(
        status=overall,
        checks=[
            ServiceHealth(
                source=r.source,
                status=r.status.value,
                message=r.message,
                latency_ms=r.latency_ms,
                hint=r.hint,
            )
            for r in results
        ],
    )
