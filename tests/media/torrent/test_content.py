"""Content scanning: what goes into a torrent, in which order, and what is refused with which message."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from seedarr.errors import UserInputError
from seedarr.media.torrent import ContentError, scan_content
from seedarr.media.torrent.names import name_problem


def test_single_file_is_its_own_name(tmp_path: Path) -> None:
    film = tmp_path / "Film.2024.1080p.mkv"
    film.write_bytes(b"x" * 1000)
    content = scan_content(film)
    assert content.single_file
    assert content.name == "Film.2024.1080p.mkv"
    assert [(f.parts, f.size) for f in content.files] == [(("Film.2024.1080p.mkv",), 1000)]


def test_folder_files_are_ordered_by_utf8_bytes_with_nested_and_empty_files(make_tree) -> None:
    root = make_tree(
        {
            "b.mkv": 10,
            "A.nfo": 5,
            "Été/z.srt": 3,
            "Extras/a.mkv": 7,
            "empty.txt": 0,
            "été.txt": 2,
            "Zed.txt": 1,
        }
    )
    content = scan_content(root)
    assert not content.single_file
    assert content.name == "Content"
    paths = [f.display for f in content.files]
    assert paths == ["A.nfo", "Extras/a.mkv", "Zed.txt", "b.mkv", "empty.txt", "Été/z.srt", "été.txt"]
    assert content.total_size == 28


def test_default_and_user_exclusions(make_tree) -> None:
    root = make_tree(
        {
            "film.mkv": 10,
            ".hidden": 1,
            ".DS_Store": 1,
            "Thumbs.db": 1,
            "THUMBS.DB": 1,
            "next.mkv.!qB": 1,
            "other.mkv.part": 1,
            ".git/config": 1,
            "Sample/sample.mkv": 4,
            "notes.txt": 2,
        }
    )
    assert [f.display for f in scan_content(root).files] == ["Sample/sample.mkv", "film.mkv", "notes.txt"]
    kept = scan_content(root, ["*.txt", "Sample/*"])
    assert [f.display for f in kept.files] == ["film.mkv"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("a:b.mkv", "forbidden character"),
        ('say "hi".mkv', "forbidden character"),
        ("pipe|d.mkv", "forbidden character"),
        ("ends-with-dot.", "ends with a dot"),
        ("ends-with-space ", "ends with a dot or a space"),
        ("CON", "reserved Windows device name"),
        ("nul.txt", "reserved Windows device name"),
        ("COM1.mkv", "reserved Windows device name"),
        ("~lock.mkv", "starts with ~"),
        ("tab\there.mkv", "control characters"),
        ("____padding_file_0", "padding"),
    ],
)
def test_names_trackers_refuse_are_rejected_with_the_file_named(
    tmp_path: Path, name: str, reason: str
) -> None:
    root = tmp_path / "Release"
    (root / "sub").mkdir(parents=True)
    (root / "ok.mkv").write_bytes(b"1")
    (root / "sub" / name).write_bytes(b"2")
    with pytest.raises(ContentError, match=reason) as caught:
        scan_content(root)
    assert f"sub/{name}" in str(caught.value)
    assert isinstance(caught.value, UserInputError)


def test_names_of_dots_are_refused_even_though_hidden_files_are_skipped_first() -> None:
    assert name_problem("...") == "is made only of dots"
    assert name_problem(".pad") == "looks like a padding file"


def test_valid_names_pass() -> None:
    for name in ("Film.2024.MULTi.1080p.mkv", "Été à Paris.mkv", "CONCERT.mkv", "a~b.mkv", "日本語.srt"):
        assert name_problem(name) is None, name


def test_root_name_is_checked_too(tmp_path: Path) -> None:
    bad = tmp_path / "film:cut.mkv"
    bad.write_bytes(b"1")
    with pytest.raises(ContentError, match="forbidden character"):
        scan_content(bad)


def test_symlinked_files_and_folders_are_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "inner").mkdir(parents=True)
    (elsewhere / "real.mkv").write_bytes(b"r" * 50)
    (elsewhere / "inner" / "sub.srt").write_bytes(b"s" * 5)
    root = tmp_path / "Release"
    root.mkdir()
    (root / "film.mkv").symlink_to(elsewhere / "real.mkv")
    (root / "Subs").symlink_to(elsewhere / "inner")
    content = scan_content(root)
    assert [(f.display, f.size) for f in content.files] == [("Subs/sub.srt", 5), ("film.mkv", 50)]


def test_symlink_loop_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "Release"
    (root / "a").mkdir(parents=True)
    (root / "a" / "film.mkv").write_bytes(b"1")
    (root / "a" / "back").symlink_to(root)
    with pytest.raises(ContentError, match="symlink loop") as caught:
        scan_content(root)
    assert "a/back" in str(caught.value)


def test_dangling_symlink_is_refused_with_its_name(tmp_path: Path) -> None:
    root = tmp_path / "Release"
    root.mkdir()
    (root / "film.mkv").write_bytes(b"1")
    (root / "gone.mkv").symlink_to(tmp_path / "nowhere.mkv")
    with pytest.raises(ContentError, match="dangling symlink") as caught:
        scan_content(root)
    assert "gone.mkv" in str(caught.value)


def test_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    root = tmp_path / "Release"
    root.mkdir()
    (root / "film.mkv").write_bytes(b"1")
    os.mkfifo(root / "pipe.mkv")
    with pytest.raises(ContentError, match="not a regular file") as caught:
        scan_content(root)
    assert "pipe.mkv" in str(caught.value)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "no such file or folder"),
        ("empty-folder", "no files"),
        ("only-excluded", "no files"),
        ("empty-file", "file is empty"),
        ("all-empty", "every file is empty"),
    ],
)
def test_nothing_to_hash_is_an_error(tmp_path: Path, setup: str, message: str) -> None:
    target = tmp_path / "x"
    if setup == "empty-folder":
        target.mkdir()
    elif setup == "only-excluded":
        target.mkdir()
        (target / ".DS_Store").write_bytes(b"1")
    elif setup == "empty-file":
        target.write_bytes(b"")
    elif setup == "all-empty":
        target.mkdir()
        (target / "a.txt").write_bytes(b"")
    with pytest.raises(ContentError, match=message):
        scan_content(target)
