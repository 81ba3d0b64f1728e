"""A strict fake of ImgBB's upload API (services spec §4), served over real HTTP.

Routes: ``POST /1/upload`` (the API), then the URLs it hands out: ``GET /i/{id}/{file}`` (full image),
``/t/{id}/{file}`` (thumbnail), ``/m/{id}/{file}`` (medium), ``/v/{id}`` (viewer page). Nothing else.

The upload checks what ImgBB checks, in its order and with its error shape ``{"status_code", "error":
{"message", "code", "context"}, "status_txt"}`` and HTTP 400: the ``key`` (query or form; missing or wrong →
"Invalid API v1 key.", code 100), then the ``image`` (missing → "Empty upload source.", code 130; a file
part or a base64 string), ``expiration`` (an integer from 60 to 15552000), the size cap (32 MB by default)
and the picture type (PNG or JPEG here). Fields ImgBB does not document are refused, so a misspelt name
fails a test. Tests can queue failures (any status, ``Retry-After``, or ImgBB's "Rate limit reached."
400), slow every answer down, and count accepted and oversized uploads.
"""

from __future__ import annotations

import base64
import binascii
import time
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from fakes.image_common import FakeImageHost, image_kind, png_size

__all__ = ["FakeImgbb"]

FIELDS = {"key", "image", "name", "expiration"}
STATUS_TEXT = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 429: "Too Many Requests",
               500: "Internal Server Error", 503: "Service Unavailable"}  # fmt: skip


def imgbb_error(status: int, message: str, code: int = 100) -> JSONResponse:
    body = {
        "status_code": status,
        "error": {"message": message, "code": code, "context": "Exception"},
        "status_txt": STATUS_TEXT.get(status, "Error"),
    }
    return JSONResponse(body, status_code=status)


class _Refused(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


@dataclass
class FakeImgbb(FakeImageHost):
    api_key: str = ""
    max_bytes: int = 32 * 1024 * 1024
    expirations: list[int | None] = field(default_factory=list)

    def reset(self, **config: object) -> None:
        super().reset(**config)
        self.expirations.clear()

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/1/upload", self._upload, methods=["POST"]),
                Route("/i/{id}/{file}", self._image, methods=["GET"]),
                Route("/t/{id}/{file}", self._image, methods=["GET"]),
                Route("/m/{id}/{file}", self._image, methods=["GET"]),
                Route("/v/{id}", self._viewer, methods=["GET"]),
            ]
        )

    async def _image(self, request: Request) -> Response:
        return self.serve(request.url.path)

    async def _viewer(self, request: Request) -> Response:
        if not any(path.startswith(f"/i/{request.path_params['id']}/") for path in self.images):
            return HTMLResponse("<h1>Not found</h1>", status_code=404)
        return HTMLResponse(f"<h1>Image {request.path_params['id']}</h1>")

    async def _upload(self, request: Request) -> Response:
        form = await request.form(max_part_size=48 * 1024 * 1024)
        items = list(form.multi_items())
        image = form.get("image")
        size = (image.size or 0) if isinstance(image, UploadFile) else len(str(image or ""))
        await self.record(request, [name for name, _ in items], size)
        stale = await self.pause()
        if stale is not None:
            return stale
        failure = self.next_failure()
        if failure is not None:
            message = failure.message or STATUS_TEXT.get(failure.status, "Error")
            response = imgbb_error(failure.status, message)
            if failure.retry_after is not None:
                response.headers["Retry-After"] = failure.retry_after
            return response
        try:
            return await self._accept(request, form, items)
        except _Refused as refused:
            return refused.response

    async def _accept(self, request: Request, form: Any, items: list[tuple[str, Any]]) -> Response:
        key = form.get("key") or request.query_params.get("key")
        if not key or key != self.api_key:
            raise _Refused(imgbb_error(400, "Invalid API v1 key."))
        unknown = sorted({name for name, _ in items} - FIELDS)
        if unknown:
            raise _Refused(imgbb_error(400, f"Unknown field {unknown[0]}."))
        data = await self._image_bytes(form.get("image"))
        expiration = self._expiration(form.get("expiration"))
        if len(data) > self.max_bytes:
            self.oversize += 1
            raise _Refused(imgbb_error(400, "File too big.", 313))
        kind = image_kind(data)
        if kind is None:
            raise _Refused(imgbb_error(400, "Invalid image source.", 310))
        return self._store(request, data, kind, str(form.get("name") or ""), expiration, form.get("image"))

    async def _image_bytes(self, image: Any) -> bytes:
        if image is None or image == "":
            raise _Refused(imgbb_error(400, "Empty upload source.", 130))
        if isinstance(image, UploadFile):
            return await image.read()
        try:
            return base64.b64decode(str(image), validate=True)
        except (binascii.Error, ValueError):
            raise _Refused(imgbb_error(400, "Invalid base64 string.", 120)) from None

    def _expiration(self, value: Any) -> int | None:
        if value is None:
            self.expirations.append(None)
            return None
        text = str(value)
        if not text.isdigit() or not 60 <= int(text) <= 15_552_000:
            raise _Refused(imgbb_error(400, "Invalid expiration value.", 100))
        self.expirations.append(int(text))
        return int(text)

    def _store(
        self,
        request: Request,
        data: bytes,
        kind: tuple[str, str],
        name: str,
        expiration: int | None,
        part: Any,
    ) -> Response:
        image_id = self.new_id()
        uploaded_name = part.filename if isinstance(part, UploadFile) and part.filename else "image"
        stem = name or uploaded_name.rsplit(".", 1)[0]
        file_name = f"{stem}.{kind[0]}"
        base = str(request.base_url).rstrip("/")
        paths = {size: f"/{size}/{image_id}/{file_name}" for size in ("i", "t", "m")}
        for path in paths.values():
            self.images[path] = (data, kind[1])
        self.uploads += 1
        width, height = png_size(data)
        described = {"filename": file_name, "name": stem, "mime": kind[1], "extension": kind[0]}
        body = {
            "data": {
                "id": image_id,
                "title": stem,
                "url_viewer": f"{base}/v/{image_id}",
                "url": base + paths["i"],
                "display_url": base + paths["m"],
                "width": str(width),
                "height": str(height),
                "size": str(len(data)),
                "time": str(int(time.time())),
                "expiration": str(expiration or 0),
                "image": {**described, "url": base + paths["i"]},
                "thumb": {**described, "url": base + paths["t"]},
                "medium": {**described, "url": base + paths["m"]},
                "delete_url": f"{base}/v/{image_id}/{self.new_id(32)}",
            },
            "success": True,
            "status": 200,
        }
        return JSONResponse(body)
