"""La Cale's request policy and answer parsing (trackers spec §1.2 and §1.3).

:class:`LaCalePolicy` is the tracker policy (rate limit, retries, 401/403 → ``TrackerAuthError``, 4xx →
``TrackerRejected``) plus what this site adds: a Cloudflare challenge becomes
:class:`~seedarr.trackers.cloudflare.CloudflareChallenge` (solved by the adapter, never mistaken for a bad
key), ``409`` (infoHash already exists) becomes :class:`~seedarr.trackers.base.AlreadyOnTracker`, and a
``429`` without ``Retry-After`` waits the site's usual pause (30 s). :func:`upload_result` and
:func:`search_hits` read the JSON answers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from seedarr.domain.urls import mask_url_secrets
from seedarr.errors import RateLimited, ServiceUnavailable
from seedarr.metadata.http import RetryOptions
from seedarr.trackers.base import AlreadyOnTracker, SearchHit, TrackerRejected, UploadResult
from seedarr.trackers.cloudflare import raise_if_challenge
from seedarr.trackers.definition import RateLimitSpec, TrackerDefinition
from seedarr.trackers.http import TrackerRequestPolicy, site_errors

__all__ = ["LaCalePolicy", "LaCaleUploadResult", "search_hits", "upload_result"]


@dataclass(frozen=True, slots=True)
class LaCaleUploadResult(UploadResult):
    """An accepted upload: the site's ``id`` and ``link``, plus its ``slug`` and our torrent's infohash."""

    slug: str = ""
    infohash: str = ""


class LaCalePolicy(TrackerRequestPolicy):
    """One rate-limited lane of requests to La Cale (uploads and reads have their own)."""

    def __init__(
        self,
        definition: TrackerDefinition,
        *,
        rate: RateLimitSpec | None = None,
        retry: RetryOptions | None = None,
        rate_limited_wait_s: float = 30.0,
        account: str | None = None,
    ) -> None:
        if rate is not None:
            definition = definition.model_copy(update={"rate_limit": rate})
        super().__init__(definition, retry=retry, account=account)
        self.rate_limited_wait_s = rate_limited_wait_s

    def _raise_for_status(self, response: httpx.Response) -> None:
        raise_if_challenge(response, self.service)
        code = response.status_code
        if code == 409:
            message, _ = site_errors(_json(response))
            raise AlreadyOnTracker(
                self.service, message or "a torrent with this infoHash already exists", status_code=code
            )
        if code == 429 and not response.headers.get("Retry-After"):
            wait = min(self.rate_limited_wait_s, self.retry.max_retry_after_s)
            self._paused_until = max(self._paused_until, time.monotonic() + wait)
            message, _ = site_errors(_json(response))
            raise RateLimited(self.service, message or "HTTP 429: too many requests", retry_after=wait)
        super()._raise_for_status(response)


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def upload_result(body: Any, service: str, *, download_url: str, infohash: str) -> LaCaleUploadResult:
    """The accepted upload in a ``{success, id, slug, link, message}`` answer; TrackerRejected otherwise."""
    message, errors = site_errors(body)
    if not isinstance(body, dict) or body.get("success") is not True:
        raise TrackerRejected(service, message or "upload not accepted", field_errors=errors)
    torrent_id = body.get("id")
    if torrent_id in (None, ""):
        raise TrackerRejected(service, "the site accepted the upload but sent no torrent id")
    return LaCaleUploadResult(
        torrent_id=str(torrent_id),
        url=str(body.get("link") or ""),
        download_url=download_url,
        message=message,
        slug=str(body.get("slug") or ""),
        infohash=infohash,
    )


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _shown_link(link: str) -> str:
    """The link as given; one with a query (which may carry a key) goes through the URL mask."""
    return mask_url_secrets(link) if urlsplit(link).query else link


def search_hits(body: Any, service: str) -> list[SearchHit]:
    """Hits of a ``GET /api/external`` answer (a JSON array); ServiceUnavailable when it is not one."""
    if not isinstance(body, list):
        raise ServiceUnavailable(service, "the search answer is not a list")
    hits = []
    for item in body:
        if not isinstance(item, dict) or not item.get("guid"):
            continue
        link = item.get("link")
        infohash = item.get("infoHash")
        hits.append(
            SearchHit(
                torrent_id=str(item["guid"]),
                name=str(item.get("title") or ""),
                size=_int(item.get("size")),
                url=_shown_link(str(link)) if link else None,
                seeders=_int(item.get("seeders")),
                leechers=_int(item.get("leechers")),
                infohash=str(infohash).lower() if infohash else None,
            )
        )
    return hits
