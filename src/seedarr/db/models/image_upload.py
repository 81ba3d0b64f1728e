"""Screenshots already on an image host: one row per (content SHA-256, host), so nothing is uploaded twice.

``sha256`` is the hash of the screenshot file as Seedarr wrote it (before any re-encoding for a host's size
limit), so the same picture is recognised whichever release or tracker asks for it again. ``delete_url`` is
a capability link (anyone holding it can delete the image): it is encrypted at rest. ``expires_at`` is set
when the host deletes the image on its own (ImgBB's ``expiration``); an expired row is never reused.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from seedarr.db.models.base import Base
from seedarr.db.types import EncryptedSecret, UtcDateTime, utcnow
from seedarr.secrets import Secret

__all__ = ["ImageUpload"]


class ImageUpload(Base):
    __tablename__ = "image_uploads"
    __table_args__ = (UniqueConstraint("sha256", "host", name="uq_image_uploads_sha256_host"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    host: Mapped[str] = mapped_column(String(32))
    full_url: Mapped[str] = mapped_column(Text)
    thumb_url: Mapped[str] = mapped_column(Text)
    viewer_url: Mapped[str] = mapped_column(Text)
    delete_url: Mapped[Secret | None] = mapped_column(EncryptedSecret(), nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
