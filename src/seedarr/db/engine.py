"""The async engine and session factory for SQLite (WAL, busy timeout) and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

__all__ = ["SQLITE_BUSY_TIMEOUT_MS", "create_engine", "database_kind", "session_factory"]

SQLITE_BUSY_TIMEOUT_MS = 10_000


def database_kind(url: str) -> str:
    """``sqLite`` or ``postgreSQL`` (Servarr's spelling in system status)."""
    return "sqLite" if make_url(url).get_backend_name() == "sqlite" else "postgreSQL"


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine; SQLite connections get WAL, a busy timeout and enforced foreign keys."""
    is_sqlite = make_url(url).get_backend_name() == "sqlite"
    if is_sqlite:
        kwargs.setdefault("connect_args", {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
    else:
        kwargs.setdefault("pool_pre_ping", True)
    engine = create_async_engine(url, **kwargs)
    if is_sqlite:
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
