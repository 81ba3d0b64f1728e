"""BitTorrent v1 metainfo: build it from hashed content, parse it back, compute its infohash.

:func:`build_metainfo` is pure and cheap: the same content, hashes and options give the same bytes
(canonical bencoding by ``fastbencode``; ``creation date`` only when asked), so one hashing pass serves
every tracker, each getting its own ``announce`` and ``source`` (BEP 3, ``private`` per BEP 27).
:func:`parse_metainfo` reads a .torrent strictly into a :class:`TorrentMeta`; :func:`write_torrent`
writes atomically.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastbencode import bdecode as _bdecode  # type: ignore[attr-defined]
from fastbencode import bencode_utf8 as _bencode_utf8  # type: ignore[attr-defined]

from seedarr import __version__
from seedarr.domain.piece_length import piece_count
from seedarr.errors import ValidationFailed
from seedarr.fsutil import atomic_write_bytes
from seedarr.media.torrent.content import Content
from seedarr.media.torrent.errors import TorrentFileError

__all__ = [
    "TorrentMeta",
    "bdecode",
    "bencode",
    "build_metainfo",
    "infohash_v1",
    "parse_metainfo",
    "read_torrent",
    "write_torrent",
]

CREATED_BY = f"Seedarr {__version__}"


def bencode(value: Any) -> bytes:
    """Canonical bencoding (dict keys sorted); ``str`` is encoded as UTF-8."""
    encoded: bytes = _bencode_utf8(value)
    return encoded


def bdecode(data: bytes) -> Any:
    """Strict decoding (sorted keys, no leading zeros, no trailing data); ValueError if malformed."""
    return _bdecode(data)


@dataclass(frozen=True, slots=True)
class TorrentMeta:
    """What a .torrent says, as read by :func:`parse_metainfo`."""

    name: str
    files: tuple[tuple[tuple[str, ...], int], ...]  # (path parts inside the torrent, length)
    single_file: bool
    piece_length: int
    pieces: bytes
    private: bool
    source: str | None
    announce: str | None
    announce_list: tuple[tuple[str, ...], ...]
    comment: str | None
    created_by: str | None
    creation_date: int | None
    infohash: str

    @property
    def total_size(self) -> int:
        return sum(length for _, length in self.files)

    @property
    def piece_count(self) -> int:
        return len(self.pieces) // 20


def infohash_v1(info: Mapping[bytes, Any]) -> str:
    """The v1 infohash (hex SHA-1 of the bencoded ``info`` dictionary)."""
    return hashlib.sha1(bencode(dict(info)), usedforsecurity=False).hexdigest()


def build_metainfo(
    content: Content,
    hashes: Mapping[int, bytes],
    announce: str | None = None,
    source: str | None = None,
    private: bool = True,
    *,
    piece_length: int | None = None,
    announce_list: Sequence[Sequence[str]] = (),
    comment: str | None = None,
    created_by: str | None = CREATED_BY,
    creation_date: int | None = None,
) -> bytes:
    """Bencoded metainfo for ``content`` using ``hashes[piece_length]`` (the only length if not given).

    Raises ValidationFailed if the piece length was not hashed or the hashes do not fit the content.
    """
    if piece_length is None:
        if len(hashes) != 1:
            raise ValidationFailed("piece_length", f"choose one of the hashed lengths {sorted(hashes)}")
        piece_length = next(iter(hashes))
    if piece_length not in hashes:
        raise ValidationFailed("piece_length", f"{piece_length} was not hashed")
    pieces = hashes[piece_length]
    if len(pieces) != 20 * piece_count(content.total_size, piece_length):
        raise ValidationFailed("pieces", "the hashes do not match the content size")
    info: dict[bytes, Any] = {b"name": content.name, b"piece length": piece_length, b"pieces": pieces}
    if content.single_file:
        info[b"length"] = content.files[0].size
    else:
        info[b"files"] = [{b"length": f.size, b"path": list(f.parts)} for f in content.files]
    if private:
        info[b"private"] = 1
    if source:
        info[b"source"] = source
    meta: dict[bytes, Any] = {b"info": info}
    if announce:
        meta[b"announce"] = announce
    if announce_list:
        meta[b"announce-list"] = [list(tier) for tier in announce_list]
    if comment:
        meta[b"comment"] = comment
    if created_by:
        meta[b"created by"] = created_by
    if creation_date is not None:
        meta[b"creation date"] = creation_date
    return bencode(meta)


def _text(value: Any, field: str) -> str:
    if not isinstance(value, bytes):
        raise TorrentFileError(f"invalid torrent: {field} is not a string")
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise TorrentFileError(f"invalid torrent: {field} is not UTF-8") from None


def _int(value: Any, field: str, minimum: int = 0) -> int:
    if not isinstance(value, int) or value < minimum:
        raise TorrentFileError(f"invalid torrent: {field} must be an integer ≥ {minimum}")
    return value


def _optional_text(meta: Mapping[bytes, Any], key: bytes) -> str | None:
    return _text(meta[key], key.decode()) if key in meta else None


def _files(info: Mapping[bytes, Any]) -> tuple[tuple[tuple[str, ...], int], ...]:
    name = _text(info.get(b"name"), "info.name")
    if name in ("", ".", "..") or "/" in name:
        raise TorrentFileError(f"invalid torrent: unsafe name {name!r}")
    if b"length" in info:
        return (((name,), _int(info[b"length"], "info.length")),)
    entries = info.get(b"files")
    if not isinstance(entries, list) or not entries:
        raise TorrentFileError("invalid torrent: info has neither length nor a list of files")
    files = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get(b"path"), list) or not entry[b"path"]:
            raise TorrentFileError("invalid torrent: a file entry has no path")
        parts = tuple(_text(p, "info.files.path") for p in entry[b"path"])
        if any(p in ("", ".", "..") or "/" in p for p in parts):
            raise TorrentFileError(f"invalid torrent: unsafe file path {'/'.join(parts)!r}")
        files.append((parts, _int(entry.get(b"length"), "info.files.length")))
    return tuple(files)


def parse_metainfo(data: bytes) -> TorrentMeta:
    """Read a v1 .torrent; TorrentFileError if it is not valid bencoded metainfo."""
    try:
        meta = bdecode(data)
    except (ValueError, TypeError) as exc:
        raise TorrentFileError(f"invalid torrent: not bencoded data ({exc})") from None
    if not isinstance(meta, dict) or not isinstance(meta.get(b"info"), dict):
        raise TorrentFileError("invalid torrent: no info dictionary")
    info = meta[b"info"]
    piece_length = _int(info.get(b"piece length"), "info.piece length", 1)
    pieces = info.get(b"pieces")
    files = _files(info)
    total = sum(length for _, length in files)
    if not isinstance(pieces, bytes) or len(pieces) != 20 * piece_count(total, piece_length):
        raise TorrentFileError("invalid torrent: pieces do not match the total size")
    tiers = meta.get(b"announce-list", [])
    if not isinstance(tiers, list) or not all(isinstance(t, list) for t in tiers):
        raise TorrentFileError("invalid torrent: announce-list is not a list of lists")
    date = meta.get(b"creation date")
    return TorrentMeta(
        name=_text(info.get(b"name"), "info.name"),
        files=files,
        single_file=b"length" in info,
        piece_length=piece_length,
        pieces=pieces,
        private=info.get(b"private") == 1,
        source=_optional_text(info, b"source"),
        announce=_optional_text(meta, b"announce"),
        announce_list=tuple(tuple(_text(u, "announce-list") for u in tier) for tier in tiers),
        comment=_optional_text(meta, b"comment"),
        created_by=_optional_text(meta, b"created by"),
        creation_date=date if isinstance(date, int) else None,
        infohash=infohash_v1(info),
    )


def read_torrent(path: str | os.PathLike[str]) -> TorrentMeta:
    """Parse the .torrent at ``path``; TorrentFileError if unreadable or invalid."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise TorrentFileError(f"{os.fspath(path)}: cannot read it ({exc.strerror or exc})") from None
    return parse_metainfo(data)


def write_torrent(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = False) -> None:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder, fsync, rename)."""
    target = Path(path)
    if target.exists() and not overwrite:
        raise ValidationFailed("output", f"{target} already exists (use --force to replace it)")
    atomic_write_bytes(target, data, mode=0o644)
