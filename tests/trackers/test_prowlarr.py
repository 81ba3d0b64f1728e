"""Prowlarr: list indexers, match them to definitions (asking for the announce URL), search them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from fakes.prowlarr import FakeProwlarr
from fakes.server import serve_in_thread
from fakes.torznab import TorznabRelease
from harness.tracker_samples import FAST_RETRY
from seedarr.errors import ServiceAuthError, ServiceUnavailable
from seedarr.secrets import Secret
from seedarr.trackers.base import SearchQuery
from seedarr.trackers.prowlarr import ProwlarrClient, import_candidates, prowlarr_query, prowlarr_searchers
from seedarr.trackers.registry import default_registry

KEY = "feedfacefeedfacefeedfacefeedface"
SITE_KEY = "site-api-key-held-by-prowlarr"


def _indexer(index: int, name: str, url: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": index,
        "name": name,
        "definitionName": extra.pop("definitionName", name.lower()),
        "implementation": extra.pop("implementation", "Cardigann"),
        "protocol": extra.pop("protocol", "torrent"),
        "privacy": extra.pop("privacy", "private"),
        "enable": True,
        "priority": 25,
        "indexerUrls": [url],
        "tags": [],
        "fields": extra.pop("fields", [{"name": "apikey", "value": SITE_KEY}]),
    }


@pytest.fixture(scope="module")
def _server() -> Iterator[tuple[FakeProwlarr, str]]:
    fake = FakeProwlarr(KEY)
    with serve_in_thread(fake.app(), name="prowlarr", probe_path="/ping") as url:
        yield fake, url


@pytest.fixture
def prowlarr(_server: tuple[FakeProwlarr, str]) -> FakeProwlarr:
    _server[0].reset()
    return _server[0]


@pytest.fixture
async def client(_server: tuple[FakeProwlarr, str]) -> AsyncIterator[ProwlarrClient]:
    async with httpx.AsyncClient(timeout=5) as http:
        yield ProwlarrClient(http, _server[1], Secret(KEY), retry=FAST_RETRY)


async def test_status_and_a_refused_key(client: ProwlarrClient, prowlarr: FakeProwlarr) -> None:
    assert (await client.system_status())["appName"] == "Prowlarr"
    async with httpx.AsyncClient(timeout=5) as http:
        wrong = ProwlarrClient(http, client.base_url, Secret("f" * 32), retry=FAST_RETRY)
        with pytest.raises(ServiceAuthError) as caught:
            await wrong.system_status()
    assert "f" * 32 not in str(caught.value)


async def test_indexers_are_matched_to_definitions_and_the_passkey_is_asked(
    client: ProwlarrClient, prowlarr: FakeProwlarr
) -> None:
    prowlarr.indexer_list.extend([
        _indexer(1, "Generation Free", "https://www.generation-free.org/"),
        _indexer(2, "My Unit3d Site", "https://tracker.example.org/", implementation="Unit3d",
                 fields=[{"name": "apiKey", "value": "other-key"}]),
        _indexer(3, "Public Site", "https://public.example/", privacy="public"),
        _indexer(4, "Usenet", "https://nzb.example/", protocol="usenet"),
        _indexer(5, "Unknown Private", "https://unknown.example/"),
    ])  # fmt: skip
    indexers = await client.indexers()
    assert [i.id for i in indexers] == [1, 2, 3, 4, 5]
    assert SITE_KEY not in repr(indexers)

    by_id = {c.indexer_id: c for c in import_candidates(indexers, default_registry())}
    assert set(by_id) == {1, 2, 5}  # public and usenet indexers are not trackers to upload to
    site = by_id[1]
    assert site.tracker_id == "generation-free" and "same site" in site.reason
    definition = default_registry().get("generation-free")
    assert isinstance(site.values[definition.auth.setting], Secret)
    assert site.values[definition.auth.setting].reveal() == SITE_KEY  # type: ignore[union-attr]
    assert site.missing == ("announceUrl",)  # the passkey is never guessed
    generic = by_id[2]
    assert generic.tracker_id == "unit3d" and generic.values["baseUrl"] == "https://tracker.example.org"
    assert generic.missing == ("announceUrl",)
    assert by_id[5].tracker_id is None and "no tracker definition" in by_id[5].reason


async def test_search_sends_id_tokens_and_keeps_no_download_url(
    client: ProwlarrClient, prowlarr: FakeProwlarr
) -> None:
    prowlarr.results.extend([
        {"guid": "g1", "indexerId": 7, "indexer": "Site", "title": "Le.Film.2021.MULTi.1080p.WEB.H264-GRP",
         "size": 4_000_000_000, "publishDate": "2026-01-01T00:00:00Z", "infoUrl": "https://site.example/t/1",
         "seeders": 12, "leechers": 1, "tmdbId": 12345, "protocol": "torrent",
         "infoHash": "ABCDEF0123456789ABCDEF0123456789ABCDEF01",
         "categories": [{"id": 2000, "name": "Movies"}]},
        {"guid": "g2", "indexerId": 8, "indexer": "Other", "title": "Other", "size": 1,
         "protocol": "torrent"},
    ])  # fmt: skip
    hits = await client.search(SearchQuery("movie", tmdb_id=12345), [7])
    assert [(h.name, h.size, h.seeders, h.leechers) for h in hits] == [
        ("Le.Film.2021.MULTi.1080p.WEB.H264-GRP", 4_000_000_000, 12, 1)
    ]
    assert hits[0].infohash == "abcdef0123456789abcdef0123456789abcdef01"
    assert hits[0].origin == "torznab" and hits[0].url == "https://site.example/t/1"
    assert KEY not in repr(hits)
    path, params = prowlarr.received[-1]
    assert path == "/api/v1/search"
    assert ("query", "{tmdbid:12345}") in params and ("type", "movie") in params
    assert ("indexerIds", "7") in params and ("categories", "2000") in params


@pytest.mark.parametrize(
    ("query", "text"),
    [
        (SearchQuery("movie", tmdb_id=5), "{tmdbid:5}"),
        (SearchQuery("movie", imdb_id="tt0111161"), "{imdbid:tt0111161}"),
        (SearchQuery("tv", tmdb_id=9, season=2, episode=5), "{tmdbid:9}{season:2}{episode:5}"),
        (SearchQuery("movie", title="Le Film", year=2021), "Le Film 2021"),
        (SearchQuery("movie", name="Le.Film.2021.1080p"), "Le.Film.2021.1080p"),
    ],
)
def test_prowlarr_query(query: SearchQuery, text: str) -> None:
    assert prowlarr_query(query) == text


async def test_server_errors_are_retried_then_reported(
    client: ProwlarrClient, prowlarr: FakeProwlarr
) -> None:
    prowlarr.fail_next(500, count=2)
    assert await client.indexers() == []
    prowlarr.fail_next(503, count=FAST_RETRY.attempts)
    with pytest.raises(ServiceUnavailable, match="Prowlarr"):
        await client.indexers()


async def test_prowlarr_indexers_stand_in_for_matching_trackers(
    client: ProwlarrClient, prowlarr: FakeProwlarr
) -> None:
    prowlarr.indexer_list.extend([
        _indexer(7, "Generation Free", "https://generation-free.org/"),
        _indexer(8, "Unknown", "https://unknown.example/"),
        {**_indexer(9, "Gemini", "https://gemini-tracker.org/"), "enable": False},
    ])  # fmt: skip
    prowlarr.indexer_torznab(7).items = [
        TorznabRelease("Le.Film.2021.1080p.WEB.H264-GRP", 10, "a", seeders=3, tmdbid=12345),
        TorznabRelease("Autre.Film.2019.720p.WEB.H264-GRP", 10, "b", tmdbid=999),
    ]
    searchers = await prowlarr_searchers(client, default_registry())
    assert set(searchers) == {"generation-free"}  # unknown and disabled indexers stand in for nothing
    hits = await searchers["generation-free"].search(SearchQuery("movie", tmdb_id=12345))
    assert [(h.name, h.seeders, h.origin) for h in hits] == [
        ("Le.Film.2021.1080p.WEB.H264-GRP", 3, "torznab")
    ]
    received = prowlarr.indexer_torznab(7).received
    assert [dict(r)["t"] for r in received][:1] == ["caps"]  # caps first, then only supported params
    assert ("tmdbid", "12345") in received[-1] and ("apikey", KEY) in received[-1]
