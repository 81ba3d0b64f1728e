"""SHA-1 of the pieces in a buffer: two pieces at a time with the x86 SHA extensions, else hashlib.

The C extension ``_sha1ni`` (built from ``_sha1ni.c`` when a compiler is present) interleaves two pieces
through the SHA rounds, 1.55x hashlib's speed per core on the machines we run on; it hashes the whole
pieces (of one chunk, or of two chunks together when each holds a single piece) and hashlib hashes a short
last piece. Without the extension, on a CPU without the SHA extensions, or with ``SEEDARR_SHA1=hashlib``
in the environment, every piece goes through hashlib. Both give the same digests (the tests compare them).
"""

from __future__ import annotations

import hashlib
import os
from types import ModuleType

__all__ = ["ENGINE", "NOT_BUILT", "WHY", "hash_pieces_into", "pairs_pieces"]


NOT_BUILT = "the C extension _sha1ni is not built"


def _load() -> tuple[ModuleType | None, str]:
    """The extension when it can be used, and why hashing goes the way it does."""
    if os.environ.get("SEEDARR_SHA1", "").strip().lower() == "hashlib":
        return None, "turned off by SEEDARR_SHA1=hashlib"
    try:
        from seedarr.media.torrent import _sha1ni
    except ImportError:  # built without a C compiler, or another platform
        return None, NOT_BUILT
    if not _sha1ni.supported():
        return None, "this CPU has no SHA extensions"
    return _sha1ni, "x86 SHA extensions, two pieces at a time"


_extension, WHY = _load()
ENGINE = "sha-ni x2" if _extension is not None else "hashlib"


def pairs_pieces() -> bool:
    """True when two chunks given together hash faster than one after the other (the SHA-extension path)."""
    return _extension is not None


def hash_pieces_into(piece_length: int, out: bytearray, *chunks: tuple[memoryview, int]) -> None:
    """Write the 20-byte digest of each ``piece_length`` piece of each chunk (its last piece may be shorter)
    into ``out``, from the chunk's byte position on. One or two chunks: with two, the SHA-extension path
    pairs their pieces, so two chunks of one piece each still hash at the paired speed.
    ``piece_length`` is a power of two of at least 16 KiB."""
    whole = [0] * len(chunks)
    if _extension is not None:
        if len(chunks) == 2:
            (first, at_first), (second, at_second) = chunks
            whole = list(_extension.hash_pieces(piece_length, first, out, at_first, second, out, at_second))
        else:
            ((view, at),) = chunks
            whole = [_extension.hash_pieces(piece_length, view, out, at)]
    sha1 = hashlib.sha1
    for (view, position), done in zip(chunks, whole, strict=True):
        offset = done * piece_length
        position += 20 * done
        length = len(view)
        while offset < length:
            end = min(offset + piece_length, length)
            out[position : position + 20] = sha1(view[offset:end]).digest()
            position += 20
            offset = end
