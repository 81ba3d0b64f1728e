"""Contract: every UNIT3D definition runs the whole flow against the strict fake site.

build_upload → upload → the torrent the site registered is downloaded and parsed (its infohash differs
from ours, its source is the site's) → the dupe search finds it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from fakes.unit3d import FakeUnit3d
from harness.tracker_samples import UNIT3D_IDS, movie_release, tv_release
from seedarr.media.torrent.metainfo import parse_metainfo
from seedarr.trackers.base import SearchQuery, TrackerAdapter
from seedarr.trackers.families.unit3d import Unit3dAdapter, torrent_id_from_download_url


@pytest.mark.parametrize("tracker_id", UNIT3D_IDS)
async def test_upload_flow_against_the_fake(
    tracker_id: str,
    make_adapter: Callable[..., Unit3dAdapter],
    make_torrent: Callable[..., Path],
    unit3d_fake: FakeUnit3d,
) -> None:
    adapter: TrackerAdapter = make_adapter(tracker_id)
    definition = adapter.definition  # type: ignore[attr-defined]
    torrent = make_torrent({"Le.Film.2021.MULTi.1080p.WEB.H264-GRP.mkv": 40_000}, source=definition.source)
    ours = parse_metainfo(torrent.read_bytes())

    info = await adapter.test_connection()
    assert info.username == unit3d_fake.username

    request = adapter.build_upload(movie_release(tracker_id, torrent))
    assert request.url.startswith(definition.api_base.format(base_url=adapter.base_url))  # type: ignore[attr-defined]
    result = await adapter.upload(request)
    assert unit3d_fake.uploads == 1
    assert result.url.endswith(f"/torrents/{result.torrent_id}")
    assert result.torrent_id == torrent_id_from_download_url(result.download_url)
    assert unit3d_fake.rsskey not in repr(result)

    registered = await adapter.fetch_registered_torrent(result)
    assert registered.meta.infohash != ours.infohash
    assert registered.meta.source == unit3d_fake.source
    assert registered.meta.private
    assert registered.meta.files == ours.files and registered.meta.pieces == ours.pieces

    hits = await adapter.search(SearchQuery("movie", tmdb_id=12345, type="web-dl", resolution="1080p"))
    assert [h.name for h in hits] == [request.release_name]
    assert hits[0].torrent_id == result.torrent_id and hits[0].size == ours.total_size
    assert hits[0].infohash == registered.meta.infohash and hits[0].leechers == 0


@pytest.mark.parametrize("tracker_id", UNIT3D_IDS)
async def test_season_pack_flow(
    tracker_id: str,
    make_adapter: Callable[..., Unit3dAdapter],
    make_torrent: Callable[..., Path],
    unit3d_fake: FakeUnit3d,
) -> None:
    adapter = make_adapter(tracker_id)
    torrent = make_torrent({f"La.Serie.S02.E0{n}.mkv": 20_000 for n in (1, 2)})
    ours = parse_metainfo(torrent.read_bytes())
    request = adapter.build_upload(tv_release(tracker_id, torrent, pack=True))
    assert request.value("season_number") == 2 and request.value("episode_number") == 0
    result = await adapter.upload(request)
    stored = unit3d_fake.torrents[int(result.torrent_id)]
    assert stored.fields["category_id"] == adapter.definition.ids.category["tv"]
    assert stored.files == [("/".join(parts), size) for parts, size in ours.files]
    assert [name for name, _ in stored.files] == ["La.Serie.S02.E01.mkv", "La.Serie.S02.E02.mkv"]
    hits = await adapter.search(SearchQuery("tv", tmdb_id=999, resolution="1080p", season=2))
    assert len(hits) == 1
