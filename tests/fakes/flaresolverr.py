"""A strict fake of FlareSolverr v1 (services spec §3) and the Cloudflare gate it gets past.

:class:`ClearanceGate` is what Cloudflare remembers for one protected site: the ``cf_clearance`` values it
issued, each bound to the User-Agent of the browser that solved it, with an expiry; ``revoke_all`` plays a
new challenge. :class:`FakeFlareSolverr` serves ``GET /`` ("FlareSolverr is ready!"), ``GET /health`` and
``POST /v1``: a JSON object whose keys must be known, ``cmd`` one of the documented commands, ``url`` an
http(s) URL, ``maxTimeout`` a positive integer, no ``postData`` with ``request.get``. Errors come back the way
FlareSolverr sends them (HTTP 500, ``{"status": "error", "message": "Error: …"}``). A ``request.get`` on a
protected site's URL issues a clearance from that site's gate and returns it with its domain, plus another
cookie of the site and one of a foreign domain (which must never reach the site), and the browser's
User-Agent. Tests queue failures (``error``, ``timeout``), slow answers down and count solves.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

__all__ = ["ClearanceGate", "FakeFlareSolverr"]

VERSION = "3.3.21"
COMMANDS = {"request.get", "request.post", "sessions.create", "sessions.list", "sessions.destroy"}
KEYS = {"cmd", "url", "maxTimeout", "session", "session_ttl_minutes", "cookies", "returnOnlyCookies",
        "proxy", "postData"}  # fmt: skip
FOREIGN_COOKIE = "elsewhere_session"


@dataclass
class ClearanceGate:
    """The clearances Cloudflare issued for one site: value → (User-Agent, expiry in epoch seconds)."""

    lifetime_s: float = 1800.0
    issued: dict[str, tuple[str, float]] = field(default_factory=dict)

    def issue(self, user_agent: str) -> tuple[str, float]:
        value = secrets.token_urlsafe(32)
        expires = time.time() + self.lifetime_s
        self.issued[value] = (user_agent, expires)
        return value, expires

    def admits(self, clearance: str | None, user_agent: str | None) -> bool:
        """A request passes with a live clearance sent by the very User-Agent that earned it."""
        bound = self.issued.get(clearance or "")
        return bound is not None and bound[0] == user_agent and time.time() < bound[1]

    def revoke_all(self) -> None:
        self.issued.clear()


def _error(message: str, status: int = 500) -> JSONResponse:
    now = int(time.time() * 1000)
    body = {"status": "error", "message": f"Error: {message}", "startTimestamp": now, "endTimestamp": now,
            "version": VERSION}  # fmt: skip
    return JSONResponse(body, status_code=status)


@dataclass
class FakeFlareSolverr:
    """One FlareSolverr; ``protect(site_url, gate)`` puts a site behind Cloudflare."""

    gates: dict[str, ClearanceGate] = field(default_factory=dict)  # netloc → gate
    solves: int = 0
    requests: list[dict[str, Any]] = field(default_factory=list)
    sessions: set[str] = field(default_factory=set)
    delay_s: float = 0.0
    _failures: deque[str] = field(default_factory=deque)
    _browsers: int = 0

    def reset(self) -> None:
        self.gates.clear()
        self.requests.clear()
        self.sessions.clear()
        self._failures.clear()
        self.solves = 0
        self.delay_s = 0.0

    def protect(self, site_url: str, gate: ClearanceGate) -> None:
        self.gates[urlsplit(site_url).netloc] = gate

    def fail_next(self, kind: str = "error", *, count: int = 1) -> None:
        """The next ``count`` commands fail: ``error`` (the browser crashed) or ``timeout``."""
        if kind not in ("error", "timeout"):
            raise ValueError(kind)
        self._failures.extend(kind for _ in range(count))

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/", self._index, methods=["GET"]),
                Route("/health", self._health, methods=["GET"]),
                Route("/v1", self._v1, methods=["POST"]),
            ]
        )

    async def _index(self, request: Request) -> Response:
        agent = "Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0 Safari/537.36"
        return JSONResponse({"msg": "FlareSolverr is ready!", "version": VERSION, "userAgent": agent})

    async def _health(self, request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def _v1(self, request: Request) -> Response:
        if not request.headers.get("content-type", "").startswith("application/json"):
            return _error("Request parameter 'cmd' is mandatory.")
        try:
            body = await request.json()
        except ValueError:
            return _error("Request body is not valid JSON.")
        if not isinstance(body, dict):
            return _error("Request body must be a JSON object.")
        self.requests.append(body)
        problem = self._check(body)
        if problem:
            return _error(problem)
        if body["cmd"].startswith("sessions."):
            return self._session_command(body)
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        if self._failures:
            if self._failures.popleft() == "timeout":
                seconds = body.get("maxTimeout", 60000) / 1000
                return _error(f"Error solving the challenge. Timeout after {seconds} seconds.")
            return _error("Error solving the challenge. Browser crashed.")
        return self._solve(body)

    @staticmethod
    def _check(body: dict[str, Any]) -> str | None:
        unknown = sorted(set(body) - KEYS)
        if unknown:
            return f"Request parameter '{unknown[0]}' is not supported."
        cmd = body.get("cmd")
        if cmd not in COMMANDS:
            return (
                "Request parameter 'cmd' is mandatory."
                if cmd is None
                else f"Request parameter 'cmd' = '{cmd}' is invalid."
            )
        if cmd.startswith("request."):
            url = body.get("url")
            if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
                return "Request parameter 'url' is mandatory in 'request.get' command."
            if cmd == "request.get" and "postData" in body:
                return "Cannot use 'postBody' when sending a GET request."
        timeout = body.get("maxTimeout", 60000)
        if isinstance(timeout, bool) or not isinstance(timeout, int) or timeout <= 0:
            return "Request parameter 'maxTimeout' must be a positive integer (milliseconds)."
        if "session" in body and not isinstance(body["session"], str):
            return "Request parameter 'session' must be a string."
        return None

    def _session_command(self, body: dict[str, Any]) -> Response:
        session = str(body.get("session") or secrets.token_hex(8))
        if body["cmd"] == "sessions.create":
            self.sessions.add(session)
            return JSONResponse(
                {"status": "ok", "message": "Session created successfully.", "session": session}
            )
        if body["cmd"] == "sessions.destroy":
            if session not in self.sessions:
                return _error("The session doesn't exist.")
            self.sessions.discard(session)
            return JSONResponse({"status": "ok", "message": "The session has been removed."})
        return JSONResponse({"status": "ok", "message": "", "sessions": sorted(self.sessions)})

    def _solve(self, body: dict[str, Any]) -> Response:
        url = body["url"]
        parts = urlsplit(url)
        if "session" in body:
            self.sessions.add(body["session"])  # a request with an unknown session creates it
        self._browsers += 1
        user_agent = f"Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0.{self._browsers} Safari/537.36"
        host = parts.hostname or ""
        cookies = [
            {"name": "__cf_bm", "value": secrets.token_hex(16), "domain": f".{host}", "path": "/",
             "expires": time.time() + 1800, "httpOnly": True, "secure": True, "sameSite": "None"},
            {"name": FOREIGN_COOKIE, "value": secrets.token_hex(16), "domain": ".elsewhere.example",
             "path": "/", "expires": -1, "httpOnly": False, "secure": False, "sameSite": "Lax"},
        ]  # fmt: skip
        gate = self.gates.get(parts.netloc)
        if gate is not None:
            value, expires = gate.issue(user_agent)
            clearance = {**cookies[0], "name": "cf_clearance", "value": value, "expires": expires}
            cookies.insert(0, clearance)
        self.solves += 1
        now = int(time.time() * 1000)
        solution = {"url": url, "status": 200, "headers": {}, "response": "<html><body>ok</body></html>",
                    "cookies": cookies, "userAgent": user_agent}  # fmt: skip
        return JSONResponse({"status": "ok", "message": "Challenge solved!", "startTimestamp": now,
                             "endTimestamp": now, "version": VERSION, "solution": solution})  # fmt: skip
