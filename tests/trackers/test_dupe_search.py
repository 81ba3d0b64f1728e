"""The dupe check stage against the strict UNIT3D fake: search order, per-tracker isolation, Torznab fallback,
the report stored on the release, and the search for our own upload after an unknown outcome."""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from fakes.server import serve_in_thread
from fakes.unit3d import FakeUnit3d
from harness.tracker_samples import API_TOKEN, FAST_RETRY, PASSKEY, movie_release, put_torrent, tv_release
from seedarr.domain.dupe_report import DupeReport, reports_from_dict, reports_to_dict
from seedarr.domain.release import ReleaseInfo
from seedarr.errors import ServiceUnavailable
from seedarr.media.torrent.metainfo import parse_metainfo
from seedarr.pipeline.dupes import check_duplicates, find_own_upload, search_queries
from seedarr.trackers.base import SearchHit, SearchQuery
from seedarr.trackers.definition import RateLimitSpec, SearchSpec
from seedarr.trackers.families.unit3d import Unit3dAdapter
from seedarr.trackers.registry import default_registry
from seedarr.trackers.settings import validate_settings

MOVIE_FILE = {"Le.Film.2021.MULTi.1080p.WEB.H264-GRP.mkv": 40_000}
EPISODE_FILE = {"La.Serie.S02E05.MULTi.1080p.WEB.H264-GRP.mkv": 20_000}


def filters(fake: FakeUnit3d) -> list[dict[str, list[str]]]:
    """The query of every search the fake received, in order."""
    found = []
    for received in fake.received:
        if received.path.endswith("/torrents/filter"):
            params: dict[str, list[str]] = {}
            for key, value in received.params:
                params.setdefault(key, []).append(value)
            found.append(params)
    return found


def size_of(torrent: Path) -> int:
    return parse_metainfo(torrent.read_bytes()).total_size


@pytest.fixture(scope="module")
def other_site() -> Iterator[tuple[FakeUnit3d, str]]:
    """A second UNIT3D site on its own port, so one tracker can fail while another answers."""
    fake = FakeUnit3d(API_TOKEN)
    with serve_in_thread(fake.app(), name="unit3d-other", probe_path="/probe") as url:
        yield fake, url


def adapter_on(fake: FakeUnit3d, url: str, tracker_id: str, http: httpx.AsyncClient) -> Unit3dAdapter:
    """The shipped definition of ``tracker_id`` pointed at ``fake`` (given the site's prefix and ids)."""
    definition = default_registry().get(tracker_id)
    update: dict[str, Any] = {"rate_limit": RateLimitSpec(per_second=50, burst=10)}
    if definition.base_url is not None:
        update["base_url"] = url
    definition = definition.model_copy(update=update)
    ids = definition.ids
    fake.reset(
        prefix=urlsplit(definition.api_base.format(base_url=url)).path,
        categories={v: k for k, v in ids.category.items()},
        types=set(ids.type.values()),
        resolutions=set(ids.resolution.values()),
    )
    values = {"apiKey": API_TOKEN, "announceUrl": f"{url}/announce/{PASSKEY}"}
    if definition.base_url is None:
        values["baseUrl"] = url
    return Unit3dAdapter(definition, validate_settings(definition, values), http, retry=FAST_RETRY)


def for_trackers(release: ReleaseInfo, *tracker_ids: str) -> ReleaseInfo:
    """``release`` with the first tracker's artefacts copied for the others."""
    first = next(iter(release.trackers.values()))
    return dataclasses.replace(
        release, trackers={t: dataclasses.replace(first, tracker_id=t) for t in tracker_ids}
    )


class RecordingTorznab:
    """A Torznab indexer stand-in: answers the hits it was given and records the queries."""

    def __init__(self, hits: list[SearchHit]) -> None:
        self.hits = hits
        self.queries: list[SearchQuery] = []

    async def search(self, query: SearchQuery) -> list[SearchHit]:
        self.queries.append(query)
        return self.hits if query.tmdb_id else []


class NoSearchAdapter:
    """A site adapter without a search API (the protocol's search raises NotImplementedError)."""

    def __init__(self, tracker_id: str, error: Exception | None = None) -> None:
        self.tracker_id = tracker_id
        self.error = error

    async def search(self, query: SearchQuery) -> list[SearchHit]:
        raise self.error or NotImplementedError


async def test_a_tmdb_search_finds_the_duplicate_and_keeps_every_hit(
    make_adapter: Callable[..., Unit3dAdapter], make_torrent: Callable[..., Path], unit3d_fake: FakeUnit3d
) -> None:
    adapter = make_adapter("unit3d")
    torrent = make_torrent(MOVIE_FILE)
    ours = size_of(torrent)
    put_torrent(
        unit3d_fake, "Le.Film.2021.MULTi.1080p.WEB.H264-OTHER", int(ours * 1.004), seeders=12, tmdb=12345
    )
    remux_name = "Le.Film.2021.MULTi.1080p.BluRay.REMUX.AVC-OTHER"
    put_torrent(unit3d_fake, remux_name, ours * 9, seeders=40, tmdb=12345, type_id=2)
    put_torrent(unit3d_fake, "Le.Film.2021.MULTi.2160p.WEB.H265-OTHER", ours * 3, tmdb=12345, resolution_id=2)
    put_torrent(unit3d_fake, "Autre.Film.2021.1080p.WEB.H264-X", ours, tmdb=555)

    release = await check_duplicates(movie_release("unit3d", torrent), [adapter])

    report = release.dupes["unit3d"]
    assert (report.status, report.verdict, report.searched_by) == ("completed", "exact", ("tmdb id",))
    assert [(m.name, m.decision) for m in report.matches] == [
        ("Le.Film.2021.MULTi.1080p.WEB.H264-OTHER", "exact"),
        ("Le.Film.2021.MULTi.1080p.BluRay.REMUX.AVC-OTHER", "similar"),
    ]
    exact, remux = report.matches
    assert (exact.size, exact.seeders, exact.link) == (int(ours * 1.004), 12, "/torrents/101")
    assert "same slot (1080p · WEB · SDR · AVC)" in exact.explanation and "0.4% apart" in exact.explanation
    assert "source remux on the site vs WEB ours" in remux.explanation
    assert report.checked_at is not None and report.blocking
    (query,) = filters(unit3d_fake)
    assert query["tmdbId"] == ["12345"] and query["resolutions[]"] == ["3", "4"] and "types[]" not in query


async def test_a_failing_site_is_reported_while_the_other_completes(
    make_adapter: Callable[..., Unit3dAdapter],
    make_torrent: Callable[..., Path],
    unit3d_fake: FakeUnit3d,
    other_site: tuple[FakeUnit3d, str],
    http: httpx.AsyncClient,
) -> None:
    good = make_adapter("gemini")
    other_fake, other_url = other_site
    bad = adapter_on(other_fake, other_url, "theoldschool", http)
    put_torrent(unit3d_fake, "Le.Film.2021.MULTi.1080p.WEB.H264-OTHER", 1 << 30, tmdb=12345)
    other_fake.fail_next(500, count=4)  # every attempt of the retry policy
    release = for_trackers(movie_release("gemini", make_torrent(MOVIE_FILE)), "gemini", "theoldschool")

    release = await check_duplicates(release, [bad, good])

    failed, completed = release.dupes["theoldschool"], release.dupes["gemini"]
    assert failed.status == "failed" and failed.verdict is None and failed.matches == ()
    assert "Server Error" in failed.message and failed.message.startswith(bad.definition.name)
    assert completed.status == "completed" and completed.verdict == "duplicate"
    assert len(other_fake.received) == 4


async def test_a_refused_token_fails_only_that_tracker(
    make_adapter: Callable[..., Unit3dAdapter],
    make_torrent: Callable[..., Path],
    other_site: tuple[FakeUnit3d, str],
    http: httpx.AsyncClient,
) -> None:
    good = make_adapter("gemini")
    other_fake, other_url = other_site
    bad = adapter_on(other_fake, other_url, "theoldschool", http)
    other_fake.fail_next(401)
    release = for_trackers(movie_release("gemini", make_torrent(MOVIE_FILE)), "gemini", "theoldschool")

    release = await check_duplicates(release, [good, bad])

    assert release.dupes["gemini"].status == "completed" and release.dupes["gemini"].verdict == "clear"
    assert release.dupes["theoldschool"].status == "failed"
    assert "Unauthenticated" in release.dupes["theoldschool"].message
    assert API_TOKEN not in json.dumps(reports_to_dict(release.dupes))


async def test_imdb_id_is_searched_when_the_tmdb_id_finds_nothing(
    make_adapter: Callable[..., Unit3dAdapter], make_torrent: Callable[..., Path], unit3d_fake: FakeUnit3d
) -> None:
    adapter = make_adapter("unit3d")
    put_torrent(unit3d_fake, "Le.Film.2021.MULTi.1080p.WEB.H264-OTHER", 5 << 30, imdb=12345)

    release = await check_duplicates(movie_release("unit3d", make_torrent(MOVIE_FILE)), [adapter])

    report = release.dupes["unit3d"]
    assert report.searched_by == ("tmdb id", "imdb id") and report.verdict == "duplicate"
    assert "same slot" in report.matches[0].explanation and "another size" in report.matches[0].explanation
    by_tmdb, by_imdb = filters(unit3d_fake)
    assert by_tmdb["tmdbId"] == ["12345"] and by_imdb["imdbId"] == ["12345"] and "tmdbId" not in by_imdb


async def test_the_title_is_searched_last_and_other_works_are_unrelated(
    make_adapter: Callable[..., Unit3dAdapter], make_torrent: Callable[..., Path], unit3d_fake: FakeUnit3d
) -> None:
    adapter = make_adapter("unit3d")
    put_torrent(unit3d_fake, "Le.Film.2021.MULTi.1080p.WEBRip.x264-OTHER", 4 << 30, seeders=2, type_id=5)
    put_torrent(unit3d_fake, "Le.Film.Noir.1999.1080p.WEB.H264-X", 4 << 30, seeders=9)

    release = await check_duplicates(movie_release("unit3d", make_torrent(MOVIE_FILE)), [adapter])

    report = release.dupes["unit3d"]
    assert report.searched_by == ("tmdb id", "imdb id", "title")
    assert [(m.decision, m.name) for m in report.matches] == [
        ("duplicate", "Le.Film.2021.MULTi.1080p.WEBRip.x264-OTHER"),
        ("unrelated", "Le.Film.Noir.1999.1080p.WEB.H264-X"),
    ]
    assert "WEBRip on the site vs WEB-DL ours" in report.matches[0].explanation
    assert "“Le Film Noir” on the site" in report.matches[1].explanation
    assert filters(unit3d_fake)[-1]["name"] == ["Le Film"]


async def test_nothing_found_tries_every_key_and_is_clear(
    make_adapter: Callable[..., Unit3dAdapter], make_torrent: Callable[..., Path], unit3d_fake: FakeUnit3d
) -> None:
    adapter = make_adapter("unit3d")
    release = movie_release("unit3d", make_torrent(MOVIE_FILE))
    assert [key for key, _ in search_queries(release)] == ["tmdb id", "imdb id", "title", "title"]

    report = (await check_duplicates(release, [adapter])).dupes["unit3d"]

    assert (report.status, report.verdict, report.matches) == ("completed", "clear", ())
    assert [f.get("name") for f in filters(unit3d_fake)] == [None, None, ["Le Film"], ["The Film"]]


async def test_a_season_pack_on_the_site_blocks_our_episode(
    make_adapter: Callable[..., Unit3dAdapter], make_torrent: Callable[..., Path], unit3d_fake: FakeUnit3d
) -> None:
    adapter = make_adapter("unit3d")
    put_torrent(unit3d_fake, "La.Serie.S02.MULTi.1080p.WEB.H264-OTHER", 30 << 30, category_id=2, tmdb=999,
                season_number=2, episode_number=0, seeders=5)  # fmt: skip
    put_torrent(unit3d_fake, "La.Serie.S02E04.MULTi.1080p.WEB.H264-OTHER", 3 << 30, category_id=2, tmdb=999,
                season_number=2, episode_number=4)  # fmt: skip
    put_torrent(unit3d_fake, "La.Serie.S01.MULTi.1080p.WEB.H264-OTHER", 30 << 30, category_id=2, tmdb=999,
                season_number=1, episode_number=0)  # fmt: skip

    release = await check_duplicates(tv_release("unit3d", make_torrent(EPISODE_FILE), pack=False), [adapter])

    report = release.dupes["unit3d"]
    assert [(m.name, m.decision) for m in report.matches] == [
        ("La.Serie.S02.MULTi.1080p.WEB.H264-OTHER", "duplicate"),
        ("La.Serie.S02E04.MULTi.1080p.WEB.H264-OTHER", "unrelated"),
    ]
    assert "season 2 pack already contains our E05" in report.matches[0].explanation
    (query,) = filters(unit3d_fake)
    assert query["seasonNumber"] == ["2"] and "episodeNumber" not in query and query["categories[]"] == ["2"]


async def test_episodes_on_the_site_do_not_block_our_season_pack(
    make_adapter: Callable[..., Unit3dAdapter], make_torrent: Callable[..., Path], unit3d_fake: FakeUnit3d
) -> None:
    adapter = make_adapter("unit3d")
    put_torrent(unit3d_fake, "La.Serie.S02E05.MULTi.1080p.WEB.H264-OTHER", 3 << 30, category_id=2, tmdb=999,
                season_number=2, episode_number=5)  # fmt: skip
    torrent = make_torrent({f"La.Serie.S02E0{n}.mkv": 20_000 for n in (1, 2)})

    report = (await check_duplicates(tv_release("unit3d", torrent, pack=True), [adapter])).dupes["unit3d"]

    assert report.verdict == "similar" and not report.blocking
    assert "the site has only E05 of season 2" in report.matches[0].explanation


async def test_torznab_stands_in_for_a_site_without_search(
    make_adapter: Callable[..., Unit3dAdapter], make_torrent: Callable[..., Path], unit3d_fake: FakeUnit3d
) -> None:
    unit3d = make_adapter("unit3d")
    torznab_site = copy.copy(unit3d)
    torznab_site.definition = unit3d.definition.model_copy(update={"search": SearchSpec(style="torznab")})
    hit = SearchHit("9", "Le.Film.2021.MULTi.1080p.WEB.H264-OTHER", 5 << 30, url="https://idx/9", seeders=4,
                    tmdb_id=12345, origin="torznab")  # fmt: skip
    indexer = RecordingTorznab([hit])
    release = for_trackers(movie_release("unit3d", make_torrent(MOVIE_FILE)), "unit3d", "nosearch", "lonely")
    adapters: list[Any] = [torznab_site, NoSearchAdapter("nosearch"), NoSearchAdapter("lonely")]

    release = await check_duplicates(release, adapters, torznab={"unit3d": indexer, "nosearch": indexer})

    assert filters(unit3d_fake) == []  # the definition says torznab: the site's API is never searched
    for tracker_id in ("unit3d", "nosearch"):
        report = release.dupes[tracker_id]
        assert report.status == "completed" and report.searched_by == ("torznab tmdb id",)
        assert report.matches[0].origin == "torznab" and report.matches[0].decision == "duplicate"
    assert (
        release.dupes["lonely"].status == "not_run"
        and "no Torznab indexer" in release.dupes["lonely"].message
    )
    assert [q.tmdb_id for q in indexer.queries] == [12345, 12345]


async def test_unexpected_errors_and_releases_without_ids_never_stop_the_others(
    make_adapter: Callable[..., Unit3dAdapter], make_torrent: Callable[..., Path]
) -> None:
    adapter = make_adapter("unit3d")
    release = for_trackers(movie_release("unit3d", make_torrent(MOVIE_FILE)), "unit3d", "broken")
    earlier = DupeReport("elsewhere", "not_run", message="kept")
    release = dataclasses.replace(release, dupes={"elsewhere": earlier})

    adapters: list[Any] = [NoSearchAdapter("broken", RuntimeError("boom")), adapter]
    checked = await check_duplicates(release, adapters)

    assert checked.dupes["broken"].status == "failed"
    assert checked.dupes["broken"].message == "unexpected error (RuntimeError); see the logs"
    assert checked.dupes["unit3d"].status == "completed" and checked.dupes["elsewhere"] == earlier
    anonymous = dataclasses.replace(release, identity=None, names=())
    report = (await check_duplicates(anonymous, [adapter])).dupes["unit3d"]
    assert report.status == "not_run" and "no TMDB id, IMDb id or title" in report.message


async def test_the_stored_report_round_trips_through_json(
    make_adapter: Callable[..., Unit3dAdapter], make_torrent: Callable[..., Path], unit3d_fake: FakeUnit3d
) -> None:
    adapter = make_adapter("unit3d")
    put_torrent(unit3d_fake, "Le.Film.2021.MULTi.1080p.WEB.H264-OTHER", 5 << 30, tmdb=12345, seeders=3)
    release = await check_duplicates(movie_release("unit3d", make_torrent(MOVIE_FILE)), [adapter])

    stored = json.loads(json.dumps(reports_to_dict(release.dupes)))

    assert reports_from_dict(stored) == release.dupes
    assert stored["unit3d"]["matches"][0]["seeders"] == 3


async def test_our_own_upload_is_found_after_an_unknown_outcome(
    make_adapter: Callable[..., Unit3dAdapter], make_torrent: Callable[..., Path], unit3d_fake: FakeUnit3d
) -> None:
    adapter = make_adapter("unit3d")
    release = movie_release("unit3d", make_torrent(MOVIE_FILE))
    assert await find_own_upload(adapter, release) is None
    put_torrent(unit3d_fake, "Le.Film.2021.MULTi.1080p.WEB.H264-OTHER", 5 << 30, tmdb=12345)
    assert await find_own_upload(adapter, release) is None  # same work, but not our release
    result = await adapter.upload(adapter.build_upload(release))
    unit3d_fake.received.clear()

    found = await find_own_upload(adapter, release)

    assert found is not None and found.torrent_id == result.torrent_id and unit3d_fake.uploads == 1
    assert filters(unit3d_fake)[0]["name"] == ["Le.Film.2021.MULTi.1080p.WEB.H264-GRP"]


async def test_the_own_upload_search_raises_when_the_site_cannot_answer(
    make_adapter: Callable[..., Unit3dAdapter], make_torrent: Callable[..., Path], unit3d_fake: FakeUnit3d
) -> None:
    adapter = make_adapter("unit3d")
    unit3d_fake.fail_next(503, count=4)
    with pytest.raises(ServiceUnavailable):
        await find_own_upload(adapter, movie_release("unit3d", make_torrent(MOVIE_FILE)))


def test_unit3d_searches_imdb_digits_only_without_a_tmdb_id(
    make_adapter: Callable[..., Unit3dAdapter],
) -> None:
    adapter = make_adapter("unit3d")
    assert ("imdbId", "12345") in adapter.search_params(SearchQuery("movie", imdb_id="tt0012345"))
    both = adapter.search_params(SearchQuery("movie", tmdb_id=7, imdb_id="tt0012345"))
    assert ("tmdbId", "7") in both and not any(key == "imdbId" for key, _ in both)
    assert not any(key == "imdbId" for key, _ in adapter.search_params(SearchQuery("movie", imdb_id="nm12")))
