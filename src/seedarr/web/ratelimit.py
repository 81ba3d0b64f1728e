"""In-memory throttle for failed logins: after ``limit`` failures in ``window_s`` an address must wait."""

from __future__ import annotations

import time
from collections import defaultdict, deque

__all__ = ["LoginThrottle"]


class LoginThrottle:
    def __init__(self, limit: int = 5, window_s: float = 60.0) -> None:
        self.limit = limit
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def _prune(self, key: str, now: float) -> deque[float]:
        stamps = self._failures[key]
        while stamps and now - stamps[0] > self.window_s:
            stamps.popleft()
        return stamps

    def retry_after(self, key: str) -> float:
        """Seconds to wait before ``key`` may try again (0 when it may try now)."""
        now = time.monotonic()
        stamps = self._prune(key, now)
        if len(stamps) < self.limit:
            return 0.0
        return max(0.0, self.window_s - (now - stamps[0]))

    def failed(self, key: str) -> None:
        self._prune(key, time.monotonic()).append(time.monotonic())

    def succeeded(self, key: str) -> None:
        self._failures.pop(key, None)
