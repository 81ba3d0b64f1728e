"""Identification over real HTTP: names by precedence, arr ids, scored search, manual ids, bad input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from fakes.arr import FakeArr
from fakes.catalogue import RADARR_KEY, SONARR_KEY
from fakes.tmdb import FakeTmdb
from seedarr.errors import ServiceAuthError, ValidationFailed
from seedarr.metadata.arr import ArrClient
from seedarr.metadata.http import RetryOptions
from seedarr.metadata.identify import Identified, Identifier, ManualId, NeedsIdentification, summarise_names
from seedarr.metadata.tmdb import TmdbClient
from seedarr.secrets import Secret

MakeTmdb = Callable[..., TmdbClient]
FAST = RetryOptions(attempts=2, backoff_s=0.01)
DUNE_DIR = "/movies/Dune (1984)"
DUNE_FILE = f"{DUNE_DIR}/Dune.2021.1080p.mkv"  # a misleading file name: the scene name must win


def radarr_with_dune(fake: FakeArr, *, tmdb_id: int, scene: str | None) -> None:
    fake.items.append({"id": 7, "title": "Dune", "year": 1984, "tmdbId": tmdb_id, "path": DUNE_DIR})
    fake.files.append({"id": 70, "movieId": 7, "path": DUNE_FILE, "sceneName": scene})


def radarr_client(http: httpx.AsyncClient, url: str) -> ArrClient:
    return ArrClient(http, "radarr", url, Secret(RADARR_KEY), retry=FAST)


async def test_radarr_id_and_scene_name_win(
    make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb, http: httpx.AsyncClient, radarr: tuple[FakeArr, str]
) -> None:
    fake, url = radarr
    radarr_with_dune(fake, tmdb_id=841, scene="Dune.1984.1080p.BluRay.x264-GRP")
    result = await Identifier(make_tmdb(), [radarr_client(http, url)]).identify(Path(DUNE_FILE))
    assert isinstance(result, Identified)
    assert (result.method, result.identity.tmdb_id, result.identity.year) == ("radarr", 841, 1984)
    assert result.scene_name == "Dune.1984.1080p.BluRay.x264-GRP"
    assert [n.origin for n in result.names] == ["scene", "file", "folder"]
    assert summarise_names(result.names).year == 1984
    assert not any(p.startswith("/3/search") for p in tmdb_fake.paths())  # an id from Radarr needs no search


async def test_scene_name_drives_the_search_when_the_id_is_unknown(
    make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb, http: httpx.AsyncClient, radarr: tuple[FakeArr, str]
) -> None:
    fake, url = radarr
    radarr_with_dune(fake, tmdb_id=999999, scene="Dune.1984.1080p.BluRay.x264-GRP")
    result = await Identifier(make_tmdb(), [radarr_client(http, url)]).identify(Path(DUNE_FILE))
    assert isinstance(result, Identified)
    assert (result.method, result.identity.tmdb_id) == ("search", 841)  # the file name alone says 2021
    assert any("TMDB does not know" in w for w in result.warnings)
    search = next(r for r in tmdb_fake.received if r.path == "/3/search/movie")
    assert (search.params["query"], search.params["year"]) == ("Dune", "1984")


async def test_unreachable_radarr_is_a_warning_not_a_failure(
    make_tmdb: MakeTmdb, http: httpx.AsyncClient, radarr: tuple[FakeArr, str]
) -> None:
    fake, url = radarr
    fake.fail_next(500, count=5)
    result = await Identifier(make_tmdb(), [radarr_client(http, url)]).identify(
        Path("/films/Piège de cristal/Die.Hard.1988.MULTi.1080p.BluRay.x264-GRP.mkv")
    )
    assert isinstance(result, Identified) and result.identity.tmdb_id == 562
    assert any(w.startswith("Radarr could not be asked") for w in result.warnings)


async def test_search_picks_the_right_film_by_original_title(
    make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb
) -> None:
    path = Path("/films/Die.Hard.1988.MULTi.1080p.BluRay.x264-GRP.mkv")
    result = await Identifier(make_tmdb()).identify(path)
    assert isinstance(result, Identified)
    assert (result.method, result.identity.tmdb_id, result.identity.title) == (
        "search",
        562,
        "Piège de cristal",
    )
    assert result.identity.overview == "NYPD cop John McClane…"  # English fallback
    assert [c.tmdb_id for c in result.candidates] == [562]  # "Die Hard 2" (1990) is not a 1988 film


async def test_a_year_off_by_one_is_found_by_searching_again_without_it(
    make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb
) -> None:
    path = Path("/films/Portrait.de.la.jeune.fille.en.feu.2020.FRENCH.1080p.WEB.x264-NOTAG.mkv")
    result = await Identifier(make_tmdb()).identify(path)
    assert isinstance(result, Identified) and result.identity.tmdb_id == 531428
    searches = [r.params for r in tmdb_fake.received if r.path == "/3/search/movie"]
    assert [s.get("year") for s in searches] == ["2020", None]


async def test_a_generic_file_name_leaves_the_folder_name_to_speak(make_tmdb: MakeTmdb) -> None:
    result = await Identifier(make_tmdb()).identify(Path("/films/Dune (1984)/movie.mkv"))
    assert isinstance(result, Identified) and result.identity.tmdb_id == 841


async def test_a_tie_needs_identification_then_a_manual_id_settles_it(
    make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb
) -> None:
    identifier = Identifier(make_tmdb())
    path = Path("/films/Alien.1979.1080p.BluRay.x264-GRP.mkv")
    result = await identifier.identify(path)
    assert isinstance(result, NeedsIdentification)
    assert not result.offline and not result.retryable
    assert "too close" in result.reason
    assert [c.tmdb_id for c in result.candidates] == [10001, 10002]
    manual = await identifier.identify(path, manual=ManualId(10002, "movie"))
    assert isinstance(manual, Identified)
    assert (manual.method, manual.identity.tmdb_id) == ("manual", 10002)
    assert tmdb_fake.paths()[-1] == "/3/movie/10002"


async def test_a_manual_id_unknown_to_tmdb_needs_identification(make_tmdb: MakeTmdb) -> None:
    result = await Identifier(make_tmdb()).identify(Path("/x/a.mkv"), manual=ManualId(424242, "tv"))
    assert isinstance(result, NeedsIdentification)
    assert result.reason == "TMDB has no series with id 424242"


def test_a_manual_id_must_be_valid() -> None:
    with pytest.raises(ValidationFailed, match="tmdbId"):
        ManualId(0, "movie")
    with pytest.raises(ValidationFailed, match="mediaType"):
        ManualId(1, "film")  # type: ignore[arg-type]


async def test_an_episode_is_a_series_with_its_episode_titles(
    make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb
) -> None:
    path = Path("/series/Game of Thrones/Season 01/Game.of.Thrones.S01E02.720p.WEB-DL.mkv")
    result = await Identifier(make_tmdb()).identify(path)
    assert isinstance(result, Identified)
    assert (result.identity.media_type, result.identity.tmdb_id) == ("tv", 1399)
    assert result.identity.episode_titles[2] == "The Kingsroad"
    assert "/3/movie/1399" not in tmdb_fake.paths()
    assert "/3/search/movie" not in tmdb_fake.paths()


async def test_sonarr_tvdb_id_is_resolved_through_find(
    make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb, http: httpx.AsyncClient, sonarr: tuple[FakeArr, str]
) -> None:
    fake, url = sonarr
    fake.items.append(
        {"id": 3, "title": "Game of Thrones", "year": 2011, "tvdbId": 121361, "path": "/tv/GoT"}
    )
    client = ArrClient(http, "sonarr", url, Secret(SONARR_KEY), retry=FAST)
    result = await Identifier(make_tmdb(), [client]).identify(Path("/tv/GoT/Season 01/GoT.S01E01.mkv"))
    assert isinstance(result, Identified)
    assert (result.method, result.identity.tmdb_id) == ("sonarr", 1399)
    find = next(r for r in tmdb_fake.received if r.path == "/3/find/121361")
    assert find.params["external_source"] == "tvdb_id"
    assert result.identity.episode_titles[1] == "L'hiver vient"


async def test_no_key_is_offline_with_a_warning() -> None:
    result = await Identifier(None).identify(Path("/films/Dune.1984.1080p.BluRay.x264-GRP.mkv"))
    assert isinstance(result, NeedsIdentification)
    assert result.offline
    assert any("no TMDB API key" in w for w in result.warnings)
    assert summarise_names(result.names).title == "Dune"


async def test_tmdb_down_needs_identification_after_retries(make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb) -> None:
    tmdb_fake.fail_next(503, count=20)
    result = await Identifier(make_tmdb()).identify(Path("/films/Dune.1984.1080p.BluRay.x264-GRP.mkv"))
    assert isinstance(result, NeedsIdentification)
    assert result.retryable and "unavailable" in result.reason
    assert len(tmdb_fake.received) == 3  # FAST_RETRY: three attempts, then give up


async def test_invalid_key_raises_without_retry(make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb) -> None:
    with pytest.raises(ServiceAuthError, match=r"metadata\.tmdb\.api_key"):
        await Identifier(make_tmdb("e" * 32)).identify(Path("/films/Dune.1984.1080p.BluRay.x264-GRP.mkv"))
    assert len(tmdb_fake.received) == 1


async def test_a_folder_release_is_read_from_its_name(make_tmdb: MakeTmdb, tmp_path: Path) -> None:
    folder = tmp_path / "Die.Hard.1988.MULTi.1080p.BluRay.x264-GRP"
    folder.mkdir()
    result = await Identifier(make_tmdb()).identify(folder)
    assert isinstance(result, Identified) and result.identity.tmdb_id == 562
    assert [n.origin for n in result.names] == ["folder"]
