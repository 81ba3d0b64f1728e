"""Matroska track flags that MediaInfo does not report.

MediaInfo 24.12 shows ``Default`` and ``Forced`` but not the newer Matroska flags a muxer sets for
hearing-impaired (SDH), visually-impaired (audio description), commentary and original-language tracks.
:func:`read_track_flags` reads them straight from the file's ``Tracks`` element: a few kilobytes near the
start, found by walking the top-level elements of the ``Segment`` (or its ``SeekHead`` when ``Tracks`` is
stored after the clusters). Anything that is not readable Matroska gives an empty result, never an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

__all__ = ["TrackFlags", "read_track_flags"]

_EBML_HEADER = 0x1A45DFA3
_SEGMENT = 0x18538067
_SEEK_HEAD = 0x114D9B74
_SEEK = 0x4DBB
_SEEK_ID = 0x53AB
_SEEK_POSITION = 0x53AC
_TRACKS = 0x1654AE6B
_CLUSTER = 0x1F43B675
_TRACK_ENTRY = 0xAE
_TRACK_NUMBER = 0xD7
_FLAGS = {
    0x55AB: "hearing_impaired",
    0x55AC: "visual_impaired",
    0x55AD: "text_descriptions",
    0x55AE: "original",
    0x55AF: "commentary",
}
_MAX_TOP_LEVEL = 512  # elements walked before giving up (Tracks sits near the start in practice)
_MAX_TRACKS_SIZE = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class TrackFlags:
    """The optional flags of one Matroska track (all False when the muxer did not set them)."""

    number: int
    hearing_impaired: bool = False
    visual_impaired: bool = False
    text_descriptions: bool = False
    original: bool = False
    commentary: bool = False


class _NotMatroskaError(Exception):
    """Raised inside this module only; callers get an empty result."""


def _vint(data: bytes, pos: int, *, keep_marker: bool) -> tuple[int | None, int]:
    """Decode an EBML variable-length integer at ``pos``: (value or None if "unknown", next position)."""
    if pos >= len(data):
        raise _NotMatroskaError("end of data")
    first = data[pos]
    length = 8 - first.bit_length() + 1
    if first == 0 or pos + length > len(data):
        raise _NotMatroskaError("bad variable-length integer")
    value = first if keep_marker else first & ((1 << (8 - length)) - 1)
    all_ones = value == (1 << (8 - length)) - 1
    for byte in data[pos + 1 : pos + length]:
        value = (value << 8) | byte
        all_ones = all_ones and byte == 0xFF
    return (None if all_ones and not keep_marker else value), pos + length


def _read_header(stream: BinaryIO) -> tuple[int, int | None, int]:
    """Read one element header from a file: (id, size or None, header length)."""
    head = stream.read(12)
    element_id, pos = _vint(head, 0, keep_marker=True)
    size, pos = _vint(head, pos, keep_marker=False)
    assert element_id is not None
    stream.seek(pos - len(head), 1)
    return element_id, size, pos


def _children(data: bytes) -> Iterator[tuple[int, bytes]]:
    """The (id, payload) of each element inside ``data``."""
    pos = 0
    while pos < len(data):
        element_id, pos = _vint(data, pos, keep_marker=True)
        size, pos = _vint(data, pos, keep_marker=False)
        if element_id is None or size is None:
            raise _NotMatroskaError("unknown size inside Tracks")
        yield element_id, data[pos : pos + size]
        pos += size


def _uint(payload: bytes) -> int:
    return int.from_bytes(payload, "big") if payload else 0


def _parse_tracks(data: bytes) -> dict[int, TrackFlags]:
    flags: dict[int, TrackFlags] = {}
    for element_id, payload in _children(data):
        if element_id != _TRACK_ENTRY:
            continue
        number = 0
        values: dict[str, bool] = {}
        for child_id, child in _children(payload):
            if child_id == _TRACK_NUMBER:
                number = _uint(child)
            elif child_id in _FLAGS:
                values[_FLAGS[child_id]] = _uint(child) == 1
        if number:
            flags[number] = TrackFlags(number=number, **values)
    return flags


def _tracks_position(seek_head: bytes) -> int | None:
    """Where the SeekHead says ``Tracks`` is, relative to the segment's payload."""
    for element_id, seek in _children(seek_head):
        if element_id != _SEEK:
            continue
        target = position = None
        for child_id, child in _children(seek):
            if child_id == _SEEK_ID:
                target = _uint(child)
            elif child_id == _SEEK_POSITION:
                position = _uint(child)
        if target == _TRACKS and position is not None:
            return position
    return None


def _find_tracks(stream: BinaryIO, file_size: int) -> bytes:
    element_id, size, _ = _read_header(stream)
    if element_id != _EBML_HEADER or size is None:
        raise _NotMatroskaError("no EBML header")
    stream.seek(size, 1)
    element_id, _, _ = _read_header(stream)
    if element_id != _SEGMENT:
        raise _NotMatroskaError("no Segment")
    segment_start = stream.tell()
    tracks_at: int | None = None
    for _ in range(_MAX_TOP_LEVEL):
        if stream.tell() >= file_size:
            break
        element_id, size, _ = _read_header(stream)
        if element_id == _TRACKS and size is not None and size <= _MAX_TRACKS_SIZE:
            return stream.read(size)
        if element_id == _SEEK_HEAD and size is not None and size <= _MAX_TRACKS_SIZE:
            tracks_at = _tracks_position(stream.read(size))
            continue
        if (element_id == _CLUSTER or size is None) and tracks_at is not None:
            stream.seek(segment_start + tracks_at)
            tracks_at = None
            continue
        if size is None:
            break
        stream.seek(size, 1)
    raise _NotMatroskaError("no Tracks element")


def read_track_flags(path: Path) -> dict[int, TrackFlags]:
    """Flags of each track of a Matroska/WebM file, by track number; empty for anything else."""
    try:
        with path.open("rb") as stream:
            return _parse_tracks(_find_tracks(stream, path.stat().st_size))
    except (OSError, _NotMatroskaError, AssertionError):
        return {}
