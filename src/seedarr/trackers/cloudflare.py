"""Getting past Cloudflare through FlareSolverr v1 (services spec §3) for the trackers that need it.

- :func:`is_challenge` tells a Cloudflare challenge (HTTP 403/503 with ``cf-mitigated: challenge``, or a
  "Just a moment..." HTML page) from the site's own answers; :func:`raise_if_challenge` turns it into
  :class:`CloudflareChallenge` inside a request policy.
- :class:`CloudflareSolver` is one FlareSolverr instance (``POST {url}/v1``, ``cmd: request.get``, one browser
  ``session`` per tracker, HTTP timeout a little above ``maxTimeout``). It keeps one
  :class:`CloudflareIdentity` per tracker, the cookies (with their domain) **and** the User-Agent they are
  bound to, until the ``cf_clearance`` cookie expires or the site challenges again; it never solves per
  request. Every solve goes through the :mod:`~seedarr.trackers.cloudflare_breaker` shared by the URL.
- :class:`~seedarr.trackers.cloudflare_site.ProtectedSite` is how an adapter sends through it.

Cookie values and the User-Agent are never logged nor shown in ``repr`` or error messages.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
import structlog
from pydantic import BaseModel, ConfigDict, ValidationError

from seedarr.domain.urls import mask_url_secrets
from seedarr.errors import ExternalServiceError
from seedarr.secrets import Secret
from seedarr.trackers.cloudflare_breaker import (
    SERVICE,
    CircuitBreaker,
    SolverUnavailable,
    shared_breaker,
)

__all__ = [
    "CloudflareChallenge",
    "CloudflareIdentity",
    "CloudflareSolver",
    "SolvedCookie",
    "is_challenge",
    "raise_if_challenge",
]

_log = structlog.stdlib.get_logger("seedarr.trackers")
CLEARANCE_COOKIE = "cf_clearance"
READY_MESSAGE = "FlareSolverr is ready!"


class CloudflareChallenge(ExternalServiceError):
    """The site answered with a Cloudflare challenge instead of its own answer."""

    retryable = True


def is_challenge(response: httpx.Response) -> bool:
    """True when ``response`` is Cloudflare's challenge (403/503 + ``cf-mitigated`` or "Just a moment...")."""
    if response.status_code not in (403, 503):
        return False
    if response.headers.get("cf-mitigated", "").strip().lower() == "challenge":
        return True
    if "html" not in response.headers.get("content-type", "").lower():
        return False
    return "just a moment" in response.text[:16384].lower()


def raise_if_challenge(response: httpx.Response, service: str) -> None:
    """Raise :class:`CloudflareChallenge` when ``response`` is a challenge (for a policy's status check)."""
    if is_challenge(response):
        raise CloudflareChallenge(
            service, f"HTTP {response.status_code}: Cloudflare challenge", status_code=response.status_code
        )


@dataclass(frozen=True, slots=True)
class SolvedCookie:
    """One cookie FlareSolverr's browser holds; ``expires`` is epoch seconds (None: a session cookie)."""

    name: str
    value: Secret = field(repr=False)
    domain: str
    path: str = "/"
    expires: float | None = None

    def matches(self, host: str, path: str) -> bool:
        """Whether a browser would send this cookie to ``host`` + ``path``."""
        domain = self.domain.lstrip(".").lower()
        host = host.lower()
        if host != domain and not host.endswith("." + domain):
            return False
        prefix = self.path or "/"
        return path.startswith(prefix) or path + "/" == prefix


@dataclass(frozen=True, slots=True)
class CloudflareIdentity:
    """One solve: the cookies and the User-Agent they are bound to (both go on every later request)."""

    cookies: tuple[SolvedCookie, ...] = field(repr=False)
    user_agent: str = field(repr=False)
    solved_at: float

    @property
    def expires_at(self) -> float | None:
        """When ``cf_clearance`` expires (epoch seconds); None when it has no expiry or is absent."""
        return next((c.expires for c in self.cookies if c.name == CLEARANCE_COOKIE), None)

    def expired(self, now: float, margin_s: float = 0.0) -> bool:
        expires = self.expires_at
        return expires is not None and now >= expires - margin_s

    def headers_for(self, url: str) -> dict[str, str]:
        """``User-Agent`` and ``Cookie`` (only the cookies whose domain and path match ``url``)."""
        parts = urlsplit(url)
        cookies = [c for c in self.cookies if c.matches(parts.hostname or "", parts.path or "/")]
        headers = {"User-Agent": self.user_agent}
        if cookies:
            headers["Cookie"] = "; ".join(f"{c.name}={c.value.reveal()}" for c in cookies)
        return headers


class _Cookie(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str
    value: str
    domain: str = ""
    path: str = "/"
    expires: float | None = None


class _Solution(BaseModel):
    model_config = ConfigDict(extra="ignore")
    url: str = ""
    status: int = 200
    response: str | None = None
    cookies: list[_Cookie] = []
    userAgent: str  # noqa: N815 - FlareSolverr's field name


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore")
    status: str
    message: str = ""
    solution: _Solution | None = None


class CloudflareSolver:
    """One FlareSolverr instance and the identities it solved, one per tracker (``key``)."""

    def __init__(
        self,
        url: str,
        http: httpx.AsyncClient,
        *,
        max_timeout_s: float = 60.0,
        http_margin_s: float = 10.0,
        breaker: CircuitBreaker | None = None,
        clock: Callable[[], float] = time.time,
        expiry_margin_s: float = 60.0,
    ) -> None:
        self.url = url.rstrip("/")
        self.max_timeout_s = max_timeout_s
        self.breaker = breaker or shared_breaker(self.url)
        self._http = http
        self._http_timeout = max_timeout_s + http_margin_s
        self._clock = clock
        self._margin = expiry_margin_s
        self._identities: dict[str, CloudflareIdentity] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self.solves = 0  # successful solves, for statistics

    def __repr__(self) -> str:
        return f"CloudflareSolver({mask_url_secrets(self.url)!r}, breaker={self.breaker.state})"

    async def health(self) -> str:
        """The FlareSolverr version when it answers "ready"; SolverUnavailable otherwise."""
        try:
            response = await self._http.get(self.url + "/", timeout=10.0)
            body = response.json()
        except httpx.HTTPError as exc:
            raise SolverUnavailable(SERVICE, f"cannot reach it ({type(exc).__name__})") from None
        except ValueError:
            raise SolverUnavailable(SERVICE, "answered with something that is not JSON") from None
        if not isinstance(body, dict) or body.get("msg") != READY_MESSAGE:
            raise SolverUnavailable(SERVICE, f"not ready (HTTP {response.status_code})")
        return str(body.get("version") or "unknown")

    def cached(self, key: str) -> CloudflareIdentity | None:
        """The identity solved for ``key`` while it is still valid (None otherwise)."""
        identity = self._identities.get(key)
        if identity is None or identity.expired(self._clock(), self._margin):
            return None
        return identity

    def forget(self, key: str) -> None:
        self._identities.pop(key, None)

    async def identity(
        self, key: str, site_url: str, *, stale: CloudflareIdentity | None = None
    ) -> CloudflareIdentity:
        """A valid identity for ``key``: the cached one, unless it expired or is ``stale`` (challenged)."""
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            current = self.cached(key)
            if current is not None and current is not stale:
                return current
            self._identities.pop(key, None)
            identity = await self._solve(key, site_url)
            self._identities[key] = identity
            return identity

    async def _solve(self, key: str, site_url: str) -> CloudflareIdentity:
        self.breaker.before_call()
        try:
            identity = await self._request(key, site_url)
        except SolverUnavailable:
            self.breaker.record_failure()
            _log.warning("cloudflare_solve_failed", tracker=key, breaker=self.breaker.state)
            raise
        except BaseException:
            self.breaker.abandon()
            raise
        self.breaker.record_success()
        self.solves += 1
        _log.info("cloudflare_solved", tracker=key, cookies=len(identity.cookies))
        return identity

    async def _request(self, key: str, site_url: str) -> CloudflareIdentity:
        payload = {
            "cmd": "request.get",
            "url": site_url,
            "maxTimeout": int(self.max_timeout_s * 1000),
            "session": f"seedarr-{key}",
        }
        try:
            response = await self._http.post(self.url + "/v1", json=payload, timeout=self._http_timeout)
        except httpx.TimeoutException:
            raise SolverUnavailable(SERVICE, f"no answer within {self._http_timeout:.0f} s") from None
        except httpx.HTTPError as exc:
            raise SolverUnavailable(SERVICE, f"cannot reach it ({type(exc).__name__})") from None
        try:
            answer = _Answer.model_validate(response.json())
        except (ValueError, ValidationError):
            raise SolverUnavailable(
                SERVICE, f"HTTP {response.status_code}: not a FlareSolverr answer"
            ) from None
        if answer.status != "ok" or answer.solution is None:
            reason = answer.message.removeprefix("Error: ")[:200] or f"HTTP {response.status_code}"
            raise SolverUnavailable(SERVICE, f"could not solve the challenge: {reason}")
        return self._identity(answer.solution)

    def _identity(self, solution: _Solution) -> CloudflareIdentity:
        if not solution.userAgent.strip():
            raise SolverUnavailable(SERVICE, "the solution has no User-Agent")
        if solution.status in (403, 503) and "just a moment" in (solution.response or "").lower():
            raise SolverUnavailable(SERVICE, "the browser is still on the challenge page")
        cookies = tuple(
            SolvedCookie(
                c.name,
                Secret(c.value),
                c.domain or (urlsplit(solution.url).hostname or ""),
                c.path or "/",
                c.expires if c.expires is not None and c.expires > 0 else None,
            )
            for c in solution.cookies
        )
        return CloudflareIdentity(cookies, solution.userAgent.strip(), solved_at=self._clock())
