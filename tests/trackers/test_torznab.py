"""The Torznab client against a strict fake indexer mounted as Prowlarr mounts one (``/{id}/api``), §5."""

from __future__ import annotations

import re
import time
import traceback
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import httpx
import pytest

from fakes.server import serve_in_thread
from fakes.torznab import FakeTorznab, TorznabRelease
from harness.ports import free_port
from harness.tracker_samples import FAST_RETRY
from seedarr.errors import SeedarrError, ServiceUnavailable, ValidationFailed
from seedarr.secrets import Secret
from seedarr.trackers.base import SearchQuery, TrackerAuthError, TrackerRejected
from seedarr.trackers.torznab import TorznabClient, TorznabPolicy
from seedarr.trackers.torznab_search import TorznabSearch, dotted_title

KEY = "c0ffee00c0ffee00c0ffee00c0ffee00"
PREFIX = "/12/api"
RELEASES = [
    TorznabRelease(
        "Le.Film.2021.MULTi.1080p.WEB.H264-GRP", 4_400_000_000, "https://site.example/torrents/101",
        link=f"https://prowlarr.example/12/download?apikey={KEY}&link=abc",
        comments="https://site.example/torrents/101", categories=(2040, 100001), seeders=12, peers=15,
        files=3, grabs=40, infohash="ABCDEF0123456789ABCDEF0123456789ABCDEF01", imdb=12345, tmdbid=555,
        published=datetime(2024, 3, 2, 10, 30, tzinfo=UTC),
    ),
    TorznabRelease("La.Serie.S02E05.1080p.WEB.H264-GRP", 900_000_000, "guid-202", categories=(5040,),
                   tvdbid=4242, tmdbid=999, season=2, episode=5),
]  # fmt: skip


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[FakeTorznab, str]]:
    fake = FakeTorznab(KEY)
    with serve_in_thread(fake.app(PREFIX), name="torznab", probe_path=PREFIX) as url:
        yield fake, url + PREFIX


@pytest.fixture
def indexer(server: tuple[FakeTorznab, str]) -> FakeTorznab:
    fake = server[0]
    fake.reset(items=list(RELEASES))
    fake.modes = FakeTorznab(KEY).modes
    return fake


@pytest.fixture
def make_client(
    http: httpx.AsyncClient, server: tuple[FakeTorznab, str], indexer: FakeTorznab
) -> Callable[..., TorznabClient]:
    def factory(*, key: str = KEY, url: str | None = None, **options: bool) -> TorznabClient:
        policy = TorznabPolicy("Indexer", rate_per_s=50, burst=10, retry=FAST_RETRY)
        return TorznabClient(url or server[1], Secret(key), http, policy, **options)

    return factory


async def test_caps_are_read_once_and_cached(
    make_client: Callable[..., TorznabClient], indexer: FakeTorznab
) -> None:
    client = make_client()
    caps = await client.caps()
    assert caps.server_title == "Fake indexer" and (caps.limit_max, caps.limit_default) == (100, 50)
    assert caps.mode("tvsearch") is not None and caps.mode("tvsearch").supported_params >= {"season", "ep"}  # type: ignore[union-attr]
    assert caps.mode("movie").available  # type: ignore[union-attr]
    movies = next(c for c in caps.categories if c.id == 2000)
    assert [(s.id, s.name) for s in movies.subcategories] == [(2040, "Movies/HD"), (2045, "Movies/UHD")]
    assert {2000, 2040, 5070, 100001} <= caps.category_ids()
    await client.caps()
    assert indexer.functions() == ["caps"]
    await client.caps(refresh=True)
    assert indexer.functions() == ["caps", "caps"]
    assert dict(indexer.received[0])["apikey"] == KEY


async def test_items_carry_every_attribute(make_client: Callable[..., TorznabClient]) -> None:
    items = await make_client().search("movie", {"imdbid": "tt0012345"})
    assert len(items) == 1
    item = items[0]
    assert (item.title, item.size, item.guid) == (RELEASES[0].title, 4_400_000_000, RELEASES[0].guid)
    assert item.comments == "https://site.example/torrents/101" and item.link is not None
    assert item.pub_date == datetime(2024, 3, 2, 10, 30, tzinfo=UTC)
    assert item.categories == (2040, 100001)
    assert (item.seeders, item.peers, item.leechers, item.files, item.grabs) == (12, 15, 3, 3, 40)
    assert item.infohash == "abcdef0123456789abcdef0123456789abcdef01"
    assert (item.imdb_id, item.tmdb_id, item.tvdb_id) == ("tt0012345", 555, None)
    assert (item.download_volume_factor, item.upload_volume_factor) == (0.0, 1.0)
    assert item.enclosure_length == 4_400_000_000 and item.enclosure_type == "application/x-bittorrent"
    assert KEY not in repr(item), "download links carry the key"
    hit = item.to_hit()
    assert (hit.origin, hit.name, hit.size) == ("torznab", item.title, item.size)
    assert (hit.seeders, hit.leechers) == (12, 3)
    assert hit.url == item.comments and hit.infohash == item.infohash and hit.category_id == 2040
    assert hit.tmdb_id == 555


async def test_only_supported_params_are_sent(
    make_client: Callable[..., TorznabClient], indexer: FakeTorznab
) -> None:
    indexer.modes["search"] = (True, {"q"})
    indexer.modes["movie-search"] = (True, {"q", "imdbid"})
    client = make_client(imdb_with_tt=True)
    items = await client.search("search", {"tmdbid": 555}, fallback_q="Le.Film.2021")
    assert [i.title for i in items] == [RELEASES[0].title]
    assert indexer.received[-1][:2] == [("t", "search"), ("q", "Le.Film.2021")]
    await client.search("movie", {"tmdbid": 555, "imdbid": "12345", "cat": "2000"})
    sent = dict(indexer.received[-1])
    assert sent["imdbid"] == "tt0012345" and "tmdbid" not in sent and sent["cat"] == "2000"
    plain = make_client()
    await plain.search("movie", {"imdbid": "tt0012345"})
    assert dict(indexer.received[-1])["imdbid"] == "0012345"


async def test_an_unavailable_function_falls_back_to_search_with_q(
    make_client: Callable[..., TorznabClient], indexer: FakeTorznab
) -> None:
    indexer.modes["tv-search"] = (False, set())
    items = await make_client().search("tvsearch", {"tvdbid": 4242, "season": 2}, fallback_q="La.Serie")
    assert [i.title for i in items] == [RELEASES[1].title]
    assert indexer.received[-1][:2] == [("t", "search"), ("q", "La.Serie")]


async def test_nothing_to_search_by_is_refused_before_any_search(
    make_client: Callable[..., TorznabClient], indexer: FakeTorznab
) -> None:
    indexer.modes["search"] = (True, {"q"})
    with pytest.raises(ValidationFailed, match="tmdbid"):
        await make_client().search("search", {"tmdbid": 555})
    assert indexer.functions() == ["caps"]


@pytest.mark.parametrize("as_200", [False, True], ids=["http-status", "200-body"])
async def test_bad_credentials_are_an_auth_error_never_retried(
    make_client: Callable[..., TorznabClient], indexer: FakeTorznab, as_200: bool
) -> None:
    indexer.errors_as_200 = as_200
    with pytest.raises(TrackerAuthError, match="error 100: Incorrect user credentials") as caught:
        await make_client(key="wrong-key-0000000000").caps()
    assert caught.value.needs_user and len(indexer.received) == 1


@pytest.mark.parametrize("as_200", [False, True], ids=["http-status", "200-body"])
async def test_protocol_errors_are_rejections(
    http: httpx.AsyncClient, server: tuple[FakeTorznab, str], indexer: FakeTorznab, as_200: bool
) -> None:
    indexer.errors_as_200 = as_200
    policy = TorznabPolicy("Indexer", rate_per_s=50, burst=10, retry=FAST_RETRY)
    cases = [
        ([("t", "music")], "error 202: No such function"),
        ([], "error 200: Missing parameter"),
        ([("t", "search"), ("q", "x"), ("tvdbid", "1")], "error 201: Incorrect parameter (tvdbid)"),
    ]
    for params, message in cases:
        with pytest.raises(TrackerRejected, match=re.escape(message)):
            await policy.send(http, "GET", server[1], params=[*params, ("apikey", KEY)])
    indexer.disabled = True
    with pytest.raises(TrackerRejected, match="indexer is disabled"):
        await policy.send(http, "GET", server[1], params=[("t", "caps"), ("apikey", KEY)])
    assert len(indexer.received) == 4, "refusals are not retried"


@pytest.mark.parametrize("as_200", [False, True], ids=["http-status", "200-body"])
async def test_429_waits_for_retry_after_then_succeeds(
    make_client: Callable[..., TorznabClient], indexer: FakeTorznab, as_200: bool
) -> None:
    indexer.errors_as_200 = as_200
    indexer.fail_next(429, retry_after="1")
    started = time.monotonic()
    caps = await make_client().caps()
    assert time.monotonic() - started >= 0.9
    assert caps.modes and indexer.functions() == ["caps", "caps"]


async def test_server_errors_are_retried(
    make_client: Callable[..., TorznabClient], indexer: FakeTorznab
) -> None:
    indexer.fail_next(502, count=2)
    await make_client().caps()
    assert len(indexer.received) == 3
    indexer.fail_next(500, count=10)
    with pytest.raises(ServiceUnavailable):
        await make_client().caps()
    assert len(indexer.received) == 3 + FAST_RETRY.attempts


async def test_the_key_never_shows_in_errors(
    make_client: Callable[..., TorznabClient], indexer: FakeTorznab
) -> None:
    dead = f"http://127.0.0.1:{free_port()}/12/api"
    wrong_path = make_client(url=make_client().base_url.replace("/12/api", "/13/api"))
    attempts = [make_client(url=dead).caps(), wrong_path.caps(), make_client(key="nope-nope-nope").caps()]
    errors: list[SeedarrError] = []
    for attempt in attempts:
        with pytest.raises(SeedarrError) as caught:
            await attempt
        errors.append(caught.value)
    assert [type(e).__name__ for e in errors] == ["ServiceUnavailable", "TrackerRejected", "TrackerAuthError"]
    client = make_client()
    for error in errors:
        text = str(error) + repr(error) + "".join(traceback.format_exception(error))
        assert KEY not in text
    assert KEY not in repr(client) and "12/api" in repr(client)


async def test_a_jackett_style_prefix_is_served_too(http: httpx.AsyncClient) -> None:
    fake = FakeTorznab(KEY, items=[RELEASES[1]])
    prefix = "/api/v2.0/indexers/site/results/torznab/api"
    with serve_in_thread(fake.app(prefix), name="jackett", probe_path=prefix) as url:
        policy = TorznabPolicy("Jackett", rate_per_s=50, burst=10, retry=FAST_RETRY)
        client = TorznabClient(url + prefix, Secret(KEY), http, policy)
        items = await client.search("tvsearch", {"q": "La Serie", "season": 2, "ep": 5})
    assert [i.tvdb_id for i in items] == [4242]


async def test_torznab_search_turns_a_query_into_hits(
    make_client: Callable[..., TorznabClient], indexer: FakeTorznab
) -> None:
    searcher = TorznabSearch(make_client(), categories={"movie": [2000], "tv": [5000]})
    query = SearchQuery("movie", tmdb_id=555, imdb_id="tt0012345", title="Le Film", year=2021)
    hits = await searcher.search(query)
    assert [h.name for h in hits] == [RELEASES[0].title], "found by three searches, listed once"
    sent = [dict(params) for params in indexer.received]
    assert [p["t"] for p in sent] == ["caps", "search", "movie", "search"]
    assert (sent[1]["tmdbid"], sent[2]["imdbid"], sent[3]["q"]) == ("555", "0012345", "Le.Film.2021")
    assert all(p["cat"] == "2000" for p in sent[1:])
    series = await searcher.search(SearchQuery("tv", title="La Serie", season=2))
    assert [h.name for h in series] == [RELEASES[1].title]
    assert indexer.received[-1][:4] == [
        ("t", "tvsearch"),
        ("q", "La.Serie"),
        ("season", "2"),
        ("cat", "5000"),
    ]
    with pytest.raises(ValidationFailed, match="give a TMDB id"):
        await searcher.search(SearchQuery("movie"))


def test_dotted_titles() -> None:
    assert dotted_title("Le Film: Suite", 2021) == "Le.Film.Suite.2021"
    assert dotted_title("L'Âge de glace") == "L.Âge.de.glace"
    assert dotted_title("Fast & Furious - Hobbs") == "Fast.&.Furious.-.Hobbs"
