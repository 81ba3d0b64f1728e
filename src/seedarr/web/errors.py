"""Exception handlers: every error becomes a clear answer, never a traceback.

Validation problems are a 422 carrying Servarr's list shape ``[{propertyName, errorMessage, attemptedValue,
severity}]`` (values of secret-named fields are masked). API and HTMX callers without credentials get a
401 JSON body; pages redirect to the login (or to the first-run setup).
"""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from seedarr.errors import ExternalServiceError, SeedarrError, UserInputError, ValidationFailed
from seedarr.observability.redaction import redact_text, redact_value
from seedarr.web.schemas import ValidationFailure
from seedarr.web.security import AuthRequiredError, CsrfError, SetupRequiredError, state_of

__all__ = ["install_error_handlers", "wants_json"]

_log = structlog.stdlib.get_logger("seedarr.web")


def wants_json(request: Request) -> bool:
    base = state_of(request).settings.server.url_base
    path = request.url.path[len(base) :] if base and request.url.path.startswith(base) else request.url.path
    if path.startswith(("/api/", "/health/", "/openapi.json")) or path == "/ping":
        return True
    if request.headers.get("hx-request"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _failure_list(items: list[ValidationFailure]) -> list[dict[str, Any]]:
    return [item.model_dump(by_alias=True) for item in items]


def _loc_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or "body"


async def _validation_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    failures = []
    for err in exc.errors():
        name = _loc_name(tuple(err.get("loc", ())))
        value = err.get("input")
        failures.append(
            ValidationFailure(
                property_name=name,
                error_message=str(err.get("msg", "invalid value")),
                attempted_value=redact_value(value, name.rsplit(".", 1)[-1]) if _jsonable(value) else None,
            )
        )
    return JSONResponse(_failure_list(failures), status_code=422)


def _jsonable(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool | list | dict)


async def _seedarr_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SeedarrError)
    if isinstance(exc, ValidationFailed):
        failure = ValidationFailure(
            property_name=exc.field,
            error_message=exc.problem,
            attempted_value=redact_value(exc.value, exc.field) if _jsonable(exc.value) else None,
        )
        return JSONResponse(_failure_list([failure]), status_code=422)
    status = 400 if isinstance(exc, UserInputError) else 502 if isinstance(exc, ExternalServiceError) else 500
    _log.warning("request_failed", error=str(exc), error_type=type(exc).__name__, status=status)
    # messages of outside services may quote what they were sent: never echo a secret back
    return JSONResponse({"message": redact_text(str(exc))}, status_code=status)


async def _auth_handler(request: Request, exc: Exception) -> Response:
    base = state_of(request).settings.server.url_base
    if wants_json(request):
        response: Response = JSONResponse({"message": str(exc) or "authentication required"}, status_code=401)
        if request.headers.get("hx-request"):
            response.headers["HX-Redirect"] = f"{base}/login"
        return response
    target = f"{base}/login"
    if request.url.path not in (f"{base}/", base):
        from urllib.parse import quote

        target += "?next=" + quote(request.url.path, safe="/")
    return RedirectResponse(target, status_code=303)


async def _setup_handler(request: Request, exc: Exception) -> Response:
    base = state_of(request).settings.server.url_base
    if wants_json(request):
        return JSONResponse({"message": "first-run setup required: create the admin user"}, status_code=401)
    return RedirectResponse(f"{base}/setup", status_code=303)


async def _csrf_handler(request: Request, exc: Exception) -> Response:
    return JSONResponse({"message": str(exc)}, status_code=403)


async def _http_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else "error"
    return JSONResponse({"message": detail}, status_code=exc.status_code, headers=exc.headers)


async def _unhandled_handler(request: Request, exc: Exception) -> Response:
    _log.error("unhandled_error", exc_info=exc, path=request.url.path)
    return JSONResponse({"message": "internal error: see the log for details"}, status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(SeedarrError, _seedarr_handler)
    app.add_exception_handler(AuthRequiredError, _auth_handler)
    app.add_exception_handler(SetupRequiredError, _setup_handler)
    app.add_exception_handler(CsrfError, _csrf_handler)
    app.add_exception_handler(StarletteHTTPException, _http_handler)
    app.add_exception_handler(Exception, _unhandled_handler)
