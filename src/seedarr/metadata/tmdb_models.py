"""TMDB JSON → typed results: search candidates, a movie's or a series' :class:`Identity`, season titles.

Movies and series use different field names (``title``/``name``, ``release_date``/``first_air_date``,
director in ``credits.crew`` vs ``created_by``); this module is the one place that knows them. French answers
come first; an English answer, when given, fills the fields the French one left empty.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from seedarr.domain.identity import CastMember, Identity, IdentityCandidate, MediaType

__all__ = [
    "SeasonTitles",
    "candidates_from_search",
    "identity_from_details",
    "needs_english",
    "season_from_payload",
    "season_needs_english",
]

Payload = Mapping[str, Any]
CAST_LIMIT = 15
YOUTUBE = "https://www.youtube.com/watch?v={key}"
_TEXT_FIELDS = ("overview", "tagline")


@dataclass(frozen=True, slots=True)
class SeasonTitles:
    season_number: int
    name: str | None
    episodes: dict[int, str]


def _year(date: object) -> int | None:
    text = str(date or "")
    return int(text[:4]) if len(text) >= 4 and text[:4].isdigit() else None


def _text(payload: Payload, key: str) -> str:
    value = payload.get(key)
    return value.strip() if isinstance(value, str) else ""


def _mapping(value: object) -> Payload:
    return value if isinstance(value, dict) else {}


def _names(items: object, key: str = "name") -> tuple[str, ...]:
    if not isinstance(items, list):
        return ()
    return tuple(str(item[key]) for item in items if isinstance(item, dict) and item.get(key))


def candidates_from_search(media_type: MediaType, payload: Payload) -> list[IdentityCandidate]:
    """Every result of a ``/search/movie`` or ``/search/tv`` page, unscored (score 0)."""
    title_key, original_key, date_key = _keys(media_type)
    found = []
    for item in payload.get("results") or []:
        if not isinstance(item, dict) or not isinstance(item.get("id"), int):
            continue
        title = _text(item, title_key) or _text(item, original_key)
        found.append(
            IdentityCandidate(
                tmdb_id=item["id"],
                media_type=media_type,
                title=title,
                original_title=_text(item, original_key) or title,
                year=_year(item.get(date_key)),
                popularity=float(item.get("popularity") or 0.0),
                score=0.0,
            )
        )
    return found


def _keys(media_type: MediaType) -> tuple[str, str, str]:
    if media_type == "movie":
        return "title", "original_title", "release_date"
    return "name", "original_name", "first_air_date"


def needs_english(payload: Payload) -> bool:
    """True when the French answer left a field empty that English may fill (the overview, per spec)."""
    return not _text(payload, "overview")


def _merged(french: Payload, english: Payload | None) -> dict[str, Any]:
    merged = dict(french)
    if english:
        for key in (*_TEXT_FIELDS, "title", "name"):
            if not _text(merged, key) and _text(english, key):
                merged[key] = english[key]
    return merged


def _trailer(videos: object) -> str | None:
    results = videos.get("results") if isinstance(videos, dict) else None
    if not isinstance(results, list):
        return None
    trailers = [
        v
        for v in results
        if isinstance(v, dict) and v.get("site") == "YouTube" and v.get("type") == "Trailer" and v.get("key")
    ]
    language_rank = {"fr": 0, "en": 1}
    trailers.sort(key=lambda v: (not v.get("official"), language_rank.get(str(v.get("iso_639_1")), 2)))
    return YOUTUBE.format(key=trailers[0]["key"]) if trailers else None


def _cast(credits: Payload) -> tuple[CastMember, ...]:
    people = [p for p in credits.get("cast") or [] if isinstance(p, dict) and p.get("name")]
    people.sort(key=lambda p: int(p.get("order") or 0))
    return tuple(
        CastMember(
            name=str(p["name"]),
            character=p.get("character") or None,
            profile_path=p.get("profile_path"),
            order=int(p.get("order") or 0),
        )
        for p in people[:CAST_LIMIT]
    )


def _crew(credits: Payload, *, job: str | None = None, department: str | None = None) -> tuple[str, ...]:
    names: list[str] = []
    for person in credits.get("crew") or []:
        if not isinstance(person, dict) or not person.get("name"):
            continue
        matches = (job and person.get("job") == job) or (
            department and person.get("department") == department
        )
        if matches and person["name"] not in names:
            names.append(str(person["name"]))
    return tuple(names)


def _certification(media_type: MediaType, payload: Payload, country: str = "FR") -> str | None:
    block = payload.get("release_dates" if media_type == "movie" else "content_ratings")
    results = block.get("results") if isinstance(block, dict) else None
    for entry in results if isinstance(results, list) else []:
        if not isinstance(entry, dict) or entry.get("iso_3166_1") != country:
            continue
        if media_type == "tv":
            return str(entry.get("rating") or "") or None
        for release in entry.get("release_dates") or []:
            if isinstance(release, dict) and release.get("certification"):
                return str(release["certification"])
    return None


def identity_from_details(media_type: MediaType, french: Payload, english: Payload | None = None) -> Identity:
    """The :class:`Identity` of a ``/movie/{id}`` or ``/tv/{id}`` answer (with appended credits, …)."""
    data = _merged(french, english)
    title_key, original_key, date_key = _keys(media_type)
    credits = _mapping(data.get("credits"))
    external = _mapping(data.get("external_ids"))
    original = _text(data, original_key)
    is_movie = media_type == "movie"
    runtimes = data.get("episode_run_time") or []
    runtime = data.get("runtime") if is_movie else (runtimes[0] if runtimes else None)
    collection = data.get("belongs_to_collection")
    tvdb = external.get("tvdb_id")
    return Identity(
        tmdb_id=int(data["id"]),
        media_type=media_type,
        title=_text(data, title_key) or original,
        original_title=original or _text(data, title_key),
        original_language=data.get("original_language") or None,
        year=_year(data.get(date_key)),
        imdb_id=(data.get("imdb_id") if is_movie else None) or external.get("imdb_id") or None,
        tvdb_id=int(tvdb) if isinstance(tvdb, int) and tvdb > 0 else None,
        overview=_text(data, "overview"),
        tagline=_text(data, "tagline"),
        genres=_names(data.get("genres")),
        release_date=data.get(date_key) or None,
        runtime_minutes=int(runtime) if isinstance(runtime, int) and runtime > 0 else None,
        countries=_names(data.get("production_countries"), "iso_3166_1"),
        spoken_languages=_names(data.get("spoken_languages"), "iso_639_1"),
        directors=_crew(credits, job="Director") if is_movie else _names(data.get("created_by")),
        writers=_crew(credits, department="Writing"),
        cast=_cast(credits),
        vote_average=data.get("vote_average"),
        vote_count=data.get("vote_count"),
        poster_path=data.get("poster_path"),
        backdrop_path=data.get("backdrop_path"),
        trailer_url=_trailer(data.get("videos")),
        collection=collection.get("name") if isinstance(collection, dict) else None,
        status=data.get("status") or None,
        number_of_seasons=None if is_movie else data.get("number_of_seasons"),
        number_of_episodes=None if is_movie else data.get("number_of_episodes"),
        networks=() if is_movie else _names(data.get("networks")),
        certification=_certification(media_type, data),
    )


def season_from_payload(french: Payload, english: Payload | None = None) -> SeasonTitles:
    """Season name and ``{episode number: title}`` from ``/tv/{id}/season/{n}``, English filling gaps."""
    fallback: dict[int, str] = {}
    for episode in (english or {}).get("episodes") or []:
        if isinstance(episode, dict) and _text(episode, "name"):
            fallback[int(episode["episode_number"])] = _text(episode, "name")
    titles: dict[int, str] = {}
    for episode in french.get("episodes") or []:
        if not isinstance(episode, dict) or not isinstance(episode.get("episode_number"), int):
            continue
        number = episode["episode_number"]
        name = _text(episode, "name") or fallback.get(number, "")
        if name:
            titles[number] = name
    season_name = _text(french, "name") or _text(english or {}, "name") or None
    return SeasonTitles(int(french.get("season_number") or 0), season_name, titles)


def season_needs_english(payload: Payload) -> bool:
    """True when a French season answer has an episode without a title."""
    episodes: Sequence[Any] = payload.get("episodes") or []
    return any(isinstance(e, dict) and not _text(e, "name") for e in episodes)
