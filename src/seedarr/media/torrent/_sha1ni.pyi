"""Types of the C extension built from ``_sha1ni.c`` (optional; see ``piece_sha1``)."""

from typing import overload

_Data = memoryview | bytes | bytearray
_Out = bytearray | memoryview

def supported() -> bool: ...
@overload
def hash_pieces(piece_length: int, data: _Data, out: _Out, offset: int, /) -> int: ...
@overload
def hash_pieces(
    piece_length: int, data: _Data, out: _Out, offset: int, data2: _Data, out2: _Out, offset2: int, /
) -> tuple[int, int]: ...
