"""Ordered fallback over the configured image hosts, per-tracker allow-lists, and no second upload.

:meth:`ImageHostChain.upload` takes a batch of screenshots and a tracker's allowed hosts
(``TrackerDefinition.image_hosts``; empty means any). For each picture (keyed by the SHA-256 of its bytes):

- a live copy already stored on an allowed host is reused, with no request at all;
- otherwise the allowed configured hosts are tried in the configured order (the person's order: they
  know which keys work; the tracker's list only filters). A refused API key
  (:class:`~seedarr.errors.ServiceAuthError`) skips that host for the rest of the batch and is reported in
  ``BatchResult.skipped_hosts``; any other host failure (5xx after retries, 429, a refusal, an unreadable
  answer, a file that cannot be made small enough) moves on to the next host;
- each successful upload is stored at once, so a failed batch retried later uploads only what is missing.

Uploads run concurrently, at most ``concurrency`` at a time. The result keeps the input order and gives
:class:`~seedarr.domain.release.ScreenshotLink` values (full + thumbnail) for description templates.
A picture that no host took makes the whole batch raise
:class:`~seedarr.imagehosts.base.ScreenshotUploadFailed` (after every other picture was tried and stored).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import structlog

from seedarr.domain.release import ScreenshotLink
from seedarr.errors import ExternalServiceError, ServiceAuthError
from seedarr.imagehosts.base import (
    HostedImage,
    ImageHost,
    ImageTooLarge,
    NoImageHost,
    ScreenshotUploadFailed,
    host_key,
)
from seedarr.imagehosts.store import UploadStore, file_sha256
from seedarr.media.screenshots import Screenshot

__all__ = ["BatchResult", "ImageHostChain", "UploadProgress"]

_log = structlog.stdlib.get_logger("seedarr.imagehosts")


@dataclass(frozen=True, slots=True)
class UploadProgress:
    """One screenshot done: ``done`` of ``total``, on ``host``, ``reused`` when nothing was sent."""

    done: int
    total: int
    path: Path
    host: str
    reused: bool


ProgressCallback = Callable[[UploadProgress], None]


@dataclass(frozen=True, slots=True)
class BatchResult:
    """Links in input order, the hosted images behind them, and what the batch did.

    ``uploaded`` and ``reused`` count distinct pictures: two files with the same bytes are one upload.
    """

    links: tuple[ScreenshotLink, ...]
    images: tuple[HostedImage, ...]
    uploaded: int
    reused: int
    skipped_hosts: Mapping[str, str] = field(default_factory=dict)  # host → why (refused key)


@dataclass
class _Batch:
    candidates: list[ImageHost]
    allowed: frozenset[str]
    total: int
    progress: ProgressCallback | None
    skipped: dict[str, str] = field(default_factory=dict)
    failures: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    done: int = 0
    uploaded: int = 0
    reused: int = 0


class ImageHostChain:
    """The configured hosts in fallback order, with the store of what is already hosted."""

    def __init__(self, hosts: Sequence[ImageHost], store: UploadStore, *, concurrency: int = 3) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.hosts = list(hosts)
        self.store = store
        self.concurrency = concurrency

    def candidates(self, allowed: Iterable[str] = ()) -> list[ImageHost]:
        """The configured hosts a tracker accepts, in the configured order (all when ``allowed`` is empty)."""
        keys = {host_key(name) for name in allowed}
        return [host for host in self.hosts if not keys or host_key(host.name) in keys]

    async def upload(
        self,
        screenshots: Sequence[Path | Screenshot],
        *,
        allowed: Iterable[str] = (),
        progress: ProgressCallback | None = None,
    ) -> BatchResult:
        """Host every screenshot on an allowed host (reusing stored copies); see the module docstring."""
        allowed_keys = frozenset(host_key(name) for name in allowed)
        paths = [item.path if isinstance(item, Screenshot) else Path(item) for item in screenshots]
        hashes = await asyncio.gather(*(file_sha256(path) for path in paths))
        first_path: dict[str, Path] = {}
        for sha, path in zip(hashes, paths, strict=True):
            first_path.setdefault(sha, path)
        batch = _Batch(self.candidates(allowed_keys), allowed_keys, len(paths), progress)
        limit = asyncio.Semaphore(self.concurrency)
        outcomes = await asyncio.gather(
            *(self._one(batch, limit, sha, path, hashes.count(sha)) for sha, path in first_path.items()),
            return_exceptions=True,
        )
        hosted: dict[str, HostedImage] = {}
        for sha, outcome in zip(first_path, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                raise outcome
            if outcome is not None:
                hosted[sha] = outcome
        if batch.failures:
            raise ScreenshotUploadFailed(batch.failures, auth_failed=tuple(batch.skipped))
        images = tuple(hosted[sha] for sha in hashes)
        stamps = [item.timestamp if isinstance(item, Screenshot) else None for item in screenshots]
        return BatchResult(
            links=tuple(image.link(stamp) for image, stamp in zip(images, stamps, strict=True)),
            images=images,
            uploaded=batch.uploaded,
            reused=batch.reused,
            skipped_hosts=dict(batch.skipped),
        )

    async def _one(
        self, batch: _Batch, limit: asyncio.Semaphore, sha: str, path: Path, copies: int
    ) -> HostedImage | None:
        stored = self._reusable(await self.store.find(sha), batch.allowed)
        if stored is not None:
            batch.reused += 1
            self._report(batch, path, stored.host, reused=True, copies=copies)
            return stored
        if not batch.candidates:
            names = ", ".join(host.name for host in self.hosts) or "none"
            raise NoImageHost(
                f"no configured image host is allowed for this tracker (configured: {names}; "
                f"allowed: {', '.join(sorted(batch.allowed))})"
            )
        async with limit:
            image = await self._first_that_works(batch, path)
        if image is None:
            return None
        await self.store.save(sha, image)
        batch.uploaded += 1
        self._report(batch, path, image.host, reused=False, copies=copies)
        return image

    async def _first_that_works(self, batch: _Batch, path: Path) -> HostedImage | None:
        reasons: list[tuple[str, str]] = []
        for host in batch.candidates:
            if host.name in batch.skipped:
                reasons.append((host.name, "skipped: " + batch.skipped[host.name]))
                continue
            try:
                return await host.upload(path)
            except ServiceAuthError as exc:
                batch.skipped.setdefault(host.name, exc.message)
                reasons.append((host.name, exc.message))
                _log.warning("image_host_auth_failed", host=host.name, error=exc.message)
            except (ExternalServiceError, ImageTooLarge) as exc:
                reasons.append((host.name, exc.message))
                _log.warning("image_upload_failed", host=host.name, file=path.name, error=exc.message)
        batch.failures[path.name] = reasons
        return None

    def _reusable(self, stored: list[HostedImage], allowed: frozenset[str]) -> HostedImage | None:
        usable = [image for image in stored if not allowed or host_key(image.host) in allowed]
        order = [host_key(host.name) for host in self.hosts]

        def rank(image: HostedImage) -> int:
            key = host_key(image.host)
            return order.index(key) if key in order else len(order)

        return min(usable, key=rank, default=None)

    def _report(self, batch: _Batch, path: Path, host: str, *, reused: bool, copies: int) -> None:
        for _ in range(copies):
            batch.done += 1
            if batch.progress is not None:
                batch.progress(UploadProgress(batch.done, batch.total, path, host, reused))
