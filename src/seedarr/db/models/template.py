"""User-editable description (BBCode) and NFO templates; the shipped defaults are seeded by migration 0003."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from seedarr.db.models.base import Base
from seedarr.db.types import UtcDateTime, utcnow

__all__ = ["Template"]


class Template(Base):
    """One template: ``kind`` is ``description`` or ``nfo``; names are unique per kind."""

    __tablename__ = "templates"
    __table_args__ = (UniqueConstraint("kind", "name", name="uq_templates_kind_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(128))
    body: Mapped[str] = mapped_column(Text)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)
