"""A strict fake of ptpimg.me (services spec §4), served over real HTTP.

Routes: ``GET /index.php`` (the upload page), ``POST /upload.php`` (the API) and ``GET /{code}.{ext}`` (an
uploaded image). Nothing else.

The upload wants ``Referer: <site>/index.php`` (400 without), the ``api_key`` form field (missing or wrong →
403 with an empty body, as ptpimg answers), a file in the field named exactly ``file-upload[0]`` (or a
``link-upload`` URL, which this fake does not fetch: 400), no other field, a PNG or JPEG, and at most
``max_bytes`` (413). It answers ``[{"code", "ext"}]``. Tests can queue failures (any status, with
``Retry-After``), slow every answer down and count accepted and oversized uploads.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from fakes.image_common import FakeImageHost, image_kind

__all__ = ["FILE_FIELD", "FakePtpimg"]

FILE_FIELD = "file-upload[0]"
FIELDS = {"api_key", FILE_FIELD, "link-upload"}


@dataclass
class FakePtpimg(FakeImageHost):
    api_key: str = ""
    max_bytes: int = 10 * 1024 * 1024

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/index.php", self._index, methods=["GET"]),
                Route("/upload.php", self._upload, methods=["POST"]),
                Route("/{code:str}.{ext:str}", self._image, methods=["GET"]),
            ]
        )

    async def _index(self, request: Request) -> Response:
        await self.record(request, [])
        stale = await self.pause()
        if stale is not None:
            return stale
        return HTMLResponse("<html><title>ptpimg</title><form action='upload.php'></form></html>")

    async def _image(self, request: Request) -> Response:
        return self.serve(request.url.path)

    async def _upload(self, request: Request) -> Response:
        form = await request.form()
        items = list(form.multi_items())
        part = form.get(FILE_FIELD)
        await self.record(
            request, [n for n, _ in items], (part.size or 0) if isinstance(part, UploadFile) else 0
        )
        stale = await self.pause()
        if stale is not None:
            return stale
        failure = self.next_failure()
        if failure is not None:
            headers = {"Retry-After": failure.retry_after} if failure.retry_after else {}
            return PlainTextResponse(failure.message or "", status_code=failure.status, headers=headers)
        if request.headers.get("referer") != f"{str(request.base_url).rstrip('/')}/index.php":
            return PlainTextResponse("Bad referer", status_code=400)
        if form.get("api_key") != self.api_key or not self.api_key:
            return Response(b"", status_code=403)
        unknown = sorted({name for name, _ in items} - FIELDS)
        if unknown:
            return PlainTextResponse(f"Unknown field {unknown[0]}", status_code=400)
        if not isinstance(part, UploadFile):
            return PlainTextResponse("No file uploaded", status_code=400)
        data = await part.read()
        if len(data) > self.max_bytes:
            self.oversize += 1
            return PlainTextResponse("File too large", status_code=413)
        kind = image_kind(data)
        if kind is None:
            return PlainTextResponse("Invalid file type", status_code=400)
        code = self.new_id(6)
        self.keep(f"/{code}.{kind[0]}", data, kind[1])
        return JSONResponse([{"code": code, "ext": kind[0]}])
