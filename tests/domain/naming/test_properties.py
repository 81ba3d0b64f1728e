"""Property tests: composed names use only allowed characters, never doubled dots, and guessit reads back
the same title, year, season/episode, resolution, source, video codec and group."""

from __future__ import annotations

import re
from typing import Any

from guessit import guessit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from naming_facts import audio, facts, sub, video

from seedarr.domain.identity import ParsedName
from seedarr.domain.naming import NamingInputs, compose_release_name, resolve_profile
from seedarr.domain.naming.sanitize import sanitize_title

WORDS = [
    "Blue",
    "River",
    "Night",
    "Garden",
    "Stone",
    "Winter",
    "Shadow",
    "Lost",
    "City",
    "Dream",
    "Silent",
    "Golden",
    "Road",
    "Ocean",
    "Fire",
    "Paper",
    "Moon",
    "Black",
    "Empire",
    "Glass",
    "Hunter",
    "Journey",
]
# guessit reads "E01"-like groups as episodes: real groups are words
GROUPS = st.from_regex(r"[A-Z][a-z]{2,6}[A-Z0-9]?", fullmatch=True)
SOURCES = {"bluray": "Blu-ray", "web-dl": "Web", "webrip": "Web", "hdtv": "HDTV"}
CODECS = {"x264": "H.264", "x265": "H.265", "H264": "H.264", "H265": "H.265", "H.264": "H.264",
          "H.265": "H.265", "AVC": "H.264", "HEVC": "H.265"}  # fmt: skip
FRAMES = [(1920, 1080), (1920, 800), (1280, 720), (3840, 2160), (3840, 1600)]
ALLOWED = re.compile(r"[A-Za-z0-9.+-]+")


@st.composite
def releases(draw: st.DrawFn) -> tuple[ParsedName, Any, str]:
    title = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4, unique=True)))
    tv = draw(st.booleans())
    season = draw(st.integers(1, 30)) if tv else None
    episodes = tuple(sorted(draw(st.sets(st.integers(1, 40), min_size=0, max_size=2)))) if tv else ()
    source = draw(st.sampled_from(sorted(SOURCES)))
    width, height = draw(st.sampled_from(FRAMES))
    hevc = draw(st.booleans())
    encode = source in {"bluray", "webrip"} or draw(st.booleans())
    remux = source == "bluray" and not encode and draw(st.booleans())
    parsed = ParsedName(
        raw="x", origin="file", title=title, year=draw(st.integers(1950, 2029)),
        media_type="episode" if tv else "movie", season=season, episodes=episodes, source=source,  # type: ignore[arg-type]
        source_token={"bluray": "BluRay", "web-dl": "WEB-DL", "webrip": "WEBRip", "hdtv": "HDTV"}[source],
        remux=remux, group=draw(st.one_of(st.none(), GROUPS)), year_after_title=True,
    )  # fmt: skip
    tracks = draw(
        st.lists(
            st.sampled_from(
                [
                    audio("fr-FR", "EAC3", 6),
                    audio("en", "AC3", 6),
                    audio("fr-CA", "AAC", 2),
                    audio("en", "DTS-HD MA", 8),
                ]
            ),
            min_size=1,
            max_size=3,
        )
    )  # fmt: skip (guessit does not know MUET)
    media = facts(video(width, height, "H.265" if hevc else "H.264", enc=encode), tuple(tracks), (sub("fr"),))
    return parsed, media, draw(st.sampled_from(["fr", "p2p"]))


def _guess(name: str) -> dict[str, Any]:
    return dict(guessit(name))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(releases())
def test_names_are_clean_and_guessit_reads_them_back(release: tuple[ParsedName, Any, str]) -> None:
    parsed, media, profile = release
    composed = compose_release_name(NamingInputs(names=(parsed,), facts=media), resolve_profile(profile))
    name = composed.name
    assert ALLOWED.fullmatch(name), name
    assert ".." not in name and not name.startswith((".", "-")) and not name.endswith((".", "-"))
    guess = _guess(name)
    assert guess.get("title") == parsed.title, (name, guess)
    if parsed.season is None:
        assert guess.get("year") == parsed.year, (name, guess)
    else:
        assert guess.get("season") == parsed.season, (name, guess)
        episodes = guess.get("episode")
        got = tuple(episodes) if isinstance(episodes, list) else ((episodes,) if episodes else ())
        assert got == parsed.episodes, (name, guess)
    assert guess.get("screen_size") == media.video.resolution, (name, guess)
    assert guess.get("source") == SOURCES[parsed.source or ""] or (
        parsed.source == "bluray" and guess.get("source") == "Ultra HD Blu-ray"
    ), (name, guess)
    assert guess.get("video_codec") == CODECS[composed.value("video_codec")], (name, guess)
    assert guess.get("release_group") == (parsed.group or "NOTAG"), (name, guess)


@given(st.text(max_size=60))
def test_sanitised_titles_use_only_allowed_characters(title: str) -> None:
    cleaned = sanitize_title(title)
    assert cleaned == "" or ALLOWED.fullmatch(cleaned)
    assert ".." not in cleaned and not cleaned.startswith(".") and not cleaned.endswith(".")


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80), st.sampled_from(["fr", "p2p"]))
def test_any_parsed_title_gives_a_clean_name(title: str, profile: str) -> None:
    parsed = ParsedName(raw=title, origin="file", title=title or None, year=2020, group="GRP")
    try:
        name = compose_release_name(NamingInputs(names=(parsed,)), resolve_profile(profile)).name
    except ValueError:
        return  # NamingError: nothing readable in the title
    assert ALLOWED.fullmatch(name) and ".." not in name
