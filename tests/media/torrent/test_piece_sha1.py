"""Piece SHA-1: the two-at-a-time C path and the hashlib path give hashlib's digests, piece by piece."""

from __future__ import annotations

import mmap
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.torrent_data import reference_pieces
from seedarr.media.torrent import hash_content, piece_sha1, scan_content


def _cpu_has_sha() -> bool:
    flags = next(
        (line for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("flags")), ""
    )
    return "sha_ni" in flags.split()


def test_the_sha_extension_path_is_built_and_chosen_on_a_cpu_that_has_it() -> None:
    # make test builds the extension (gcc and python3-dev are installed by the setup), so on these
    # machines the fast path must be the one in use; a CPU without the SHA extensions gets hashlib
    assert ("sha-ni x2" if _cpu_has_sha() and sys.platform == "linux" else "hashlib") == piece_sha1.ENGINE


def _digests(data: bytes, piece_length: int) -> bytes:
    out = bytearray(20 * -(-len(data) // piece_length) + 20)
    piece_sha1.hash_pieces_into(piece_length, out, (memoryview(data), 20))
    assert out[:20] == bytes(20), "nothing may be written before the position"
    return bytes(out[20:])


@settings(max_examples=60, deadline=None)
@given(
    piece_length=st.sampled_from([64, 128, 1024, 16 * 1024]),
    pieces=st.integers(min_value=0, max_value=7),
    tail=st.integers(min_value=0, max_value=200),
    seed=st.binary(min_size=1, max_size=16),
)
def test_digests_match_hashlib_for_any_count_and_tail(
    piece_length: int, pieces: int, tail: int, seed: bytes
) -> None:
    tail = tail % piece_length
    data = (seed * (1 + (pieces * piece_length + tail) // len(seed)))[: pieces * piece_length + tail]
    assert _digests(data, piece_length) == reference_pieces(data, piece_length)


@pytest.mark.parametrize("accelerated", [True, False], ids=["sha-ni", "hashlib"])
def test_both_paths_agree_on_random_data_from_an_mmap_buffer(
    accelerated: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not accelerated:
        monkeypatch.setattr(piece_sha1, "_extension", None)
    size = 5 * 256 * 1024 + 4097  # an odd number of whole pieces (one goes alone) and a short last piece
    buffer = mmap.mmap(-1, size)
    buffer.write(os.urandom(size))
    view = memoryview(buffer)
    out = bytearray(20 * 6)
    piece_sha1.hash_pieces_into(256 * 1024, out, (view, 0))
    assert bytes(out) == reference_pieces(bytes(buffer), 256 * 1024)
    view.release()
    buffer.close()


def test_hash_content_gives_the_same_pieces_with_either_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.mkv").write_bytes(os.urandom(3 * 65536 + 123))
    (tmp_path / "b.srt").write_bytes(os.urandom(70_000))
    content = scan_content(tmp_path)
    fast = hash_content(content, [16 * 1024, 64 * 1024], threads=2)
    monkeypatch.setattr(piece_sha1, "_extension", None)
    slow = hash_content(content, [16 * 1024, 64 * 1024], threads=2)
    assert fast == slow
    data = (tmp_path / "a.mkv").read_bytes() + (tmp_path / "b.srt").read_bytes()
    assert fast[16 * 1024] == reference_pieces(data, 16 * 1024)


def test_the_environment_can_turn_the_extension_off() -> None:
    code = "from seedarr.media.torrent import piece_sha1; print(piece_sha1.ENGINE)"
    env = {**os.environ, "SEEDARR_SHA1": "hashlib"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "hashlib"


def test_the_extension_refuses_bad_arguments_instead_of_writing_out_of_bounds() -> None:
    from seedarr.media.torrent import _sha1ni

    data = bytes(256)
    with pytest.raises(ValueError, match="multiple of 64"):
        _sha1ni.hash_pieces(100, data, bytearray(100), 0)
    with pytest.raises(ValueError, match="multiple of 64"):
        _sha1ni.hash_pieces(0, data, bytearray(100), 0)
    with pytest.raises(ValueError, match="too small"):
        _sha1ni.hash_pieces(64, data, bytearray(79), 0)  # 4 pieces need 80 bytes
    with pytest.raises(ValueError, match="too small"):
        _sha1ni.hash_pieces(64, data, bytearray(80), 1)
    with pytest.raises(ValueError, match="offset"):
        _sha1ni.hash_pieces(64, data, bytearray(80), -1)
    with pytest.raises(ValueError, match="too small"):  # the second buffer is checked as well
        _sha1ni.hash_pieces(64, data, bytearray(80), 0, data, bytearray(80), 20)
    with pytest.raises(TypeError):
        _sha1ni.hash_pieces(64, data, bytes(80), 0)  # read-only output
    with pytest.raises(TypeError):
        _sha1ni.hash_pieces(64, data, bytearray(80), 0, data)  # a second buffer without its output
    if _sha1ni.supported():
        out = bytearray(80)
        assert _sha1ni.hash_pieces(64, data, out, 0) == 4
        assert bytes(out) == reference_pieces(data, 64)
    else:
        with pytest.raises(RuntimeError, match="no SHA extensions"):
            _sha1ni.hash_pieces(64, data, bytearray(80), 0)


@settings(max_examples=40, deadline=None)
@given(
    first=st.integers(min_value=0, max_value=5),
    second=st.integers(min_value=0, max_value=5),
    tails=st.tuples(st.integers(0, 1023), st.integers(0, 1023)),
    data=st.binary(min_size=64, max_size=64),
)
def test_two_chunks_pair_their_pieces_and_each_lands_at_its_own_position(
    first: int, second: int, tails: tuple[int, int], data: bytes
) -> None:
    length = 1024
    chunks = [
        (data * 16 * first + data[: tails[0] % 64] * 1)[: first * length + tails[0] % 64],
        (bytes(reversed(data)) * 16 * second)[: second * length] + bytes(tails[1] % 64),
    ]
    out = bytearray(20 * 16)
    at_second = 20 * 8  # the second chunk's digests start further on in the same output
    piece_sha1.hash_pieces_into(length, out, (memoryview(chunks[0]), 0), (memoryview(chunks[1]), at_second))
    one = reference_pieces(chunks[0], length)
    two = reference_pieces(chunks[1], length)
    assert bytes(out[: len(one)]) == one
    assert bytes(out[at_second : at_second + len(two)]) == two
    assert bytes(out[len(one) : at_second]) == bytes(at_second - len(one)), "nothing written between"


def test_the_sequential_reader_pairs_single_piece_chunks_and_gives_the_reference_pieces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from seedarr.media.torrent import hashing

    (tmp_path / "a.mkv").write_bytes(os.urandom(9 * 64 * 1024 + 5000))
    (tmp_path / "b.srt").write_bytes(os.urandom(3 * 64 * 1024))
    content = scan_content(tmp_path)
    data = (tmp_path / "a.mkv").read_bytes() + (tmp_path / "b.srt").read_bytes()
    monkeypatch.setattr(hashing, "_PREFERRED_CHUNK", 64 * 1024)  # one piece per buffer, as with big pieces
    calls: list[int] = []
    real = piece_sha1.hash_pieces_into

    def counting(piece_length: int, out: bytearray, *chunks: tuple[memoryview, int]) -> None:
        calls.append(len(chunks))
        real(piece_length, out, *chunks)

    monkeypatch.setattr(hashing, "hash_pieces_into", counting)
    monkeypatch.setattr(hashing, "all_cached", lambda _content: False)  # the sequential reader's path
    for _ in range(5):  # the reader is faster than hashing here, so workers find a second buffer waiting
        hashes = hash_content(content, [64 * 1024], threads=2, drop_cache=False)
        assert hashes[64 * 1024] == reference_pieces(data, 64 * 1024)
    if piece_sha1.pairs_pieces():
        assert 2 in calls, "no two buffers were ever hashed together"


def test_the_health_check_says_which_path_hashes_and_how_to_get_the_fast_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import asyncio

    from seedarr.health.builtin import _torrent_hashing
    from seedarr.health.checks import CheckStatus

    status, message, hint = asyncio.run(_torrent_hashing())
    assert status is CheckStatus.OK and hint is None
    assert message.startswith(piece_sha1.ENGINE) and piece_sha1.WHY in message

    monkeypatch.setattr(piece_sha1, "WHY", piece_sha1.NOT_BUILT)
    monkeypatch.setattr(piece_sha1, "ENGINE", "hashlib")
    status, message, hint = asyncio.run(_torrent_hashing())
    assert status is CheckStatus.NOTICE
    assert "not built" in message
    assert hint is not None and "python3-dev" in hint


def test_a_failure_while_hashing_a_pair_stops_the_run_with_that_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from seedarr.media.torrent import hashing

    (tmp_path / "a.mkv").write_bytes(os.urandom(40 * 64 * 1024))
    content = scan_content(tmp_path)
    monkeypatch.setattr(hashing, "_PREFERRED_CHUNK", 64 * 1024)
    monkeypatch.setattr(hashing, "all_cached", lambda _content: False)
    calls: list[int] = []
    real = piece_sha1.hash_pieces_into

    def failing(piece_length: int, out: bytearray, *chunks: tuple[memoryview, int]) -> None:
        calls.append(len(chunks))
        if len(calls) == 3:
            raise OSError("simulated failure in a hashing thread")
        real(piece_length, out, *chunks)

    monkeypatch.setattr(hashing, "hash_pieces_into", failing)
    with pytest.raises(OSError, match="simulated failure"):
        hash_content(content, [64 * 1024], threads=2, drop_cache=False)
    assert len(calls) < 40, "the reader went on to the end after a worker failed"
