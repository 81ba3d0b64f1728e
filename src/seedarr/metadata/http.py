"""Outbound HTTP policy shared by the metadata clients: rate limit, retries, and errors mapped to our tree.

:class:`RequestPolicy` sends one request through the shared ``httpx.AsyncClient`` under a client-side rate
limit (aiolimiter, a leaky bucket with a burst), retries what may succeed later (5xx, timeouts, refused
connections, 429) with tenacity, and waits the ``Retry-After`` the service asked for before *any* request of
that service goes out again. Answers become :mod:`seedarr.errors`: 401/403 → ``ServiceAuthError`` (never
retried), 429 → ``RateLimited``, 5xx and transport failures → ``ServiceUnavailable``, other 4xx →
``ServiceRejected``. The caller supplies ``describe`` to turn a service's error body into a message.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
from aiolimiter import AsyncLimiter
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    wait_random_exponential,
)

from seedarr.errors import (
    RateLimited,
    ServiceAuthError,
    ServiceRejected,
    ServiceUnavailable,
)

__all__ = ["RequestPolicy", "RetryOptions", "parse_retry_after"]

Describe = Callable[[httpx.Response], str]


@dataclass(frozen=True, slots=True)
class RetryOptions:
    """How hard to try: ``attempts`` in all, exponential backoff from ``backoff_s``, waits capped."""

    attempts: int = 4
    backoff_s: float = 0.5
    max_backoff_s: float = 8.0
    max_retry_after_s: float = 60.0


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date), None if absent."""
    if not value:
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


@dataclass
class _Lane:
    """A rate limit and the pause a 429 asked for, shared by the policies of one account."""

    limiter: AsyncLimiter
    paused_until: float = 0.0


# Lanes by share key, per event loop (a limiter's waiters belong to the loop that made them).
_SHARED_LANES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, _Lane]] = (
    weakref.WeakKeyDictionary()
)


class RequestPolicy:
    """Rate limit + retries + error mapping for one outside service (one instance per service).

    Policies given the same ``share_key`` (one tracker account, whatever adapter instance sends) share one
    rate limit and one ``Retry-After`` pause, so building an adapter per request never lifts the limit.
    """

    def __init__(
        self,
        service: str,
        *,
        rate_per_s: float,
        burst: int,
        retry: RetryOptions | None = None,
        describe: Describe | None = None,
        share_key: str | None = None,
    ) -> None:
        if rate_per_s <= 0 or burst < 1:
            raise ValueError("the rate must be positive and the burst at least 1")
        self.service = service
        self.retry = retry or RetryOptions()
        self._rate = (burst, burst / rate_per_s)
        self._own = _Lane(AsyncLimiter(*self._rate))
        self._share_key = share_key
        self._describe = describe or _default_describe

    def _lane(self) -> _Lane:
        """This policy's limiter and pause, or those of every policy with the same ``share_key``."""
        if self._share_key is None:
            return self._own
        lanes = _SHARED_LANES.setdefault(asyncio.get_running_loop(), {})
        lane = lanes.get(self._share_key)
        if lane is None:
            lane = lanes[self._share_key] = _Lane(AsyncLimiter(*self._rate))
        return lane

    @property
    def _paused_until(self) -> float:
        return self._lane().paused_until

    @_paused_until.setter
    def _paused_until(self, value: float) -> None:
        self._lane().paused_until = value

    async def send(self, http: httpx.AsyncClient, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """Send with retries; return a 2xx response or raise the mapped :mod:`seedarr.errors` error."""
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.retry.attempts),
            wait=self._wait,
            retry=retry_if_exception_type((ServiceUnavailable, RateLimited)),
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                return await self._send_once(http, method, url, **kwargs)
        raise AssertionError("unreachable: tenacity re-raises the last error")  # pragma: no cover

    async def _send_once(
        self, http: httpx.AsyncClient, method: str, url: str, **kwargs: Any
    ) -> httpx.Response:
        pause = self._paused_until - time.monotonic()
        if pause > 0:
            await asyncio.sleep(pause)
        async with self._lane().limiter:
            try:
                response = await http.request(method, url, **kwargs)
            except httpx.TimeoutException as exc:
                raise ServiceUnavailable(self.service, f"no answer in time ({type(exc).__name__})") from exc
            except httpx.TransportError as exc:
                raise ServiceUnavailable(self.service, f"cannot connect: {exc}") from exc
        self._raise_for_status(response)
        return response

    def _raise_for_status(self, response: httpx.Response) -> None:
        code = response.status_code
        if code < 300:
            return
        message = self._describe(response)
        if code in (401, 403):
            raise ServiceAuthError(self.service, message, status_code=code)
        if code == 429:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if retry_after is not None:
                self._paused_until = max(
                    self._paused_until, time.monotonic() + min(retry_after, self.retry.max_retry_after_s)
                )
            raise RateLimited(self.service, message, retry_after=retry_after)
        if code >= 500:
            raise ServiceUnavailable(self.service, message, status_code=code)
        raise ServiceRejected(self.service, message, status_code=code)

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome is not None else None
        if isinstance(error, RateLimited) and error.retry_after is not None:
            # The pause is taken before the next send (shared by every caller); nothing more to wait here.
            return 0.0
        backoff = wait_random_exponential(multiplier=self.retry.backoff_s, max=self.retry.max_backoff_s)
        return max(self.retry.backoff_s / 2, float(backoff(state)))


def _default_describe(response: httpx.Response) -> str:
    text = response.text.strip().replace("\n", " ")
    return f"HTTP {response.status_code}" + (f": {text[:200]}" if text else "")
