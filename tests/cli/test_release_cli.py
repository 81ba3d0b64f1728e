"""``seedarr release name``: names and evidence from real generated media, offline and with no TMDB key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from seedarr.cli import main


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as stopped:
        code = stopped.code if isinstance(stopped.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_offline_name_with_evidence(movie_1080p: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["release", "name", str(movie_1080p), "--offline"], capsys)
    assert code == 0, err
    assert "Le.Film.Test.2021.MULTi.VFF.1080p.BluRay.AC3.5.1.x264-SEEDARR" in out
    assert "mediainfo" in out and "language" in out


def test_offline_json_for_two_profiles(movie_1080p: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["release", "name", str(movie_1080p), "--offline", "--json", "--tracker", "fr", "--tracker", "p2p"]
    code, out, err = run_cli(args, capsys)
    assert code == 0, err
    document = json.loads(out)
    names = {n["profile"]: n for n in document["names"]}
    assert names["fr"]["name"] == "Le.Film.Test.2021.MULTi.VFF.1080p.BluRay.AC3.5.1.x264-SEEDARR"
    assert names["p2p"]["name"] == "Le.Film.Test.2021.MULTi.VFF.1080p.BluRay.DD5.1.x264-SEEDARR"
    language = next(t for t in names["fr"]["tokens"] if t["variable"] == "language")
    assert language["source"] == "mediainfo" and "VFF" in language["evidence"]


def test_untouched_stream_and_switch(untouched_cropped: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["release", "name", str(untouched_cropped), "--offline", "--json", "--switch", "web_label=WEB-DL"]
    code, out, err = run_cli(args, capsys)
    assert code == 0, err
    name = json.loads(out)["names"][0]["name"]
    assert ".1080p.WEB-DL." in name and name.endswith(".H264-SEEDARR")


def test_season_pack(season_pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["release", "name", str(season_pack), "--offline", "--json"], capsys)
    assert code == 0, err
    assert json.loads(out)["names"][0]["name"].startswith("Show.Name.S01.")


def test_without_tmdb_key_warns_and_names_offline(
    movie_1080p: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(["release", "name", str(movie_1080p), "--json"], capsys)
    assert code == 0, err
    assert "TMDB identification is not configured" in err
    assert json.loads(out)["offline"] is True


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--tracker", "nowhere"], "unknown tracker or profile 'nowhere'"),
        (["--switch", "colour=blue"], "unknown naming switch 'colour'"),
        (["--switch", "novalue"], "is not key=value"),
        (["--tmdb", "12"], "--type"),
    ],
)
def test_bad_options_are_one_line_errors(
    movie_1080p: Path, capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    code, out, err = run_cli(["release", "name", str(movie_1080p), "--offline", *args], capsys)
    assert code == 2
    assert out == ""
    assert err.startswith("error: ") and needle in err and "Traceback" not in err


def test_missing_path_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["release", "name", str(tmp_path / "nope.mkv"), "--offline"], capsys)
    assert code == 2 and "no such file" in err
