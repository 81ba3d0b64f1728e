"""Hashing content that is already in the page cache: every thread reads and hashes its own chunks.

The sequential reader of :mod:`.hashing` is the right design for data on disk (one stream keeps the disk
busy and lets pages be dropped behind it). When every file is already cached there is no disk to keep busy,
and the reader becomes a third thread competing for the cores with the hashing threads, with a hand-off per
chunk. Here each of ``threads`` workers (the calling thread is one of them) takes the next chunk index,
copies that range out of the page cache with ``preadv`` (crossing file boundaries, checking each file's
size and modification time when it opens it) into its own page-aligned buffer, and hashes it: no hand-off,
no extra thread. Measured in ``bench/torrent.py`` (the warm folder and warm file cases).
"""

from __future__ import annotations

import bisect
import itertools
import mmap
import os
import stat
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from seedarr.media.torrent.content import Content, ContentFile
from seedarr.media.torrent.errors import ContentChangedError, ContentError
from seedarr.media.torrent.piece_sha1 import hash_pieces_into

__all__ = ["SMALL_FILE", "all_cached", "hash_cached", "pages_cached"]

_PAGE = mmap.PAGESIZE
_PROBES = 16
SMALL_FILE = 8 * 1024 * 1024  # below this a file counts as cached: probing costs more than it tells


def pages_cached(fd: int, size: int, probe: mmap.mmap) -> bool:
    """True if pages spread over the open file are all in the page cache (reads nothing from disk).

    Small files count as cached: keeping them costs little, probing them costs syscalls per file.
    """
    if size < SMALL_FILE:
        return True
    pages = size // _PAGE
    probes = min(_PROBES, 2 + size // (1024 * 1024 * 1024))
    for sample in range(probes):
        try:
            if os.preadv(fd, [probe], pages * sample // probes * _PAGE, os.RWF_NOWAIT) <= 0:
                return False
        except OSError:  # EAGAIN: not cached; EOPNOTSUPP: cannot tell, so behave as for a cold file
            return False
    return True


def all_cached(content: Content) -> bool:
    """True when every large file of ``content`` is in the page cache (small files count as cached)."""
    probe = mmap.mmap(-1, _PAGE)
    try:
        for file in content.files:
            if file.size < SMALL_FILE:
                continue
            try:
                fd = os.open(file.source, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
            except OSError:
                return False  # the sequential reader reports it with its own message
            try:
                if not pages_cached(fd, file.size, probe):
                    return False
            finally:
                os.close(fd)
        return True
    finally:
        probe.close()


def _unchanged(st: os.stat_result, expected: ContentFile) -> None:
    if st.st_size != expected.size or st.st_mtime_ns != expected.mtime_ns:
        raise ContentChangedError(
            f"{expected.source}: file changed while being hashed (size or modification time); "
            "no torrent written, try again once it is complete"
        )


class _Ranges:
    """Maps a byte range of the content stream to (file, offset in file) segments and reads them."""

    def __init__(self, files: Sequence[ContentFile]) -> None:
        self.files = [f for f in files if f.size > 0]
        self.starts = list(itertools.accumulate((f.size for f in self.files[:-1]), initial=0))

    def read_into(self, view: memoryview, position: int) -> None:
        index = bisect.bisect_right(self.starts, position) - 1
        filled = 0
        while filled < len(view):
            file = self.files[index]
            in_file = position + filled - self.starts[index]
            want = min(len(view) - filled, file.size - in_file)
            self._read_file(file, view[filled : filled + want], in_file)
            filled += want
            index += 1

    @staticmethod
    def _read_file(file: ContentFile, target: memoryview, offset: int) -> None:
        try:
            fd = os.open(file.source, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError as exc:
            raise ContentError(f"{file.source}: cannot open it ({exc.strerror or exc})") from None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise ContentError(f"{file.source}: not a regular file any more")
            _unchanged(st, file)
            done = 0
            while done < len(target):
                try:
                    n = os.preadv(fd, [target[done:]], offset + done)
                except OSError as exc:
                    raise ContentError(f"{file.source}: read error ({exc.strerror or exc})") from None
                if n == 0:
                    raise ContentChangedError(
                        f"{file.source}: file shrank while being hashed; no torrent written"
                    )
                done += n
        finally:
            os.close(fd)


@dataclass
class _Run:
    hashed: int = 0
    failure: BaseException | None = None


def hash_cached(
    content: Content,
    outputs: dict[int, bytearray],
    chunk: int,
    threads: int,
    progress: Callable[[int, int], None] | None,
) -> None:
    """Fill ``outputs`` (piece length → digests) for cached ``content``, on ``threads`` threads."""
    ranges = _Ranges(content.files)
    total = content.total_size
    chunks = -(-total // chunk)
    counter = itertools.count()  # next() on it is atomic under the GIL: each index goes to one worker
    lock = threading.Lock()
    run = _Run()

    def work(report: bool) -> None:
        # Slices of this buffer may outlive a failure in its traceback, so the mapping is left to the
        # garbage collector rather than closed here (closing would raise BufferError).
        view = memoryview(mmap.mmap(-1, chunk))
        try:
            while run.failure is None and (index := next(counter)) < chunks:
                start = index * chunk
                length = min(chunk, total - start)
                data = view[:length]
                ranges.read_into(data, start)
                for piece_length, out in outputs.items():
                    hash_pieces_into(piece_length, out, (data, start // piece_length * 20))
                with lock:
                    run.hashed += length
                if report and progress is not None:
                    progress(run.hashed, total)
        except BaseException as exc:  # re-raised by the calling thread once every worker stopped
            run.failure = exc

    helpers = [threading.Thread(target=work, args=(False,), daemon=True) for _ in range(threads - 1)]
    for thread in helpers:
        thread.start()
    work(True)
    for thread in helpers:
        thread.join()
    if run.failure is not None:
        raise run.failure
