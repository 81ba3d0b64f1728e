"""The hashing engine against an obvious reference: boundaries, several lengths in one pass, changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.torrent_data import make_tree, reference_pieces, stream_of
from seedarr.errors import ValidationFailed
from seedarr.media.torrent import ContentChangedError, ContentError, hash_content, scan_content
from seedarr.media.torrent import hashing as hashing_module

KIB = 1024
L = 16 * KIB


def test_several_lengths_in_one_pass_match_the_reference(release_tree: Path) -> None:
    content = scan_content(release_tree)
    data = stream_of(release_tree, [f.display for f in content.files])
    hashes = hash_content(content, [16 * KIB, 64 * KIB, 32 * KIB], threads=2)
    assert sorted(hashes) == [16 * KIB, 32 * KIB, 64 * KIB]
    for length, pieces in hashes.items():
        assert pieces == reference_pieces(data, length), length


@pytest.fixture
def release_tree(tmp_path: Path) -> Path:
    return make_tree(tmp_path / "Release", {"a.mkv": 300_001, "b/c.srt": 17, "b/d.nfo": 0, "e.bin": 65_536})


def test_data_is_read_exactly_once_whatever_the_number_of_lengths(
    release_tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = scan_content(release_tree)
    read = []
    real_readv, real_preadv = os.readv, os.preadv

    def counting_readv(fd: int, buffers: list[memoryview]) -> int:
        n = real_readv(fd, buffers)
        read.append(n)
        return n

    def counting_preadv(fd: int, buffers: list[memoryview], offset: int, *flags: int) -> int:
        n = real_preadv(fd, buffers, offset, *flags)
        if not flags:  # RWF_NOWAIT probes of the page cache read one page and are not data reads
            read.append(n)
        return n

    monkeypatch.setattr(hashing_module.os, "readv", counting_readv)
    monkeypatch.setattr(hashing_module.os, "preadv", counting_preadv)
    for policy in (None, True):  # cached: every thread reads its chunks; forced drop: the sequential reader
        read.clear()
        hash_content(content, [16 * KIB, 32 * KIB, 256 * KIB, 4096 * KIB], drop_cache=policy)
        assert sum(read) == content.total_size


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    sizes=st.lists(
        st.one_of(st.sampled_from([0, 1, L - 1, L, L + 1, 2 * L, 3 * L - 1]), st.integers(0, 3 * L)),
        min_size=1,
        max_size=12,
    ),
    threads=st.integers(1, 3),
    policy=st.sampled_from([None, True]),  # None: cached data, per-thread reads; True: the sequential reader
)
def test_piece_boundaries_across_file_boundaries(
    tmp_path_factory: pytest.TempPathFactory, sizes, threads, policy
) -> None:
    if sum(sizes) == 0:
        sizes = [*sizes, 1]
    root = make_tree(tmp_path_factory.mktemp("prop") / "R", {f"f{i:02}.bin": n for i, n in enumerate(sizes)})
    content = scan_content(root)
    data = stream_of(root, [f.display for f in content.files])
    hashes = hash_content(content, [L, 2 * L], threads=threads, drop_cache=policy)
    assert hashes[L] == reference_pieces(data, L)
    assert hashes[2 * L] == reference_pieces(data, 2 * L)


def test_many_small_files_and_every_cache_policy_agree(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "R", {f"d{i % 7}/f{i:03}.txt": (i * 37) % 500 for i in range(300)})
    content = scan_content(root)
    data = stream_of(root, [f.display for f in content.files])
    expected = reference_pieces(data, L)
    for policy in (None, True, False):
        assert hash_content(content, [L], drop_cache=policy)[L] == expected


@pytest.mark.parametrize("length", [0, 1000, 8 * KIB, 3 * 16 * KIB, 128 * 1024 * KIB])
def test_invalid_piece_lengths_are_refused(release_tree: Path, length: int) -> None:
    with pytest.raises(ValidationFailed, match="power of two between 16 KiB and 64 MiB"):
        hash_content(scan_content(release_tree), [length])


def test_memory_stays_within_the_bound() -> None:
    for threads in (1, 2, 8, 32):
        buffers = threads + 2
        for length in (16 * KIB, 256 * KIB, 4096 * KIB, 16 * 1024 * KIB, 64 * 1024 * KIB):
            chunk = hashing_module._chunk_size(length, buffers)
            assert chunk % length == 0
            assert buffers * chunk <= buffers * length + 16 * 1024 * KIB


def _big_file(tmp_path: Path, size: int = 9 * 1024 * KIB) -> Path:
    path = tmp_path / "growing.mkv"
    path.write_bytes(os.urandom(size))
    return path


def test_a_file_touched_during_hashing_aborts_the_run(tmp_path: Path) -> None:
    path = _big_file(tmp_path)
    content = scan_content(path)
    calls = []

    def touch_on_second_chunk(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 2:
            os.utime(path, ns=(1, 1))

    with pytest.raises(ContentChangedError, match="changed while being hashed"):
        hash_content(content, [L], threads=1, progress=touch_on_second_chunk)


def test_a_file_truncated_during_hashing_aborts_the_run(tmp_path: Path) -> None:
    path = _big_file(tmp_path)
    content = scan_content(path)
    calls = []

    def truncate(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 2:
            os.truncate(path, 5 * 1024 * KIB)

    with pytest.raises(ContentChangedError, match=r"shrank|changed"):
        hash_content(content, [L], threads=1, progress=truncate)


def test_an_earlier_file_changed_after_its_read_is_still_caught(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "R", {"a.nfo": 100})
    (root / "b.mkv").write_bytes(os.urandom(9 * 1024 * KIB))
    content = scan_content(root)
    calls = []

    def grow_first(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 2:
            with (root / "a.nfo").open("ab") as handle:
                handle.write(b"more")

    with pytest.raises(ContentChangedError, match=r"a\.nfo"):
        hash_content(content, [L], threads=1, progress=grow_first)


def test_a_file_replaced_by_a_fifo_after_the_scan_is_refused_without_blocking(tmp_path: Path) -> None:
    path = _big_file(tmp_path, 1000)
    content = scan_content(path)
    path.unlink()
    os.mkfifo(path)
    with pytest.raises(ContentError, match="not a regular file"):
        hash_content(content, [L])


def test_a_file_deleted_after_the_scan_is_reported(tmp_path: Path) -> None:
    path = _big_file(tmp_path, 1000)
    content = scan_content(path)
    path.unlink()
    with pytest.raises(ContentError, match="cannot open"):
        hash_content(content, [L])


def test_cached_chunks_hold_two_pieces_for_the_paired_sha1_within_the_memory_bound() -> None:
    mib = 1024 * KIB
    for threads in range(1, 17):
        for shift in range(14, 27):  # 16 KiB .. 64 MiB
            largest = 1 << shift
            chunk = hashing_module._cached_chunk_size(largest, threads)
            assert chunk % largest == 0
            assert threads * chunk <= (threads + 2) * largest + 16 * mib, (threads, largest)
            if threads <= 2:
                assert chunk >= 2 * largest, (threads, largest)
