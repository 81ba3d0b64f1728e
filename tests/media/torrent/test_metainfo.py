"""Metainfo as independent implementations read it (libtorrent, torf), determinism, bencode properties."""

from __future__ import annotations

from pathlib import Path

import libtorrent as lt
import pytest
import torf
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.torrent_data import make_tree
from seedarr.errors import ValidationFailed
from seedarr.media.torrent import (
    TorrentFileError,
    build_metainfo,
    hash_content,
    parse_metainfo,
    scan_content,
    write_torrent,
)
from seedarr.media.torrent.metainfo import bdecode, bencode

KIB = 1024
ANNOUNCE = "https://tracker.example/announce/0123456789abcdef0123456789abcdef"


def _read_with_libtorrent(data: bytes) -> lt.torrent_info:
    return lt.torrent_info(lt.bdecode(data))


@pytest.mark.parametrize(
    "files",
    [
        {"Film.2024.mkv": 1_000_003},
        {
            "Film.2024.mkv": 700_000,
            "Été/sous-titres.srt": 4_321,
            "Extras/日本語.nfo": 0,
            "b/c/d.txt": 16 * KIB,
        },
    ],
    ids=["single-file", "multi-file-unicode"],
)
def test_libtorrent_and_torf_read_our_torrent(tmp_path: Path, files: dict[str, int]) -> None:
    root = make_tree(tmp_path / "Release", files)
    path = root / next(iter(files)) if len(files) == 1 else root
    content = scan_content(path)
    hashes = hash_content(content, [64 * KIB])
    data = build_metainfo(content, hashes, ANNOUNCE, "SRC", True)
    ours = parse_metainfo(data)

    info = _read_with_libtorrent(data)
    assert str(info.info_hashes().v1) == ours.infohash
    assert info.num_pieces() == ours.piece_count == -(-content.total_size // (64 * KIB))
    assert info.piece_length() == 64 * KIB
    assert info.priv()
    layout = info.layout()
    prefix = "" if content.single_file else "Release/"
    assert [(layout.file_path(i), layout.file_size(i)) for i in range(layout.num_files())] == [
        (prefix + f.display, f.size) for f in content.files
    ]

    torrent_file = tmp_path / "out.torrent"
    write_torrent(torrent_file, data)
    parsed = torf.Torrent.read(torrent_file)
    assert parsed.infohash == ours.infohash
    assert parsed.source == "SRC"
    assert parsed.private is True
    assert parsed.verify(str(path)) is True


def test_same_inputs_give_the_same_bytes_and_trackers_differ_only_by_announce_and_source(
    tmp_path: Path,
) -> None:
    root = make_tree(tmp_path / "R", {"a.mkv": 200_000, "b.srt": 10})
    content = scan_content(root)
    hashes = hash_content(content, [32 * KIB])
    first = build_metainfo(content, hashes, ANNOUNCE, "AAA", True)
    assert first == build_metainfo(
        scan_content(root), hash_content(content, [32 * KIB]), ANNOUNCE, "AAA", True
    )
    other = parse_metainfo(build_metainfo(content, hashes, "https://other.example/a?passkey=1", "BBB", True))
    mine = parse_metainfo(first)
    assert mine.pieces == other.pieces
    assert mine.infohash != other.infohash
    assert (mine.source, other.source) == ("AAA", "BBB")
    assert parse_metainfo(first).creation_date is None
    dated = parse_metainfo(build_metainfo(content, hashes, creation_date=1_700_000_000))
    assert dated.creation_date == 1_700_000_000


def test_public_torrents_have_no_private_flag(tmp_path: Path) -> None:
    path = make_tree(tmp_path / "R", {"a.bin": 1000}) / "a.bin"
    content = scan_content(path)
    data = build_metainfo(content, hash_content(content, [16 * KIB]), private=False)
    assert b"private" not in bdecode(data)[b"info"]
    assert not parse_metainfo(data).private
    assert not _read_with_libtorrent(data).priv()


def test_several_hashed_lengths_need_an_explicit_choice(tmp_path: Path) -> None:
    path = make_tree(tmp_path / "R", {"a.bin": 100_000}) / "a.bin"
    content = scan_content(path)
    hashes = hash_content(content, [16 * KIB, 32 * KIB])
    with pytest.raises(ValidationFailed, match="choose one"):
        build_metainfo(content, hashes)
    assert parse_metainfo(build_metainfo(content, hashes, piece_length=32 * KIB)).piece_count == 4
    with pytest.raises(ValidationFailed, match="not hashed"):
        build_metainfo(content, hashes, piece_length=64 * KIB)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not bencode", "not bencoded"),
        (b"d8:announce3:urle", "no info"),
        (b"d4:infod4:name1:a12:piece lengthi16384e6:pieces0:ee", "neither length nor"),
        (b"d4:infod6:lengthi5e4:name1:a12:piece lengthi16384e6:pieces3:abcee", "pieces do not match"),
        (b"d4:infod6:lengthi5e4:name2:..12:piece lengthi16384e6:pieces0:ee", "unsafe name"),
    ],
)
def test_invalid_metainfo_is_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(TorrentFileError, match=message):
        parse_metainfo(data)


def test_write_is_atomic_and_does_not_replace_by_accident(tmp_path: Path) -> None:
    target = tmp_path / "x.torrent"
    write_torrent(target, b"d1:ai1ee")
    with pytest.raises(ValidationFailed, match="already exists"):
        write_torrent(target, b"d1:ai2ee")
    write_torrent(target, b"d1:ai2ee", overwrite=True)
    assert target.read_bytes() == b"d1:ai2ee"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.torrent"]


bencodable = st.recursive(
    st.integers(min_value=-(2**70), max_value=2**70) | st.binary(max_size=40),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.binary(max_size=10), children, max_size=5)
    ),
    max_leaves=25,
)


@settings(max_examples=200, deadline=None)
@given(bencodable)
def test_bencode_round_trip(value: object) -> None:
    encoded = bencode(value)
    assert bdecode(encoded) == value
    assert bencode(bdecode(encoded)) == encoded


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.text(max_size=8), st.integers(), max_size=8))
def test_bencode_sorts_keys_by_their_bytes(value: dict[str, int]) -> None:
    encoded = bencode({k.encode(): v for k, v in value.items()})
    keys = list(bdecode(encoded))
    assert keys == sorted(keys)
