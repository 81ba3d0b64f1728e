"""The request policy of tracker adapters: the shared metadata policy plus tracker errors.

:class:`TrackerRequestPolicy` reuses :class:`seedarr.metadata.http.RequestPolicy` (rate limit, retries of
5xx, timeouts and 429 after ``Retry-After``) and changes what a refusal becomes: 401/403 and a redirect to
a login page are :class:`~seedarr.trackers.base.TrackerAuthError`; other 4xx are
:class:`~seedarr.trackers.base.TrackerRejected` carrying the site's message and per-field errors (UNIT3D's
``{"message": …, "data": {field: [messages]}}``). A non-idempotent request (an upload) that timed out
after it was sent is not retried blindly: it becomes :class:`~seedarr.trackers.base.UploadOutcomeUnknown`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from seedarr.domain.urls import mask_url_secrets
from seedarr.errors import ServiceUnavailable
from seedarr.metadata.http import RequestPolicy, RetryOptions
from seedarr.trackers.base import TrackerAuthError, TrackerRejected, UploadOutcomeUnknown
from seedarr.trackers.definition import TrackerDefinition

__all__ = ["TrackerRequestPolicy", "site_errors"]

_SAFE_TO_RESEND = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def site_errors(body: Any) -> tuple[str, dict[str, tuple[str, ...]]]:
    """The message and per-field errors of a UNIT3D-style JSON error body (empty when absent)."""
    if not isinstance(body, Mapping):
        return "", {}
    message = str(body.get("message") or body.get("error") or "")
    data = body.get("data")
    errors: dict[str, tuple[str, ...]] = {}
    if isinstance(data, Mapping):
        for name, messages in data.items():
            if isinstance(messages, list):
                errors[str(name)] = tuple(str(m) for m in messages)
            elif isinstance(messages, str):
                errors[str(name)] = (messages,)
    elif isinstance(data, str) and not message:
        message = data
    return message, errors


class TrackerRequestPolicy(RequestPolicy):
    """One per configured tracker: its rate limit, the shared retry rules, tracker errors.

    ``account`` (see :func:`seedarr.trackers.common.account_key`) makes every policy of one tracker account
    share one rate limit and one ``Retry-After`` pause, whichever adapter instance sends.
    """

    def __init__(
        self, definition: TrackerDefinition, *, retry: RetryOptions | None = None, account: str | None = None
    ) -> None:
        super().__init__(
            definition.name,
            rate_per_s=definition.rate_limit.per_second,
            burst=definition.rate_limit.burst,
            retry=retry,
            describe=_describe,
            share_key=account,
        )

    async def _send_once(
        self, http: httpx.AsyncClient, method: str, url: str, **kwargs: Any
    ) -> httpx.Response:
        kwargs.setdefault("follow_redirects", False)
        try:
            return await super()._send_once(http, method, url, **kwargs)
        except ServiceUnavailable as exc:
            if (
                method == "POST"
                and exc.status_code is None
                and not isinstance(exc.__cause__, _SAFE_TO_RESEND)
            ):
                raise UploadOutcomeUnknown(
                    self.service, f"sent, but no answer came back ({exc.message})"
                ) from exc
            raise

    def _raise_for_status(self, response: httpx.Response) -> None:
        code = response.status_code
        if 300 <= code < 400:
            target = response.headers.get("location", "")
            if "login" in target.lower():
                raise TrackerAuthError(self.service, "redirected to the login page: check the API token")
            raise TrackerRejected(
                self.service, f"unexpected redirect to {mask_url_secrets(target)}", status_code=code
            )
        if code in (401, 403):
            message, _ = site_errors(_json(response))
            raise TrackerAuthError(
                self.service, message or f"HTTP {code}: credentials refused", status_code=code
            )
        if 400 <= code < 500 and code != 429:
            message, errors = site_errors(_json(response))
            raise TrackerRejected(
                self.service, message or f"HTTP {code}", status_code=code, field_errors=errors
            )
        super()._raise_for_status(response)


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _describe(response: httpx.Response) -> str:
    message, _ = site_errors(_json(response))
    if message:
        return f"HTTP {response.status_code}: {message[:200]}"
    return f"HTTP {response.status_code}"
