"""C411 upload fields (trackers spec §2.1, §2.4, §2.5): what build_upload sends, without a network."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from fakes.c411_rules import FORK_TMDB_KEYS
from fakes.c411_samples import DESCRIPTION, c411_definition, c411_release
from harness.tracker_samples import API_TOKEN, PASSKEY
from seedarr.domain.identity import CastMember
from seedarr.errors import ValidationFailed
from seedarr.trackers.base import UploadRequest
from seedarr.trackers.custom.c411 import Adapter
from seedarr.trackers.custom.c411_build import C411UploadOptions, c411_title, rewrite_complete_name
from seedarr.trackers.settings import validate_settings

TORRENT = Path("/srv/torrents/c411/Le.Film.torrent")
UHD = {"resolution": "2160p", "width": 3840, "height": 2160}
HD720 = {"resolution": "720p", "width": 1280, "height": 720}


@pytest.fixture
def make(http: httpx.AsyncClient) -> Callable[..., Adapter]:
    def factory(settings: dict[str, Any] | None = None, **custom: Any) -> Adapter:
        definition = c411_definition("https://c411.example", **custom)
        values = {"apiKey": API_TOKEN, "passkey": PASSKEY, **(settings or {})}
        return Adapter(definition, validate_settings(definition, values), http)

    return factory


def options(request: UploadRequest) -> dict[str, Any]:
    value = request.value("options")
    assert isinstance(value, str)
    parsed: dict[str, Any] = json.loads(value)
    return parsed


async def test_movie_request_has_exactly_the_documented_fields(make: Callable[..., Adapter]) -> None:
    request = make().build_upload(c411_release(TORRENT, language_tags=("MULTI", "VFF")))
    assert request.url == "https://c411.example/api/torrents"
    assert request.names() == {"torrent", "nfo", "title", "description", "categoryId", "subcategoryId",
                               "options", "tmdbData", "isExclusive"}  # fmt: skip
    assert all(isinstance(value, str) for _, value in request.fields), "multipart text parts only"
    assert request.value("title") == "Le.Film.2021.MULTi.1080p.WEB.H264-GRP"
    assert (request.value("categoryId"), request.value("subcategoryId")) == ("1", "6")
    assert request.value("description") == DESCRIPTION and request.value("isExclusive") == "false"
    assert options(request) == {"1": [4], "2": 25}
    torrent, nfo = request.files
    assert (torrent.field, torrent.filename, torrent.content_type) == (
        "torrent", "Le.Film.2021.MULTi.1080p.WEB.H264-GRP.torrent", "application/x-bittorrent"
    )  # fmt: skip
    assert torrent.path == TORRENT and nfo.field == "nfo"


@pytest.mark.parametrize(
    ("tokens", "audio", "expected"),
    [
        (("MULTI", "VFF"), ("fr", "en"), [4]),
        (("MULTI", "VF2"), ("fr", "en"), [422]),
        (("MULTI", "VFQ"), ("fr", "en"), [4]),
        (("VFF",), ("fr",), [2]),
        (("TRUEFRENCH",), ("fr",), [2]),
        (("VFQ",), ("fr",), [6]),
        (("VOSTFR",), ("en",), [8]),
        ((), ("fr",), [2]),
        ((), ("en",), [1]),
    ],
)
async def test_language_follows_the_single_value_rule(
    make: Callable[..., Adapter], tokens: tuple[str, ...], audio: tuple[str, ...], expected: list[int]
) -> None:
    release = c411_release(TORRENT, language_tags=tokens, audio=audio)
    assert options(make().build_upload(release))["1"] == expected


async def test_multi_language_mode_sends_every_language(make: Callable[..., Adapter]) -> None:
    adapter = make(languages={"mode": "multi"})
    release = c411_release(TORRENT, language_tags=("MULTI", "VFF"), audio=("fr", "en"))
    assert options(adapter.build_upload(release))["1"] == [4, 2, 1]


@pytest.mark.parametrize(
    ("parsed", "video", "quality"),
    [
        ({}, {}, 25),  # WEB-DL 1080p
        ({}, UHD, 26),  # WEB-DL 2160p
        ({"source": "bluray", "remux": True}, {}, 12),  # BluRay remux 1080p
        ({"source": "bluray", "remux": True}, UHD, 10),  # 4K remux
        ({"source": "bluray"}, {}, 16),  # encode 1080p
        ({"source": "webrip"}, {}, 29),  # WEBRip 1080p (fork only)
        ({"source": "bluray"}, HD720, 18),  # encode 720p: the sources conflict, the fork's row
        ({"light": "HDLight"}, {}, 413),
        ({"light": "mHD"}, HD720, 414),
        ({"light": "4KLight"}, UHD, 415),
    ],
)
async def test_quality_ids(
    make: Callable[..., Adapter], parsed: dict[str, Any], video: dict[str, Any], quality: int
) -> None:
    release = c411_release(TORRENT, video=video, **parsed)
    assert options(make().build_upload(release))["2"] == quality


async def test_light_needs_an_explicit_token_not_a_title_like_twilight(make: Callable[..., Adapter]) -> None:
    twilight = c411_release(
        TORRENT, raw="Twilight.2008.MULTi.1080p.WEB.H264-GRP", title="Twilight", year=2008
    )
    assert options(make().build_upload(twilight))["2"] == 25
    lit = c411_release(
        TORRENT, raw="Twilight.2008.MULTi.1080p.HDLight.x264-GRP", title="Twilight", light="HDLight"
    )
    assert options(make().build_upload(lit))["2"] == 413


async def test_the_quality_fallback_switch(make: Callable[..., Adapter]) -> None:
    encode_720 = c411_release(TORRENT, source="bluray", video=HD720)
    assert options(make(quality={"fallback": "previous"}).build_upload(encode_720))["2"] == 15
    with pytest.raises(ValidationFailed, match="no C411 quality id for encode 720p"):
        make(quality={"fallback": "none"}).build_upload(encode_720)
    agreed = c411_release(TORRENT, video=UHD)
    assert options(make(quality={"fallback": "none"}).build_upload(agreed))["2"] == 26


@pytest.mark.parametrize(
    ("kind", "season", "episodes", "expected"),
    [
        ("pack", 3, (), {"7": 123, "6": 96}),
        ("episode", 1, (5,), {"7": 121, "6": 101}),
        ("episode", 2, (25,), {"7": 122}),  # beyond E20: no episode option
    ],
)
async def test_season_and_episode_options(
    make: Callable[..., Adapter], kind: Any, season: int, episodes: tuple[int, ...], expected: dict[str, int]
) -> None:
    request = make().build_upload(c411_release(TORRENT, kind=kind, season=season, episodes=episodes))
    assert (request.value("categoryId"), request.value("subcategoryId")) == ("1", "7")
    assert {k: v for k, v in options(request).items() if k in ("6", "7")} == expected


async def test_a_season_beyond_thirty_is_refused(make: Callable[..., Adapter]) -> None:
    with pytest.raises(ValidationFailed, match="season between 1 and 30"):
        make().build_upload(c411_release(TORRENT, kind="pack", season=31))


async def test_genres_map_through_tmdb_including_tv_only_ones(make: Callable[..., Adapter]) -> None:
    movie = c411_release(TORRENT, identity={"genres": ("Action", "Science-Fiction", "Inconnu")})
    assert options(make().build_upload(movie))["5"] == [39, 86]
    tv_genres = ("Action & Adventure", "Sci-Fi & Fantasy", "Kids", "Drame", "War & Politics")
    series = c411_release(TORRENT, kind="pack", identity={"genres": tv_genres})
    assert options(make().build_upload(series))["5"] == [39, 44, 86, 62, 57, 66]
    assert "5" not in options(make(send_genres=False).build_upload(series))


async def test_anime_and_documentaries_before_a_sync_go_to_films_and_series(
    make: Callable[..., Adapter],
) -> None:
    anime = c411_release(TORRENT, identity={"genres": ("Animation",), "original_language": "ja"})
    documentary = c411_release(TORRENT, kind="pack", identity={"genres": ("Documentaire",)})
    adapter = make()
    assert adapter.data.kind_of("movie", anime.identity) == "anime_movie"
    assert adapter.data.kind_of("tv", documentary.identity) == "documentary"
    assert adapter.build_upload(anime).value("subcategoryId") == "6"
    assert adapter.build_upload(documentary).value("subcategoryId") == "7"


async def test_tmdb_data_in_the_forks_shape(make: Callable[..., Adapter]) -> None:
    cast = tuple(CastMember(f"Actor {i}", f"Role {i}", order=9 - i) for i in range(8))
    identity = {"genres": ("Action", "Drame"), "poster_path": "/p.jpg", "backdrop_path": "/b.jpg",
                "cast": cast, "writers": tuple(f"W{i}" for i in range(7)), "vote_average": 7.5}  # fmt: skip
    request = make().build_upload(c411_release(TORRENT, identity=identity))
    data = json.loads(str(request.value("tmdbData")))
    assert set(data) == FORK_TMDB_KEYS
    assert (data["id"], data["type"], data["imdbId"], data["year"]) == (12345, "movie", "tt0012345", 2021)
    assert data["posterUrl"] == "https://image.tmdb.org/t/p/w500/p.jpg"
    assert data["backdropUrl"] == "https://image.tmdb.org/t/p/w1280/b.jpg"
    assert data["genres"] == ["Action", "Drame"] and data["genreIds"] == [28, 18]
    assert data["cast"][0] == {"name": "Actor 7", "character": "Role 7"} and len(data["cast"]) == 5
    assert len(data["writers"]) == 5 and data["rating"] == 7.5


async def test_tmdb_data_switch(make: Callable[..., Adapter]) -> None:
    series = c411_release(TORRENT, kind="pack", identity={"genres": ("Drame",), "release_date": "2020-01-05"})
    previous = json.loads(str(make(tmdb_data="previous").build_upload(series).value("tmdbData")))
    assert (previous["name"], previous["originalName"], previous["firstAirDate"]) == (
        "La Série", "The Series", "2020-01-05"
    )  # fmt: skip
    assert previous["genres"] == [{"id": 18, "name": "Drame"}] and "title" not in previous
    assert "tmdbData" not in make(tmdb_data="none").build_upload(series).names()


async def test_nfo_complete_name_becomes_the_release_title(make: Callable[..., Adapter]) -> None:
    request = make().build_upload(c411_release(TORRENT))
    nfo = request.files[1].content or b""
    assert b"Complete name                            : Le.Film.2021.MULTi.1080p.WEB.H264-GRP.mkv\n" in nfo
    assert b"/media/films" not in nfo
    scene = "Vidéo\r\nComplete name : C:\\rips\\le film final.mkv\r\nÉtat : ok\r\n".encode("cp1252")
    rewritten = rewrite_complete_name(scene, "Le.Film.2021")
    assert rewritten == "Vidéo\r\nComplete name : Le.Film.2021.mkv\r\nÉtat : ok\r\n".encode("cp1252")
    assert rewrite_complete_name(b"no mediainfo here", "X.Y") is None
    pack = c411_release(TORRENT, kind="pack", nfo=b"a scene NFO without MediaInfo")
    assert pack.facts is not None
    bare = dataclasses.replace(pack, facts=dataclasses.replace(pack.facts, mediainfo_text=""))
    with pytest.raises(ValidationFailed, match="nfo: C411 needs a MediaInfo NFO"):
        make().build_upload(bare)


async def test_title_and_description_rules(make: Callable[..., Adapter]) -> None:
    assert c411_title("Le Film (Director's Cut) [FR]..2021.1080p-GRP.") == "Le.Film.2021.1080p-GRP"
    with pytest.raises(ValidationFailed, match="title"):
        c411_title("[only].(groups)")
    renamed = c411_release(TORRENT, raw="Le.Film.(2021).[x].MULTi.1080p.WEB.H264-GRP")
    request = make().build_upload(renamed)
    assert request.value("title") == request.release_name == "Le.Film.MULTi.1080p.WEB.H264-GRP"
    assert b"Complete name                            : Le.Film.MULTi.1080p" in (
        request.files[1].content or b""
    )
    with pytest.raises(ValidationFailed, match="description"):
        make().build_upload(c411_release(TORRENT, description="  trop court  "))


async def test_exclusive_setting_and_per_release_options(make: Callable[..., Adapter]) -> None:
    adapter = make({"exclusive": True})
    release = c411_release(TORRENT)
    assert adapter.build_upload(release).value("isExclusive") == "true"
    chosen = adapter.build_upload(release, C411UploadOptions(exclusive=False, uploader_note=" Merci "))
    assert chosen.value("isExclusive") == "false" and chosen.value("uploaderNote") == "Merci"


async def test_announce_url_is_the_path_form_and_secret(make: Callable[..., Adapter]) -> None:
    announce = make().announce_url()
    assert announce.reveal() == f"https://c411.example/announce/{PASSKEY}"
    assert PASSKEY not in repr(announce) and PASSKEY not in str(announce)
    with pytest.raises(ValidationFailed, match="passkey"):
        make({"passkey": f"https://c411.org/announce/{PASSKEY}"})
