"""UNIT3D upload fields (§4.1): what build_upload sends for movies and series, and what the site refuses."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from fakes.unit3d import FakeUnit3d
from harness.tracker_samples import movie_release, tv_release
from seedarr.errors import ValidationFailed
from seedarr.media.torrent.metainfo import bdecode, bencode
from seedarr.trackers.base import FormValue, TrackerRejected, UploadRequest
from seedarr.trackers.definition import ExtensionField
from seedarr.trackers.families.unit3d import Unit3dAdapter
from seedarr.trackers.families.unit3d_build import UploadOptions

MOVIE_FILE = {"Le.Film.2021.MULTi.1080p.WEB.H264-GRP.mkv": 30_000}


def test_movie_fields(make_adapter: Callable[..., Unit3dAdapter], make_torrent: Callable[..., Path]) -> None:
    adapter = make_adapter("unit3d", anonymous=True)
    request = adapter.build_upload(movie_release("unit3d", make_torrent(MOVIE_FILE)))
    fields = dict(request.fields)
    assert fields["name"] == "Le.Film.2021.MULTi.1080p.WEB.H264-GRP"
    assert (fields["category_id"], fields["type_id"], fields["resolution_id"]) == (1, 4, 3)
    assert fields["imdb"] == 12345 and fields["tmdb"] == 12345
    assert "tvdb" not in fields, "tvdb must be null for movies"
    assert "season_number" not in fields and "episode_number" not in fields
    assert fields["anonymous"] is True and fields["personal_release"] is False
    assert fields["mod_queue_opt_in"] is False
    assert "/media/films" not in str(fields["mediainfo"])
    assert "Complete name                            : Le.Film.2021" in str(fields["mediainfo"])
    assert [f.field for f in request.files] == ["torrent", "nfo"]
    assert request.files[0].filename == "Le.Film.2021.MULTi.1080p.WEB.H264-GRP.torrent"


def test_tv_episode_and_pack_numbering(
    make_adapter: Callable[..., Unit3dAdapter], make_torrent: Callable[..., Path]
) -> None:
    adapter = make_adapter("unit3d")
    torrent = make_torrent({"E05.mkv": 1000})
    episode = adapter.build_upload(tv_release("unit3d", torrent, pack=False))
    assert (episode.value("season_number"), episode.value("episode_number")) == (2, 5)
    assert episode.value("tvdb") == 4242 and episode.value("category_id") == 2
    pack = adapter.build_upload(tv_release("unit3d", torrent, pack=True))
    assert (pack.value("season_number"), pack.value("episode_number")) == (2, 0)


def test_options_override_settings_and_keywords_are_comma_separated(
    make_adapter: Callable[..., Unit3dAdapter], make_torrent: Callable[..., Path]
) -> None:
    adapter = make_adapter("unit3d", anonymous=True, modQueueOptIn=True)
    options = UploadOptions(anonymous=False, personal_release=True, keywords=("space", " drama ", "a,b"))
    request = adapter.build_upload(movie_release("unit3d", make_torrent(MOVIE_FILE)), options)
    assert request.value("anonymous") is False and request.value("personal_release") is True
    assert request.value("mod_queue_opt_in") is True
    assert request.value("keywords") == "space, drama"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"identity": None, "names": ()}, "media_type"),
        ({"trackers": {}}, "trackers"),
    ],
)
def test_build_refuses_incomplete_releases(
    make_adapter: Callable[..., Unit3dAdapter],
    make_torrent: Callable[..., Path],
    changes: dict[str, object],
    field: str,
) -> None:
    adapter = make_adapter("unit3d")
    release = movie_release("unit3d", make_torrent(MOVIE_FILE), **changes)
    with pytest.raises(ValidationFailed) as caught:
        adapter.build_upload(release)
    assert caught.value.field == field


def test_build_refuses_a_missing_description(
    make_adapter: Callable[..., Unit3dAdapter], make_torrent: Callable[..., Path]
) -> None:
    adapter = make_adapter("unit3d")
    release = movie_release("unit3d", make_torrent(MOVIE_FILE))
    artefacts = dataclasses.replace(release.trackers["unit3d"], description=None)
    with pytest.raises(ValidationFailed, match="description"):
        adapter.build_upload(dataclasses.replace(release, trackers={"unit3d": artefacts}))


def _with(request: UploadRequest, **values: FormValue | None) -> UploadRequest:
    fields = [(k, v) for k, v in request.fields if k not in values]
    fields += [(k, v) for k, v in values.items() if v is not None]
    return dataclasses.replace(request, fields=tuple(fields))


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"season_number": 1, "episode_number": 0}, "season_number", "prohibited"),
        ({"tvdb": 4242}, "tvdb", "must be null"),
        ({"anonymous": None}, "anonymous", "required"),
        ({"type_id": 77}, "type_id", "invalid"),
        ({"imdb": "tt0012345"}, "imdb", "integer"),
        ({"anonymus": True}, "anonymus", "Unknown field"),
    ],
)
async def test_the_fake_site_refuses_what_the_real_one_refuses(
    make_adapter: Callable[..., Unit3dAdapter],
    make_torrent: Callable[..., Path],
    unit3d_fake: FakeUnit3d,
    values: dict[str, FormValue | None],
    field: str,
    message: str,
) -> None:
    adapter = make_adapter("unit3d")
    request = _with(adapter.build_upload(movie_release("unit3d", make_torrent(MOVIE_FILE))), **values)
    with pytest.raises(TrackerRejected) as caught:
        await adapter.upload(request)
    assert caught.value.status_code == 422
    assert message in " ".join(caught.value.field_errors[field])
    assert unit3d_fake.uploads == 0


async def test_duplicate_name_and_infohash_are_refused(
    make_adapter: Callable[..., Unit3dAdapter], make_torrent: Callable[..., Path], unit3d_fake: FakeUnit3d
) -> None:
    adapter = make_adapter("unit3d")
    torrent = make_torrent(MOVIE_FILE)
    await adapter.upload(adapter.build_upload(movie_release("unit3d", torrent)))
    with pytest.raises(TrackerRejected) as same_name:
        await adapter.upload(adapter.build_upload(movie_release("unit3d", make_torrent({"other.mkv": 500}))))
    assert "already been taken" in same_name.value.field_errors["name"][0]
    with pytest.raises(TrackerRejected) as same_hash:
        await adapter.upload(adapter.build_upload(movie_release("unit3d", torrent, name="Another.Name-GRP")))
    assert list(same_hash.value.field_errors) == ["info_hash"]
    assert unit3d_fake.uploads == 1


async def test_a_torrent_with_an_unsafe_file_name_is_refused(
    make_adapter: Callable[..., Unit3dAdapter], make_torrent: Callable[..., Path]
) -> None:
    adapter = make_adapter("unit3d")
    torrent = make_torrent({"tmp.mkv": 100, "Le.Film.mkv": 100})
    meta = bdecode(torrent.read_bytes())
    meta[b"info"][b"files"][1][b"path"] = [b"~tmp.mkv"]  # our own builder refuses such names
    torrent.write_bytes(bencode(meta))
    with pytest.raises(TrackerRejected, match="Invalid filename"):
        await adapter.upload(adapter.build_upload(movie_release("unit3d", torrent)))


def test_search_params_send_1080p_and_1080i_together(make_adapter: Callable[..., Unit3dAdapter]) -> None:
    from seedarr.trackers.base import SearchQuery

    adapter = make_adapter("unit3d")
    params = adapter.search_params(SearchQuery("tv", tmdb_id=5, type="remux", resolution="1080i", season=3))
    assert params == [
        ("tmdbId", "5"),
        ("categories[]", "2"),
        ("types[]", "2"),
        ("resolutions[]", "3"),
        ("resolutions[]", "4"),
        ("seasonNumber", "3"),
        ("perPage", "100"),
    ]
    gf = make_adapter("generation-free")
    gf_params = gf.search_params(SearchQuery("movie", tmdb_id=5, type="remux", resolution="2160p"))
    assert ("types[]", "11") not in gf_params and ("resolutions[]", "2") in gf_params


async def test_site_extension_fields_are_sent_only_when_declared(
    make_adapter: Callable[..., Unit3dAdapter], make_torrent: Callable[..., Path], unit3d_fake: FakeUnit3d
) -> None:
    adapter = make_adapter("unit3d")
    definition = adapter.definition
    upload = definition.upload.model_copy(
        update={
            "extensions": {
                "dv": ExtensionField(kind="bool", fact="dv"),
                "stream": ExtensionField(kind="bool", constant=False),
                "hdr": ExtensionField(kind="bool", fact="hdr"),
            }
        }
    )
    adapter.definition = definition.model_copy(update={"upload": upload})
    release = movie_release("unit3d", make_torrent(MOVIE_FILE), hdr="DV HDR10")
    request = adapter.build_upload(release)
    assert (request.value("dv"), request.value("hdr"), request.value("stream")) == (True, True, False)
    with pytest.raises(TrackerRejected) as caught:  # a site that does not know them refuses them
        await adapter.upload(request)
    assert set(caught.value.field_errors) == {"dv", "hdr", "stream"}
    unit3d_fake.extensions = {"dv", "hdr", "stream"}
    result = await adapter.upload(request)
    stored = unit3d_fake.torrents[int(result.torrent_id)].fields
    assert (stored["dv"], stored["hdr"], stored["stream"]) == (True, True, False)
