"""Types of the C extension built from ``_sha1ni.c`` (optional; see ``piece_sha1``)."""

import mmap

def supported() -> bool: ...
def hash_pieces(
    data: memoryview | bytes | bytearray | mmap.mmap,
    piece_length: int,
    out: bytearray | memoryview,
    offset: int,
    /,
) -> int: ...
