"""``seedarr torrent create|verify|show`` as a person runs them: outputs, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import libtorrent as lt
import pytest

from harness.torrent_data import make_tree
from seedarr.cli import main
from seedarr.media.torrent import hashing as hashing_module
from seedarr.media.torrent import warm_read as warm_read_module

PASSKEY = "0123456789abcdef0123456789abcdef"
ANNOUNCE = f"https://tracker.example/announce/{PASSKEY}"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_create_show_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_tree(tmp_path / "Film (2024)", {"Film.mkv": 300_000, "Subs/Français.srt": 1_234})
    out = tmp_path / "film.torrent"
    code, stdout, stderr = run(
        capsys, "torrent", "create", str(root), "-o", str(out), "--announce", ANNOUNCE,
        "--source", "SEEDARR", "--piece-length", "64KiB", "--json",
    )  # fmt: skip
    assert code == 0, stderr
    summary = json.loads(stdout)
    assert summary["pieceLength"] == 65536
    assert summary["pieceCount"] == 5
    assert summary["size"] == 301_234
    assert summary["files"] == 2
    assert summary["seconds"] >= 0
    assert "hashing" in stderr
    assert str(lt.torrent_info(str(out)).info_hashes().v1) == summary["infohash"]

    code, stdout, _ = run(capsys, "torrent", "show", str(out), "--json")
    shown = json.loads(stdout)
    assert code == 0
    assert shown["infohash"] == summary["infohash"]
    assert shown["private"] is True
    assert shown["source"] == "SEEDARR"
    assert shown["announce"] == "https://tracker.example/announce/***"
    assert [f["path"] for f in shown["files"]] == ["Film.mkv", "Subs/Français.srt"]
    code, stdout, _ = run(capsys, "torrent", "show", str(out))
    assert PASSKEY not in stdout
    assert "Subs/Français.srt" in stdout

    code, stdout, _ = run(capsys, "torrent", "verify", str(out), str(root))
    assert (code, stdout.split(":")[0]) == (0, "OK")

    data = bytearray((root / "Film.mkv").read_bytes())
    data[200_000] ^= 1
    (root / "Film.mkv").write_bytes(bytes(data))
    code, stdout, _ = run(capsys, "torrent", "verify", str(out), str(root))
    assert code == 1
    assert "piece 3 of 5 does not match (covers Film.mkv)" in stdout


def test_defaults_are_private_auto_piece_length_and_public_on_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    film = make_tree(tmp_path / "R", {"film.mkv": 50_000}) / "film.mkv"
    code, stdout, _ = run(capsys, "torrent", "create", str(film), "-o", str(tmp_path / "a.torrent"), "--json")
    assert code == 0
    assert json.loads(stdout)["pieceLength"] == 256 * 1024
    assert lt.torrent_info(str(tmp_path / "a.torrent")).priv()
    code, _, _ = run(capsys, "torrent", "create", str(film), "-o", str(tmp_path / "b.torrent"), "--public")
    assert code == 0
    assert not lt.torrent_info(str(tmp_path / "b.torrent")).priv()


def _bad_input(tmp_path: Path, case: str) -> tuple[list[str], str]:
    good = make_tree(tmp_path / "Good", {"film.mkv": 1000})
    if case == "missing":
        return [str(tmp_path / "nope")], "no such file or folder"
    if case == "empty-folder":
        (tmp_path / "Empty").mkdir()
        return [str(tmp_path / "Empty")], "no files"
    if case == "fifo":
        os.mkfifo(good / "pipe.mkv")
        return [str(good)], "not a regular file"
    if case == "dangling":
        (good / "gone.mkv").symlink_to(tmp_path / "nowhere")
        return [str(good)], "dangling symlink"
    if case == "forbidden-name":
        (good / "a:b.mkv").write_bytes(b"1")
        return [str(good)], "forbidden character"
    if case.startswith("piece-"):
        return [str(good), "--piece-length", case.removeprefix("piece-")], "piece_length"
    if case.startswith("announce-"):
        return [str(good), "--announce", case.removeprefix("announce-")], "announce"
    raise AssertionError(case)


@pytest.mark.parametrize(
    "case",
    [
        "missing",
        "empty-folder",
        "fifo",
        "dangling",
        "forbidden-name",
        "piece-3000",
        "piece-8KiB",
        "piece-128MiB",
        "piece-huge",
        "announce-htp://tracker.example/a",
        "announce-https://exa mple.org/announce",
        "announce-https:///announce",
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    args, expected = _bad_input(tmp_path, case)
    out = tmp_path / "out.torrent"
    code, _, stderr = run(capsys, "torrent", "create", *args, "-o", str(out))
    assert code == 2
    assert stderr.startswith("error: ")
    assert expected in stderr
    assert stderr.count("\n") == 1
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.torrent")]


def test_file_changed_during_hashing_is_exit_2_and_no_torrent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    film = tmp_path / "film.mkv"
    film.write_bytes(os.urandom(6 * 1024 * 1024))
    real_fill = hashing_module._Reader.fill
    real_read_into = warm_read_module._Ranges.read_into

    def fill_then_touch(self: hashing_module._Reader, buffer, want: int) -> int:
        n = real_fill(self, buffer, want)
        os.utime(film, ns=(1, 1))
        return n

    def read_then_touch(self: warm_read_module._Ranges, view: memoryview, position: int) -> None:
        real_read_into(self, view, position)
        os.utime(film, ns=(1, 1))

    # the sequential reader (data on disk) and the per-thread reads (data already cached) are both covered
    monkeypatch.setattr(hashing_module._Reader, "fill", fill_then_touch)
    monkeypatch.setattr(warm_read_module._Ranges, "read_into", read_then_touch)
    out = tmp_path / "out.torrent"
    code, _, stderr = run(capsys, "torrent", "create", str(film), "-o", str(out), "-l", "16KiB")
    assert code == 2
    assert "changed while being hashed" in stderr.splitlines()[-1]
    assert not out.exists()


def test_existing_output_needs_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    film = make_tree(tmp_path / "R", {"film.mkv": 1000}) / "film.mkv"
    out = tmp_path / "out.torrent"
    out.write_bytes(b"keep")
    code, _, stderr = run(capsys, "torrent", "create", str(film), "-o", str(out))
    assert code == 2
    assert "already exists" in stderr
    assert out.read_bytes() == b"keep"
    assert run(capsys, "torrent", "create", str(film), "-o", str(out), "--force")[0] == 0
    assert out.read_bytes() != b"keep"


def test_show_and_verify_refuse_a_broken_torrent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.torrent"
    broken.write_bytes(b"d4:infoi1ee")
    for args in (["show", str(broken)], ["verify", str(broken), str(tmp_path)]):
        code, _, stderr = run(capsys, "torrent", *args)
        assert code == 2
        assert stderr.startswith("error: invalid torrent")


def test_real_process_exit_code_and_single_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "seedarr",
            "torrent",
            "create",
            str(tmp_path / "nope"),
            "-o",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert done.stderr.startswith("error: ")
    assert not (tmp_path / "o").exists()
