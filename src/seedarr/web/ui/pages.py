"""The pages of the UI shell: dashboard, system status, and the header's health badge (an HTMX partial)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from seedarr import __version__
from seedarr.db.engine import database_kind
from seedarr.health import CheckStatus
from seedarr.web.deps import require_ui
from seedarr.web.security import state_of
from seedarr.web.ui import trackers
from seedarr.web.ui.templating import render

__all__ = ["router"]

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_ui)])


@router.get("/")
async def dashboard(request: Request) -> Response:
    results = await state_of(request).health.results()
    return render(request, "dashboard.html", {"results": results})


@router.get("/system/status")
async def system_status(request: Request) -> Response:
    state = state_of(request)
    results = await state.health.results()
    about = [
        ("Version", __version__),
        (
            "Database",
            {"sqLite": "SQLite", "postgreSQL": "PostgreSQL"}[database_kind(state.settings.database_url)],
        ),
        ("Data directory", str(state.settings.data_dir)),
        ("URL base", state.settings.server.url_base or "(none)"),
        ("Started", state.started_at.isoformat()),
    ]
    return render(request, "system_status.html", {"results": results, "about": about})


@router.get("/ui/health-badge")
async def health_badge(request: Request) -> Response:
    problems = await state_of(request).health.problems()
    errors = sum(1 for p in problems if p.status is CheckStatus.ERROR)
    warnings = sum(1 for p in problems if p.status is CheckStatus.WARNING)
    return render(request, "partials/health_badge.html", {"errors": errors, "warnings": warnings})


router.include_router(trackers.router)  # Settings → Trackers
