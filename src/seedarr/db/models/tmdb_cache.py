"""The TMDB answer cache: one row per (kind, key, language), with the time it stops being fresh.

``kind`` is ``movie`` or ``tv`` for details (``key`` is the TMDB id; the two id spaces are separate, so the
kind is part of the key), ``tv_season`` for a season's episodes (``key`` is ``"<tv id>/<season>"``) and
``search_movie``/``search_tv`` for search results (``key`` is the normalised query and year). Expired rows
are ignored on read and deleted by a scheduled cleanup.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from seedarr.db.models.base import Base
from seedarr.db.types import UtcDateTime, utcnow

__all__ = ["TmdbCacheEntry"]


class TmdbCacheEntry(Base):
    __tablename__ = "tmdb_cache"
    __table_args__ = (UniqueConstraint("kind", "key", "language", name="uq_tmdb_cache_kind_key_language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(16))
    payload: Mapped[Any] = mapped_column(JSON)
    fetched_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
