"""What the image-host fakes share: injected failures, slow answers, counted uploads and served bytes.

Each fake (``fakes.imgbb``, ``fakes.ptpimg``, ``fakes.pixhost``) subclasses :class:`FakeImageHost`, checks
its own fields, and calls :meth:`FakeImageHost.keep` for an accepted image; the image is then served back
at the URLs the fake returned, so a test can GET the full URL and compare bytes.
"""

from __future__ import annotations

import asyncio
import secrets
import struct
from collections import deque
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import Response

__all__ = ["IMGBB_KEY", "PTPIMG_KEY", "Failure", "FakeImageHost", "Received", "image_kind", "png_size"]

# the keys the fakes accept (test values, not real keys)
IMGBB_KEY = "5f0c1a9e7d2b4c6a8e1f3d5b7a9c0e2f"
PTPIMG_KEY = "Qx7rTz2mKp9wLs4vNb8cJd3fHg6yAe1u"

_KINDS = {b"\x89PNG\r\n\x1a\n": ("png", "image/png"), b"\xff\xd8\xff": ("jpg", "image/jpeg")}


def image_kind(data: bytes) -> tuple[str, str] | None:
    """(extension, MIME type) for PNG and JPEG bytes, None for anything else."""
    for magic, kind in _KINDS.items():
        if data.startswith(magic):
            return kind
    return None


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR (0, 0 for anything else)."""
    if image_kind(data) != ("png", "image/png") or len(data) < 24:
        return 0, 0
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@dataclass(frozen=True)
class Failure:
    status: int
    retry_after: str | None = None
    message: str | None = None


@dataclass
class Received:
    method: str
    path: str
    host: str
    headers: dict[str, str]
    fields: list[str]  # multipart/form field names, in order
    query: list[tuple[str, str]]
    upload_bytes: int = 0


@dataclass
class FakeImageHost:
    """State every fake keeps; ``delay_s`` slows every answer, ``max_bytes`` caps an upload."""

    max_bytes: int
    uploads: int = 0  # accepted uploads
    oversize: int = 0  # uploads refused because they were above max_bytes
    delay_s: float = 0.0
    largest_upload: int = 0
    generation: int = 0  # bumped by reset(): a request still sleeping from an earlier test is dropped
    received: list[Received] = field(default_factory=list)
    images: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # served path → (bytes, MIME)
    _failures: deque[Failure] = field(default_factory=deque)

    def reset(self, **config: object) -> None:
        """Forget every upload, request and failure; apply ``config`` (max_bytes, …)."""
        self.uploads = self.oversize = self.largest_upload = 0
        self.generation += 1
        self.delay_s = 0.0
        self.received.clear()
        self.images.clear()
        self._failures.clear()
        for key, value in config.items():
            if not hasattr(self, key):
                raise AttributeError(key)
            setattr(self, key, value)

    def fail_next(
        self, status: int, *, count: int = 1, retry_after: str | None = None, message: str | None = None
    ) -> None:
        """The next ``count`` requests to the API answer ``status`` (429 with ``Retry-After`` when given)."""
        self._failures.extend(Failure(status, retry_after, message) for _ in range(count))

    def paths(self) -> list[str]:
        return [r.path for r in self.received]

    async def record(self, request: Request, fields: list[str], upload_bytes: int = 0) -> None:
        self.received.append(
            Received(
                request.method,
                request.url.path,
                request.headers.get("host", ""),
                dict(request.headers),
                fields,
                list(request.query_params.multi_items()),
                upload_bytes,
            )
        )
        self.largest_upload = max(self.largest_upload, upload_bytes)

    async def pause(self) -> Response | None:
        """Sleep ``delay_s``; return a 503 to send instead if a reset came meanwhile (an earlier test)."""
        generation = self.generation
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        if generation != self.generation:
            return Response("reset while this request slept", status_code=503, media_type="text/plain")
        return None

    def next_failure(self) -> Failure | None:
        return self._failures.popleft() if self._failures else None

    def keep(self, path: str, data: bytes, content_type: str) -> None:
        """Serve ``data`` at ``path`` from now on and count the upload."""
        self.images[path] = (data, content_type)
        self.uploads += 1

    def serve(self, path: str) -> Response:
        stored = self.images.get(path)
        if stored is None:
            return Response("Not Found", status_code=404, media_type="text/plain")
        return Response(stored[0], media_type=stored[1])

    @staticmethod
    def new_id(length: int = 7) -> str:
        return secrets.token_urlsafe(length)[:length].replace("-", "a").replace("_", "b")
