"""Checking data on disk against a .torrent: rehash with the torrent's piece length and compare.

:func:`verify_content` reads the files the torrent lists (under the content path), hashes them with the
same engine as creation, and returns a :class:`VerifyResult`: OK, or the first bad piece and the files it
covers. Missing files and files of another size are reported without hashing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from seedarr.media.torrent.content import content_from_listing
from seedarr.media.torrent.errors import ContentError
from seedarr.media.torrent.hashing import ProgressCallback, hash_content
from seedarr.media.torrent.metainfo import TorrentMeta

__all__ = ["VerifyResult", "files_of_piece", "locate_content", "verify_content"]


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """``ok``; otherwise the first bad piece (None when a file is missing or of the wrong size),
    how many pieces are bad, the files concerned and a one-line reason."""

    ok: bool
    piece_count: int
    bad_pieces: int = 0
    first_bad_piece: int | None = None
    files: tuple[str, ...] = ()
    reason: str = ""


def files_of_piece(meta: TorrentMeta, index: int) -> tuple[str, ...]:
    """Paths (inside the torrent) of the files that piece ``index`` covers."""
    start, end = index * meta.piece_length, (index + 1) * meta.piece_length
    covered: list[str] = []
    offset = 0
    for parts, length in meta.files:
        if length and offset < end and offset + length > start:
            covered.append("/".join(parts))
        offset += length
    return tuple(covered)


def locate_content(meta: TorrentMeta, path: Path) -> Path:
    """The content path: ``path`` itself, or ``path/<torrent name>`` when ``path`` is the parent folder."""
    nested = path / meta.name
    if (
        path.is_dir()
        and (meta.single_file or not path.joinpath(*meta.files[0][0]).exists())
        and nested.exists()
    ):
        return nested
    return path


def verify_content(
    meta: TorrentMeta,
    path: str | os.PathLike[str],
    *,
    threads: int | None = None,
    progress: ProgressCallback | None = None,
) -> VerifyResult:
    """Rehash the data at ``path`` and compare with ``meta``; ContentError only for unreadable data."""
    root = locate_content(meta, Path(path))
    try:
        content = content_from_listing(root, meta.name, meta.files, meta.single_file)
    except ContentError as exc:
        return VerifyResult(False, meta.piece_count, reason=str(exc))
    hashes = hash_content(content, [meta.piece_length], threads=threads, progress=progress)[meta.piece_length]
    bad = [
        i
        for i in range(meta.piece_count)
        if hashes[20 * i : 20 * i + 20] != meta.pieces[20 * i : 20 * i + 20]
    ]
    if not bad:
        return VerifyResult(True, meta.piece_count)
    first = bad[0]
    files = files_of_piece(meta, first)
    return VerifyResult(
        False,
        meta.piece_count,
        len(bad),
        first,
        files,
        f"piece {first} of {meta.piece_count} does not match (covers {', '.join(files)})",
    )
