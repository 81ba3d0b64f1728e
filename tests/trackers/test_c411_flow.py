"""C411 end to end on the strict fake: sync → build → upload once → our torrent to seed → search finds it.

Both search APIs run: the site's Torznab (the default, ``/api?t=…&apikey=``) and its JSON search.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from fakes.c411 import FakeC411
from fakes.c411_samples import c411_definition, c411_release
from fakes.server import serve_in_thread
from harness.tracker_samples import API_TOKEN, FAST_RETRY, PASSKEY
from seedarr.pipeline.dupes import check_duplicates, find_own_upload
from seedarr.trackers.adapters import build_adapter
from seedarr.trackers.base import SearchQuery, TrackerAdapter
from seedarr.trackers.custom.c411 import Adapter
from seedarr.trackers.settings import validate_settings

MOVIE_FILE = {"Le.Film.2021.MULTi.1080p.WEB.H264-GRP.mkv": 40_000}


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[FakeC411, str]]:
    fake = FakeC411(API_TOKEN, PASSKEY)
    with serve_in_thread(fake.app(), name="c411", probe_path="/probe") as url:
        yield fake, url


@pytest.fixture
def c411(site: tuple[FakeC411, str]) -> FakeC411:
    site[0].reset()
    return site[0]


@pytest.fixture
def make(http: httpx.AsyncClient, site: tuple[FakeC411, str], c411: FakeC411) -> Callable[..., Adapter]:
    def factory(search_api: str | None = None, **custom: Any) -> Adapter:
        definition = c411_definition(site[1], search_api=search_api, **custom)
        settings = validate_settings(definition, {"apiKey": API_TOKEN, "passkey": PASSKEY})
        adapter = build_adapter(definition, settings, http, retry=FAST_RETRY)
        assert isinstance(adapter, Adapter), "the definition names the custom module"
        return adapter

    return factory


@pytest.mark.parametrize("api", ["torznab", "json"])
async def test_movie_flow(
    api: str, make: Callable[..., Adapter], make_torrent: Callable[..., Path], c411: FakeC411
) -> None:
    adapter = make(search_api=api)
    protocol: TrackerAdapter = adapter
    info = await protocol.test_connection()
    assert "API key accepted (3 categories)" in info.detail
    metadata = await protocol.sync_metadata()
    assert metadata.origin == "site" and metadata.tags == {"HDR": 3}
    assert dict(metadata.categories) == {
        "movie": 6,
        "tv": 7,
        "anime_movie": 1,
        "anime_tv": 2,
        "documentary": 9,
    }

    torrent = make_torrent(MOVIE_FILE, source="C411", announce=adapter.announce_url().reveal())
    request = protocol.build_upload(c411_release(torrent, language_tags=("MULTI", "VFF")))
    result = await protocol.upload(request)
    assert c411.uploads == 1
    stored = c411.stored[int(result.torrent_id)]
    assert stored.fields["title"] == request.release_name and stored.options == {"1": [4], "2": 25}
    assert result.url == f"{adapter.base_url}/torrents/{result.torrent_id}"
    assert result.message == "Torrent uploadé avec succès"

    registered = await protocol.fetch_registered_torrent(result)
    assert registered.data == torrent.read_bytes(), "C411 does not rewrite: we seed our own torrent"
    assert registered.meta.source == "C411" and registered.meta.infohash == stored.infohash

    hits = await protocol.search(
        SearchQuery("movie", tmdb_id=12345, imdb_id="tt0012345", title="Le Film", year=2021)
    )
    assert [(h.name, h.infohash, h.origin) for h in hits] == [
        (request.release_name, stored.infohash, "torznab" if api == "torznab" else "native")
    ]
    assert hits[0].url is not None and hits[0].url.endswith(
        f"/torrents/{stored.slug}" if api == "torznab" else f"/torrents/{stored.id}"
    )
    assert await protocol.search(SearchQuery("movie", tmdb_id=1, title="Autre Film", year=1999)) == []
    if api == "torznab":
        sent = [dict(params) for params in c411.torznab.received]
        assert [p["t"] for p in sent] == ["caps", "search", "movie", "search", "search", "search"]
        assert (sent[1]["tmdbid"], sent[2]["imdbid"], sent[3]["q"]) == ("12345", "tt0012345", "Le.Film.2021")
        assert all(p["apikey"] == API_TOKEN for p in sent)
    else:
        assert c411.torznab.received == []
    assert c411.uploads == 1


async def test_season_pack_flow_with_torznab(
    make: Callable[..., Adapter], make_torrent: Callable[..., Path], c411: FakeC411
) -> None:
    adapter = make()
    files = {f"La.Serie.S03E0{n}.MULTi.1080p.WEB.H264-GRP.mkv": 20_000 for n in (1, 2)}
    torrent = make_torrent(files, source="C411", announce=adapter.announce_url().reveal())
    release = c411_release(torrent, kind="pack", season=3, raw="La.Serie.S03.MULTi.1080p.WEB.H264-GRP")
    result = await adapter.upload(adapter.build_upload(release))
    stored = c411.stored[int(result.torrent_id)]
    assert stored.options["7"] == 123 and stored.options["6"] == 96
    assert stored.fields["subcategoryId"] == "7" and stored.tmdb is not None and stored.tmdb["type"] == "tv"
    hits = await adapter.search(SearchQuery("tv", tmdb_id=999, title="La Serie", season=3))
    assert [h.name for h in hits] == ["La.Serie.S03.MULTi.1080p.WEB.H264-GRP"], "found once, by two searches"
    tv = dict(c411.torznab.received[-1])
    assert (tv["t"], tv["q"], tv["season"]) == ("tvsearch", "La.Serie", "3")


async def test_sync_finds_anime_and_documentaries_by_name(
    make: Callable[..., Adapter], make_torrent: Callable[..., Path], c411: FakeC411
) -> None:
    c411.categories = [{"id": 1, "name": "Vidéos", "subcategories": [
        {"id": 6, "name": "Films"}, {"id": 7, "name": "Séries TV"}, {"id": 8, "name": "Animés"},
        {"id": 9, "name": "Documentaires"}]}]  # fmt: skip
    adapter = make()
    metadata = await adapter.sync_metadata()
    assert dict(metadata.categories) == {
        "movie": 6,
        "tv": 7,
        "anime_movie": 8,
        "anime_tv": 8,
        "documentary": 9,
    }
    torrent = make_torrent(MOVIE_FILE, source="C411", announce=adapter.announce_url().reveal())
    anime = c411_release(torrent, identity={"genres": ("Animation",), "original_language": "ja"})
    result = await adapter.upload(adapter.build_upload(anime))
    assert c411.stored[int(result.torrent_id)].fields["subcategoryId"] == "8"
    documentary = c411_release(torrent, identity={"genres": ("Documentaire",)})
    assert adapter.build_upload(documentary).value("subcategoryId") == "9"


async def test_the_dupe_stage_searches_c411_through_its_own_torznab(
    make: Callable[..., Adapter], make_torrent: Callable[..., Path], c411: FakeC411
) -> None:
    adapter = make()
    torrent = make_torrent(MOVIE_FILE, source="C411", announce=adapter.announce_url().reveal())
    release = c411_release(torrent, language_tags=("MULTI", "VFF"))
    result = await adapter.upload(adapter.build_upload(release))
    checked = await check_duplicates(release, [adapter])
    report = checked.dupes["c411"]
    assert report.status == "completed" and report.searched_by == ("tmdb id",)
    assert [(m.name, m.origin, m.decision) for m in report.matches] == [
        ("Le.Film.2021.MULTi.1080p.WEB.H264-GRP", "torznab", "exact")
    ]
    own = await find_own_upload(adapter, release)
    assert own is not None and own.infohash == c411.stored[int(result.torrent_id)].infohash


async def test_an_id_the_indexer_cannot_search_finds_nothing_and_the_title_still_works(
    make: Callable[..., Adapter], make_torrent: Callable[..., Path], c411: FakeC411
) -> None:
    adapter = make()
    torrent = make_torrent(MOVIE_FILE, source="C411", announce=adapter.announce_url().reveal())
    await adapter.upload(adapter.build_upload(c411_release(torrent)))
    c411.torznab.modes = {"search": (True, {"q"}), "movie-search": (True, {"q"})}
    assert await adapter.search(SearchQuery("movie", tmdb_id=12345)) == []
    assert [dict(p)["t"] for p in c411.torznab.received] == ["caps"], "no search the indexer would refuse"
    hits = await adapter.search(SearchQuery("movie", tmdb_id=12345, title="Le Film", year=2021))
    assert [h.name for h in hits] == ["Le.Film.2021.MULTi.1080p.WEB.H264-GRP"]
    assert dict(c411.torznab.received[-1])["q"] == "Le.Film.2021"
