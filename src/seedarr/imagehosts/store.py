"""Where hosted screenshots are remembered, keyed by (content SHA-256, host), so none is uploaded twice.

:class:`UploadStore` is what the chain needs: ``find(sha256)`` (every live copy of a picture, expired ones
left out) and ``save(sha256, image)``. :class:`DbUploadStore` keeps them in the ``image_uploads`` table;
:class:`MemoryUploadStore` is for tests and one-shot runs. :func:`file_sha256` hashes a screenshot.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from seedarr.db.models.image_upload import ImageUpload
from seedarr.imagehosts.base import HostedImage

__all__ = ["DbUploadStore", "MemoryUploadStore", "UploadStore", "file_sha256"]

Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(UTC)


async def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, hex (read in a worker thread)."""

    def digest() -> str:
        hasher = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                hasher.update(block)
        return hasher.hexdigest()

    return await asyncio.to_thread(digest)


class UploadStore(Protocol):
    async def find(self, sha256: str) -> list[HostedImage]:
        """Every copy of this picture on a host that has not expired."""
        ...

    async def save(self, sha256: str, image: HostedImage) -> None:
        """Remember ``image`` (a later copy on the same host replaces the earlier one)."""
        ...


def _live(image: HostedImage, now: datetime) -> bool:
    return image.expires_at is None or image.expires_at > now


class MemoryUploadStore:
    """An in-process store (nothing survives the process)."""

    def __init__(self, *, clock: Clock = _now) -> None:
        self._images: dict[tuple[str, str], HostedImage] = {}
        self._clock = clock

    async def find(self, sha256: str) -> list[HostedImage]:
        now = self._clock()
        return [i for (sha, _), i in self._images.items() if sha == sha256 and _live(i, now)]

    async def save(self, sha256: str, image: HostedImage) -> None:
        self._images[(sha256, image.host)] = image


class DbUploadStore:
    """The ``image_uploads`` table through the async session factory."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, clock: Clock = _now) -> None:
        self._sessions = sessions
        self._clock = clock

    async def find(self, sha256: str) -> list[HostedImage]:
        async with self._sessions() as session:
            rows = (
                await session.scalars(
                    select(ImageUpload).where(ImageUpload.sha256 == sha256).order_by(ImageUpload.id)
                )
            ).all()
        now = self._clock()
        return [image for image in map(_image, rows) if _live(image, now)]

    async def save(self, sha256: str, image: HostedImage) -> None:
        try:
            await self._upsert(sha256, image)
        except IntegrityError:  # another worker saved the same (sha256, host) first: write over it
            await self._upsert(sha256, image)

    async def _upsert(self, sha256: str, image: HostedImage) -> None:
        async with self._sessions() as session:
            row = await session.scalar(
                select(ImageUpload).where(ImageUpload.sha256 == sha256, ImageUpload.host == image.host)
            )
            if row is None:
                row = ImageUpload(sha256=sha256, host=image.host)
                session.add(row)
            row.full_url = image.full_url
            row.thumb_url = image.thumb_url
            row.viewer_url = image.viewer_url
            row.delete_url = image.delete_url
            row.expires_at = image.expires_at
            row.created_at = self._clock()
            await session.commit()


def _image(row: ImageUpload) -> HostedImage:
    return HostedImage(
        host=row.host,
        full_url=row.full_url,
        thumb_url=row.thumb_url,
        viewer_url=row.viewer_url,
        delete_url=row.delete_url,
        expires_at=row.expires_at,
    )
