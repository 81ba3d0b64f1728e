"""``seedarr media info|screenshots`` end to end: output, JSON, and one-line errors for bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from seedarr.cli import main


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the ``seedarr`` entry point in this process: (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as stopped:
        main(args)
    out, err = capsys.readouterr()
    code = stopped.value.code
    return (code if isinstance(code, int) else 1), out, err


def assert_one_line_error(code: int, out: str, err: str, needle: str) -> None:
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and needle in lines[0]
    assert "Traceback" not in err


def test_info_table(movie_1080p: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["media", "info", str(movie_1080p)], capsys)

    assert code == 0
    for expected in ("H.264", "1920x1080", "1080p", "AC3", "5.1", "VFF", "SDH", "chapters"):
        assert expected in out


def test_info_json(movie_1080p: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["media", "info", "--json", str(movie_1080p)], capsys)

    assert code == 0
    data = json.loads(out)
    assert {"size_bytes", "duration_seconds", "container", "video", "audio", "subtitles", "chapters",
            "mediainfo_text"} <= data.keys()  # fmt: skip
    assert data["video"]["resolution"] == "1080p" and data["video"]["hdr"] is None
    assert [(a["language"], a["codec"], a["channels"]) for a in data["audio"]] == [
        ("fr", "AC3", "5.1"),
        ("en", "AAC", "2.0"),
    ]
    assert [(s["language"], s["forced"], s["sdh"]) for s in data["subtitles"]] == [
        ("fr", True, False),
        ("en", False, True),
    ]
    assert str(movie_1080p.parent) not in data["mediainfo_text"]


def test_info_text_is_the_publishable_report(movie_1080p: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["media", "info", "--text", str(movie_1080p)], capsys)

    assert code == 0
    assert out.startswith("General\n") and f": {movie_1080p.name}\n" in out
    assert str(movie_1080p.parent) not in out


def test_info_of_a_pack_and_a_disc(
    season_pack: Path, bdmv_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(["media", "info", str(season_pack)], capsys)
    assert code == 0
    assert (
        "season_pack" in out and "missing episode numbers: 3" in out and "show.name.s01e01.sample.mkv" in out
    )

    code, out, _ = run_cli(["media", "info", str(bdmv_folder)], capsys)
    assert code == 0
    assert "disc releases are not supported yet" in out


def test_screenshots_command(movie_1080p: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(
        [
            "media",
            "screenshots",
            str(movie_1080p),
            "-n",
            "2",
            "-o",
            str(tmp_path),
            "--format",
            "jpg",
            "--json",
        ],
        capsys,
    )

    assert code == 0
    shots = json.loads(out)
    assert len(shots) == 2
    assert all(Path(s["path"]).is_file() and s["path"].endswith(".jpg") for s in shots)
    assert all(0 <= s["timestamp"] <= 4 for s in shots)


def test_screenshots_of_a_chosen_pack_episode(
    season_pack: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    options = ["-e", "2", "-n", "1", "-o", str(tmp_path), "--width", "320"]

    code, out, _ = run_cli(["media", "screenshots", str(season_pack), *options], capsys)

    assert code == 0
    assert "S01E02" in out and "320x180" in out
    assert [p.name for p in tmp_path.iterdir()] == ["Show.Name.S01E02.1080p.WEB.H264-SEEDARR.01.png"]


@pytest.mark.parametrize(
    ("fixture", "needle"),
    [
        ("truncated_file", "truncated"),
        ("corrupt_file", "corrupt or not a video"),
        ("not_a_video", "not a video file"),
    ],
)
def test_bad_files_give_one_line_and_exit_2(
    fixture: str, needle: str, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    path: Path = request.getfixturevalue(fixture)

    for command in (["media", "info"], ["media", "screenshots", "-o", str(path.parent / "shots")]):
        assert_one_line_error(*run_cli([*command, str(path)], capsys), needle)


def test_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert_one_line_error(*run_cli(["media", "info", str(tmp_path / "nope.mkv")], capsys), "no such file")


def test_missing_mediainfo_library(
    movie_1080p: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pymediainfo import MediaInfo

    monkeypatch.setattr(MediaInfo, "can_parse", classmethod(lambda cls, library_file=None: False))

    code, out, err = run_cli(["media", "info", str(movie_1080p)], capsys)

    assert_one_line_error(code, out, err, "libmediainfo")
    assert "pip install pymediainfo" in err


def test_missing_ffmpeg_through_the_console_script(movie_1080p: Path, tmp_path: Path) -> None:
    seedarr = Path(sys.executable).with_name("seedarr")
    env = {**os.environ, "PATH": str(tmp_path)}  # no ffmpeg anywhere on PATH

    done = subprocess.run(
        [str(seedarr), "media", "screenshots", str(movie_1080p), "-o", str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip

    assert_one_line_error(done.returncode, done.stdout, done.stderr, "ffmpeg is not installed")
    assert "apt-get install ffmpeg" in done.stderr
