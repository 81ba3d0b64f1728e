"""The image-host protocol, the typed result of an upload, and the errors of this package.

An :class:`ImageHost` has a ``name`` (``imgbb``, ``ptpimg``, ``pixhost``), the largest file it takes
(``max_bytes``), ``upload(path)`` → :class:`HostedImage` and ``check()`` (a short message when the host
works, an error when it does not). Every host sends through the shared ``httpx.AsyncClient`` under its own
:class:`~seedarr.metadata.http.RequestPolicy` (rate limit, retries of 5xx, timeouts and 429).

Errors (a branch of :mod:`seedarr.errors`)::

    ServiceAuthError     the host refused the API key: skipped for the rest of a batch, the user must act
    ServiceRejected      the host refused this upload (a reason from the host)
    ServiceUnavailable ── UnexpectedAnswer    the host answered something we cannot read
    ValidationFailed   ── ImageTooLarge       even re-encoded, the image is above the host's limit
    ExternalServiceError ── ScreenshotUploadFailed   no allowed host took a screenshot
    ConfigurationError ── NoImageHost         no configured host is allowed for this tracker
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

import httpx

from seedarr.domain.release import ScreenshotLink
from seedarr.errors import (
    ConfigurationError,
    ExternalServiceError,
    ServiceUnavailable,
    ValidationFailed,
)
from seedarr.metadata.http import RetryOptions
from seedarr.observability.redaction import redact_text
from seedarr.secrets import Secret

__all__ = [
    "HostOptions",
    "HostedImage",
    "ImageHost",
    "ImageTooLarge",
    "NoImageHost",
    "ScreenshotUploadFailed",
    "UnexpectedAnswer",
    "host_key",
    "json_body",
    "safe_text",
]


@dataclass(frozen=True, slots=True)
class HostedImage:
    """Where one screenshot lives on one host. ``delete_url`` deletes it: a secret, never shown."""

    host: str
    full_url: str
    thumb_url: str
    viewer_url: str
    delete_url: Secret | None = field(default=None, repr=False, compare=False)
    expires_at: datetime | None = None

    def link(self, timestamp: float | None = None) -> ScreenshotLink:
        """The value description templates use: ``[url=full][img]thumb[/img][/url]``."""
        return ScreenshotLink(self.full_url, self.thumb_url, timestamp)


@runtime_checkable
class ImageHost(Protocol):
    """One image host, configured and ready to upload."""

    name: str
    max_bytes: int

    async def upload(self, path: Path) -> HostedImage:
        """Upload the image at ``path`` (re-encoded first when above ``max_bytes``)."""
        ...

    async def check(self) -> str:
        """A one-line message when the host works; raises the mapped error when it does not."""
        ...


@dataclass(frozen=True, slots=True)
class HostOptions:
    """What every host takes: where its API is, its size limit, timeouts, rate limit and retries."""

    base_url: str
    max_bytes: int
    timeout_s: float = 60.0
    rate_per_s: float = 2.0
    burst: int = 4
    retry: RetryOptions = field(default_factory=RetryOptions)

    @property
    def root(self) -> str:
        return self.base_url.rstrip("/")


class UnexpectedAnswer(ServiceUnavailable):
    """The host answered 2xx with something that is not the documented shape."""


class ImageTooLarge(ValidationFailed):
    """The image stays above a host's size limit even after re-encoding."""


class NoImageHost(ConfigurationError):
    """No configured image host is allowed for this tracker."""


class ScreenshotUploadFailed(ExternalServiceError):
    """Some screenshots found no allowed host that took them; ``failures`` says why, per file and host."""

    retryable = True

    def __init__(self, failures: dict[str, list[tuple[str, str]]], *, auth_failed: tuple[str, ...]) -> None:
        first_file, reasons = next(iter(failures.items()))
        summary = "; ".join(f"{host}: {why}" for host, why in reasons) or "no host was tried"
        more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
        super().__init__("image hosts", f"{first_file} was not uploaded{more}: {summary}")
        self.failures = failures
        self.auth_failed = auth_failed
        self.needs_user = bool(auth_failed)


def host_key(name: str) -> str:
    """A host name as written anywhere (``ImgBB``, ``ptpimg.me``) → ``imgbb``, ``ptpimg``."""
    text = name.strip().lower().removeprefix("www.")
    return text.split(".", 1)[0] if "." in text else text


def json_body(response: httpx.Response) -> object:
    """The JSON of an answer, or None when it is not JSON."""
    try:
        return response.json()
    except ValueError:
        return None


def safe_text(text: str, limit: int = 200) -> str:
    """A host's message made safe for logs and errors: one line, short, secrets masked."""
    return redact_text(" ".join(str(text).split()))[:limit]
