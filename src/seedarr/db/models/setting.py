"""Runtime settings stored in the database: a plain JSON value or an encrypted secret per key."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from seedarr.db.models.base import Base
from seedarr.db.types import EncryptedSecret, UtcDateTime, utcnow
from seedarr.secrets import Secret

__all__ = ["Setting"]


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    secret: Mapped[Secret | None] = mapped_column(EncryptedSecret(), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)
