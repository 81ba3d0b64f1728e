"""Errors of the torrent engine.

Each one hangs under a class of the one tree in :mod:`seedarr.errors`::

    UserInputError
    └── ContentError            the content cannot become a torrent (missing, empty, unreadable, bad name)
    SeedarrError
    └── ContentChangedError          a file changed while it was hashed: retryable once it is complete
    DataError
    └── TorrentFileError        a .torrent file is not valid metainfo
"""

from __future__ import annotations

from seedarr.errors import DataError, SeedarrError, UserInputError

__all__ = ["ContentChangedError", "ContentError", "TorrentFileError"]


class ContentError(UserInputError):
    """The path given cannot be turned into a torrent; the message names the file and the reason."""


class ContentChangedError(SeedarrError):
    """A file changed size or modification time while being hashed (still downloading or being edited)."""

    retryable = True


class TorrentFileError(DataError):
    """A .torrent file could not be read or is not valid BitTorrent v1 metainfo."""
