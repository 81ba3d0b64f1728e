"""The FastAPI app factory and its lifespan.

:func:`create_app` builds the app for one :class:`~seedarr.settings.Settings`; its lifespan opens the data
dir and its key, upgrades the database schema, makes sure an API key exists, opens the one shared
``httpx.AsyncClient`` and the health checks, and closes them on shutdown. Every route, static file and the
OpenAPI documents live under the configured URL base.
"""

from __future__ import annotations

import asyncio
import contextlib
import warnings
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import structlog
from asgi_correlation_id import CorrelationIdMiddleware
from fastapi import Depends, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import delete

from seedarr import __version__
from seedarr.db import migrate
from seedarr.db.engine import create_engine, session_factory
from seedarr.db.models import UiSession
from seedarr.db.types import use_secret_box, utcnow
from seedarr.health import HealthService
from seedarr.health.builtin import builtin_checks
from seedarr.health.services import service_checks
from seedarr.hostconfig import ensure_api_key, prepare_data_dir, restrict_database_files
from seedarr.metadata.tmdb_cache import TmdbCache, cleanup_loop
from seedarr.observability.logging import configure_logging
from seedarr.secrets import SecretBox
from seedarr.settings import Settings, load_settings
from seedarr.trackers.adapters import tracker_services
from seedarr.web.api import health as health_api
from seedarr.web.api import v1
from seedarr.web.deps import require_api_or_ui
from seedarr.web.errors import install_error_handlers
from seedarr.web.observability import AccessLogMiddleware, SecurityHeadersMiddleware
from seedarr.web.state import AppState
from seedarr.web.ui import auth as ui_auth
from seedarr.web.ui import pages as ui_pages

__all__ = ["create_app"]

STATIC_DIR = Path(__file__).with_name("static")
SESSION_CLEANUP_INTERVAL_S = 3600
TMDB_CLEANUP_FIRST_DELAY_S = 300
_log = structlog.stdlib.get_logger("seedarr.web")

API_DESCRIPTION = """
Seedarr's JSON API. Every route under `/api/v1` needs the API key, given as the `X-Api-Key` header, the
`apikey` query parameter or `Authorization: Bearer <key>`. Keys, passkeys and passwords are never returned:
a secret field answers `********` when it is set.

Validation failures answer `422` with a list of `{propertyName, errorMessage, attemptedValue, severity}`.
"""


async def _cleanup_sessions(state: AppState) -> None:
    while True:
        await asyncio.sleep(SESSION_CLEANUP_INTERVAL_S)
        try:
            async with state.sessions() as db:
                await db.execute(delete(UiSession).where(UiSession.expires_at <= utcnow()))
                await db.commit()
        except Exception as exc:  # the next round tries again; the server keeps serving
            _log.warning("session_cleanup_failed", error=str(exc))


def _lifespan(settings: Settings, configure_logs: bool) -> Any:
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        data_dir = prepare_data_dir(settings)
        if configure_logs:
            configure_logging(
                level=settings.log.level,
                log_dir=data_dir / "logs",
                json_console=settings.log.json_console,
                file_size_limit_kb=settings.log.file_size_limit_kb,
                file_count=settings.log.file_count,
            )
        box = SecretBox.for_data_dir(data_dir)
        use_secret_box(box)
        await migrate.upgrade(settings.database_url)
        restrict_database_files(settings)
        engine = create_engine(settings.database_url)
        api_key = ensure_api_key(settings)
        http = httpx.AsyncClient(
            timeout=httpx.Timeout(30.0, connect=10.0),
            headers={"User-Agent": f"Seedarr/{__version__}"},
            follow_redirects=False,
        )
        state = AppState(
            settings=settings,
            engine=engine,
            sessions=session_factory(engine),
            http=http,
            health=HealthService(builtin_checks(settings, engine)),
            tracker_services=tracker_services(settings, http),
            api_key=api_key,
            csrf_key=box.derive_key(b"seedarr-csrf"),
            started_at=datetime.now(UTC).replace(microsecond=0),
        )
        for check in service_checks(settings, state.sessions, http, state.tracker_services):
            state.health.register(check)
        app.state.seedarr = state
        background = [
            asyncio.create_task(_cleanup_sessions(state), name="session-cleanup"),
            # first run a while after start: start-up stays quick and short-lived processes never race it
            asyncio.create_task(
                cleanup_loop(TmdbCache(state.sessions), first_delay_s=TMDB_CLEANUP_FIRST_DELAY_S),
                name="tmdb-cache-cleanup",
            ),
        ]
        _log.info(
            "started",
            version=__version__,
            url_base=settings.server.url_base,
            database=engine.dialect.name,
            data_dir=str(data_dir),
        )
        try:
            yield
        finally:
            for task in background:
                task.cancel()
            await asyncio.gather(*background, return_exceptions=True)
            await http.aclose()
            await engine.dispose()
            _log.info("stopped")

    return lifespan


def _openapi_document(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document with our 422 shape instead of its default ``HTTPValidationError``."""
    if app.openapi_schema:
        return app.openapi_schema
    with warnings.catch_warnings():
        # GET+HEAD routes (/ping) share one operation id; HEAD is dropped from the document below.
        warnings.filterwarnings("ignore", message="Duplicate Operation ID")
        schema = get_openapi(
            title="Seedarr",
            version=__version__,
            description=API_DESCRIPTION,
            routes=app.routes,
        )
    for operations in schema.get("paths", {}).values():
        operations.pop("head", None)
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.pop("ValidationError", None)
    schemas["HTTPValidationError"] = {
        "type": "array",
        "title": "ValidationFailures",
        "items": {"$ref": "#/components/schemas/ValidationFailure"},
    }
    schemas.setdefault(
        "ValidationFailure",
        {
            "type": "object",
            "properties": {
                "propertyName": {"type": "string"},
                "errorMessage": {"type": "string"},
                "attemptedValue": {},
                "severity": {"type": "string"},
            },
            "required": ["propertyName", "errorMessage"],
        },
    )
    components["securitySchemes"] = {
        "ApiKeyHeader": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
        "ApiKeyQuery": {"type": "apiKey", "in": "query", "name": "apikey"},
        "Bearer": {"type": "http", "scheme": "bearer"},
    }
    for path, operations in schema.get("paths", {}).items():
        if path.startswith(f"{app.state.url_base}/api/v1"):
            for operation in operations.values():
                operation["security"] = [{"ApiKeyHeader": []}, {"ApiKeyQuery": []}, {"Bearer": []}]
    app.openapi_schema = schema
    return schema


def create_app(settings: Settings | None = None, *, configure_logs: bool = True) -> FastAPI:
    """Build the web app. Nothing is opened until the lifespan starts."""
    settings = settings or load_settings()
    base = settings.server.url_base
    app = FastAPI(
        title="Seedarr",
        version=__version__,
        lifespan=_lifespan(settings, configure_logs),
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        generate_unique_id_function=lambda route: route.name,
    )
    app.state.url_base = base
    app.state.settings = settings
    install_error_handlers(app)

    app.include_router(health_api.router, prefix=base)
    app.include_router(v1.router, prefix=base)
    app.include_router(ui_auth.router, prefix=base)
    app.include_router(ui_pages.router, prefix=base)
    app.mount(f"{base}/static", StaticFiles(directory=STATIC_DIR), name="static")

    docs_access = [Depends(require_api_or_ui)]

    @app.get(f"{base}/openapi.json", include_in_schema=False, dependencies=docs_access)
    @app.get(f"{base}/api/v1/openapi.json", include_in_schema=False, dependencies=docs_access)
    async def openapi_json() -> JSONResponse:
        return JSONResponse(_openapi_document(app))

    @app.get(f"{base}/docs", include_in_schema=False, dependencies=docs_access)
    async def docs(request: Request) -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=f"{base}/openapi.json",
            title="Seedarr API",
            swagger_js_url=f"{base}/static/vendor/swagger-ui-bundle.js",
            swagger_css_url=f"{base}/static/vendor/swagger-ui.css",
            swagger_favicon_url=f"{base}/static/img/favicon.svg",
            # no badge from the public validator: the docs page makes no request outside this server
            swagger_ui_parameters={"validatorUrl": None},
        )
        # Swagger UI starts from one inline script; allow exactly that page to run it.
        page.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; frame-ancestors 'none'"
        )
        return page

    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(AccessLogMiddleware)
    app.add_middleware(CorrelationIdMiddleware, header_name="X-Request-ID")
    return app
