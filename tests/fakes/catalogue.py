"""Test data for the TMDB and Radarr/Sonarr fakes: keys and a small catalogue with TMDB's quirks.

Two films titled "Dune" (the popular one is the wrong year for a 1984 release), a film whose French title
differs from its original one and has no French overview, a festival-year film (TMDB one year off from the
release name), two near-identical "Alien" entries, and a film and a series that share the id 1399.
"""

from __future__ import annotations

from typing import Any

__all__ = ["RADARR_KEY", "SONARR_KEY", "V3_KEY", "V4_TOKEN", "catalogue"]

V3_KEY = "0123456789abcdef0123456789abcdef"
V4_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJzZWVkYXJyLXRlc3QifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg"
RADARR_KEY = "radarr0123456789abcdef0123456789"
SONARR_KEY = "sonarr0123456789abcdef0123456789"


def _movie(tmdb_id: int, original: str, date: str, popularity: float, **extra: Any) -> dict[str, Any]:
    return {
        "id": tmdb_id,
        "original_title": original,
        "original_language": extra.pop("original_language", "en"),
        "release_date": date,
        "popularity": popularity,
        "poster_path": f"/poster{tmdb_id}.jpg",
        "backdrop_path": f"/backdrop{tmdb_id}.jpg",
        "genre_ids": [878],
        "vote_average": 7.5,
        "vote_count": 1000,
        **extra,
    }


def catalogue() -> tuple[dict[int, Any], dict[int, Any], dict[tuple[int, int], Any]]:
    dune_credits = {
        "cast": [
            {"id": 2, "name": "Zendaya", "character": "Chani", "profile_path": None, "order": 1},
            {"id": 1, "name": "Timothée Chalamet", "character": "Paul", "profile_path": "/t.jpg", "order": 0},
        ],
        "crew": [
            {"name": "Denis Villeneuve", "job": "Director", "department": "Directing"},
            {"name": "Denis Villeneuve", "job": "Screenplay", "department": "Writing"},
            {"name": "Eric Roth", "job": "Screenplay", "department": "Writing"},
        ],
    }
    dune_videos = {
        "results": [
            {"key": "en-official", "site": "YouTube", "type": "Trailer", "official": True, "iso_639_1": "en"},
            {"key": "fr-fan", "site": "YouTube", "type": "Trailer", "official": False, "iso_639_1": "fr"},
            {"key": "fr-official", "site": "YouTube", "type": "Trailer", "official": True, "iso_639_1": "fr"},
            {"key": "de-official", "site": "YouTube", "type": "Trailer", "official": True, "iso_639_1": "de"},
            {"key": "teaser", "site": "YouTube", "type": "Teaser", "official": True, "iso_639_1": "fr"},
        ]
    }
    movies = {
        438631: _movie(
            438631,
            "Dune",
            "2021-09-15",
            310.0,
            runtime=155,
            imdb_id="tt1160419",
            genres=[{"id": 878, "fr-FR": "Science-Fiction", "en-US": "Science Fiction"}],
            i18n={
                "fr-FR": {
                    "title": "Dune",
                    "overview": "Paul Atréides, un jeune homme brillant…",
                    "tagline": "",
                },
                "en-US": {
                    "title": "Dune",
                    "overview": "Paul Atreides, a brilliant young man…",
                    "tagline": "Beyond",
                },
            },
            appendable={
                "credits": dune_credits,
                "videos": dune_videos,
                "external_ids": {"imdb_id": "tt1160419"},
                "release_dates": {
                    "results": [
                        {"iso_3166_1": "US", "release_dates": [{"certification": "PG-13", "type": 3}]},
                        {
                            "iso_3166_1": "FR",
                            "release_dates": [
                                {"certification": "", "type": 1},
                                {"certification": "TP", "type": 3},
                            ],
                        },
                    ]
                },
            },
        ),
        841: _movie(
            841,
            "Dune",
            "1984-12-14",
            42.0,
            runtime=137,
            i18n={"fr-FR": {"title": "Dune", "overview": "Le film de David Lynch."}},
        ),
        562: _movie(
            562,
            "Die Hard",
            "1988-07-15",
            65.0,
            imdb_id="tt0095016",
            i18n={
                "fr-FR": {"title": "Piège de cristal", "overview": ""},
                "en-US": {"title": "Die Hard", "overview": "NYPD cop John McClane…"},
            },
            appendable={"external_ids": {"imdb_id": "tt0095016"}},
        ),
        1573: _movie(
            1573, "Die Hard 2", "1990-07-02", 48.0, i18n={"fr-FR": {"title": "58 minutes pour vivre"}}
        ),
        531428: _movie(
            531428,
            "Portrait de la jeune fille en feu",
            "2019-09-18",
            25.0,
            original_language="fr",
            i18n={"fr-FR": {"title": "Portrait de la jeune fille en feu", "overview": "1770. Marianne…"}},
        ),
        1399: _movie(
            1399, "Tiger Bay", "1959-03-09", 3.0, i18n={"fr-FR": {"title": "Tiger Bay", "overview": "x"}}
        ),
        10001: _movie(
            10001, "Alien", "1979-05-25", 80.0, i18n={"fr-FR": {"title": "Alien, le huitième passager"}}
        ),
        10002: _movie(10002, "Alien", "1979-06-01", 78.0, i18n={"fr-FR": {"title": "Alien"}}),
    }
    shows = {
        1399: {
            "id": 1399,
            "original_name": "Game of Thrones",
            "original_language": "en",
            "first_air_date": "2011-04-17",
            "origin_country": ["US"],
            "popularity": 400.0,
            "episode_run_time": [],
            "number_of_seasons": 8,
            "number_of_episodes": 73,
            "networks": [{"id": 49, "name": "HBO"}],
            "created_by": [{"name": "David Benioff"}, {"name": "D. B. Weiss"}],
            "i18n": {"fr-FR": {"name": "Game of Thrones", "overview": "Sept familles nobles…"}},
            "appendable": {
                "external_ids": {"imdb_id": "tt0944947", "tvdb_id": 121361},
                "content_ratings": {"results": [{"iso_3166_1": "FR", "rating": "16"}]},
            },
        }
    }
    seasons = {
        (1399, 1): {
            "id": 3624,
            "season_number": 1,
            "air_date": "2011-04-17",
            "i18n": {"fr-FR": {"name": "Saison 1"}, "en-US": {"name": "Season 1"}},
            "episodes": [
                {
                    "episode_number": 1,
                    "air_date": "2011-04-17",
                    "still_path": None,
                    "i18n": {"fr-FR": {"name": "L'hiver vient"}, "en-US": {"name": "Winter Is Coming"}},
                },
                {
                    "episode_number": 2,
                    "air_date": "2011-04-24",
                    "still_path": None,
                    "i18n": {"en-US": {"name": "The Kingsroad"}},
                },
            ],
        }
    }
    return movies, shows, seasons
