"""Deterministic test data for the torrent engine and an obvious reference implementation of piece hashing."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path


def data_for(name: str, size: int) -> bytes:
    """Deterministic pseudo-random bytes (seeded by ``name``)."""
    return random.Random(name).randbytes(size)


def reference_pieces(data: bytes, piece_length: int) -> bytes:
    """Piece hashes computed the obvious way over the whole stream (the oracle for the engine)."""
    return b"".join(
        hashlib.sha1(data[i : i + piece_length], usedforsecurity=False).digest()
        for i in range(0, len(data), piece_length)
    )


def stream_of(root: Path, relatives: list[str]) -> bytes:
    """The concatenated bytes of ``relatives`` under ``root``, in the given order."""
    return b"".join((root / r).read_bytes() for r in relatives)


def make_tree(base: Path, files: dict[str, int]) -> Path:
    """Create ``base/<relative path>`` for each {relative path: size}; returns ``base``."""
    base.mkdir(parents=True, exist_ok=True)
    for relative, size in files.items():
        target = base / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data_for(relative, size))
    return base
