"""SHA-1 of the pieces in a buffer: two pieces at a time with the x86 SHA extensions, else hashlib.

The C extension ``_sha1ni`` (built from ``_sha1ni.c`` when a compiler is present) interleaves two pieces
through the SHA rounds, 1.55x hashlib's speed per core on the machines we run on; it hashes the whole
pieces and hashlib hashes a short last piece. Without the extension, on a CPU without the SHA extensions,
or with ``SEEDARR_SHA1=hashlib`` in the environment, every piece goes through hashlib. Both give the same
digests (the tests compare them).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable

__all__ = ["ENGINE", "hash_pieces_into"]

_Whole = Callable[[memoryview, int, bytearray, int], int]


def _load() -> _Whole | None:
    if os.environ.get("SEEDARR_SHA1", "").strip().lower() == "hashlib":
        return None
    try:
        from seedarr.media.torrent import _sha1ni
    except ImportError:  # built without a C compiler, or another platform
        return None
    return _sha1ni.hash_pieces if _sha1ni.supported() else None


_whole_pieces: _Whole | None = _load()
ENGINE = "sha-ni x2" if _whole_pieces is not None else "hashlib"


def hash_pieces_into(view: memoryview, piece_length: int, out: bytearray, position: int) -> None:
    """Write the 20-byte digest of each ``piece_length`` piece of ``view`` (the last may be shorter) into
    ``out`` from byte ``position`` on. ``piece_length`` is a power of two of at least 16 KiB."""
    offset = 0
    if _whole_pieces is not None:
        done = _whole_pieces(view, piece_length, out, position)
        offset = done * piece_length
        position += 20 * done
    sha1 = hashlib.sha1
    length = len(view)
    while offset < length:
        end = min(offset + piece_length, length)
        out[position : position + 20] = sha1(view[offset:end]).digest()
        position += 20
        offset = end
