"""Configured tracker accounts: one row per account a person set up on a tracker definition.

``tracker_id`` is the definition id (a former id still resolves through the registry after a rename);
several accounts may use one definition, told apart by their unique ``name``. ``settings`` holds the
non-secret form values as JSON; every secret value (API key, passkey, announce URL…) lives in ``secrets``,
one JSON object encrypted at rest. ``auth_status`` is ``ok``, ``failed`` (the site refused the credentials:
the account is flagged for the user) or ``unknown``; ``site_metadata`` is the last synced taxonomy.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from seedarr.db.models.base import Base
from seedarr.db.types import EncryptedSecret, UtcDateTime, utcnow
from seedarr.secrets import Secret

__all__ = ["AUTH_STATUSES", "TrackerAccount"]

AUTH_STATUSES = ("ok", "failed", "unknown")


class TrackerAccount(Base):
    __tablename__ = "tracker_accounts"
    __table_args__ = (CheckConstraint("auth_status IN ('ok', 'failed', 'unknown')", name="auth_status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tracker_id: Mapped[str] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    priority: Mapped[int] = mapped_column(Integer, default=25)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # one JSON object {setting name: value}, Fernet-encrypted; None when the account has no secret
    secrets: Mapped[Secret | None] = mapped_column(EncryptedSecret(), nullable=True)
    auth_status: Mapped[str] = mapped_column(String(16), default="unknown")
    auth_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    site_metadata: Mapped[dict[str, Any] | None] = mapped_column("metadata", JSON, nullable=True)
    synced_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)
