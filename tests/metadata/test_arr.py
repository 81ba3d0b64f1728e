"""Radarr/Sonarr against the strict fake: scene name by path, history fallback with its year check."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from fakes.arr import FakeArr
from fakes.catalogue import RADARR_KEY, SONARR_KEY
from seedarr.errors import ServiceAuthError
from seedarr.metadata.arr import ArrClient, map_path
from seedarr.metadata.http import RetryOptions
from seedarr.secrets import Secret

FAST = RetryOptions(attempts=2, backoff_s=0.01)
MOVIE_DIR = "/movies/Dune (1984)"
FILE = f"{MOVIE_DIR}/Dune (1984) Bluray-1080p.mkv"


def radarr_client(http: httpx.AsyncClient, url: str, key: str = RADARR_KEY, **kwargs: object) -> ArrClient:
    return ArrClient(http, "radarr", url, Secret(key), retry=FAST, **kwargs)  # type: ignore[arg-type]


def add_dune(fake: FakeArr, *, scene_name: str | None) -> None:
    fake.items.append(
        {
            "id": 7,
            "title": "Dune",
            "year": 1984,
            "tmdbId": 841,
            "imdbId": "tt0087182",
            "path": MOVIE_DIR,
            "hasFile": True,
        }
    )
    fake.items.append(
        {"id": 8, "title": "Dune", "year": 2021, "tmdbId": 438631, "path": "/movies/Dune (2021)"}
    )
    fake.files.append(
        {"id": 70, "movieId": 7, "relativePath": Path(FILE).name, "path": FILE, "sceneName": scene_name,
         "releaseGroup": "GRP", "size": 1}
    )  # fmt: skip


async def test_scene_name_of_the_file(http: httpx.AsyncClient, radarr: tuple[FakeArr, str]) -> None:
    fake, url = radarr
    add_dune(fake, scene_name="Dune.1984.1080p.BluRay.x264-GRP")
    client = radarr_client(http, url)
    match = await client.find(Path(FILE))
    assert match is not None
    assert (match.scene_name, match.scene_name_source) == ("Dune.1984.1080p.BluRay.x264-GRP", "sceneName")
    assert (match.tmdb_id, match.imdb_id, match.year) == (841, "tt0087182", 1984)
    await client.find(Path(FILE))
    assert fake.paths().count("/api/v3/movie") == 1  # the library is read once, not per file
    assert fake.received[1] == ("/api/v3/moviefile", {"movieId": "7"})


async def test_lookup_by_tmdb_id_and_path_mapping(
    http: httpx.AsyncClient, radarr: tuple[FakeArr, str]
) -> None:
    fake, url = radarr
    add_dune(fake, scene_name="Dune.1984.1080p.BluRay.x264-GRP")
    client = radarr_client(http, url, path_mappings=[("/data", "/x"), ("/data/films", "/movies")])
    match = await client.find(Path("/data/films/Dune (1984)/Dune (1984) Bluray-1080p.mkv"), tmdb_id=841)
    assert match is not None and match.scene_name == "Dune.1984.1080p.BluRay.x264-GRP"
    assert fake.received[0] == ("/api/v3/movie", {"tmdbId": "841"})


def test_path_mapping_uses_the_longest_prefix_on_folder_boundaries() -> None:
    mappings = [("/data", "/x"), ("/data/films", "/movies")]
    assert map_path("/data/films/a.mkv", mappings) == "/movies/a.mkv"
    assert map_path("/data/filmsX/a.mkv", mappings) == "/x/filmsX/a.mkv"
    assert map_path("/other/a.mkv", mappings) == "/other/a.mkv"


async def test_history_fallback_after_a_manual_import(
    http: httpx.AsyncClient, radarr: tuple[FakeArr, str]
) -> None:
    fake, url = radarr
    add_dune(fake, scene_name=None)
    events = [
        ("grabbed", "Dune.1984.REMASTERED.1080p.BluRay-OLD", "2024-01-01T00:00:00Z"),
        ("downloadFolderImported", "Dune.2021.1080p.WEB-DL-WRONG", "2024-03-01T00:00:00Z"),
        ("downloadFolderImported", "Dune.1984.1080p.BluRay.x264-GRP", "2024-02-01T00:00:00Z"),
    ]
    fake.history.extend(
        {"movieId": 7, "eventType": kind, "sourceTitle": title, "date": date, "data": {}}
        for kind, title, date in events
    )
    match = await radarr_client(http, url).find(Path(FILE))
    assert match is not None
    # the newest import names another year (2021): rejected; the older import with the right year wins
    assert (match.scene_name, match.scene_name_source) == ("Dune.1984.1080p.BluRay.x264-GRP", "history")


async def test_history_with_only_wrong_years_gives_no_scene_name(
    http: httpx.AsyncClient, radarr: tuple[FakeArr, str]
) -> None:
    fake, url = radarr
    add_dune(fake, scene_name="")
    fake.history.append(
        {
            "movieId": 7,
            "eventType": "grabbed",
            "sourceTitle": "Dune.Part.Two.2024.2160p.WEB-DL-X",
            "date": "2024",
        }
    )
    match = await radarr_client(http, url).find(Path(FILE))
    assert match is not None and match.scene_name is None and match.tmdb_id == 841


async def test_a_file_outside_the_library_is_unknown(
    http: httpx.AsyncClient, radarr: tuple[FakeArr, str]
) -> None:
    fake, url = radarr
    add_dune(fake, scene_name="x")
    assert await radarr_client(http, url).find(Path("/elsewhere/Dune.1984.mkv")) is None
    assert await radarr_client(http, url).find(Path("/movies/Dune (1984)2/a.mkv")) is None


async def test_sonarr_episode_file(http: httpx.AsyncClient, sonarr: tuple[FakeArr, str]) -> None:
    fake, url = sonarr
    episode = "/tv/Game of Thrones/Season 01/Game of Thrones - S01E02.mkv"
    fake.items.append({"id": 3, "title": "Game of Thrones", "year": 2011, "tvdbId": 121361, "tmdbId": 1399,
                       "path": "/tv/Game of Thrones"})  # fmt: skip
    fake.files.append({"id": 30, "seriesId": 3, "seasonNumber": 1, "path": episode,
                       "sceneName": "Game.of.Thrones.S01E02.720p.BluRay.x264-DEMAND"})  # fmt: skip
    client = ArrClient(http, "sonarr", url, Secret(SONARR_KEY), retry=FAST)
    match = await client.find(Path(episode))
    assert match is not None
    assert (match.kind, match.tmdb_id, match.tvdb_id, match.season_number) == ("sonarr", 1399, 121361, 1)
    assert match.scene_name == "Game.of.Thrones.S01E02.720p.BluRay.x264-DEMAND"
    assert fake.paths() == ["/api/v3/series", "/api/v3/episodefile"]


async def test_wrong_api_key_is_an_auth_error(http: httpx.AsyncClient, radarr: tuple[FakeArr, str]) -> None:
    fake, url = radarr
    with pytest.raises(ServiceAuthError):
        await radarr_client(http, url, key="wrong").system_status()
    assert len(fake.received) == 1


async def test_the_fake_refuses_unknown_parameters(
    http: httpx.AsyncClient, radarr: tuple[FakeArr, str]
) -> None:
    _, url = radarr
    headers = {"X-Api-Key": RADARR_KEY}
    assert (
        await http.get(f"{url}/api/v3/moviefile", params={"movieid": "7"}, headers=headers)
    ).status_code == 400
    assert (await http.get(f"{url}/api/v3/history/movie", headers=headers)).status_code == 400
    assert (await http.get(f"{url}/api/v3/movies", headers=headers)).status_code == 404
    assert (await http.get(f"{url}/api/v3/system/status")).status_code == 401
