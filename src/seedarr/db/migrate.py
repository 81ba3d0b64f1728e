"""Schema migrations with Alembic, driven from code (``seedarr db upgrade`` and start-up)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncConnection

from seedarr.db.engine import create_engine

__all__ = ["alembic_config", "current_revisions", "downgrade", "head_revisions", "upgrade"]

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revisions() -> tuple[str, ...]:
    """The newest revision of every branch (one, once branches are merged)."""
    return tuple(sorted(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()))


async def _run(url: str, action: str, revision: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_apply, url, action, revision)
    finally:
        await engine.dispose()


def _apply(connection: object, url: str, action: str, revision: str) -> None:
    config = alembic_config(url)
    config.attributes["connection"] = connection
    if action == "upgrade":
        command.upgrade(config, revision)
    else:
        command.downgrade(config, revision)


async def upgrade(url: str, revision: str = "heads") -> None:
    """Bring the database at ``url`` to ``revision`` (creates an empty database's schema)."""
    await _run(url, "upgrade", revision)


async def downgrade(url: str, revision: str = "base") -> None:
    await _run(url, "downgrade", revision)


async def current_revisions(connection: AsyncConnection) -> tuple[str, ...]:
    """The revisions the database is at (empty for an empty database)."""

    def _read(sync_connection: object) -> tuple[str, ...]:
        context = MigrationContext.configure(sync_connection)  # type: ignore[arg-type]
        return tuple(sorted(context.get_current_heads()))

    return await connection.run_sync(_read)


def run_upgrade_blocking(url: str) -> None:
    """For the CLI: upgrade in a fresh event loop."""
    asyncio.run(upgrade(url))
