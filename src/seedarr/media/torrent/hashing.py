"""The hashing engine: every requested piece length of a content in one read pass, on every core.

Design (measured on 2-core machines with SHA extensions, see issue 3):

- One sequential reader (the calling thread) fills a bounded pool of reused, page-aligned buffers
  (anonymous ``mmap``), crossing file boundaries as BitTorrent does (the content is one byte stream).
  ``POSIX_FADV_SEQUENTIAL`` widens read-ahead. Files that were not already in the page cache (probed at
  a few offsets with ``preadv2(RWF_NOWAIT)`` before reading) have their pages dropped behind the reader
  (``POSIX_FADV_DONTNEED``): a cold 80 GB read then does not make the kernel reclaim memory (1.8x faster)
  nor push everything else out of the cache. Files already cached are left cached: dropping them would
  cost system time and evict data someone else is using.
- When every file is already in the page cache there is no disk to keep busy: each hashing thread then
  reads its own chunks (:mod:`.warm_read`), which saves the reader thread and the hand-off per chunk.
- Hashing threads take filled buffers and SHA-1 every piece of every requested length in them
  (:mod:`.piece_sha1`: two pieces at a time with the x86 SHA extensions, else hashlib; both release the
  GIL), writing digests straight into one preallocated ``bytearray`` per length.
- With the SHA-extension path and one piece per chunk (big pieces), a worker that finds a second filled
  buffer waiting takes it too and hashes the two as pairs; a waiting buffer means hashing is the
  bottleneck, so this costs the reader nothing when the disk is.
- Memory stays flat: ``threads + 2`` buffers of one chunk (the largest piece length, at least a few MiB
  when that stays within 16 MiB in total), one more when workers pair buffers of up to 16 MiB, whatever
  the content size.
- A file whose size or modification time changes between the scan and the end of the run raises
  :class:`ContentChangedError`; I/O errors raise :class:`ContentError` naming the file.
"""

from __future__ import annotations

import mmap
import os
import queue
import stat
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from seedarr.domain.piece_length import piece_count
from seedarr.errors import ValidationFailed
from seedarr.media.torrent.content import Content, ContentFile
from seedarr.media.torrent.errors import ContentChangedError, ContentError
from seedarr.media.torrent.piece_sha1 import hash_pieces_into, pairs_pieces
from seedarr.media.torrent.warm_read import all_cached, hash_cached, pages_cached

__all__ = ["PieceHashes", "ProgressCallback", "default_threads", "hash_content"]

ProgressCallback = Callable[[int, int], None]  # (bytes hashed, total bytes)
PieceHashes = dict[int, bytes]  # piece length -> concatenated 20-byte SHA-1 digests

_MIB = 1024 * 1024
_PREFERRED_CHUNK = 4 * _MIB
_SMALL_BUFFERS_BUDGET = 16 * _MIB
_PAGE = mmap.PAGESIZE
# Workers that pair buffers hold two each; one spare buffer keeps the reader ahead of them. Measured on a
# cached 4 GiB file read by the sequential reader (2 threads): 1.61 s -> 1.39 s with 16 MiB pieces,
# 1.52 s -> 1.40 s with 8 MiB. Up to this chunk size the spare stays within the memory bound of
# (threads + 2) pieces + 50 MB.
_SPARE_BUFFER_MAX = 16 * _MIB


def default_threads() -> int:
    """Hashing threads: one per core this process may use."""
    return max(1, len(os.sched_getaffinity(0)))


def _chunk_size(largest: int, buffers: int) -> int:
    chunk = largest
    while chunk * 2 <= _PREFERRED_CHUNK and chunk * 2 * buffers <= _SMALL_BUFFERS_BUDGET:
        chunk *= 2
    return chunk


def _cached_chunk_size(largest: int, threads: int) -> int:
    """Chunk of the cached path (one buffer per thread): at least two of the largest pieces, so that
    :mod:`.piece_sha1` can hash them as a pair, as long as the buffers stay within the memory bound of
    ``(threads + 2)`` pieces plus a little; else the chunk of the sequential reader."""
    chunk = _chunk_size(largest, threads + 2)
    if chunk < 2 * largest and threads * 2 * largest <= (threads + 2) * largest + _SMALL_BUFFERS_BUDGET:
        chunk = 2 * largest
    return chunk


@dataclass
class _Shared:
    """State shared by the reader and the hashing threads."""

    chunk: int
    outputs: dict[int, bytearray]
    free: queue.SimpleQueue[mmap.mmap]
    work: queue.SimpleQueue[tuple[int, mmap.mmap, int] | None]
    pair: bool = False
    hashed: int = 0
    failure: BaseException | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


def _hash_worker(shared: _Shared) -> None:
    """Hash filled buffers until the stop mark. With ``shared.pair``, a buffer already waiting behind the
    first is taken too, so that their pieces are hashed as pairs: a waiting buffer means the reader is
    ahead, i.e. hashing is the bottleneck. The worker never waits for a second buffer, so a slow disk
    keeps every buffer it reads moving (the pool has a spare buffer for pairing workers)."""
    while True:
        item = shared.work.get()
        if item is None:
            return
        items = [item]
        stop = False
        if shared.pair:
            try:
                second = shared.work.get_nowait()
            except queue.Empty:
                pass
            else:
                if second is None:  # this worker's stop mark: hash what it holds, then stop
                    stop = True
                else:
                    items.append(second)
        _hash_items(shared, items)
        if stop:
            return


def _hash_items(shared: _Shared, items: list[tuple[int, mmap.mmap, int]]) -> None:
    views = [memoryview(buffer)[:length] for _, buffer, length in items]
    try:
        for piece_length, out in shared.outputs.items():
            chunks = [
                (view, index * shared.chunk // piece_length * 20)
                for (index, _, _), view in zip(items, views, strict=True)
            ]
            hash_pieces_into(piece_length, out, *chunks)
        with shared.lock:
            shared.hashed += sum(length for _, _, length in items)
    except BaseException as exc:  # handed to the reader, which re-raises it
        shared.failure = exc
    finally:
        for view in views:
            view.release()
        for _, buffer, _ in items:
            shared.free.put(buffer)


def _stat(file: ContentFile) -> os.stat_result:
    try:
        return os.stat(file.source)
    except OSError as exc:
        raise ContentChangedError(
            f"{file.source}: disappeared while being hashed ({exc.strerror or exc})"
        ) from None


def _check_unchanged(st: os.stat_result, expected: ContentFile) -> None:
    if st.st_size != expected.size or st.st_mtime_ns != expected.mtime_ns:
        raise ContentChangedError(
            f"{expected.source}: file changed while being hashed (size or modification time); "
            "no torrent written, try again once it is complete"
        )


class _Reader:
    """Reads the content as one stream into buffers, checking each file against its scanned state."""

    def __init__(self, files: tuple[ContentFile, ...], drop_cache: bool | None) -> None:
        self._files = iter(files)
        self._drop_policy = drop_cache
        self._drop_cache = bool(drop_cache)
        self._probe = mmap.mmap(-1, _PAGE)
        self._current: ContentFile | None = None
        self._fd = -1
        self._left = 0
        self._offset = 0
        self._dropped = 0

    def fill(self, buffer: mmap.mmap, want: int) -> int:
        """Fill ``buffer[:want]`` (less only at the end of the content); returns the bytes read."""
        view = memoryview(buffer)
        filled = 0
        try:
            while filled < want:
                if self._left == 0 and not self._next_file():
                    break
                n = self._read(view[filled : filled + min(want - filled, self._left)])
                filled += n
                self._left -= n
                self._offset += n
                if self._left == 0:
                    self._finish_file()
        finally:
            view.release()
        return filled

    def _next_file(self) -> bool:
        self._current = next(self._files, None)
        while self._current is not None and self._current.size == 0:
            _check_unchanged(_stat(self._current), self._current)
            self._current = next(self._files, None)
        if self._current is None:
            return False
        shown = os.fspath(self._current.source)
        try:
            self._fd = os.open(self._current.source, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
            st = os.fstat(self._fd)
        except OSError as exc:
            raise ContentError(f"{shown}: cannot open it ({exc.strerror or exc})") from None
        if not stat.S_ISREG(st.st_mode):
            raise ContentError(f"{shown}: not a regular file any more")
        _check_unchanged(st, self._current)
        self._drop_cache = (
            self._drop_policy
            if self._drop_policy is not None
            else not pages_cached(self._fd, st.st_size, self._probe)
        )
        os.posix_fadvise(self._fd, 0, 0, os.POSIX_FADV_SEQUENTIAL)
        self._left, self._offset, self._dropped = self._current.size, 0, 0
        return True

    def _read(self, target: memoryview) -> int:
        assert self._current is not None
        try:
            n = os.readv(self._fd, [target])
        except OSError as exc:
            raise ContentError(f"{self._current.source}: read error ({exc.strerror or exc})") from None
        if n == 0:
            raise ContentChangedError(
                f"{self._current.source}: file shrank while being hashed; no torrent written"
            )
        if self._drop_cache:
            upto = (self._offset + n) // _PAGE * _PAGE
            if upto > self._dropped:
                os.posix_fadvise(self._fd, self._dropped, upto - self._dropped, os.POSIX_FADV_DONTNEED)
                self._dropped = upto
        return n

    def _finish_file(self) -> None:
        assert self._current is not None
        st = os.fstat(self._fd)
        if self._drop_cache:
            os.posix_fadvise(self._fd, 0, 0, os.POSIX_FADV_DONTNEED)
        self.close()
        _check_unchanged(st, self._current)

    def close(self) -> None:
        """Close the current file, if any (the reader can go on with the next one)."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def release(self) -> None:
        """Free the probe buffer once the run is over."""
        self._probe.close()


def _validated_lengths(piece_lengths: Iterable[int]) -> list[int]:
    lengths = sorted(set(piece_lengths))
    if not lengths:
        raise ValidationFailed("piece_length", "at least one piece length is needed")
    for n in lengths:
        if n < 16 * 1024 or n > 64 * _MIB or n & (n - 1):
            raise ValidationFailed(
                "piece_length", f"must be a power of two between 16 KiB and 64 MiB, not {n}"
            )
    return lengths


def hash_content(
    content: Content,
    piece_lengths: Iterable[int],
    *,
    threads: int | None = None,
    progress: ProgressCallback | None = None,
    drop_cache: bool | None = None,
) -> PieceHashes:
    """SHA-1 piece hashes of ``content`` for every length in ``piece_lengths``, reading the data once.

    Returns {piece length: concatenated digests}. Raises ContentError (unreadable file), ContentChangedError
    (a file changed since the scan) or ValidationFailed (bad piece length or thread count).
    ``progress(done, total)`` is called from the calling thread as chunks complete. ``drop_cache``: None
    drops pages of files that were not cached before the run, True drops every file's, False none.
    """
    lengths = _validated_lengths(piece_lengths)
    workers = default_threads() if threads is None else threads
    if workers < 1:
        raise ValidationFailed("threads", f"must be at least 1, not {workers}")
    total = content.total_size
    buffers = workers + 2
    chunk = _chunk_size(lengths[-1], buffers)
    pair = pairs_pieces() and chunk < 2 * lengths[-1]
    if pair and chunk <= _SPARE_BUFFER_MAX:
        buffers += 1
    shared = _Shared(
        chunk=chunk,
        outputs={n: bytearray(20 * piece_count(total, n)) for n in lengths},
        free=queue.SimpleQueue(),
        work=queue.SimpleQueue(),
        pair=pair,
    )
    if drop_cache is not True and all_cached(content):
        hash_cached(content, shared.outputs, _cached_chunk_size(lengths[-1], workers), workers, progress)
        return _finish(content, shared, progress)
    for _ in range(buffers):
        shared.free.put(mmap.mmap(-1, shared.chunk))
    pool = [threading.Thread(target=_hash_worker, args=(shared,), daemon=True) for _ in range(workers)]
    for thread in pool:
        thread.start()
    reader = _Reader(content.files, drop_cache)
    try:
        for index in range(piece_count(total, shared.chunk)):
            buffer = shared.free.get()
            if shared.failure is not None:
                raise shared.failure
            if progress is not None:
                progress(shared.hashed, total)
            length = reader.fill(buffer, shared.chunk)
            shared.work.put((index, buffer, length))
    finally:
        reader.close()
        reader.release()
        for _ in pool:
            shared.work.put(None)
        for thread in pool:
            thread.join()
    if shared.failure is not None:
        raise shared.failure
    return _finish(content, shared, progress)


def _finish(content: Content, shared: _Shared, progress: ProgressCallback | None) -> PieceHashes:
    for file in content.files:  # anything touched after its own read finished, or grown past its size
        _check_unchanged(_stat(file), file)
    if progress is not None:
        progress(content.total_size, content.total_size)
    return {n: bytes(out) for n, out in shared.outputs.items()}
