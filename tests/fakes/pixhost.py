"""A strict fake of Pixhost (services spec §4), served over real HTTP, one port for every Pixhost host name.

The API (any ``Host`` not under ``domain``) has one route, ``POST /images``: it wants ``Accept:
application/json`` (406 without), the file in ``img``, ``content_type`` ``0`` or ``1`` (required),
``max_th_size`` from 150 to 500 (optional), no other field, a PNG or JPEG, at most ``max_bytes`` (413).
It answers ``{"name", "show_url", "th_url"}`` where ``th_url`` is on ``t<server>.<domain>/thumbs/…`` and
``show_url`` on ``<domain>/show/…``. The full image is served only where the derivation rule says it is:
``img<server>.<domain>/images/…``. Requests for those names arrive on the same loopback port with the
name in the ``Host`` header (see ``tests/imagehosts/conftest.py``). Refusals are ``{"error_msg": …}``
(the real wording is not documented). Tests can queue failures, slow answers down and count uploads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from fakes.image_common import FakeImageHost, image_kind

__all__ = ["FakePixhost"]

FIELDS = {"img", "content_type", "max_th_size"}


def _refuse(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error_msg": message}, status_code=status)


@dataclass
class FakePixhost(FakeImageHost):
    max_bytes: int = 10 * 1024 * 1024
    domain: str = "pixhost.test"
    server: int = 77
    content_types: list[str] = field(default_factory=list)  # content_type of each accepted upload

    def reset(self, **config: object) -> None:
        super().reset(**config)
        self.content_types.clear()

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/{path:path}", self._dispatch, methods=["GET", "POST"])])

    async def _dispatch(self, request: Request) -> Response:
        host = request.headers.get("host", "").split(":", 1)[0].lower()
        path, method = request.url.path, request.method
        images = re.fullmatch(rf"(img|t)(\d+)\.{re.escape(self.domain)}", host)
        if images:
            prefix = "/images/" if images.group(1) == "img" else "/thumbs/"
            if method != "GET" or not path.startswith(prefix) or int(images.group(2)) != self.server:
                return Response("Not Found", status_code=404)
            return self.serve(f"{host}{path}")
        if host == self.domain:
            if (
                method == "GET"
                and path.startswith("/show/")
                and any(p.endswith(path[5:]) for p in self.images)
            ):
                return HTMLResponse(f"<html><img src='{path}'></html>")
            return Response("Not Found", status_code=404)
        if path != "/images":
            return _refuse(404, "Not found")
        if method != "POST":
            return _refuse(405, "Method not allowed")
        return await self._upload(request)

    async def _upload(self, request: Request) -> Response:
        form = await request.form()
        items = list(form.multi_items())
        part = form.get("img")
        await self.record(
            request, [n for n, _ in items], (part.size or 0) if isinstance(part, UploadFile) else 0
        )
        stale = await self.pause()
        if stale is not None:
            return stale
        failure = self.next_failure()
        if failure is not None:
            headers = {"Retry-After": failure.retry_after} if failure.retry_after else {}
            return JSONResponse(
                {"error_msg": failure.message or "Error"}, status_code=failure.status, headers=headers
            )
        if "application/json" not in request.headers.get("accept", ""):
            return _refuse(406, "Accept: application/json is required")
        unknown = sorted({name for name, _ in items} - FIELDS)
        if unknown:
            return _refuse(400, f"Unknown parameter {unknown[0]}")
        content_type = form.get("content_type")
        if content_type not in ("0", "1"):
            return _refuse(400, "content_type must be 0 or 1")
        th_size = form.get("max_th_size")
        if th_size is not None and not (
            isinstance(th_size, str) and th_size.isdigit() and 150 <= int(th_size) <= 500
        ):
            return _refuse(400, "max_th_size must be between 150 and 500")
        if not isinstance(part, UploadFile) or not part.filename:
            return _refuse(400, "img is required")
        data = await part.read()
        if len(data) > self.max_bytes:
            self.oversize += 1
            return _refuse(413, "File is too large")
        kind = image_kind(data)
        if kind is None:
            return _refuse(415, "Unsupported file type")
        return self._store(request, part.filename, data, kind[1], content_type)

    def _store(self, request: Request, name: str, data: bytes, mime: str, content_type: str) -> Response:
        port = f":{request.url.port}" if request.url.port else ""
        file_name = f"{self.new_id(8)}_{name}"
        folder = f"{self.server}/{file_name}"
        image_host, thumb_host = f"img{self.server}.{self.domain}", f"t{self.server}.{self.domain}"
        self.keep(f"{image_host}/images/{folder}", data, mime)
        self.images[f"{thumb_host}/thumbs/{folder}"] = (data, mime)
        self.content_types.append(content_type)
        return JSONResponse(
            {
                "name": name,
                "show_url": f"http://{self.domain}{port}/show/{folder}",
                "th_url": f"http://{thumb_host}{port}/thumbs/{folder}",
            }
        )
