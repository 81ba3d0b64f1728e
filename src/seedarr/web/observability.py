"""Request ids, the access log and security headers, as plain ASGI middleware.

The request id comes from ``X-Request-ID`` (asgi-correlation-id validates it, or generates one) and is echoed
in the response; while a request is served it is bound into structlog's context, so every line logged on its
behalf carries ``request_id``. The access log line goes through the same redacting pipeline as every other.
"""

from __future__ import annotations

import time
from typing import Any

import structlog
from asgi_correlation_id import correlation_id
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["AccessLogMiddleware", "SecurityHeadersMiddleware"]

_access_log = structlog.stdlib.get_logger("seedarr.access")

DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


class AccessLogMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status: dict[str, Any] = {"code": 500}
        request_id = correlation_id.get()
        structlog.contextvars.bind_contextvars(request_id=request_id)

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            query = scope.get("query_string", b"").decode("latin-1")
            client = scope.get("client") or ("", 0)
            _access_log.info(
                "http_request",
                method=scope.get("method"),
                path=scope.get("path", "") + (f"?{query}" if query else ""),
                status=status["code"],
                duration_ms=round((time.perf_counter() - started) * 1000, 2),
                client=client[0],
            )
            structlog.contextvars.unbind_contextvars("request_id")


class SecurityHeadersMiddleware:
    """nosniff, no framing, no referrer (announce URLs must not leak), and a CSP unless the route set one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "no-referrer")
                headers.setdefault("Content-Security-Policy", DEFAULT_CSP)
            await send(message)

        await self.app(scope, receive, send_wrapper)
