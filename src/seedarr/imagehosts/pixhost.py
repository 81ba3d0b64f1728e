"""Pixhost (services spec §4): anonymous uploads to ``POST https://api.pixhost.to/images``.

No account or key; the multipart form has ``img`` (the file), ``content_type`` and ``max_th_size``, the
request carries ``Accept: application/json``, and the answer is ``{"name", "show_url", "th_url"}``:
``th_url`` is the thumbnail, ``show_url`` the page. The direct image URL is not in the answer;
:func:`direct_url` derives it from ``th_url`` (host ``tNN.`` → ``imgNN.``, path ``/thumbs/`` →
``/images/``). The spec marks that rule **uncertain**: it is the one uploaders use, and an answer it cannot
apply to raises :class:`~seedarr.imagehosts.base.UnexpectedAnswer` (the chain then falls back) rather than
storing a guessed link.

``check()`` sees that the API answers (any status below 500 on ``GET /``); nothing else can be checked.
Pixhost takes files up to 10 MiB.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from seedarr.errors import ServiceRejected
from seedarr.imagehosts.base import HostedImage, HostOptions, UnexpectedAnswer, json_body, safe_text
from seedarr.imagehosts.shrink import prepare_image
from seedarr.metadata.http import RequestPolicy

__all__ = ["PIXHOST_BASE_URL", "PIXHOST_MAX_BYTES", "PixhostHost", "PixhostOptions", "direct_url"]

PIXHOST_BASE_URL = "https://api.pixhost.to"
PIXHOST_MAX_BYTES = 10 * 1024 * 1024
SERVICE = "Pixhost"
_THUMB_HOST = re.compile(r"^t(\d+)\.")


def direct_url(th_url: str) -> str | None:
    """The full-size image URL for a Pixhost thumbnail URL, None when ``th_url`` has neither marker."""
    parts = urlsplit(th_url)
    host, changed = _THUMB_HOST.subn(r"img\1.", parts.netloc, count=1)
    path = parts.path
    if path.startswith("/thumbs/"):
        path = "/images/" + path.removeprefix("/thumbs/")
        changed += 1
    if changed == 0 or parts.scheme not in ("http", "https"):
        return None
    return urlunsplit((parts.scheme, host, path, parts.query, ""))


def _describe(response: httpx.Response) -> str:
    body = json_body(response)
    message = ""
    if isinstance(body, dict):
        message = str(body.get("error_msg") or body.get("error") or body.get("message") or "")
    message = safe_text(message or response.text)
    return f"HTTP {response.status_code}" + (f": {message}" if message else "")


@dataclass(frozen=True, slots=True)
class PixhostOptions(HostOptions):
    base_url: str = PIXHOST_BASE_URL
    max_bytes: int = PIXHOST_MAX_BYTES
    content_type: int = 0  # 0 family safe, 1 adult
    max_th_size: int = 420  # thumbnail size in pixels (150 to 500)


class PixhostHost:
    """Uploads to Pixhost anonymously."""

    name = "pixhost"

    def __init__(self, http: httpx.AsyncClient, *, options: PixhostOptions | None = None) -> None:
        self.options = options or PixhostOptions()
        if self.options.content_type not in (0, 1):
            raise ValueError("the Pixhost content_type is 0 (family safe) or 1 (adult)")
        if not 150 <= self.options.max_th_size <= 500:
            raise ValueError("the Pixhost thumbnail size must be between 150 and 500 pixels")
        self.max_bytes = min(self.options.max_bytes, PIXHOST_MAX_BYTES)
        self._http = http
        self._policy = RequestPolicy(
            SERVICE,
            rate_per_s=self.options.rate_per_s,
            burst=self.options.burst,
            retry=self.options.retry,
            describe=_describe,
        )

    def __repr__(self) -> str:
        return f"PixhostHost(base_url={self.options.root!r})"

    async def upload(self, path: Path) -> HostedImage:
        image = await prepare_image(path, self.max_bytes)
        response = await self._policy.send(
            self._http,
            "POST",
            f"{self.options.root}/images",
            headers={"Accept": "application/json"},
            data={
                "content_type": str(self.options.content_type),
                "max_th_size": str(self.options.max_th_size),
            },
            files={"img": (image.file_name, image.data, image.content_type)},
            timeout=self.options.timeout_s,
        )
        return _hosted(json_body(response))

    async def check(self) -> str:
        try:
            await self._policy.send(
                self._http,
                "GET",
                f"{self.options.root}/",
                headers={"Accept": "application/json"},
                timeout=min(self.options.timeout_s, 10.0),
            )
        except ServiceRejected as exc:  # any answer below 500 means the API is up
            return f"Pixhost reachable (HTTP {exc.status_code})"
        return "Pixhost reachable"


def _hosted(body: Any) -> HostedImage:
    show = body.get("show_url") if isinstance(body, dict) else None
    thumb = body.get("th_url") if isinstance(body, dict) else None
    if not (isinstance(show, str) and isinstance(thumb, str)):
        raise UnexpectedAnswer(SERVICE, "the upload answer has no show_url and th_url")
    full = direct_url(thumb)
    if full is None:
        raise UnexpectedAnswer(SERVICE, "the image URL cannot be derived from th_url")
    return HostedImage(host="pixhost", full_url=full, thumb_url=thumb, viewer_url=show)
