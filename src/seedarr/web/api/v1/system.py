"""``/api/v1/system/status`` and ``/api/v1/health``: what is running and what is wrong."""

from __future__ import annotations

import platform
import sys
from datetime import datetime
from pathlib import Path
from typing import Literal

from fastapi import APIRouter
from sqlalchemy import text

from seedarr import __version__
from seedarr.db.engine import database_kind
from seedarr.web.deps import State
from seedarr.web.schemas import ApiModel, with_example

__all__ = ["router"]

router = APIRouter(tags=["system"])
_IN_DOCKER = Path("/.dockerenv").exists()
_STARTUP_PATH = str(Path(__file__).resolve().parents[3])


class SystemStatus(ApiModel):
    app_name: str
    instance_name: str
    version: str
    start_time: datetime
    is_docker: bool
    database_type: Literal["sqLite", "postgreSQL"]
    database_version: str
    url_base: str
    app_data: str
    startup_path: str
    runtime_version: str
    os_name: str
    os_version: str
    authentication: Literal["forms", "external", "none"]
    mode: str = "console"
    branch: str = "main"
    is_production: bool = True
    is_debug: bool = False


class HealthIssue(ApiModel):
    model_config = with_example(
        {"source": "MediaToolsCheck", "type": "error", "message": "missing: ffmpeg", "wikiUrl": None}
    )
    source: str
    type: Literal["ok", "notice", "warning", "error"]
    message: str
    wiki_url: str | None = None


def _os_release() -> tuple[str, str]:
    try:
        info = platform.freedesktop_os_release()
        return info.get("ID", sys.platform), info.get("VERSION_ID", "")
    except OSError:
        return sys.platform, platform.release()


@router.get(
    "/system/status",
    summary="What is running",
    description="Application name, version, start time, database type and version, URL base, data dir, "
    "Docker or not, in the Servarr field names.",
    response_model=SystemStatus,
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {
                        "appName": "Seedarr",
                        "instanceName": "Seedarr",
                        "version": "0.1.0",
                        "startTime": "2026-11-25T12:00:00Z",
                        "isDocker": False,
                        "databaseType": "sqLite",
                        "databaseVersion": "3.45.1",
                        "urlBase": "",
                        "appData": "/home/user/.local/share/seedarr",
                    }
                }
            }
        }
    },
)
async def system_status(state: State) -> SystemStatus:
    settings = state.settings
    kind = database_kind(settings.database_url)
    async with state.engine.connect() as connection:
        query = "SELECT sqlite_version()" if kind == "sqLite" else "SHOW server_version"
        db_version = str((await connection.execute(text(query))).scalar_one())
    os_name, os_version = _os_release()
    return SystemStatus(
        app_name="Seedarr",
        instance_name=settings.app.instance_name,
        version=__version__,
        start_time=state.started_at,
        is_docker=_IN_DOCKER,
        database_type=kind,  # type: ignore[arg-type]
        database_version=db_version,
        url_base=settings.server.url_base,
        app_data=str(settings.data_dir),
        startup_path=_STARTUP_PATH,
        runtime_version=platform.python_version(),
        os_name=os_name,
        os_version=os_version,
        authentication=settings.auth.method.value,
    )


@router.get(
    "/health",
    summary="Current problems",
    description="Every check that is not OK, as `{source, type, message, wikiUrl}`; an empty list when all "
    "is well. Results are cached for about 30 s.",
    response_model=list[HealthIssue],
)
async def health_issues(state: State) -> list[HealthIssue]:
    return [
        HealthIssue(source=r.source, type=r.status.value, message=r.message)
        for r in await state.health.problems()
    ]
