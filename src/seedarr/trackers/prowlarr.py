"""Prowlarr (API v1): list its indexers, match them to our tracker definitions, search them for duplicates.

:class:`ProwlarrClient` speaks to one Prowlarr over the shared ``httpx.AsyncClient`` with ``X-Api-Key``
(services spec §5): ``system/status`` is the connection test, ``indexer`` lists the indexers (with their
``fields``, whose API-key field name varies by indexer), ``search`` is the JSON search (Prowlarr reads id
tokens such as ``{imdbid:tt0111161}`` inside ``query``), and :meth:`ProwlarrClient.torznab_url` gives an
indexer's own Torznab endpoint (``/{id}/api``): :func:`prowlarr_searchers` makes each matched indexer
stand in for its tracker in the dupe check through it.

:func:`import_candidates` turns indexers into tracker accounts to create: each torrent indexer is matched
to a definition (by site host, then by name), its API key is carried over, and the settings Prowlarr does
not hold (the announce URL with its passkey: never guessed) are listed as ``missing`` for the person to
fill in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx

from seedarr.errors import ServiceUnavailable
from seedarr.metadata.http import RequestPolicy, RetryOptions
from seedarr.secrets import Secret
from seedarr.trackers.base import SearchHit, SearchQuery
from seedarr.trackers.definition import TrackerDefinition
from seedarr.trackers.registry import Registry
from seedarr.trackers.torznab import TorznabClient, TorznabPolicy
from seedarr.trackers.torznab_search import TorznabSearch
from seedarr.validation import validate_url

__all__ = [
    "API_KEY_FIELDS",
    "ImportCandidate",
    "ProwlarrClient",
    "ProwlarrIndexer",
    "import_candidates",
    "match_definition",
    "prowlarr_query",
    "prowlarr_searchers",
]

# The names Prowlarr indexers give the field that holds the site's API key (services spec §5).
API_KEY_FIELDS = ("apiKey", "apikey", "api_key", "passkey", "apitoken", "token")
# Newznab standard categories searched for duplicates: Movies and TV.
_CATEGORIES = {"movie": 2000, "tv": 5000}


@dataclass(frozen=True, slots=True)
class ProwlarrIndexer:
    """One indexer as Prowlarr lists it; ``api_key`` is the value of its API-key field, kept secret."""

    id: int
    name: str
    definition_name: str
    implementation: str
    protocol: str
    privacy: str
    enabled: bool
    urls: tuple[str, ...]
    api_key: Secret | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class ImportCandidate:
    """A Prowlarr indexer ready to become a tracker account, once ``missing`` settings are filled in."""

    indexer_id: int
    indexer_name: str
    tracker_id: str | None  # None: no definition matches this indexer
    reason: str
    values: Mapping[str, str | Secret] = field(default_factory=dict)
    missing: tuple[str, ...] = ()


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _host(url: str | None) -> str:
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.")


def match_definition(
    indexer: ProwlarrIndexer, definitions: Iterable[TrackerDefinition]
) -> tuple[str | None, str]:
    """The definition id an indexer belongs to, and why: same site host, then same name, then UNIT3D."""
    definitions = list(definitions)
    hosts = {_host(url) for url in indexer.urls} - {""}
    for definition in definitions:
        if definition.base_url and _host(definition.base_url) in hosts:
            return definition.id, f"same site ({_host(definition.base_url)})"
    names = {_norm(indexer.name), _norm(indexer.definition_name)} - {""}
    for definition in definitions:
        if {_norm(definition.id), _norm(definition.name)} & names:
            return definition.id, f"same name ({definition.name})"
    if "unit3d" in _norm(indexer.implementation) or "unit3d" in _norm(indexer.definition_name):
        generic = next((d for d in definitions if d.family == "unit3d" and d.base_url is None), None)
        if generic is not None:
            return generic.id, "a UNIT3D site at its own URL"
    return None, "no tracker definition matches this indexer"


def import_candidates(indexers: Iterable[ProwlarrIndexer], registry: Registry) -> list[ImportCandidate]:
    """One candidate per enabled private torrent indexer, with what Prowlarr knows filled in."""
    candidates = []
    for indexer in indexers:
        if indexer.protocol != "torrent" or indexer.privacy == "public":
            continue
        tracker_id, reason = match_definition(indexer, registry)
        if tracker_id is None:
            candidates.append(ImportCandidate(indexer.id, indexer.name, None, reason))
            continue
        definition = registry.get(tracker_id)
        values: dict[str, str | Secret] = {}
        if definition.base_url is None and indexer.urls:
            values["baseUrl"] = indexer.urls[0].rstrip("/")
        if indexer.api_key is not None:
            values[definition.auth.setting] = indexer.api_key
        missing = tuple(
            s.name for s in definition.settings if s.required and s.default is None and s.name not in values
        )
        candidates.append(ImportCandidate(indexer.id, indexer.name, tracker_id, reason, values, missing))
    return candidates


def prowlarr_query(query: SearchQuery) -> str:
    """The ``query`` text of a Prowlarr search: id tokens when known, else the title (and year)."""
    tokens = ""
    if query.tmdb_id:
        tokens += f"{{tmdbid:{query.tmdb_id}}}"
    elif query.imdb_id:
        tokens += f"{{imdbid:{query.imdb_id}}}"
    if query.media_type == "tv" and query.season is not None:
        tokens += f"{{season:{query.season}}}"
        if query.episode:
            tokens += f"{{episode:{query.episode}}}"
    if tokens:
        return tokens
    text = query.title or query.name or ""
    return f"{text} {query.year}" if query.year and query.title else text


class ProwlarrClient:
    """One Prowlarr instance; errors follow :mod:`seedarr.errors` (a refused key is ServiceAuthError)."""

    service = "Prowlarr"

    def __init__(
        self, http: httpx.AsyncClient, base_url: str, api_key: Secret, *, retry: RetryOptions | None = None
    ) -> None:
        self.base_url = validate_url(base_url, field="prowlarr.url").rstrip("/")
        self.http = http
        self.api_key = api_key
        self.policy = RequestPolicy(self.service, rate_per_s=5.0, burst=5, retry=retry)

    def torznab_url(self, indexer_id: int) -> str:
        """The indexer's own Torznab endpoint (its ``apikey`` is Prowlarr's key)."""
        return f"{self.base_url}/{indexer_id}/api"

    async def _get(self, path: str, params: list[tuple[str, str]] | None = None) -> Any:
        response = await self.policy.send(
            self.http,
            "GET",
            f"{self.base_url}/api/v1{path}",
            params=params,
            headers={"X-Api-Key": self.api_key.reveal(), "Accept": "application/json"},
        )
        try:
            return response.json()
        except ValueError:
            raise ServiceUnavailable(self.service, f"{path} did not answer JSON") from None

    async def system_status(self) -> dict[str, Any]:
        """``GET /system/status``: the connection test (version, instance name)."""
        body = await self._get("/system/status")
        if not isinstance(body, dict):
            raise ServiceUnavailable(self.service, "system/status did not answer an object")
        return body

    async def indexers(self) -> list[ProwlarrIndexer]:
        """Every indexer Prowlarr holds (disabled ones too: the caller decides)."""
        body = await self._get("/indexer")
        if not isinstance(body, list):
            raise ServiceUnavailable(self.service, "the indexer list is not a list")
        return [indexer for item in body if (indexer := _indexer(item)) is not None]

    async def search(
        self,
        query: SearchQuery,
        indexer_ids: Iterable[int],
        *,
        kind: Literal["search", "movie", "tvsearch"] | None = None,
        limit: int = 100,
    ) -> list[SearchHit]:
        """Prowlarr's JSON search on ``indexer_ids`` (Movies or TV categories), as search hits."""
        params = [("query", prowlarr_query(query))]
        params.append(("type", kind or ("tvsearch" if query.media_type == "tv" else "movie")))
        params += [("indexerIds", str(i)) for i in indexer_ids]
        params += [("categories", str(_CATEGORIES[query.media_type])), ("limit", str(limit)), ("offset", "0")]
        body = await self._get("/search", params)
        if not isinstance(body, list):
            raise ServiceUnavailable(self.service, "the search answer is not a list")
        return [hit for item in body if (hit := _hit(item)) is not None]


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _indexer(item: Any) -> ProwlarrIndexer | None:
    if not isinstance(item, dict) or _int(item.get("id")) is None:
        return None
    fields = {str(f.get("name")): f.get("value") for f in item.get("fields") or [] if isinstance(f, dict)}
    key = next((fields[n] for n in API_KEY_FIELDS if isinstance(fields.get(n), str) and fields[n]), None)
    urls = tuple(str(u) for u in item.get("indexerUrls") or [] if isinstance(u, str))
    return ProwlarrIndexer(
        id=int(item["id"]),
        name=str(item.get("name") or ""),
        definition_name=str(item.get("definitionName") or ""),
        implementation=str(item.get("implementation") or ""),
        protocol=str(item.get("protocol") or ""),
        privacy=str(item.get("privacy") or ""),
        enabled=bool(item.get("enable")),
        urls=urls,
        api_key=Secret(key) if key else None,
    )


def _hit(item: Any) -> SearchHit | None:
    if not isinstance(item, dict) or not isinstance(item.get("title"), str):
        return None
    info_hash = item.get("infoHash")
    return SearchHit(
        torrent_id=str(item.get("guid") or ""),
        name=item["title"],
        size=_int(item.get("size")) or 0,
        url=item.get("infoUrl") if isinstance(item.get("infoUrl"), str) else None,
        tmdb_id=_int(item.get("tmdbId")) or None,
        seeders=_int(item.get("seeders")) or 0,
        leechers=_int(item.get("leechers")),
        infohash=info_hash.lower() if isinstance(info_hash, str) and info_hash else None,
        origin="torznab",
    )


async def prowlarr_searchers(
    client: ProwlarrClient, definitions: Iterable[TrackerDefinition]
) -> dict[str, TorznabSearch]:
    """For each of ``definitions`` an enabled Prowlarr indexer matches, a Torznab search of that indexer.

    Each goes through the indexer's own Torznab endpoint (``/{id}/api``, Prowlarr's key), under the
    indexer's caps and a polite rate of one request per second.
    """
    definitions = list(definitions)
    searchers: dict[str, TorznabSearch] = {}
    for indexer in await client.indexers():
        if not indexer.enabled or indexer.protocol != "torrent":
            continue
        tracker_id, _ = match_definition(indexer, definitions)
        if tracker_id is not None and tracker_id not in searchers:
            policy = TorznabPolicy(f"Prowlarr indexer {indexer.name}", retry=client.policy.retry)
            torznab = TorznabClient(client.torznab_url(indexer.id), client.api_key, client.http, policy)
            searchers[tracker_id] = TorznabSearch(torznab)
    return searchers
