"""The health-check contract: a named async probe that returns a status, a message and its latency."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["CheckResult", "CheckStatus", "HealthCheck"]


class CheckStatus(StrEnum):
    OK = "ok"
    NOTICE = "notice"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class CheckResult:
    source: str
    status: CheckStatus
    message: str
    latency_ms: float = 0.0
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class HealthCheck:
    """``probe`` returns (status, message[, hint]); ``required`` makes ``seedarr doctor`` exit non-zero."""

    source: str
    label: str
    probe: Callable[[], Awaitable[tuple[CheckStatus, str, str | None]]]
    required: bool = True
    wiki_url: str | None = None
