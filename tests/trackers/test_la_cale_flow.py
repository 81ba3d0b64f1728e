"""La Cale end to end against its strict fake (sync, build, upload once, download, search), and its tags."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from fakes.la_cale import FakeLaCale
from fakes.server import serve_in_thread
from harness.tracker_samples import (
    FAST_RETRY,
    LA_CALE_KEY,
    PASSKEY,
    la_cale_definition,
    movie_release,
    tv_release,
    uhd_remux_release,
)
from seedarr.errors import ConfigurationError, ValidationFailed
from seedarr.trackers.adapters import build_adapter
from seedarr.trackers.base import SearchQuery
from seedarr.trackers.custom.la_cale import Adapter
from seedarr.trackers.settings import validate_settings

TRACKER = "la-cale"
MOVIE_FILE = {"Le.Film.2021.MULTi.1080p.WEB.H264-GRP.mkv": 30_000}


@pytest.fixture(scope="module")
def _server() -> Iterator[tuple[FakeLaCale, str]]:
    fake = FakeLaCale(LA_CALE_KEY)
    with serve_in_thread(fake.app(), name="la-cale") as url:
        yield fake, url


@pytest.fixture
def fake(_server: tuple[FakeLaCale, str]) -> FakeLaCale:
    _server[0].reset()
    return _server[0]


@pytest.fixture
def make(
    http: httpx.AsyncClient, _server: tuple[FakeLaCale, str], fake: FakeLaCale
) -> Callable[..., Adapter]:
    def factory(*, custom: dict[str, Any] | None = None, **values: Any) -> Adapter:
        definition = la_cale_definition(_server[1], **(custom or {}))
        values.setdefault("apiKey", LA_CALE_KEY)
        values.setdefault("announceUrl", f"{_server[1]}/announce?passkey={PASSKEY}")
        adapter = build_adapter(definition, validate_settings(definition, values), http, retry=FAST_RETRY)
        assert isinstance(adapter, Adapter)
        return adapter

    return factory


@pytest.fixture
def torrent(make_torrent: Callable[..., Path]) -> Path:
    return make_torrent(MOVIE_FILE, source="lacale")


async def test_sync_build_upload_once_download_and_find_it(
    make: Callable[..., Adapter], fake: FakeLaCale, torrent: Path
) -> None:
    adapter = make()
    await adapter.sync_metadata()
    release = movie_release(TRACKER, torrent)
    request = adapter.build_upload(release)
    result = await adapter.upload(request)

    assert fake.uploads == 1
    (stored,) = fake.torrents.values()
    assert (result.torrent_id, result.slug, result.infohash) == (stored.id, stored.slug, stored.infohash)
    assert result.url.endswith(f"/torrents/{stored.slug}")
    assert stored.fields["title"] == "Le.Film.2021.MULTi.1080p.WEB.H264-GRP"
    assert stored.fields["categoryId"] == "cat_films" and stored.nfo == release.nfo

    registered = await adapter.fetch_registered_torrent(result)
    assert registered.data == stored.data and registered.meta.infohash == stored.infohash
    assert fake.received[-1].path == f"/api/torrents/download/{stored.infohash}"

    by_tmdb = await adapter.search(SearchQuery("movie", tmdb_id=12345))
    by_name = await adapter.search(SearchQuery("movie", name=request.release_name))
    assert [h.torrent_id for h in by_tmdb] == [h.torrent_id for h in by_name] == [stored.id]
    hit = by_tmdb[0]
    assert (hit.infohash, hit.leechers, hit.seeders, hit.origin) == (stored.infohash, 0, 1, "native")
    assert hit.size == stored.size >= sum(MOVIE_FILE.values()) and hit.name == request.release_name
    assert await adapter.search(SearchQuery("movie", tmdb_id=999)) == []
    assert fake.uploads == 1
    assert all(r.headers["x-api-key"] == LA_CALE_KEY for r in fake.received)


async def test_upload_fields_repeat_tags_and_upper_case_the_tmdb_type(
    make: Callable[..., Adapter], fake: FakeLaCale, torrent: Path
) -> None:
    adapter = make()
    await adapter.sync_metadata()
    release = movie_release(TRACKER, torrent)
    release = dataclasses.replace(
        release,
        identity=dataclasses.replace(release.identity, poster_path="/p0ster.jpg"),  # type: ignore[arg-type]
    )
    request = adapter.build_upload(release)
    assert request.fields.count(("tags", "t-1080-17")) == 1
    tags = [v for k, v in request.fields if k == "tags"]
    # 1080p, WEB-DL, and H264 from MediaInfo (the name has no codec token; the site says "H.264")
    assert tags == ["t-1080-17", "t-webdl-3", "t-h264-9"]
    assert request.value("tmdbId") == "12345" and request.value("tmdbType") == "MOVIE"
    assert request.value("coverUrl") == "https://image.tmdb.org/t/p/w500/p0ster.jpg"
    files = {f.field: f for f in request.files}
    assert files["file"].filename == f"{request.release_name}.torrent"
    assert files["file"].content_type == "application/x-bittorrent"
    assert files["nfoFile"].content_type == "text/plain"
    await adapter.upload(request)
    (stored,) = fake.torrents.values()
    assert stored.tags == tags  # one multipart part per tag id, in order
    assert stored.fields["tmdbType"] == "MOVIE" and stored.fields["coverUrl"].endswith("/w500/p0ster.jpg")


async def test_a_series_goes_to_series_with_tmdb_type_tv(
    make: Callable[..., Adapter], fake: FakeLaCale, make_torrent: Callable[..., Path]
) -> None:
    adapter = make()
    await adapter.sync_metadata()
    files = {
        "La.Serie.S02.MULTi.1080p.WEB.H264-GRP/e1.mkv": 20_000,
        "La.Serie.S02.MULTi.1080p.WEB.H264-GRP/e2.mkv": 20_000,
    }
    release = tv_release(TRACKER, make_torrent(files, source="lacale"), pack=True, nfo=b"n" * 50)
    request = adapter.build_upload(release)
    assert request.value("tmdbType") == "TV" and request.value("categoryId") == "cat_series"
    await adapter.upload(request)
    assert next(iter(fake.torrents.values())).fields["tmdbType"] == "TV"


@pytest.mark.parametrize(
    ("genres", "language", "category"),
    [(("Animation",), "ja", "c9a4-anime"), (("Documentaire",), "fr", "cd02-docs"),
     (("Animation",), "fr", "cat_films")],
)  # fmt: skip
async def test_anime_and_documentaries_find_their_nested_category(
    make: Callable[..., Adapter], torrent: Path, genres: tuple[str, ...], language: str, category: str
) -> None:
    adapter = make()
    metadata = await adapter.sync_metadata()
    release = movie_release(TRACKER, torrent)
    identity = dataclasses.replace(release.identity, genres=genres, original_language=language)  # type: ignore[arg-type]
    request = adapter.build_upload(dataclasses.replace(release, identity=identity), metadata)
    assert request.value("categoryId") == category


async def test_2160p_is_found_through_the_alias_and_every_dimension_maps(
    make: Callable[..., Adapter], fake: FakeLaCale, make_torrent: Callable[..., Path]
) -> None:
    adapter = make()
    await adapter.sync_metadata()
    release = uhd_remux_release(TRACKER, make_torrent(MOVIE_FILE, source="lacale"))
    selection = adapter.select_tags(release)
    assert ("2160p", "t-4k-91") in selection.matched  # the site calls it "4K"
    assert set(selection.tag_ids) == {"t-4k-91", "t-remux-5", "t-bluray-6", "t-hevc-7", "t-dv-13",
                                      "t-hdr-11", "t-multi-21", "t-vff-22"}  # fmt: skip
    assert selection.unmapped == ()
    await adapter.upload(adapter.build_upload(release))
    assert "t-4k-91" in next(iter(fake.torrents.values())).tags


async def test_unmatched_labels_are_reported_and_a_person_can_alias_them(
    make: Callable[..., Adapter], torrent: Path
) -> None:
    release = movie_release(TRACKER, torrent)
    names = (dataclasses.replace(release.names[0], language_tags=("MULTI", "VF2")),)
    release = dataclasses.replace(release, names=names)
    adapter = make()
    await adapter.sync_metadata()
    selection = adapter.select_tags(release)
    assert selection.unmapped == ("vf2",) and "t-multi-21" in selection.tag_ids
    aliased = make(tagAliases="# the site files VF2 under VFF\nvf2 = VFF\n")
    selection = aliased.select_tags(release, adapter.metadata)
    assert selection.unmapped == () and ("vf2", "t-vff-22") in selection.matched
    with pytest.raises(ValidationFailed, match="tagAliases: line 1"):
        make(tagAliases="vf2 VFF")


@pytest.mark.parametrize(("nfo", "ok"), [(None, False), (b"x" * 49, False), (b"x" * 50, True)])
async def test_the_nfo_is_required_and_at_least_50_bytes(
    make: Callable[..., Adapter], torrent: Path, nfo: bytes | None, ok: bool
) -> None:
    adapter = make()
    metadata = await adapter.sync_metadata()
    release = movie_release(TRACKER, torrent, nfo=nfo)
    if ok:
        assert adapter.build_upload(release, metadata).value("title")
        return
    with pytest.raises(ValidationFailed) as caught:
        adapter.build_upload(release, metadata)
    assert caught.value.field == "nfoFile"


async def test_build_needs_synced_metadata_and_stays_pure(
    make: Callable[..., Adapter], fake: FakeLaCale, torrent: Path
) -> None:
    adapter = make()
    release = movie_release(TRACKER, torrent)
    with pytest.raises(ConfigurationError, match="never synced"):
        adapter.build_upload(release)
    assert fake.received == []  # no request to find out
    metadata = await make().sync_metadata()
    assert adapter.build_upload(release, metadata).value("categoryId") == "cat_films"
    assert len(fake.received) == 1


async def test_meta_ids_are_strings_children_are_flattened_and_the_answer_is_cached(
    make: Callable[..., Adapter], fake: FakeLaCale
) -> None:
    fake.reset(tags_key="tags")
    adapter = make()
    metadata = await adapter.sync_metadata()
    assert metadata.origin == "site"
    assert metadata.categories["anime"] == "c9a4-anime" and metadata.categories["films"] == "cat_films"
    assert metadata.tags["audiodescription"] == "t-ad-31"  # from "tags" instead of "ungroupedTags"
    assert all(isinstance(v, str) for v in [*metadata.categories.values(), *metadata.tags.values()])
    assert metadata.extra["tag_groups"][0]["name"] == "Qualité"
    await adapter.sync_metadata()
    assert fake.paths() == ["/api/external/meta"]
    info = await adapter.test_connection()  # forces a fresh call
    assert "API key accepted" in info.detail and len(fake.received) == 2
    expiring = make(custom={"meta_cache_s": 0})
    await expiring.sync_metadata()
    await expiring.sync_metadata()
    assert len(fake.received) == 4


async def test_a_torrent_without_the_source_flag_is_refused_before_sending(
    make: Callable[..., Adapter], fake: FakeLaCale, make_torrent: Callable[..., Path]
) -> None:
    adapter = make()
    metadata = await adapter.sync_metadata()
    release = movie_release(TRACKER, make_torrent(MOVIE_FILE, source="OTHER"))
    with pytest.raises(ValidationFailed, match="source flag must be 'lacale'"):
        await adapter.upload(adapter.build_upload(release, metadata))
    assert fake.uploads == 0 and "/api/external/upload" not in fake.paths()


async def test_search_params_cut_the_query_and_filter_by_category_when_asked(
    make: Callable[..., Adapter], fake: FakeLaCale
) -> None:
    adapter = make()
    long_name = "A" * 250
    params = adapter.search_params(SearchQuery("movie", tmdb_id=5, name=long_name))
    assert params == [("tmdbId", "5"), ("q", "A" * 200)]
    assert adapter.search_params(SearchQuery("tv", title="La Serie", year=2020)) == [("q", "La Serie 2020")]
    with pytest.raises(ValidationFailed):
        adapter.search_params(SearchQuery("movie"))
    definition = la_cale_definition("http://unused.invalid")
    filtered = definition.model_copy(
        update={"search": definition.search.model_copy(update={"filter_by": ("category",)})}
    )
    settings = validate_settings(filtered, {"apiKey": LA_CALE_KEY, "announceUrl": "https://x.invalid/a"})
    async with httpx.AsyncClient() as client:
        assert ("cat", "series") in Adapter(filtered, settings, client).search_params(
            SearchQuery("tv", tmdb_id=1)
        )
    assert await adapter.search(SearchQuery("tv", tmdb_id=1, name=long_name)) == []  # the fake accepts it
