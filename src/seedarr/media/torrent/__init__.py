"""The torrent engine: content scanning, one-pass multi-length hashing, metainfo per tracker, verification.

Typical use for a release going to several trackers::

    content = scan_content(path)
    lengths = lengths_for_rules(content.total_size, rules)      # usually one distinct length
    hashes = hash_content(content, set(lengths))                 # one read, one SHA-1 pass per length
    torrents = [build_metainfo(content, hashes, announce, source, piece_length=n) for ...]
"""

from __future__ import annotations

from seedarr.media.torrent.content import Content, ContentFile, scan_content
from seedarr.media.torrent.errors import ContentChangedError, ContentError, TorrentFileError
from seedarr.media.torrent.hashing import PieceHashes, default_threads, hash_content
from seedarr.media.torrent.metainfo import (
    TorrentMeta,
    build_metainfo,
    parse_metainfo,
    read_torrent,
    write_torrent,
)
from seedarr.media.torrent.piece_length import choose_piece_length, lengths_for_rules, resolve_piece_length
from seedarr.media.torrent.verify import VerifyResult, verify_content

__all__ = [
    "Content",
    "ContentChangedError",
    "ContentError",
    "ContentFile",
    "PieceHashes",
    "TorrentFileError",
    "TorrentMeta",
    "VerifyResult",
    "build_metainfo",
    "choose_piece_length",
    "default_threads",
    "hash_content",
    "lengths_for_rules",
    "parse_metainfo",
    "read_torrent",
    "resolve_piece_length",
    "scan_content",
    "verify_content",
    "write_torrent",
]
