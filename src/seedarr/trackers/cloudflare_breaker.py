"""The circuit breaker around a FlareSolverr instance, shared by every tracker that uses the same URL.

A browser-driven solve takes up to a minute; when the solver is down, every tracker behind Cloudflare would
wait that long again and again. :class:`CircuitBreaker` counts consecutive failures: after ``threshold``
(3) it *opens* for ``open_s`` (60 s) and refuses at once with :class:`SolverPaused`; then it is *half-open*
and lets exactly one trial through: a success closes it, a failure opens it again. :func:`shared_breaker`
hands out one breaker per FlareSolverr URL for the whole process, so two trackers (or the web app and the
worker) pointing at one solver see the same state.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Literal
from urllib.parse import urlsplit

from seedarr.errors import ServiceUnavailable

__all__ = ["CircuitBreaker", "SolverPaused", "SolverUnavailable", "forget_shared_breakers", "shared_breaker"]

SERVICE = "FlareSolverr"
BreakerState = Literal["closed", "open", "half_open"]


class SolverUnavailable(ServiceUnavailable):
    """FlareSolverr failed, timed out or could not be reached: try again later."""


class SolverPaused(SolverUnavailable):
    """The breaker is open: FlareSolverr failed too often; no call is made until ``retry_in`` seconds pass."""

    def __init__(self, message: str, *, retry_in: float) -> None:
        super().__init__(SERVICE, message)
        self.retry_in = retry_in


class CircuitBreaker:
    """Closed → (``threshold`` failures in a row) → open for ``open_s`` → half-open (one trial) → closed."""

    def __init__(
        self, *, threshold: int = 3, open_s: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if threshold < 1 or open_s <= 0:
            raise ValueError("the threshold must be at least 1 and the open time positive")
        self.threshold = threshold
        self.open_s = open_s
        self._clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_running = False

    @property
    def state(self) -> BreakerState:
        with self._lock:
            return self._state()

    @property
    def failures(self) -> int:
        return self._failures

    def _state(self) -> BreakerState:
        if self._opened_at is None:
            return "closed"
        return "open" if self._clock() - self._opened_at < self.open_s else "half_open"

    def before_call(self) -> None:
        """Allow a call, or raise :class:`SolverPaused` while open (and while a half-open trial runs)."""
        with self._lock:
            state = self._state()
            if state == "closed":
                return
            if state == "half_open" and not self._trial_running:
                self._trial_running = True
                return
            assert self._opened_at is not None
            retry_in = max(0.0, self._opened_at + self.open_s - self._clock())
            if state == "half_open":
                message = "checking whether the solver is back; try again in a moment"
            else:
                message = f"paused after {self.threshold} failures in a row; next attempt in {retry_in:.0f} s"
            raise SolverPaused(message, retry_in=retry_in)

    def record_success(self) -> None:
        with self._lock:
            self._failures = 0
            self._opened_at = None
            self._trial_running = False

    def record_failure(self) -> None:
        with self._lock:
            self._failures += 1
            if self._trial_running or self._failures >= self.threshold:
                self._opened_at = self._clock()
            self._trial_running = False

    def abandon(self) -> None:
        """A call ended without a verdict (cancelled): let the next caller run the half-open trial."""
        with self._lock:
            self._trial_running = False


_registry: dict[str, CircuitBreaker] = {}
_registry_lock = threading.Lock()


def _key(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path.rstrip('/')}"


def shared_breaker(url: str) -> CircuitBreaker:
    """The process-wide breaker of the FlareSolverr at ``url`` (created on first use)."""
    key = _key(url)
    with _registry_lock:
        breaker = _registry.get(key)
        if breaker is None:
            breaker = _registry[key] = CircuitBreaker()
        return breaker


def forget_shared_breakers() -> None:
    """Drop every shared breaker (tests, or after the solver URL changed)."""
    with _registry_lock:
        _registry.clear()
