"""Name parsing: guessit plus the naming spec's whole-token guards against false positives, and precedence."""

from __future__ import annotations

import pytest

from seedarr.metadata.parse import UnparseableName, merge_names, parse_name, parse_release_names


@pytest.mark.parametrize(
    ("raw", "field", "expected"),
    [
        ("Cameron.Story.2019.1080p.BluRay.x264-GRP.mkv", "source", "bluray"),
        ("Cameron.Story.2019.1080p.BluRay.x264-GRP.mkv", "title", "Cameron Story"),
        ("Interstellar.2014.1920x1080.BluRay.x265-GRP.mkv", "episodes", ()),
        ("Interstellar.2014.1920x1080.BluRay.x265-GRP.mkv", "resolution", "1080p"),
        ("Twilight.2008.MULTi.1080p.WEB-DL.H264-GRP.mkv", "light", None),
        ("Lightyear.2022.2160p.WEB-DL.H.265-GRP.mkv", "light", None),
        ("Dune.1984.FRENCH.DVDRip.XviD-GRP.avi", "hdr", ()),
        ("Dune.1984.FRENCH.DVDRip.XviD-GRP.avi", "source", "dvdrip"),
        ("Infinity.Pool.2023.1080p.AMZN.WEB-DL.DDP5.1.H.264-GRP.mkv", "service", "AMZN"),
        ("Confidential.Assignment.2017.1080p.WEB-DL.H264-GRP.mkv", "service", None),
        ("Camera.Obscura.2020.720p.HDTV.x264-GRP.mkv", "source", "hdtv"),
        ("Movie.2019.HDCAM.x264-GRP.mkv", "source", "cam"),
        ("Movie.2019.MULTi.1080p.BluRay.HDLight.x264-GRP.mkv", "light", "HDLight"),
        ("Movie.2019.2160p.WEB-DL.DV.HDR10.H.265-GRP.mkv", "hdr", ("DV", "HDR10")),
        ("Movie.2019.2160p.WEB-DL.DoVi.H.265-GRP.mkv", "hdr", ("DV",)),
        ("Movie.2019.2160p.WEB-DL.HDR10+.H.265-GRP.mkv", "hdr", ("HDR10+",)),
        ("Pulp.Fiction.1994.TRUEFRENCH.720p.BluRay.x264-GRP.mkv", "language_tags", ("TRUEFRENCH",)),
        ("Blade.Runner.2049.2017.1080p.BluRay.x264-GRP.mkv", "title", "Blade Runner 2049"),
        ("Blade.Runner.2049.2017.1080p.BluRay.x264-GRP.mkv", "year", 2017),
        ("1917.2019.1080p.BluRay.x264-GRP.mkv", "title", "1917"),
        ("The.French.Connection.1971.1080p.BluRay.x264-GRP.mkv", "title", "The French Connection"),
        ("Le.Comte.de.Monte-Cristo.2024.1080p.BluRay.REMUX.AVC.DTS-HD.MA.5.1-GRP.mkv", "group", "GRP"),
        (
            "Le.Comte.de.Monte-Cristo.2024.1080p.BluRay.REMUX.AVC.DTS-HD.MA.5.1-GRP.mkv",
            "audio_codec",
            "DTS-HD MA",
        ),
        ("Le.Comte.de.Monte-Cristo.2024.1080p.BluRay.REMUX.AVC.DTS-HD.MA.5.1-GRP.mkv", "remux", True),
        ("Barbie 2023 1080p WEB E-AC-3 5.1.mkv", "group", None),
        ("Barbie 2023 1080p WEB E-AC-3 5.1.mkv", "audio_codec", "EAC3"),
        ("Napoleon (2023) MULTi VFF 2160p WEB-DL DV HDR H265 - TEAM.mkv", "group", "TEAM"),
        ("Knives Out (2019) Bluray-1080p.mkv", "group", None),
        ("Interstellar.2014.1080p.BluRay.x265-NOGRP.mkv", "group", None),
        ("Movie.2014.1080p.BluRay.x265-NoTag.mkv", "group", None),
        ("Spider-Man.2002.mkv", "title", "Spider-Man"),
        ("Spider-Man.2002.mkv", "group", None),
        ("friends.1x05.french.720p.hdtv.x264-grp.mkv", "group", "grp"),
        ("friends.1x05.french.720p.hdtv.x264-grp.mkv", "episodes", (5,)),
        ("Friends.S01E01E02.FRENCH.720p.HDTV.x264-GRP.mkv", "episodes", (1, 2)),
        ("Show.S01E01-E03.720p.HDTV.x264-GRP.mkv", "episodes", (1, 2, 3)),
        ("Les.Revenants.Saison 2.FRENCH.720p.HDTV.x264-GRP", "season", 2),
        ("Kaamelott.Episode 5.FRENCH.mkv", "episodes", (5,)),
        ("Movie.2019.1080p.WEBRip.x264-GRP[rartv].mkv", "group", "GRP"),
        ("Movie.2019.EXTENDED.REPACK.1080p.BluRay.x264-GRP.mkv", "editions", ("EXTENDED",)),
        ("Movie.2019.EXTENDED.REPACK.1080p.BluRay.x264-GRP.mkv", "repack", "REPACK"),
        ("Movie.2019.1080p.BDRemux.AVC-GRP.mkv", "remux", True),
        ("Movie.2019.1080p.BrRip.x264-GRP.mkv", "source_token", "BrRip"),
    ],
)
def test_parse_fields(raw: str, field: str, expected: object) -> None:
    assert getattr(parse_name(raw, "file"), field) == expected


def test_generic_file_name_has_no_title() -> None:
    assert parse_name("movie.mkv", "file").title is None
    assert parse_name("0123456789abcdef0123.mkv", "file").title is None


def test_known_groups_with_a_hyphen() -> None:
    parsed = parse_name("Movie.2019.1080p.BluRay.x264-D-Z0N3.mkv", "file", known_groups=["D-Z0N3"])
    assert parsed.group == "D-Z0N3"
    assert parse_name("Movie.2019.1080p.BluRay.x264-D-Z0N3.mkv", "file").group == "Z0N3"


def test_guessit_fills_numbering_the_tokeniser_misses() -> None:
    parsed = parse_name("Show Name - 3x07 - Title.mkv", "file")
    assert (parsed.season, parsed.episodes) == (3, (7,))


@pytest.mark.parametrize("raw", ["", "   ", "...", "-_-.mkv", "\u200b\u200b"])
def test_unparseable_names_are_refused(raw: str) -> None:
    with pytest.raises(UnparseableName) as caught:
        parse_name(raw, "file")
    assert caught.value.field == "file name"


def test_scene_name_wins_field_by_field() -> None:
    file = parse_name("Knives Out (2019) Bluray-1080p.mkv", "file")
    scene = parse_name("Knives.Out.2019.MULTi.1080p.BluRay.x264-LOST", "scene")
    folder = parse_name("Knives Out (2019)", "folder")
    merged = merge_names(file=file, folder=folder, scene=scene)
    assert (merged.group, merged.source_token, merged.origin) == ("LOST", "BluRay", "scene")
    assert merged.language_tags == ("MULTI",)


def test_season_pack_folder_comes_before_the_episode_file() -> None:
    names = parse_release_names(
        "The.Bear.S02E01.1080p.WEB.H264-GRP.mkv", "The.Bear.S02.1080p.WEB.H264-GRP", pack=True
    )
    merged = merge_names(file=names[1], folder=names[0], pack=True)
    assert (merged.season, merged.episodes) == (2, ())


def test_merge_without_names_is_refused() -> None:
    with pytest.raises(UnparseableName):
        merge_names()
