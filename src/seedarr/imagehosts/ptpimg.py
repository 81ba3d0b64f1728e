"""ptpimg (services spec §4): ``POST https://ptpimg.me/upload.php``, multipart ``api_key`` and a file.

The file field is exactly ``file-upload[0]``; clients send ``Referer: https://ptpimg.me/index.php``. The
answer is a JSON array ``[{"code", "ext"}]``; the image is ``https://ptpimg.me/{code}.{ext}`` (on the
configured base URL). ptpimg makes no separate thumbnail, so the thumbnail, the page and the image are the
same URL. A missing or wrong key is answered with 403 and an empty body (as its users report), which
becomes :class:`~seedarr.errors.ServiceAuthError`.

``check()`` can only see that the site answers (``GET /index.php``): ptpimg has no documented way to test
a key without uploading, so a wrong key shows at the first upload (and the chain then skips the host).
The size limit is not published; the default (10 MiB) is a cautious guess and a setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from seedarr.errors import ServiceRejected
from seedarr.imagehosts.base import HostedImage, HostOptions, UnexpectedAnswer, json_body, safe_text
from seedarr.imagehosts.shrink import prepare_image
from seedarr.metadata.http import RequestPolicy
from seedarr.secrets import Secret

__all__ = ["PTPIMG_BASE_URL", "PtpimgHost", "PtpimgOptions"]

PTPIMG_BASE_URL = "https://ptpimg.me"
SERVICE = "ptpimg"
FILE_FIELD = "file-upload[0]"


def _describe(response: httpx.Response) -> str:
    if response.status_code in (401, 403):
        return f"HTTP {response.status_code}: the API key was refused"
    text = safe_text(response.text)
    return f"HTTP {response.status_code}" + (f": {text}" if text else "")


@dataclass(frozen=True, slots=True)
class PtpimgOptions(HostOptions):
    base_url: str = PTPIMG_BASE_URL
    max_bytes: int = 10 * 1024 * 1024


class PtpimgHost:
    """Uploads to ptpimg with the account's API key."""

    name = "ptpimg"

    def __init__(self, http: httpx.AsyncClient, api_key: Secret, *, options: PtpimgOptions | None = None):
        self.options = options or PtpimgOptions()
        self.max_bytes = self.options.max_bytes
        self._http = http
        self._key = api_key
        self._policy = RequestPolicy(
            SERVICE,
            rate_per_s=self.options.rate_per_s,
            burst=self.options.burst,
            retry=self.options.retry,
            describe=_describe,
        )

    def __repr__(self) -> str:
        return f"PtpimgHost(base_url={self.options.root!r})"

    async def upload(self, path: Path) -> HostedImage:
        image = await prepare_image(path, self.max_bytes)
        response = await self._policy.send(
            self._http,
            "POST",
            f"{self.options.root}/upload.php",
            headers={"Referer": f"{self.options.root}/index.php"},
            data={"api_key": self._key.reveal()},
            files={FILE_FIELD: (image.file_name, image.data, image.content_type)},
            timeout=self.options.timeout_s,
        )
        url = self._image_url(json_body(response))
        return HostedImage(host=self.name, full_url=url, thumb_url=url, viewer_url=url)

    async def check(self) -> str:
        try:
            await self._policy.send(
                self._http, "GET", f"{self.options.root}/index.php", timeout=min(self.options.timeout_s, 10.0)
            )
        except ServiceRejected as exc:  # any answer below 500 means the site is up
            return f"ptpimg reachable (HTTP {exc.status_code}); the API key is checked at the first upload"
        return "ptpimg reachable; the API key is checked at the first upload"

    def _image_url(self, body: Any) -> str:
        first = body[0] if isinstance(body, list) and body else None
        code = first.get("code") if isinstance(first, dict) else None
        ext = first.get("ext") if isinstance(first, dict) else None
        if not (isinstance(code, str) and code.isalnum() and isinstance(ext, str) and ext.isalnum()):
            raise UnexpectedAnswer(SERVICE, "the upload answer is not [{code, ext}]")
        return f"{self.options.root}/{code}.{ext}"
