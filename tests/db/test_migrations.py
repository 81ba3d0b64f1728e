"""Migrations build an empty SQLite and an empty PostgreSQL database, match the models, and downgrade."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from seedarr.db import migrate
from seedarr.db.engine import create_engine
from seedarr.db.models import Base

TABLES = {"users", "ui_sessions", "settings", "alembic_version"}


async def _tables_and_diff(url: str) -> tuple[set[str], list[object], tuple[str, ...]]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            tables = set(await connection.run_sync(lambda c: inspect(c).get_table_names()))

            def diff(sync_connection: object) -> list[object]:
                context = MigrationContext.configure(sync_connection, opts={"compare_type": True})  # type: ignore[arg-type]
                return list(compare_metadata(context, Base.metadata))

            differences = await connection.run_sync(diff)
            revision = await migrate.current_revisions(connection)
    finally:
        await engine.dispose()
    return tables, differences, revision


async def _round_trip(url: str) -> None:
    await migrate.upgrade(url)
    tables, differences, revision = await _tables_and_diff(url)
    assert tables >= TABLES
    assert differences == [], f"models and migrations differ: {differences}"
    assert revision == migrate.head_revisions()
    await migrate.upgrade(url)  # idempotent
    await migrate.downgrade(url, "base")
    tables, _, revision = await _tables_and_diff(url)
    assert tables <= {"alembic_version"}
    assert revision == ()
    await migrate.upgrade(url)
    assert (await _tables_and_diff(url))[0] >= TABLES


async def test_sqlite_upgrade_downgrade(tmp_path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/seedarr.db"
    await _round_trip(url)
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            assert (await connection.execute(text("PRAGMA journal_mode"))).scalar_one() == "wal"
            assert (await connection.execute(text("PRAGMA busy_timeout"))).scalar_one() >= 5000
            assert (await connection.execute(text("PRAGMA foreign_keys"))).scalar_one() == 1
    finally:
        await engine.dispose()


@pytest.mark.postgres
async def test_postgresql_upgrade_downgrade(postgres_url: str) -> None:
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text("DROP DATABASE IF EXISTS migrations_test"))
            await connection.execute(text("CREATE DATABASE migrations_test"))
    finally:
        await admin.dispose()
    url = postgres_url.rsplit("/", 1)[0] + "/migrations_test"
    await _round_trip(url)
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            version = (await connection.execute(text("SHOW server_version"))).scalar_one()
        assert version.split(".")[0].isdigit()
    finally:
        await engine.dispose()
