"""A strict fake Torznab indexer (trackers spec §5), mountable under any path (Prowlarr's ``/{id}/api``).

:meth:`FakeTorznab.endpoint` answers one endpoint; :meth:`FakeTorznab.app` serves it at a prefix, and a
site fake (C411) can route its own ``/api`` to it. Like Prowlarr it checks ``apikey`` (error 100), ``t``
(missing → 200, unknown → 202, unavailable → 203), and every parameter against the ``supportedParams`` of
the function's caps entry (anything else → 201), then filters ``items`` (set by the test) by ``q`` words,
ids, season/episode and categories, and serialises them as RSS 2.0 with ``torznab:attr``. Errors carry
Prowlarr's HTTP statuses (400/401/410/429) unless ``errors_as_200`` is set, as some indexers do; tests can
queue 429s with ``Retry-After`` and 5xx, disable the indexer (410) and read every request received.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

__all__ = ["TORZNAB_NS", "FakeTorznab", "TorznabRelease"]

TORZNAB_NS = "http://torznab.com/schemas/2015/feed"
GENERIC = {"t", "apikey", "cat", "limit", "offset", "extended"}
FUNCTIONS = {"search": "search", "tvsearch": "tv-search", "movie": "movie-search"}
ERROR_STATUS = {100: 401, 200: 400, 201: 400, 202: 400, 203: 400, 410: 410, 429: 429}
ET.register_namespace("torznab", TORZNAB_NS)


@dataclass
class TorznabRelease:
    """One release the indexer knows (what its RSS item says)."""

    title: str
    size: int
    guid: str
    link: str = ""
    comments: str = ""
    categories: tuple[int, ...] = (2000,)
    seeders: int = 0
    peers: int = 0
    files: int | None = None
    grabs: int | None = None
    infohash: str | None = None
    imdb: int | None = None
    tmdbid: int | None = None
    tvdbid: int | None = None
    season: int | None = None
    episode: int | None = None
    published: datetime = field(default_factory=lambda: datetime(2024, 5, 1, 12, 0, tzinfo=UTC))


@dataclass
class FakeTorznab:
    """One indexer; ``modes`` maps caps entries to (available, supportedParams)."""

    api_key: str
    title: str = "Fake indexer"
    modes: dict[str, tuple[bool, set[str]]] = field(
        default_factory=lambda: {
            "search": (True, {"q", "imdbid", "tmdbid"}),
            "tv-search": (True, {"q", "season", "ep", "tvdbid", "imdbid", "tmdbid"}),
            "movie-search": (True, {"q", "imdbid", "tmdbid"}),
        }
    )
    categories: list[tuple[int, str, list[tuple[int, str]]]] = field(
        default_factory=lambda: [
            (2000, "Movies", [(2040, "Movies/HD"), (2045, "Movies/UHD")]),
            (5000, "TV", [(5040, "TV/HD"), (5070, "TV/Anime")]),
            (100001, "Films", []),
        ]
    )
    items: list[TorznabRelease] = field(default_factory=list)
    errors_as_200: bool = False
    disabled: bool = False
    received: list[list[tuple[str, str]]] = field(default_factory=list)
    _failures: deque[tuple[int, str | None]] = field(default_factory=deque)

    def reset(self, **config: Any) -> None:
        """Forget requests, failures and items; apply ``config``."""
        self.received.clear()
        self._failures.clear()
        self.items = []
        self.errors_as_200 = False
        self.disabled = False
        for key, value in config.items():
            if not hasattr(self, key):
                raise AttributeError(key)
            setattr(self, key, value)

    def fail_next(self, code: int, *, count: int = 1, retry_after: str | None = None) -> None:
        """The next ``count`` requests fail: 429 (Torznab error, ``Retry-After``) or an HTTP 5xx."""
        self._failures.extend((code, retry_after) for _ in range(count))

    def functions(self) -> list[str]:
        return [dict(params).get("t", "") for params in self.received]

    def app(self, prefix: str = "/api") -> Starlette:
        return Starlette(routes=[Route(prefix, self.endpoint, methods=["GET"])])

    # --- the endpoint ------------------------------------------------------------------------------------

    async def endpoint(self, request: Request) -> Response:
        params = list(request.query_params.multi_items())
        self.received.append(params)
        if self._failures:
            code, retry_after = self._failures.popleft()
            if code >= 500:
                return Response("Internal Server Error", status_code=code, media_type="text/plain")
            return self._error(code, "Request limit reached", retry_after=retry_after)
        query = dict(params)
        if query.get("apikey") != self.api_key:
            return self._error(100, "Incorrect user credentials")
        if self.disabled:
            return self._error(410, "Indexer is disabled")
        function = query.get("t")
        if not function:
            return self._error(200, "Missing parameter (t)")
        if function == "caps":
            return self._xml(self._caps())
        if function not in FUNCTIONS:
            return self._error(202, f"No such function ({function})")
        available, supported = self.modes.get(FUNCTIONS[function], (False, set()))
        if not available:
            return self._error(203, f"Function not available ({function})")
        for name, value in params:
            if name not in GENERIC | supported or [n for n, _ in params].count(name) > 1:
                return self._error(201, f"Incorrect parameter ({name})")
            if name in {"tmdbid", "tvdbid", "season", "ep", "limit", "offset"} and not value.isdigit():
                return self._error(201, f"Incorrect parameter ({name})")
            if name == "imdbid" and not re.fullmatch(r"(tt)?\d{7,}", value):
                return self._error(201, "Incorrect parameter (imdbid)")
        return self._xml(self._rss([r for r in self.items if _matches(r, query)]))

    def _error(self, code: int, description: str, *, retry_after: str | None = None) -> Response:
        element = ET.Element("error", {"code": str(code), "description": description})
        status = 200 if self.errors_as_200 else ERROR_STATUS.get(code, 400)
        headers = {"Retry-After": retry_after} if retry_after else {}
        return self._xml(element, status=status, headers=headers)

    @staticmethod
    def _xml(element: ET.Element, *, status: int = 200, headers: dict[str, str] | None = None) -> Response:
        body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(element, encoding="utf-8")
        return Response(body, status_code=status, headers=headers, media_type="application/rss+xml")

    def _caps(self) -> ET.Element:
        caps = ET.Element("caps")
        ET.SubElement(caps, "server", {"title": self.title})
        ET.SubElement(caps, "limits", {"max": "100", "default": "50"})
        searching = ET.SubElement(caps, "searching")
        for name, (available, supported) in self.modes.items():
            attrs = {
                "available": "yes" if available else "no",
                "supportedParams": ",".join(sorted(supported)),
            }
            ET.SubElement(searching, name, attrs)
        block = ET.SubElement(caps, "categories")
        for category_id, name, subcats in self.categories:
            element = ET.SubElement(block, "category", {"id": str(category_id), "name": name})
            for sub_id, sub_name in subcats:
                ET.SubElement(element, "subcat", {"id": str(sub_id), "name": sub_name})
        return caps

    def _rss(self, releases: list[TorznabRelease]) -> ET.Element:
        rss = ET.Element("rss", {"version": "2.0"})
        channel = ET.SubElement(rss, "channel")
        ET.SubElement(channel, "title").text = self.title
        for release in releases:
            item = ET.SubElement(channel, "item")
            for tag, value in (
                ("title", release.title),
                ("guid", release.guid),
                ("link", release.link),
                ("comments", release.comments),
                ("pubDate", format_datetime(release.published)),
                ("size", str(release.size)),
            ):
                ET.SubElement(item, tag).text = value
            for category in release.categories:
                ET.SubElement(item, "category").text = str(category)
            ET.SubElement(
                item,
                "enclosure",
                {"url": release.link, "length": str(release.size), "type": "application/x-bittorrent"},
            )
            for name, value in _attrs(release):
                ET.SubElement(item, f"{{{TORZNAB_NS}}}attr", {"name": name, "value": value})
        return rss


def _attrs(release: TorznabRelease) -> list[tuple[str, str]]:
    attrs = [("category", str(c)) for c in release.categories]
    attrs += [("seeders", str(release.seeders)), ("peers", str(release.peers))]
    optional = {"files": release.files, "grabs": release.grabs, "infohash": release.infohash,
                "tmdbid": release.tmdbid, "tvdbid": release.tvdbid, "season": release.season,
                "episode": release.episode}  # fmt: skip
    attrs += [(name, str(value)) for name, value in optional.items() if value is not None]
    if release.imdb is not None:
        attrs.append(("imdb", f"{release.imdb:07d}"))
    return [*attrs, ("downloadvolumefactor", "0"), ("uploadvolumefactor", "1")]


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^0-9a-zà-ÿ]+", text.lower()) if w]


def _matches(release: TorznabRelease, query: dict[str, str]) -> bool:
    title_words = set(_words(release.title))
    checks = [
        "q" not in query or all(w in title_words for w in _words(query["q"])),
        "tmdbid" not in query or release.tmdbid == int(query["tmdbid"]),
        "tvdbid" not in query or release.tvdbid == int(query["tvdbid"]),
        "imdbid" not in query or release.imdb == int(query["imdbid"].removeprefix("tt")),
        "season" not in query or release.season == int(query["season"]),
        "ep" not in query or release.episode == int(query["ep"]),
    ]
    if "cat" in query:
        wanted = {int(c) for c in query["cat"].split(",") if c.strip().isdigit()}
        checks.append(any(c in wanted or c // 1000 * 1000 in wanted for c in release.categories))
    return all(checks)
