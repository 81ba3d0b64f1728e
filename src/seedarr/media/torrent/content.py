"""What goes into a torrent: one file, or a folder walked into an ordered list of files.

:func:`scan_content` resolves a path into a :class:`Content`: the torrent name, the files with their path
inside the torrent, where to read them, and the size and modification time seen when scanning (the
hashing engine refuses files that change afterwards). Folders are walked recursively; files are ordered by
the UTF-8 bytes of their path components; hidden files, OS litter and partial downloads are left out (see
:mod:`.names`), as are user globs; symlinks are followed, and a symlink loop, a dangling symlink, a special
file (FIFO, socket, device) or a name trackers refuse stops the scan with a :class:`ContentError` naming it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from seedarr.media.torrent.errors import ContentError
from seedarr.media.torrent.names import is_excluded, name_problem

__all__ = ["Content", "ContentFile", "content_from_listing", "scan_content"]


@dataclass(frozen=True, slots=True)
class ContentFile:
    """One file of a torrent: its path inside the torrent, where to read it, and its scanned state."""

    parts: tuple[str, ...]
    source: Path
    size: int
    mtime_ns: int

    @property
    def display(self) -> str:
        return "/".join(self.parts)


@dataclass(frozen=True, slots=True)
class Content:
    """A torrent's name and ordered files; ``single_file`` means no folder level in the torrent."""

    name: str
    files: tuple[ContentFile, ...]
    single_file: bool

    @property
    def total_size(self) -> int:
        return sum(f.size for f in self.files)


def _sort_key(parts: tuple[str, ...]) -> tuple[bytes, ...]:
    return tuple(p.encode("utf-8", "surrogateescape") for p in parts)


def _check_name(name: str, shown: str) -> None:
    problem = name_problem(name)
    if problem:
        raise ContentError(f"{shown}: name {name!r} {problem}; trackers refuse it (rename or --exclude it)")


def _regular_file_stat(path: Path, shown: str) -> os.stat_result:
    try:
        st = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise ContentError(f"{shown}: dangling symlink to {os.readlink(path)!r}") from None
        raise ContentError(f"{shown}: no such file or folder") from None
    except OSError as exc:
        raise ContentError(f"{shown}: cannot read it ({exc.strerror or exc})") from None
    if not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
        raise ContentError(f"{shown}: not a regular file (FIFO, socket or device), cannot be hashed")
    return st


def _walk(
    folder: Path,
    parts: tuple[str, ...],
    ancestors: frozenset[tuple[int, int]],
    globs: Sequence[str],
    root: str,
) -> Iterator[ContentFile]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name.encode("utf-8", "surrogateescape"))
    except OSError as exc:
        raise ContentError(f"{root}/{'/'.join(parts)}: cannot list folder ({exc.strerror or exc})") from None
    for entry in entries:
        child_parts = (*parts, entry.name)
        relative = "/".join(child_parts)
        if is_excluded(entry.name, relative, globs):
            continue
        shown = f"{root}/{relative}"
        st = _regular_file_stat(Path(entry.path), shown)
        _check_name(entry.name, shown)
        if stat.S_ISDIR(st.st_mode):
            identity = (st.st_dev, st.st_ino)
            if identity in ancestors:
                raise ContentError(f"{shown}: symlink loop (points back to a folder that contains it)")
            yield from _walk(Path(entry.path), child_parts, ancestors | {identity}, globs, root)
        else:
            yield ContentFile(child_parts, Path(entry.path), st.st_size, st.st_mtime_ns)


def scan_content(path: str | os.PathLike[str], excludes: Sequence[str] = ()) -> Content:
    """The :class:`Content` of a file or folder; ContentError if it cannot become a torrent."""
    raw = Path(path)
    shown = os.fspath(path)
    st = _regular_file_stat(raw, shown)
    name = raw.resolve().name if raw.name in ("", ".", "..") else raw.name
    _check_name(name, shown)
    if stat.S_ISREG(st.st_mode):
        if st.st_size == 0:
            raise ContentError(f"{shown}: file is empty, a torrent needs at least one byte")
        return Content(name, (ContentFile((name,), raw, st.st_size, st.st_mtime_ns),), single_file=True)
    files = sorted(
        _walk(raw, (), frozenset({(st.st_dev, st.st_ino)}), tuple(excludes), shown.rstrip("/") or "/"),
        key=lambda f: _sort_key(f.parts),
    )
    if not files:
        raise ContentError(f"{shown}: folder has no files to put in a torrent (after exclusions)")
    if sum(f.size for f in files) == 0:
        raise ContentError(f"{shown}: every file is empty, a torrent needs at least one byte")
    return Content(name, tuple(files), single_file=False)


def content_from_listing(
    root: Path, name: str, listing: Sequence[tuple[tuple[str, ...], int]], single_file: bool
) -> Content:
    """Content for files a torrent lists (verification): read from ``root``, stated now.

    Missing files or files of another size raise ContentError naming the first one.
    """
    files = []
    for parts, expected in listing:
        source = root if single_file else root.joinpath(*parts)
        shown = os.fspath(source)
        try:
            st = source.stat()
        except OSError as exc:
            raise ContentError(f"{shown}: missing or unreadable ({exc.strerror or exc})") from None
        if not stat.S_ISREG(st.st_mode):
            raise ContentError(f"{shown}: not a regular file")
        if st.st_size != expected:
            raise ContentError(f"{shown}: size is {st.st_size} bytes, the torrent says {expected}")
        files.append(ContentFile(parts, source, st.st_size, st.st_mtime_ns))
    return Content(name, tuple(files), single_file)
