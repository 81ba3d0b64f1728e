"""torr9 against its strict fake: login → upload once → the torrent the site registered → search.

Also the static-token mode, both answer forms (base64 torrent, relative download URL), the category sync,
the connection test and the Origin/Referer headers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from fakes.server import serve_in_thread
from fakes.torr9 import API_KEY, PASSWORD, USERNAME, FakeTorr9, torr9_adapter
from harness.tracker_samples import movie_release, tv_release
from seedarr.media.torrent.metainfo import parse_metainfo
from seedarr.trackers.base import SearchQuery, TrackerAuthError, TrackerRejected
from seedarr.trackers.custom.torr9 import DATA_URL_PREFIX, Adapter

MOVIE_FILE = {"Le.Film.2021.MULTi.1080p.WEB.H264-GRP.mkv": 40_000}


@pytest.fixture(scope="module")
def _server() -> Iterator[tuple[FakeTorr9, str]]:
    fake = FakeTorr9(USERNAME, PASSWORD, API_KEY)
    with serve_in_thread(fake.app(), name="torr9", probe_path="/probe") as url:
        yield fake, url


@pytest.fixture
def fake(_server: tuple[FakeTorr9, str]) -> FakeTorr9:
    fake, url = _server
    fake.reset(expected_origin=url)
    return fake


@pytest.fixture
def make(_server: tuple[FakeTorr9, str], http: httpx.AsyncClient, fake: FakeTorr9) -> Callable[..., Adapter]:
    def factory(**values: Any) -> Adapter:
        return torr9_adapter(_server[1], http, **values)

    return factory


async def test_login_upload_fetch_search(
    make: Callable[..., Adapter], make_torrent: Callable[..., Path], fake: FakeTorr9
) -> None:
    fake.reset(expected_origin=fake.expected_origin, require_origin=True, static_keys=False)
    adapter = make()
    torrent = make_torrent(MOVIE_FILE, source="TORR9")
    ours = parse_metainfo(torrent.read_bytes())

    request = adapter.build_upload(movie_release("torr9", torrent))
    result = await adapter.upload(request)
    assert (fake.uploads, fake.logins) == (1, 1)
    stored = fake.torrents[int(result.torrent_id)]
    assert result.url == f"{adapter.base_url}/torrents/{result.torrent_id}"
    assert stored.fields["category"] == "Films" and stored.fields["resolution_id"] == "2"
    assert stored.nfo == b"NFO of the release\n" * 4
    assert result.download_url.startswith(DATA_URL_PREFIX)
    assert fake.passkey not in repr(result)

    registered = await adapter.fetch_registered_torrent(result)
    assert registered.meta.infohash == stored.infohash != ours.infohash
    assert registered.meta.private and registered.meta.source == "TORR9"
    assert registered.meta.files == ours.files and registered.meta.pieces == ours.pieces

    hits = await adapter.search(SearchQuery("movie", tmdb_id=12345, title="Le Film", year=2021))
    assert [(h.torrent_id, h.name, h.size) for h in hits] == [
        (result.torrent_id, request.release_name, ours.total_size)
    ]
    assert hits[0].infohash == stored.infohash and hits[0].url == result.url
    assert ("q", "Le Film 2021") in fake.received[-1].params
    assert fake.logins == 1  # the session token was reused
    assert {r.headers.get("origin") for r in fake.received} == {adapter.base_url}


async def test_a_relative_download_url_is_fetched_from_the_api_host(
    make: Callable[..., Adapter], make_torrent: Callable[..., Path], fake: FakeTorr9
) -> None:
    fake.answer = "download_url"
    adapter = make()
    torrent = make_torrent(MOVIE_FILE, source="TORR9")
    result = await adapter.upload(adapter.build_upload(movie_release("torr9", torrent)))
    assert result.download_url == f"{adapter.api_base}/api/v1/torrents/{result.torrent_id}/download"
    registered = await adapter.fetch_registered_torrent(result)
    assert registered.meta.infohash == fake.torrents[int(result.torrent_id)].infohash
    download = fake.received[-1]
    assert download.path.endswith("/download") and download.headers["authorization"].startswith("Bearer ")


async def test_an_answer_without_a_torrent_says_so_on_fetch(
    make: Callable[..., Adapter], make_torrent: Callable[..., Path], fake: FakeTorr9
) -> None:
    fake.answer = "none"
    adapter = make()
    result = await adapter.upload(
        adapter.build_upload(movie_release("torr9", make_torrent(MOVIE_FILE, source="TORR9")))
    )
    assert result.torrent_id == "le-film-2021-multi-1080p-web-h264-grp" and result.download_url == ""
    with pytest.raises(TrackerRejected, match="carried no torrent"):
        await adapter.fetch_registered_torrent(result)


async def test_static_token_mode_never_logs_in(
    make: Callable[..., Adapter], make_torrent: Callable[..., Path], fake: FakeTorr9
) -> None:
    adapter = make(username=None, password=None, apiKey=API_KEY)
    info = await adapter.test_connection()
    assert info.detail == "API token accepted"
    release = tv_release(
        "torr9", make_torrent({"La.Serie.S02.E01.mkv": 20_000}, source="TORR9"), pack=True, nfo=b"N\n"
    )
    result = await adapter.upload(adapter.build_upload(release))
    assert fake.torrents[int(result.torrent_id)].fields["category"] == "Séries"
    assert fake.logins == 0 and fake.uploads == 1
    assert {r.headers["authorization"] for r in fake.received} == {f"Bearer {API_KEY}"}


async def test_the_nfo_file_mode_is_what_a_file_only_site_accepts(
    make: Callable[..., Adapter], make_torrent: Callable[..., Path], fake: FakeTorr9
) -> None:
    fake.nfo_mode = "file"
    release = movie_release("torr9", make_torrent(MOVIE_FILE, source="TORR9"))
    with pytest.raises(TrackerRejected, match="nfo must be a file"):
        await make().upload(make().build_upload(release))
    result = await make(nfoMode="file").upload(make(nfoMode="file").build_upload(release))
    assert fake.torrents[int(result.torrent_id)].nfo == release.nfo


@pytest.mark.parametrize("shape", ["list", "data", "torrents"])
async def test_search_reads_every_answer_shape(
    make: Callable[..., Adapter], make_torrent: Callable[..., Path], fake: FakeTorr9, shape: str
) -> None:
    adapter = make()
    torrent = make_torrent(MOVIE_FILE, source="TORR9")
    await adapter.upload(adapter.build_upload(movie_release("torr9", torrent)))
    fake.search_shape = shape  # type: ignore[assignment]
    hits = await adapter.search(SearchQuery("movie", name="Le.Film.2021"))
    assert len(hits) == 1 and hits[0].name.startswith("Le.Film.2021")
    assert await adapter.search(SearchQuery("movie", title="Autre Film", year=1999)) == []


async def test_sync_metadata_lists_the_site_labels(make: Callable[..., Adapter], fake: FakeTorr9) -> None:
    fake.categories = {"Films": ["Films", "Documentaires"], "Séries": ["Séries TV"]}
    metadata = await make().sync_metadata()
    assert metadata.origin == "site" and metadata.categories == {"Films": 1, "Séries": 2}
    assert metadata.extra["subcategories"]["Films"] == ["Films", "Documentaires"]
    assert "Films / Films d'animation" in metadata.extra["labels_not_on_site"]
    assert "Films / Documentaires" not in metadata.extra["labels_not_on_site"]
    assert metadata.resolutions["2160p"] == 1 and metadata.types["remux"] == 1


async def test_connection_test_logs_in(make: Callable[..., Adapter], fake: FakeTorr9) -> None:
    info = await make().test_connection()
    assert (info.username, info.detail, fake.logins) == (USERNAME, "logged in", 1)


async def test_the_site_may_require_origin_and_referer(
    make: Callable[..., Adapter], http: httpx.AsyncClient, fake: FakeTorr9
) -> None:
    fake.require_origin = True
    adapter = make(username=None, password=None, apiKey=API_KEY)
    bare = adapter.definition.model_copy(update={"custom": {**adapter.definition.custom, "headers": {}}})
    with pytest.raises(TrackerAuthError, match="Origin not allowed"):
        await Adapter(bare, adapter.settings, http).test_connection()
    assert (await adapter.test_connection()).detail == "API token accepted"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("categorie", "Films"), "Unknown field: categorie"),
        (("tags", '["1080p", "WEB-DL"]'), "tags must be a comma-separated string"),
        (("subcategory", "Séries TV"), "Unknown subcategory for Films"),
        (("is_anonymous", "1"), "is_anonymous must be true or false"),
    ],
)
async def test_the_fake_refuses_what_the_site_would(
    make: Callable[..., Adapter],
    make_torrent: Callable[..., Path],
    fake: FakeTorr9,
    change: tuple[str, str],
    message: str,
) -> None:
    adapter = make()
    request = adapter.build_upload(movie_release("torr9", make_torrent(MOVIE_FILE, source="TORR9")))
    fields = [(k, v) for k, v in request.fields if k != change[0]] + [change]
    with pytest.raises(TrackerRejected, match=message):
        await adapter.upload(dataclasses.replace(request, fields=tuple(fields)))
    assert fake.uploads == 0


async def test_a_torrent_without_the_source_flag_is_refused(
    make: Callable[..., Adapter], make_torrent: Callable[..., Path], fake: FakeTorr9
) -> None:
    adapter = make()
    request = adapter.build_upload(movie_release("torr9", make_torrent(MOVIE_FILE, source="OTHER")))
    with pytest.raises(TrackerRejected, match="source must be TORR9"):
        await adapter.upload(request)
