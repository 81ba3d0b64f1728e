"""A strict fake of the Prowlarr v1 API (services spec §5), served over real HTTP.

Auth: ``X-Api-Key`` header or ``apikey`` query, else 401 (empty body, as Prowlarr answers). Only
``/api/v1/system/status``, ``/api/v1/indexer``, ``/api/v1/indexer/{id}`` and ``/api/v1/search`` exist; other
paths are 404 and other methods 405. The search takes exactly ``query``, ``type`` (search, movie, tvsearch),
repeated integer ``indexerIds`` and ``categories``, ``limit`` and ``offset``: an unknown or malformed
parameter is a 400 (Prowlarr ignores unknown ones; the fake is stricter so a misspelt name fails a test).
Results carry a ``downloadUrl`` holding the API key, as the real ones do, so tests can prove it is never
kept. Tests fill ``indexer_list`` and ``results`` (each tagged with ``indexerId``) and read ``received``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from fakes.torznab import FakeTorznab

__all__ = ["FakeProwlarr"]

SEARCH_PARAMS = {"query", "type", "indexerIds", "categories", "limit", "offset"}
SEARCH_TYPES = {"search", "movie", "tvsearch", "music", "book"}


@dataclass
class FakeProwlarr:
    api_key: str
    indexer_list: list[dict[str, Any]] = field(default_factory=list)
    results: list[dict[str, Any]] = field(default_factory=list)
    received: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    torznab: dict[int, FakeTorznab] = field(default_factory=dict)  # per-indexer Torznab at /{id}/api
    _failures: list[int] = field(default_factory=list)

    def reset(self) -> None:
        self.indexer_list.clear()
        self.results.clear()
        self.received.clear()
        self._failures.clear()
        self.torznab.clear()

    def fail_next(self, status: int, *, count: int = 1) -> None:
        self._failures.extend([status] * count)

    def _refusal(self, request: Request) -> Response | None:
        self.received.append((request.url.path, list(request.query_params.multi_items())))
        key = request.headers.get("x-api-key") or request.query_params.get("apikey")
        if key != self.api_key:
            return Response(status_code=401)
        if self._failures:
            return JSONResponse({"message": "fake failure"}, status_code=self._failures.pop(0))
        return None

    async def _status(self, request: Request) -> Response:
        return self._refusal(request) or JSONResponse(
            {"appName": "Prowlarr", "instanceName": "Prowlarr", "version": "1.30.2.4939"}
        )

    async def _indexers(self, request: Request) -> Response:
        return self._refusal(request) or JSONResponse(self.indexer_list)

    async def _indexer(self, request: Request) -> Response:
        if refused := self._refusal(request):
            return refused
        wanted = request.path_params["id"]
        found = next((i for i in self.indexer_list if str(i["id"]) == wanted), None)
        return JSONResponse(found) if found else JSONResponse({"message": "NotFound"}, status_code=404)

    async def _search(self, request: Request) -> Response:
        if refused := self._refusal(request):
            return refused
        items = request.query_params.multi_items()
        unknown = sorted({k for k, _ in items} - SEARCH_PARAMS)
        if unknown:
            return JSONResponse({"message": f"unknown parameters {unknown}"}, status_code=400)
        kind = request.query_params.get("type", "search")
        if kind not in SEARCH_TYPES:
            return JSONResponse({"message": f"invalid type {kind!r}"}, status_code=400)
        try:
            ids = {int(v) for k, v in items if k == "indexerIds"}
            for name in ("categories", "limit", "offset"):
                [int(v) for k, v in items if k == name]
        except ValueError:
            return JSONResponse(
                {"message": "ids, categories, limit and offset are integers"}, status_code=400
            )
        found = [r for r in self.results if not ids or r["indexerId"] in ids]
        return JSONResponse(
            [
                {**r, "downloadUrl": f"http://prowlarr/{r['indexerId']}/download?apikey={self.api_key}"}
                for r in found
            ]
        )

    def indexer_torznab(self, indexer_id: int) -> FakeTorznab:
        """The Torznab endpoint of one indexer (created on first use; its key is Prowlarr's)."""
        return self.torznab.setdefault(indexer_id, FakeTorznab(self.api_key, title=f"indexer {indexer_id}"))

    async def _torznab(self, request: Request) -> Response:
        indexer = self.torznab.get(int(request.path_params["id"]))
        if indexer is None:  # Prowlarr answers an unknown indexer id with 404
            return JSONResponse({"message": "Indexer not found"}, status_code=404)
        return await indexer.endpoint(request)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/api/v1/system/status", self._status, methods=["GET"]),
                Route("/api/v1/indexer", self._indexers, methods=["GET"]),
                Route("/api/v1/indexer/{id}", self._indexer, methods=["GET"]),
                Route("/api/v1/search", self._search, methods=["GET"]),
                Route("/{id:int}/api", self._torznab, methods=["GET"]),
                Route("/ping", lambda r: JSONResponse({"status": "OK"}), methods=["GET"]),
            ]
        )
