"""torr9: what build_upload sends for each kind of release, from the release's own facts (spec §3.1).

The previous implementation sent ``resolution_id=2``, ``type_id=2`` and ``category=Films`` whatever the
release was; these tests pin series, 2160p, BluRay remux, animation and documentary placements.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from fakes.torr9 import torr9_adapter
from harness.tracker_samples import movie_release, tv_release, uhd_remux_release
from seedarr.domain.release import ReleaseInfo
from seedarr.errors import ConfigurationError, ValidationFailed
from seedarr.trackers.adapters import adapter_class, build_adapter
from seedarr.trackers.base import UploadRequest
from seedarr.trackers.custom.torr9 import Adapter
from seedarr.trackers.registry import default_registry

TORRENT = Path("/nonexistent/release.torrent")
SITE = "https://torr9.test"

Make = Callable[..., Adapter]


@pytest.fixture
def make(http: httpx.AsyncClient) -> Make:
    def factory(**values: Any) -> Adapter:
        return torr9_adapter(SITE, http, **values)

    return factory


def named(release: ReleaseInfo, **changes: Any) -> ReleaseInfo:
    """``release`` with its parsed name changed (languages, source, resolution…)."""
    return dataclasses.replace(release, names=(dataclasses.replace(release.names[0], **changes),))


def with_genres(release: ReleaseInfo, *genres: str, language: str = "en") -> ReleaseInfo:
    assert release.identity is not None
    identity = dataclasses.replace(release.identity, genres=genres, original_language=language)
    return dataclasses.replace(release, identity=identity)


def placement(request: UploadRequest) -> tuple[Any, ...]:
    return tuple(request.value(k) for k in ("category", "subcategory", "resolution_id", "type_id"))


async def test_a_1080p_web_dl_movie(make: Make) -> None:
    release = named(movie_release("torr9", TORRENT), language_tags=("MULTI", "VFF"))
    request = make().build_upload(release)
    assert request.url == f"{SITE}/api/v1/torrents/upload" and request.media_type == "movie"
    assert dict(request.fields) == {
        "title": "Le.Film.2021.MULTi.1080p.WEB.H264-GRP",
        "description": "[b]Le Film[/b]",
        "category": "Films",
        "subcategory": "Films",
        "tags": "1080p, WEB-DL, x264, MULTi, VFF",
        "is_exclusive": "false",
        "is_anonymous": "false",
        "tmdb_id": "12345",
        "imdb_id": "tt0012345",
        "resolution_id": 2,
        "type_id": 2,
        "stream": "0",
        "nfo": (b"NFO of the release\n" * 4).decode(),
    }
    (torrent,) = request.files
    assert (torrent.field, torrent.filename) == (
        "torrent_file",
        "Le.Film.2021.MULTi.1080p.WEB.H264-GRP.torrent",
    )
    assert torrent.content_type == "application/x-bittorrent" and torrent.path == TORRENT


@pytest.mark.parametrize("pack", [False, True], ids=["S02E05", "season-pack"])
async def test_a_series_goes_to_series_with_its_tvdb_id(make: Make, pack: bool) -> None:
    release = tv_release("torr9", TORRENT, pack=pack, nfo=b"NFO\n")
    request = make().build_upload(release)
    assert request.media_type == "tv"
    assert placement(request) == ("Séries", "Séries TV", 2, 2)
    assert (
        request.value("title")
        == ("La.Serie.S02" if pack else "La.Serie.S02E05") + ".MULTi.1080p.WEB.H264-GRP"
    )
    assert (request.value("tmdb_id"), request.value("imdb_id"), request.value("tvdb_id")) == (
        "999",
        "tt7654321",
        "4242",
    )


async def test_a_movie_never_sends_a_tvdb_id(make: Make) -> None:
    release = movie_release("torr9", TORRENT)
    assert release.identity is not None and release.identity.tvdb_id  # the sample has one
    assert "tvdb_id" not in make().build_upload(release).names()


async def test_a_2160p_bluray_remux(make: Make) -> None:
    request = make().build_upload(uhd_remux_release("torr9", TORRENT))
    assert placement(request) == ("Films", "Films", 1, 1)
    assert request.value("tags") == "2160p, REMUX, BluRay, DV, HDR, x265, MULTi, VFF"


async def test_a_1080p_bluray_remux(make: Make) -> None:
    release = uhd_remux_release("torr9", TORRENT)
    assert release.facts is not None and release.facts.video is not None
    video = dataclasses.replace(release.facts.video, width=1920, height=1080, resolution="1080p", hdr=None)
    release = dataclasses.replace(release, facts=dataclasses.replace(release.facts, video=video))
    request = make().build_upload(named(release, resolution="1080p", hdr=()))
    assert placement(request)[2:] == (2, 1)
    assert request.value("tags") == "1080p, REMUX, BluRay, x265, MULTi, VFF"


@pytest.mark.parametrize(
    ("changes", "resolution", "scan", "expected"),
    [
        ({"source": "webrip"}, "1080p", "progressive", (2, 5)),
        ({"source": "hdtv"}, "720p", "progressive", (5, 4)),
        ({"source": "hdtv"}, "1080p", "interlaced", (3, 4)),
        ({"source": "bdrip"}, "1080p", "progressive", (2, 1)),
        ({"source": "dvdrip"}, "576p", "progressive", (6, 6)),
        ({"source": "web-dl"}, "2160p", "progressive", (1, 2)),
        ({"source": "hdrip"}, "4320p", "progressive", (10, 10)),
    ],
)
async def test_resolution_and_type_ids_follow_the_facts(
    make: Make, changes: dict[str, Any], resolution: str, scan: Any, expected: tuple[int, int]
) -> None:
    release = named(movie_release("torr9", TORRENT), **changes, resolution=resolution)
    assert release.facts is not None and release.facts.video is not None
    video = dataclasses.replace(release.facts.video, resolution=resolution, scan=scan)
    release = dataclasses.replace(release, facts=dataclasses.replace(release.facts, video=video))
    assert placement(make().build_upload(release))[2:] == expected


async def test_a_dvd_folder_is_a_dvd(make: Make) -> None:
    release = named(movie_release("torr9", TORRENT), source=None)
    assert release.facts is not None
    release = dataclasses.replace(release, facts=dataclasses.replace(release.facts, disc_kind="VIDEO_TS"))
    assert make().build_upload(release).value("type_id") == 6


@pytest.mark.parametrize(
    ("media", "genres", "language", "subcategory"),
    [
        ("movie", ("Animation", "Familial"), "en", "Films d'animation"),
        ("movie", ("documentaire",), "fr", "Documentaires"),
        ("movie", ("Animation", "Documentaire"), "en", "Films d'animation"),
        ("movie", ("Drame",), "en", "Films"),
        ("tv", ("Animation", "Comédie"), "en", "Séries Animées"),
        ("tv", ("Animation", "Action & Adventure"), "ja", "Mangas-Animes"),
        ("tv", ("Reality",), "fr", "Emission TV"),
        ("tv", ("Documentaire",), "en", "Séries TV"),
    ],
)
async def test_subcategory_follows_the_tmdb_genres(
    make: Make, media: str, genres: tuple[str, ...], language: str, subcategory: str
) -> None:
    if media == "movie":
        release = movie_release("torr9", TORRENT)
    else:
        release = tv_release("torr9", TORRENT, pack=False, nfo=b"NFO\n")
    request = make().build_upload(with_genres(release, *genres, language=language))
    assert request.value("category") == ("Films" if media == "movie" else "Séries")
    assert request.value("subcategory") == subcategory


async def test_the_nfo_as_a_file_when_switched(make: Make) -> None:
    release = movie_release("torr9", TORRENT)
    request = make(nfoMode="file").build_upload(release)
    assert request.value("nfo") is None
    nfo = next(f for f in request.files if f.field == "nfo")
    assert nfo.filename == "Le.Film.2021.MULTi.1080p.WEB.H264-GRP.nfo" and nfo.content == release.nfo
    assert nfo.content_type == "text/plain"


async def test_flags_come_from_the_settings(make: Make) -> None:
    request = make(anonymous=True, exclusive=True).build_upload(movie_release("torr9", TORRENT))
    assert (request.value("is_anonymous"), request.value("is_exclusive")) == ("true", "true")


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"nfo": None}, "nfo"), ({"identity": None, "names": ()}, "media_type"), ({"trackers": {}}, "trackers")],
)
async def test_an_incomplete_release_names_the_missing_field(
    make: Make, changes: dict[str, Any], field: str
) -> None:
    release = dataclasses.replace(movie_release("torr9", TORRENT), **changes)
    with pytest.raises(ValidationFailed) as caught:
        make().build_upload(release)
    assert caught.value.field == field


async def test_a_bad_imdb_id_is_refused_before_sending(make: Make) -> None:
    release = movie_release("torr9", TORRENT)
    assert release.identity is not None
    release = dataclasses.replace(release, identity=dataclasses.replace(release.identity, imdb_id="0012345"))
    with pytest.raises(ValidationFailed, match="imdb_id"):
        make().build_upload(release)


async def test_settings_need_a_token_or_an_account(make: Make) -> None:
    with pytest.raises(ConfigurationError, match="API token, or a username and a password"):
        make(username=None, password=None)
    with pytest.raises(ConfigurationError, match="password needs a username"):
        make(username=None)
    assert make(username=None, password=None, apiKey="k3y-only-123").session.uses_login is False


async def test_site_data_is_checked(http: httpx.AsyncClient) -> None:
    adapter = torr9_adapter(SITE, http)
    custom = dict(adapter.definition.custom)
    custom["placement"] = {**custom["placement"], "movie": {"category": "Films", "default": "Film"}}
    broken = adapter.definition.model_copy(update={"custom": custom})
    with pytest.raises(ConfigurationError, match="'Film' is not a subcategory of Films"):
        Adapter(broken, adapter.settings, http)


async def test_the_registry_builds_this_adapter(http: httpx.AsyncClient) -> None:
    definition = default_registry().get("torr9")
    assert adapter_class(definition) is Adapter
    assert definition.source == "TORR9" and definition.piece_length == "auto"
    assert definition.announce.mode == "ask" and definition.rate_limit.per_second <= 1
    adapter = build_adapter(definition, torr9_adapter(SITE, http).settings, http)
    assert isinstance(adapter, Adapter) and adapter.api_base == "https://api.torr9.xyz"
    assert adapter.endpoint("upload") == "https://api.torr9.xyz/api/v1/torrents/upload"
