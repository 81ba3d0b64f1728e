"""What a one-shot command needs to use the configured services: settings, database, one HTTP client.

:func:`open_runtime` loads the settings, prepares the data dir, sends log lines to stderr and the log file
(stdout carries the answer), unlocks stored secrets with the data dir's key, upgrades the database and
yields a :class:`Runtime`; the engine and the client are closed on the way out.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from seedarr.settings import Settings

__all__ = ["Runtime", "open_runtime"]


@dataclass(frozen=True, slots=True)
class Runtime:
    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    http: httpx.AsyncClient


@contextlib.asynccontextmanager
async def open_runtime() -> AsyncIterator[Runtime]:
    """This machine's settings, database sessions and one shared HTTP client."""
    import httpx

    from seedarr import __version__
    from seedarr.db import migrate
    from seedarr.db.engine import create_engine, session_factory
    from seedarr.db.types import use_secret_box
    from seedarr.hostconfig import prepare_data_dir
    from seedarr.observability.logging import configure_logging
    from seedarr.secrets import SecretBox
    from seedarr.settings import load_settings

    settings = load_settings()
    data_dir = prepare_data_dir(settings)
    configure_logging(level="warning", log_dir=data_dir / "logs", json_console=False)
    use_secret_box(SecretBox.for_data_dir(data_dir))
    await migrate.upgrade(settings.database_url)
    engine = create_engine(settings.database_url)
    try:
        async with httpx.AsyncClient(
            timeout=httpx.Timeout(30.0, connect=10.0), headers={"User-Agent": f"Seedarr/{__version__}"}
        ) as http:
            yield Runtime(settings, session_factory(engine), http)
    finally:
        await engine.dispose()
