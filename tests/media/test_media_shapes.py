"""Release shapes: single files, season packs (episodes, gaps, samples, extras) and disc folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seedarr.errors import UserInputError
from seedarr.media.mediainfo import UnreadableMedia
from seedarr.media.shapes import (
    UnsupportedRelease,
    analyse_release,
    ensure_supported,
    episode_numbers,
    is_extra,
    is_sample,
    scan_release,
)


def test_single_file(movie_1080p: Path) -> None:
    facts = analyse_release(movie_1080p)

    assert facts.shape == "file"
    assert facts.file_name == movie_1080p.name
    assert facts.release_size_bytes == movie_1080p.stat().st_size
    assert facts.episode_files == () and facts.samples == ()
    ensure_supported(facts)


def test_season_pack_lists_episodes_reports_gaps_and_leaves_the_sample_out(season_pack: Path) -> None:
    facts = analyse_release(season_pack)

    assert facts.shape == "season_pack"
    assert facts.episode_files == (
        "Show.Name.S01E01.1080p.WEB.H264-SEEDARR.mkv",
        "Show.Name.S01E02.1080p.WEB.H264-SEEDARR.mkv",
        "Show.Name.S01E04.1080p.WEB.H264-SEEDARR.mkv",
    )
    assert facts.missing_episodes == (3,)
    assert facts.samples == ("Sample/show.name.s01e01.sample.mkv",)
    assert facts.file_name == "Show.Name.S01E01.1080p.WEB.H264-SEEDARR.mkv"  # facts from the first episode
    assert facts.release_size_bytes == sum(p.stat().st_size for p in season_pack.rglob("*") if p.is_file())
    assert facts.video is not None and facts.video.codec == "H.264"


def test_season_pack_reference_episode_can_be_chosen(season_pack: Path) -> None:
    assert analyse_release(season_pack, episode=4).file_name == "Show.Name.S01E04.1080p.WEB.H264-SEEDARR.mkv"
    with pytest.raises(UserInputError, match="episode 3 is not in"):
        analyse_release(season_pack, episode=3)


def test_bdmv_folder_is_a_disc_analysed_from_its_main_stream(bdmv_folder: Path) -> None:
    facts = analyse_release(bdmv_folder)

    assert (facts.shape, facts.disc_kind, facts.file_name, facts.container) == (
        "disc",
        "BDMV",
        "00000.m2ts",
        "M2TS",
    )
    assert facts.video is not None and facts.video.resolution == "1080p"
    with pytest.raises(UnsupportedRelease, match=r"disc releases .*not supported yet"):
        ensure_supported(facts)
    # pointing at the BDMV folder itself gives the same release
    assert scan_release(bdmv_folder / "BDMV").root == bdmv_folder


def test_video_ts_folder_is_a_dvd_disc(video_ts_folder: Path) -> None:
    layout = scan_release(video_ts_folder)

    assert (layout.shape, layout.disc_kind) == ("disc", "VIDEO_TS")
    assert layout.content[0].name == "VTS_01_1.VOB"
    assert analyse_release(video_ts_folder).video is not None


def test_film_folder_with_extras_and_sample(tmp_path: Path, mp4_720p: Path) -> None:
    folder = tmp_path / "Short.Clip.2019.720p.WEB.H264-SEEDARR"
    (folder / "Featurettes").mkdir(parents=True)
    shutil.copy(mp4_720p, folder / mp4_720p.name)
    shutil.copy(mp4_720p, folder / "Featurettes" / "Making of.mp4")
    shutil.copy(mp4_720p, folder / "Short.Clip-trailer.mp4")
    shutil.copy(mp4_720p, folder / "short.clip.2019.720p-sample.mp4")

    facts = analyse_release(folder)

    assert facts.shape == "file"
    assert facts.file_name == mp4_720p.name
    assert facts.extras == ("Featurettes/Making of.mp4", "Short.Clip-trailer.mp4")
    assert facts.samples == ("short.clip.2019.720p-sample.mp4",)


def test_refused_folders(tmp_path: Path, mp4_720p: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(UnreadableMedia, match="no video file"):
        scan_release(empty)

    parts = tmp_path / "parts"
    parts.mkdir()
    shutil.copy(mp4_720p, parts / "Film.CD1.mp4")
    shutil.copy(mp4_720p, parts / "Film.CD2.mp4")
    with pytest.raises(UnsupportedRelease, match="without episode numbers"):
        scan_release(parts)

    seasons = tmp_path / "seasons"
    seasons.mkdir()
    shutil.copy(mp4_720p, seasons / "Show.S01E01.mp4")
    shutil.copy(mp4_720p, seasons / "Show.S02E01.mp4")
    with pytest.raises(UnsupportedRelease, match=r"several seasons .*S01, S02"):
        scan_release(seasons)

    image = tmp_path / "Film.iso"
    image.write_bytes(bytes(2048))
    with pytest.raises(UnsupportedRelease, match="disc images"):
        scan_release(image)

    with pytest.raises(UnreadableMedia, match="no such file"):
        scan_release(tmp_path / "missing")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Show.S01E02.1080p.WEB.mkv", (1, (2,))),
        ("Show.S01E01E02.mkv", (1, (1, 2))),
        ("Show.S01E01-E03.mkv", (1, (1, 2, 3))),
        ("Show.S01E01-03.720p.mkv", (1, (1, 2, 3))),
        ("Show.S1E2.mkv", (1, (2,))),
        ("Show.S01E05.10bit.x265.mkv", (1, (5,))),
        ("Show.1x02.HDTV.mkv", (1, (2,))),
        ("Série - Épisode 5.mkv", (None, (5,))),
        ("Film.2020.1920x1080.mkv", (None, ())),
        ("Film.2020.1080p.mkv", (None, ())),
    ],
)
def test_episode_numbers(name: str, expected: tuple[int | None, tuple[int, ...]]) -> None:
    assert episode_numbers(name) == expected


@given(st.text(max_size=60))
def test_episode_parsing_never_fails(name: str) -> None:
    season, numbers = episode_numbers(name)
    assert season is None or 0 <= season <= 99
    assert list(numbers) == sorted(set(numbers))


@given(st.integers(100, 9999), st.integers(100, 9999))
def test_a_frame_size_is_never_an_episode(width: int, height: int) -> None:
    assert episode_numbers(f"Film.{width}x{height}.mkv") == (None, ())


@pytest.mark.parametrize(
    ("relative", "sample", "extra"),
    [
        ("Sample/film.mkv", True, False),
        ("film-sample.mkv", True, False),
        ("film.sample.mkv", True, False),
        ("Samsara.2011.mkv", False, False),
        ("Extras/Interview.mkv", False, True),
        ("Behind The Scenes/part 1.mkv", False, True),
        ("Film-trailer.mkv", False, True),
        ("Film.2020.mkv", False, False),
    ],
)
def test_samples_and_extras(relative: str, sample: bool, extra: bool) -> None:
    assert (is_sample(Path(relative)), is_extra(Path(relative))) == (sample, extra)
