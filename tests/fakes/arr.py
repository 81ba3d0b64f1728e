"""A strict fake of the Radarr or Sonarr v3 API (services.md §6), served over real HTTP.

Auth: ``X-Api-Key`` header or ``apikey`` query, else 401 with an empty body (as the real apps answer). Only
the documented paths of the chosen app exist (others: 404); each takes its own query parameters, with ids
that must be integers (else 400) and required ones enforced (``movieId`` for Radarr's files and history,
``seriesId`` for Sonarr's). Unknown parameters are a 400 here (the real apps ignore them: the fake is
stricter so a misspelt name fails a test). Tests fill ``items`` (movies or series), ``files`` and
``history``, and read ``received``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

__all__ = ["FakeArr"]


class _Refused(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


@dataclass
class FakeArr:
    kind: Literal["radarr", "sonarr"]
    api_key: str
    items: list[dict[str, Any]] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    received: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    _failures: list[int] = field(default_factory=list)

    def reset(self) -> None:
        self.items.clear()
        self.files.clear()
        self.history.clear()
        self.received.clear()
        self._failures.clear()

    def fail_next(self, status: int, *, count: int = 1) -> None:
        self._failures.extend([status] * count)

    def paths(self) -> list[str]:
        return [path for path, _ in self.received]

    @property
    def _owner_key(self) -> str:
        return "movieId" if self.kind == "radarr" else "seriesId"

    def app(self) -> Starlette:
        radarr = self.kind == "radarr"
        owner, files, history = (
            ("movie", "moviefile", "history/movie") if radarr else ("series", "episodefile", "history/series")
        )
        file_ids = "movieFileIds" if radarr else "episodeFileIds"
        specs: list[tuple[str, set[str], Any]] = [
            ("/api/v3/system/status", set(), self._status),
            (f"/api/v3/{owner}", {"tmdbId" if radarr else "tvdbId", "excludeLocalCovers"}, self._owners),
            (f"/api/v3/{owner}/{{id:int}}", set(), self._owner),
            (f"/api/v3/{files}", {self._owner_key, file_ids}, self._files),
            (
                f"/api/v3/{history}",
                {self._owner_key, "eventType", "includeMovie" if radarr else "includeSeries", "seasonNumber"},
                self._history,
            ),
        ]
        routes = [
            Route(path, self._endpoint(allowed, handler), methods=["GET"]) for path, allowed, handler in specs
        ]
        app = Starlette(routes=routes)

        async def not_found(request: Request, exc: Exception) -> Response:
            self.received.append((request.url.path, dict(request.query_params)))
            return Response(status_code=404)

        app.add_exception_handler(404, not_found)
        app.add_exception_handler(405, not_found)
        return app

    def _endpoint(self, allowed: set[str], handler: Any) -> Any:
        async def endpoint(request: Request) -> Response:
            params = dict(request.query_params)
            self.received.append((request.url.path, params))
            if self._failures:
                return JSONResponse({"message": "Internal Server Error"}, status_code=self._failures.pop(0))
            key = request.headers.get("x-api-key") or params.pop("apikey", None)
            if key != self.api_key:
                return Response(status_code=401)
            try:
                for name, value in params.items():
                    if name not in allowed:
                        raise _Refused(JSONResponse({"message": f"unknown query parameter {name}"}, 400))
                    if name.endswith(("Id", "Number")) and not value.isdigit():
                        raise _Refused(JSONResponse({"message": f"{name} must be an integer"}, 400))
                return JSONResponse(handler(request, params))
            except _Refused as refused:
                return refused.response

        return endpoint

    def _status(self, request: Request, params: dict[str, str]) -> dict[str, Any]:
        return {"appName": self.kind.capitalize(), "version": "5.14.0.9383", "isProduction": True}

    def _owners(self, request: Request, params: dict[str, str]) -> list[dict[str, Any]]:
        id_param, id_key = ("tmdbId", "tmdbId") if self.kind == "radarr" else ("tvdbId", "tvdbId")
        if id_param in params:
            return [i for i in self.items if str(i.get(id_key)) == params[id_param]]
        return self.items

    def _owner(self, request: Request, params: dict[str, str]) -> dict[str, Any]:
        wanted = request.path_params["id"]
        for item in self.items:
            if item["id"] == wanted:
                return item
        raise _Refused(JSONResponse({"message": "NotFound"}, 404))

    def _files(self, request: Request, params: dict[str, str]) -> list[dict[str, Any]]:
        if self._owner_key not in params:
            raise _Refused(JSONResponse({"message": f"{self._owner_key} is required"}, 400))
        return [f for f in self.files if str(f.get(self._owner_key)) == params[self._owner_key]]

    def _history(self, request: Request, params: dict[str, str]) -> list[dict[str, Any]]:
        if self._owner_key not in params:
            raise _Refused(JSONResponse({"message": f"{self._owner_key} is required"}, 400))
        events = [e for e in self.history if str(e.get(self._owner_key)) == params[self._owner_key]]
        if "eventType" in params:
            events = [e for e in events if e.get("eventType") == params["eventType"]]
        return sorted(events, key=lambda e: e.get("date", ""), reverse=True)
