"""ImgBB (services spec §4): ``POST https://api.imgbb.com/1/upload`` with ``key``, ``image``, ``expiration``.

The key goes in the multipart form, never in the URL, so no request line or access log can carry it. The
answer's ``data.url`` is the full image, ``data.thumb.url`` (else ``data.medium.url``) the thumbnail,
``data.url_viewer`` the page and ``data.delete_url`` the deletion link (kept as a secret). ImgBB answers
most refusals with HTTP 400 and ``{"status_code", "error": {"message", "code"}, "status_txt"}``:
"Invalid API v1 key." becomes :class:`~seedarr.errors.ServiceAuthError` and "Rate limit reached."
:class:`~seedarr.errors.RateLimited` (both come with code 100, so the message decides).

``check()`` posts the key without an image: ImgBB checks the key first and answers "Empty upload source."
(code 130) when it is good. That the key is checked before the image is an observation, not documented.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from seedarr.errors import RateLimited, ServiceAuthError, ServiceRejected
from seedarr.imagehosts.base import HostedImage, HostOptions, UnexpectedAnswer, json_body, safe_text
from seedarr.imagehosts.shrink import prepare_image
from seedarr.metadata.http import RequestPolicy
from seedarr.secrets import Secret

__all__ = ["IMGBB_BASE_URL", "IMGBB_MAX_BYTES", "ImgbbHost", "ImgbbRejected"]

IMGBB_BASE_URL = "https://api.imgbb.com"
IMGBB_MAX_BYTES = 32 * 1024 * 1024
SERVICE = "ImgBB"
EMPTY_SOURCE = 130  # "Empty upload source.": the key was accepted, no image was sent
EXPIRATION_RANGE = (60, 15_552_000)


class ImgbbRejected(ServiceRejected):
    """ImgBB refused the request; ``error_code`` is its ``error.code``."""

    def __init__(self, message: str, *, status_code: int, error_code: int | None) -> None:
        super().__init__(SERVICE, message, status_code=status_code)
        self.error_code = error_code


def _error(response: httpx.Response) -> tuple[str, int | None]:
    body = json_body(response)
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        code = error.get("code")
        return safe_text(str(error.get("message") or "")), code if isinstance(code, int) else None
    return "", None


def _describe(response: httpx.Response) -> str:
    message, code = _error(response)
    if not message:
        return f"HTTP {response.status_code}"
    return f"{message} (ImgBB code {code}, HTTP {response.status_code})"


class _ImgbbPolicy(RequestPolicy):
    def _raise_for_status(self, response: httpx.Response) -> None:
        code = response.status_code
        if code == 400:
            message, error_code = _error(response)
            lowered = message.lower()
            if "api v1 key" in lowered:
                raise ServiceAuthError(SERVICE, f"the API key was refused ({message})", status_code=code)
            if "rate limit" in lowered:
                raise RateLimited(SERVICE, message)
            raise ImgbbRejected(_describe(response), status_code=code, error_code=error_code)
        super()._raise_for_status(response)


@dataclass(frozen=True, slots=True)
class ImgbbOptions(HostOptions):
    base_url: str = IMGBB_BASE_URL
    max_bytes: int = IMGBB_MAX_BYTES
    expiration_s: int | None = None  # ImgBB deletes the image after this many seconds


class ImgbbHost:
    """Uploads to ImgBB with a personal API key."""

    name = "imgbb"

    def __init__(self, http: httpx.AsyncClient, api_key: Secret, *, options: ImgbbOptions | None = None):
        self.options = options or ImgbbOptions()
        expiration = self.options.expiration_s
        if expiration is not None and not EXPIRATION_RANGE[0] <= expiration <= EXPIRATION_RANGE[1]:
            raise ValueError("the ImgBB expiration must be between 60 and 15552000 seconds")
        self.max_bytes = min(self.options.max_bytes, IMGBB_MAX_BYTES)
        self._http = http
        self._key = api_key
        self._policy = _ImgbbPolicy(
            SERVICE,
            rate_per_s=self.options.rate_per_s,
            burst=self.options.burst,
            retry=self.options.retry,
            describe=_describe,
        )

    def __repr__(self) -> str:
        return f"ImgbbHost(base_url={self.options.root!r})"

    async def upload(self, path: Path) -> HostedImage:
        image = await prepare_image(path, self.max_bytes)
        form = {"key": self._key.reveal()}
        if self.options.expiration_s is not None:
            form["expiration"] = str(self.options.expiration_s)
        response = await self._policy.send(
            self._http,
            "POST",
            f"{self.options.root}/1/upload",
            data=form,
            files={"image": (image.file_name, image.data, image.content_type)},
            timeout=self.options.timeout_s,
        )
        return _hosted(json_body(response))

    async def check(self) -> str:
        try:
            await self._policy.send(
                self._http,
                "POST",
                f"{self.options.root}/1/upload",
                data={"key": self._key.reveal()},
                timeout=min(self.options.timeout_s, 10.0),
            )
        except ImgbbRejected as exc:
            if exc.error_code == EMPTY_SOURCE:
                return "ImgBB reachable, API key accepted"
            raise
        return "ImgBB reachable"


def _hosted(body: Any) -> HostedImage:
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("url"), str):
        raise UnexpectedAnswer(SERVICE, "the upload answer has no data.url")
    full = data["url"]
    thumb = _nested_url(data, "thumb") or _nested_url(data, "medium") or full
    delete = data.get("delete_url")
    return HostedImage(
        host="imgbb",
        full_url=full,
        thumb_url=thumb,
        viewer_url=str(data.get("url_viewer") or full),
        delete_url=Secret(delete) if isinstance(delete, str) and delete else None,
        expires_at=_expiry(data),
    )


def _nested_url(data: dict[str, Any], key: str) -> str | None:
    part = data.get(key)
    url = part.get("url") if isinstance(part, dict) else None
    return url if isinstance(url, str) and url else None


def _expiry(data: dict[str, Any]) -> datetime | None:
    try:
        seconds = int(data.get("expiration") or 0)
        uploaded = int(data.get("time") or 0)
    except (TypeError, ValueError):
        return None
    if seconds <= 0:
        return None
    start = datetime.fromtimestamp(uploaded, UTC) if uploaded > 0 else datetime.now(UTC)
    return start + timedelta(seconds=seconds)
