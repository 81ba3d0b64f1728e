"""Verification: rehash the data on disk against a torrent and name the first bad piece's files."""

from __future__ import annotations

from pathlib import Path

from harness.torrent_data import make_tree
from seedarr.media.torrent import build_metainfo, hash_content, parse_metainfo, scan_content, verify_content
from seedarr.media.torrent.metainfo import TorrentMeta

KIB = 1024


def _torrent_for(path: Path, length: int = 16 * KIB) -> TorrentMeta:
    content = scan_content(path)
    return parse_metainfo(build_metainfo(content, hash_content(content, [length])))


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def test_intact_data_verifies(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "Release", {"a.mkv": 100_000, "b/c.srt": 5_000, "d.nfo": 0})
    result = verify_content(_torrent_for(root), root)
    assert result.ok
    assert result.piece_count == 7


def test_the_parent_folder_is_accepted_too(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "Release", {"a.mkv": 50_000})
    assert verify_content(_torrent_for(root), tmp_path).ok
    assert verify_content(_torrent_for(root / "a.mkv"), root).ok


def test_one_flipped_byte_names_the_piece_and_the_files_it_covers(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "Release", {"a.mkv": 20_000, "b.srt": 30_000, "c.nfo": 100})
    meta = _torrent_for(root)
    _flip(root / "b.srt", 1)  # stream offset 20_001: piece 1 covers a.mkv's end and b.srt's start
    result = verify_content(meta, root)
    assert not result.ok
    assert result.first_bad_piece == 1
    assert result.bad_pieces == 1
    assert result.files == ("a.mkv", "b.srt")
    assert "piece 1 of 4" in result.reason


def test_missing_or_resized_files_fail_without_hashing(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "Release", {"a.mkv": 20_000, "b.srt": 300})
    meta = _torrent_for(root)
    (root / "b.srt").write_bytes(b"short")
    result = verify_content(meta, root)
    assert not result.ok
    assert "b.srt" in result.reason
    assert "size is 5 bytes" in result.reason
    (root / "b.srt").unlink()
    assert "missing" in verify_content(meta, root).reason
