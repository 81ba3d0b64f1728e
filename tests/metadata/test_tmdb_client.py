"""The TMDB client against the strict fake over real HTTP: auth styles, languages, ids, retries, limits."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest

from fakes.catalogue import V3_KEY, V4_TOKEN
from fakes.tmdb import FakeTmdb
from seedarr.errors import ServiceAuthError, ServiceUnavailable, ValidationFailed
from seedarr.metadata.http import RetryOptions
from seedarr.metadata.tmdb import TmdbClient, TmdbNotFound, detect_key_kind

MakeTmdb = Callable[..., TmdbClient]


def test_key_kind_is_read_from_its_shape() -> None:
    assert detect_key_kind(V3_KEY) == "v3"
    assert detect_key_kind(V3_KEY.upper() + "\u200b") == "v3"
    assert detect_key_kind(V4_TOKEN) == "v4"
    for bad in ("", "abc", V3_KEY[:-1], "eyJnot-a-jwt", "Bearer " + V4_TOKEN):
        with pytest.raises(ValidationFailed, match=r"metadata\.tmdb\.api_key"):
            detect_key_kind(bad)


async def test_v3_key_travels_in_the_query(make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb) -> None:
    await make_tmdb(V3_KEY).configuration()
    (request,) = tmdb_fake.received
    assert request.params["api_key"] == V3_KEY
    assert "authorization" not in request.headers


async def test_v4_token_travels_as_bearer(make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb) -> None:
    client = make_tmdb(V4_TOKEN)
    assert client.key_kind == "v4"
    await client.configuration()
    (request,) = tmdb_fake.received
    assert request.headers["authorization"] == f"Bearer {V4_TOKEN}"
    assert "api_key" not in request.params


@pytest.mark.parametrize("key", ["f" * 32, V4_TOKEN[:-3] + "xyz"])
async def test_invalid_key_is_an_auth_error_without_retry(
    make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb, key: str
) -> None:
    with pytest.raises(ServiceAuthError, match="invalid API key") as caught:
        await make_tmdb(key).search("movie", "Dune", 2021)
    assert caught.value.status_code == 401
    assert not caught.value.retryable and caught.value.needs_user
    assert len(tmdb_fake.received) == 1


async def test_search_sends_the_documented_parameters(make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb) -> None:
    client = make_tmdb()
    movies = await client.search("movie", "Dune", 1984)
    shows = await client.search("tv", "Game of Thrones", 2011)
    assert [c.tmdb_id for c in movies] == [841]
    assert [(c.tmdb_id, c.media_type, c.title, c.year) for c in shows] == [
        (1399, "tv", "Game of Thrones", 2011)
    ]
    movie_params, tv_params = (r.params for r in tmdb_fake.received)
    assert movie_params == {
        "query": "Dune",
        "year": "1984",
        "language": "fr-FR",
        "include_adult": "false",
        "page": "1",
        "api_key": V3_KEY,
    }
    assert tv_params["first_air_date_year"] == "2011" and "year" not in tv_params


async def test_french_details_fall_back_to_english_for_an_empty_overview(
    make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb
) -> None:
    identity = await make_tmdb().details("movie", 562)
    assert identity.title == "Piège de cristal"
    assert identity.original_title == "Die Hard"
    assert identity.overview == "NYPD cop John McClane…"
    assert [r.params["language"] for r in tmdb_fake.received] == ["fr-FR", "en-US"]


async def test_details_with_credits_videos_ids_and_rating(make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb) -> None:
    identity = await make_tmdb().details("movie", 438631)
    (request,) = tmdb_fake.received  # French overview present: no English request
    assert request.path == "/3/movie/438631"
    assert request.params["append_to_response"] == "credits,videos,external_ids,release_dates"
    assert request.params["include_video_language"] == "fr,en,null"
    assert (identity.title, identity.year, identity.runtime_minutes) == ("Dune", 2021, 155)
    assert identity.imdb_id == "tt1160419"
    assert identity.genres == ("Science-Fiction",)
    assert identity.directors == ("Denis Villeneuve",)
    assert identity.writers == ("Denis Villeneuve", "Eric Roth")
    assert [c.name for c in identity.cast] == ["Timothée Chalamet", "Zendaya"]
    assert identity.trailer_url == "https://www.youtube.com/watch?v=fr-official"
    assert identity.certification == "TP"


async def test_movie_and_tv_ids_never_mix(make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb) -> None:
    client = make_tmdb()
    show = await client.details("tv", 1399)
    film = await client.details("movie", 1399)
    assert (show.media_type, show.title, show.tvdb_id, show.imdb_id) == (
        "tv",
        "Game of Thrones",
        121361,
        "tt0944947",
    )
    assert show.directors == ("David Benioff", "D. B. Weiss") and show.networks == ("HBO",)
    assert show.certification == "16" and show.number_of_seasons == 8
    assert (film.media_type, film.title) == ("movie", "Tiger Bay")
    assert tmdb_fake.paths() == ["/3/tv/1399", "/3/movie/1399"]
    assert tmdb_fake.received[0].params["append_to_response"] == "credits,videos,external_ids,content_ratings"


async def test_season_and_episode_titles_fall_back_to_english(
    make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb
) -> None:
    client = make_tmdb()
    identity = await client.identity_with_season(await client.details("tv", 1399), 1)
    assert identity.season_title == "Saison 1"
    assert identity.episode_titles == {1: "L'hiver vient", 2: "The Kingsroad"}
    season_requests = [r for r in tmdb_fake.received if r.path == "/3/tv/1399/season/1"]
    assert [r.params["language"] for r in season_requests] == ["fr-FR", "en-US"]


async def test_unknown_id_is_not_found(make_tmdb: MakeTmdb) -> None:
    with pytest.raises(TmdbNotFound):
        await make_tmdb().details("movie", 999999)


async def test_429_waits_for_retry_after(make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb) -> None:
    tmdb_fake.fail_next(429, retry_after="1")
    started = time.monotonic()
    await make_tmdb().configuration()
    first, second = tmdb_fake.received
    assert second.at - first.at >= 0.95
    assert time.monotonic() - started >= 0.95


async def test_5xx_is_retried_then_succeeds(make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb) -> None:
    tmdb_fake.fail_next(502, count=2)
    assert (await make_tmdb().search("movie", "Dune", 2021))[0].tmdb_id == 438631
    assert len(tmdb_fake.received) == 3


async def test_5xx_gives_up_after_the_attempts(make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb) -> None:
    tmdb_fake.fail_next(500, count=10)
    with pytest.raises(ServiceUnavailable) as caught:
        await make_tmdb(retry=RetryOptions(attempts=3, backoff_s=0.01)).configuration()
    assert caught.value.retryable
    assert len(tmdb_fake.received) == 3


async def test_slow_answer_is_a_retryable_timeout(make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb) -> None:
    tmdb_fake.delay_s = 0.5
    with pytest.raises(ServiceUnavailable, match="no answer in time"):
        await make_tmdb(timeout_s=0.1, retry=RetryOptions(attempts=2, backoff_s=0.01)).configuration()
    assert len(tmdb_fake.received) == 2


async def test_client_side_rate_limit_spaces_requests(make_tmdb: MakeTmdb, tmdb_fake: FakeTmdb) -> None:
    client = make_tmdb(rate_per_s=10.0, burst=2)
    await asyncio.gather(*(client.configuration() for _ in range(6)))
    times = sorted(r.at for r in tmdb_fake.received)
    # a burst of 2, then one every 0.1 s: the 6th leaves about 0.4 s after the first
    assert times[-1] - times[0] >= 0.35
