"""Dupe rules: slots, the decision table (slots, sizes, infohash, seasons, works) and its explanations."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

import seedarr.domain
from seedarr.domain.dupes import (
    DupeCandidate,
    DupeSubject,
    codec_class,
    hdr_class,
    judge,
    name_slot,
    resolution_class,
    slot_of,
    source_class,
)
from seedarr.domain.identity import ParsedName
from seedarr.metadata.parse import parse_name

GIB = 1 << 30
MOVIE = DupeSubject(
    slot=slot_of("1080p", "web-dl", "sdr", "avc"), size=10 * GIB, media_type="movie", tmdb_id=12345,
    titles=("Le Film", "The Film"), year=2021, languages=("MULTI",), group="GRP", release_type="web-dl",
)  # fmt: skip
UHD_REMUX = dataclasses.replace(MOVIE, slot=slot_of("2160p", "remux", "hdr", "hevc"), release_type="remux")
EPISODE = DupeSubject(
    slot=slot_of("1080p", "web-dl", "sdr", "avc"), size=2 * GIB, media_type="tv", tmdb_id=999,
    titles=("La Série", "The Series"), year=2020, season=2, episodes=(5,), group="GRP", release_type="web-dl",
)  # fmt: skip
PACK = dataclasses.replace(EPISODE, episodes=(), size=20 * GIB)


def hit(name: str, size: int, **changes: object) -> DupeCandidate:
    """A site torrent as the pipeline builds it: its name parsed, the site's TMDB id when it gives one."""
    changes.setdefault("tmdb_id", 12345 if "Film" in name else 999)
    return DupeCandidate(name=name, size=size, parsed=parse_name(name, "scene"), **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("subject", "name", "size", "decision", "words"),
    [
        # same slot: the size decides between exact and duplicate
        (
            MOVIE,
            "Le.Film.2021.MULTi.1080p.WEB.H264-OTHER",
            int(10 * GIB * 1.005),
            "exact",
            ["same size", "0.5%"],
        ),
        (MOVIE, "Le.Film.2021.MULTi.1080p.WEB.H264-OTHER", int(10 * GIB * 0.995), "exact", ["1080p · WEB"]),
        (
            MOVIE,
            "Le.Film.2021.MULTi.1080p.WEB.H264-OTHER",
            int(10 * GIB * 1.02),
            "duplicate",
            ["another size", "2.0%"],
        ),
        (
            MOVIE,
            "Le.Film.2021.MULTi.1080p.WEB.H264-GRP",
            4 * GIB,
            "duplicate",
            ["group GRP on both", "4.00 GiB"],
        ),
        # 1080i shares the 1080p slot
        (
            MOVIE,
            "Le.Film.2021.MULTi.1080i.WEB.H264-OTHER",
            int(10 * GIB * 1.003),
            "exact",
            ["same slot (1080p"],
        ),
        # WEB-DL and WEBRip share the web slot, and the explanation says which is which
        (
            MOVIE,
            "Le.Film.2021.MULTi.1080p.WEBRip.x264-OTHER",
            7 * GIB,
            "duplicate",
            ["WEBRip on the site vs WEB-DL"],
        ),
        # another slot: codec, resolution, source, HDR, light encode
        (
            MOVIE,
            "Le.Film.2021.MULTi.1080p.WEB.x265-OTHER",
            10 * GIB,
            "similar",
            ["codec HEVC on the site vs AVC"],
        ),
        (
            MOVIE,
            "Le.Film.2021.MULTi.2160p.WEB.H264-OTHER",
            10 * GIB,
            "similar",
            ["resolution 2160p on the site vs 1080p"],
        ),
        (
            MOVIE,
            "Le.Film.2021.MULTi.1080p.BluRay.REMUX.AVC-OTHER",
            30 * GIB,
            "similar",
            ["source remux on the site vs WEB"],
        ),
        (
            MOVIE,
            "Le.Film.2021.MULTi.1080p.WEB.H264.HDR10-OTHER",
            10 * GIB,
            "similar",
            ["dynamic range HDR on the site vs SDR ours"],
        ),
        (
            MOVIE,
            "Le.Film.2021.MULTi.1080p.HDLight.x264-OTHER",
            3 * GIB,
            "similar",
            ["light encode on the site"],
        ),
        # HDR vs Dolby Vision: two slots; HDR10 and HDR share one
        (
            UHD_REMUX,
            "Le.Film.2021.MULTi.2160p.BluRay.REMUX.HEVC.DV-OTHER",
            60 * GIB,
            "similar",
            ["Dolby Vision on the site vs HDR"],
        ),
        (
            UHD_REMUX,
            "Le.Film.2021.MULTi.2160p.BluRay.REMUX.HEVC.DV.HDR10-OTHER",
            60 * GIB,
            "similar",
            ["Dolby Vision"],
        ),
        (
            UHD_REMUX,
            "Le.Film.2021.MULTi.2160p.BluRay.REMUX.HEVC.HDR10-OTHER",
            60 * GIB,
            "duplicate",
            ["2160p · remux · HDR · HEVC"],
        ),
        (
            UHD_REMUX,
            "Le.Film.2021.MULTi.2160p.BluRay.x265.HDR10-OTHER",
            20 * GIB,
            "similar",
            ["source encode on the site vs remux"],
        ),
        # names that cannot be placed in a slot
        (MOVIE, "Le.Film.2021.MULTi-OTHER", 10 * GIB, "similar", ["resolution and source", "by hand"]),
        # another work
        (
            MOVIE,
            "Autre.Film.2019.MULTi.1080p.WEB.H264-OTHER",
            10 * GIB,
            "unrelated",
            ["TMDB id 555", "ours is 12345"],
        ),
    ],
)
def test_movie_decisions(subject: DupeSubject, name: str, size: int, decision: str, words: list[str]) -> None:
    candidate = hit(name, size, tmdb_id=555 if name.startswith("Autre") else 12345)
    got, why = judge(subject, candidate)
    assert got == decision, why
    for word in words:
        assert word in why, why


@pytest.mark.parametrize(
    ("subject", "name", "decision", "words"),
    [
        # a season pack on the site blocks an episode of that season
        (
            EPISODE,
            "La.Serie.S02.MULTi.1080p.WEB.H264-OTHER",
            "duplicate",
            ["season 2 pack already contains our E05", "same slot"],
        ),
        (EPISODE, "La.Serie.S02.MULTi.2160p.WEB.H265-OTHER", "similar", ["another slot", "resolution 2160p"]),
        # an episode on the site does not block our season pack
        (
            PACK,
            "La.Serie.S02E05.MULTi.1080p.WEB.H264-OTHER",
            "similar",
            ["only E05 of season 2", "do not block"],
        ),
        (PACK, "La.Serie.S02E05E06.MULTi.1080p.WEB.H264-OTHER", "similar", ["only E05, E06"]),
        # other seasons and episodes are unrelated
        (PACK, "La.Serie.S03.MULTi.1080p.WEB.H264-OTHER", "unrelated", ["S03 on the site, ours is S02"]),
        (EPISODE, "La.Serie.S01E05.MULTi.1080p.WEB.H264-OTHER", "unrelated", ["S01 on the site"]),
        (
            EPISODE,
            "La.Serie.S02E06.MULTi.1080p.WEB.H264-OTHER",
            "unrelated",
            ["E06 on the site, ours is E05"],
        ),
        # same unit: slot and size as for films
        (EPISODE, "La.Serie.S02E05.MULTi.1080p.WEB.H264-OTHER", "exact", ["same size"]),
        (PACK, "La.Serie.S02.MULTi.1080p.WEB.H264-OTHER", "duplicate", ["another size"]),
        # no season in the name (a complete series?): look by hand
        (
            PACK,
            "La.Serie.INTEGRALE.MULTi.1080p.WEB.H264-OTHER",
            "similar",
            ["no season or episode", "by hand"],
        ),
    ],
)
def test_season_rules(subject: DupeSubject, name: str, decision: str, words: list[str]) -> None:
    got, why = judge(subject, hit(name, 2 * GIB))
    assert got == decision, why
    for word in words:
        assert word in why, why


def test_the_same_infohash_is_exact_whatever_the_name_and_size() -> None:
    ours = dataclasses.replace(MOVIE, infohashes=frozenset({"ab" * 20}))
    got, why = judge(ours, hit("Le.Film.2021.MULTi.2160p.WEB.H265-OTHER", 1, infohash="AB" * 20))
    assert got == "exact" and "same infohash" in why
    assert judge(ours, hit("Le.Film.2021.MULTi.2160p.WEB.H265-OTHER", 1, infohash="cd" * 20))[0] == "similar"


def test_a_different_file_count_keeps_a_same_size_hit_a_duplicate() -> None:
    ours = dataclasses.replace(PACK, file_count=10)
    same = hit("La.Serie.S02.MULTi.1080p.WEB.H264-OTHER", PACK.size, file_count=10)
    fewer = dataclasses.replace(same, file_count=9)
    assert judge(ours, same)[0] == "exact"
    got, why = judge(ours, fewer)
    assert got == "duplicate" and "9 files on the site vs 10 ours" in why


def test_an_unreadable_name_is_similar_and_says_so() -> None:
    candidate = DupeCandidate(name="!!!", size=GIB, parsed=None, tmdb_id=12345)
    got, why = judge(MOVIE, candidate)
    assert got == "similar" and "could not be read" in why


@pytest.mark.parametrize(
    ("name", "found_by_id", "decision", "words"),
    [
        (
            "Autre.Film.2021.MULTi.1080p.WEB.H264-OTHER",
            False,
            "unrelated",
            ["“Autre Film” on the site", "“Le Film”"],
        ),
        ("The.Film.2021.1080p.WEB.H264-OTHER", False, "duplicate", ["same slot"]),
        ("Le.Film.1987.MULTi.1080p.WEB.H264-OTHER", False, "unrelated", ["from 1987", "from 2021"]),
        ("Autre.Film.2021.MULTi.1080p.WEB.H264-OTHER", True, "duplicate", ["same slot"]),
    ],
)
def test_without_a_tmdb_id_the_title_and_year_decide_the_work(
    name: str, found_by_id: bool, decision: str, words: list[str]
) -> None:
    got, why = judge(MOVIE, hit(name, 3 * GIB, tmdb_id=None, found_by_id=found_by_id))
    assert got == decision, why
    for word in words:
        assert word in why, why


def test_accents_and_punctuation_do_not_make_another_work() -> None:
    got, _ = judge(EPISODE, hit("La.Serie.S02E05.MULTi.1080p.WEB.H264-OTHER", 2 * GIB, tmdb_id=None))
    assert got == "exact"


def test_explanations_list_language_group_and_repack_differences() -> None:
    _, why = judge(MOVIE, hit("Le.Film.2021.VOSTFR.1080p.WEB.H264.REPACK-OTHER", 3 * GIB))
    assert "languages VOSTFR vs ours MULTI" in why and "group OTHER vs ours GRP" in why and "REPACK" in why


def test_the_site_type_fills_or_overrides_what_the_name_says() -> None:
    parsed = parse_name("Le.Film.2021.1080p.x264-OTHER", "scene")
    assert name_slot(parsed).source == "encode"
    assert name_slot(parsed, site_type="webrip").source == "web"
    vague = parse_name("Le.Film.2021.MULTi-OTHER", "scene")
    assert (
        name_slot(vague, site_resolution="1080i", site_type="remux").describe()
        == "1080p · remux · SDR · codec ?"
    )
    disc = parse_name("Le.Film.2021.1080p.BluRay.AVC.DTS-HD.MA-GRP", "scene")
    assert name_slot(disc).source == "full_disc"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2160p", "2160p"), ("1080i", "1080p"), ("1080p", "1080p"), ("720p", "720p"), ("576i", "SD"),
     ("480p", "SD"), ("4320p", "4320p"), ("other", None), (None, None)],
)  # fmt: skip
def test_resolution_classes(value: str | None, expected: str | None) -> None:
    assert resolution_class(value) == expected


def test_source_hdr_and_codec_classes() -> None:
    assert source_class("web-dl") == source_class("webrip") == "web"
    assert source_class("encode", "HDLight") == "light" and source_class("remux", "HDLight") == "remux"
    assert source_class("dvdrip") is None
    assert hdr_class(()) == "sdr" and hdr_class(["HDR10+"]) == "hdr" and hdr_class(["DV", "HDR10"]) == "dv"
    assert codec_class("x265") == codec_class("H.265") == codec_class("HEVC") == "hevc"
    assert codec_class("H264") == "avc" and codec_class("mystery") is None
    assert slot_of("1080p", "web-dl", "sdr", "avc") == slot_of("1080i", "webrip", "sdr", "x264")


def test_an_episode_number_without_season_in_ours_skips_the_season_rules() -> None:
    daily = dataclasses.replace(EPISODE, season=None, episodes=())
    parsed = ParsedName("La.Serie.S04E01.1080p.WEB.H264-X", "scene", title="La Serie", season=4,
                        episodes=(1,), resolution="1080p", source="web-dl", video_codec="H.264")  # fmt: skip
    got, _ = judge(daily, DupeCandidate("La.Serie.S04E01.1080p.WEB.H264-X", GIB, parsed, tmdb_id=999))
    assert got == "duplicate"


def test_the_rule_modules_import_only_domain_code() -> None:
    root = Path(seedarr.domain.__file__).parent
    for module in ("dupes.py", "dupe_report.py"):
        tree = ast.parse((root / module).read_text(encoding="utf-8"))
        names = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        names += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        seedarr_imports = [n for n in names if n.startswith("seedarr")]
        assert seedarr_imports and all(n.startswith("seedarr.domain") for n in seedarr_imports), names
