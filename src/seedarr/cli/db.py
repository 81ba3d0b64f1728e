"""``seedarr db upgrade|downgrade|current``: database schema migrations."""

from __future__ import annotations

import asyncio

import typer

__all__ = ["register"]

db_app = typer.Typer(help="Database schema migrations.", no_args_is_help=True)


def _prepare() -> str:
    from seedarr.db.types import use_secret_box
    from seedarr.hostconfig import prepare_data_dir
    from seedarr.secrets import SecretBox
    from seedarr.settings import load_settings

    settings = load_settings()
    prepare_data_dir(settings)
    use_secret_box(SecretBox.for_data_dir(settings.data_dir))
    return settings.database_url


def _friendly(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return f"cannot reach the database: {text}"


@db_app.command("upgrade")
def upgrade(revision: str = typer.Argument("heads", help="Target revision (default: the newest).")) -> None:
    """Create or upgrade the schema (runs automatically at start)."""
    from seedarr.db import migrate
    from seedarr.errors import ConfigurationError

    url = _prepare()
    try:
        asyncio.run(migrate.upgrade(url, revision))
    except (OSError, ConnectionError) as exc:
        raise ConfigurationError(_friendly(exc)) from exc
    shown = ", ".join(migrate.head_revisions()) if revision in ("head", "heads") else revision
    typer.echo(f"database at revision {shown}")


@db_app.command("downgrade")
def downgrade(
    revision: str = typer.Argument(..., help="Target revision, or 'base' to drop every table."),
) -> None:
    """Step the schema back to an older revision."""
    from seedarr.db import migrate

    asyncio.run(migrate.downgrade(_prepare(), revision))
    typer.echo(f"database at revision {revision}")


@db_app.command("current")
def current() -> None:
    """Print the schema revision of the database."""
    from seedarr.db import migrate
    from seedarr.db.engine import create_engine

    async def read() -> tuple[str, ...]:
        engine = create_engine(_prepare())
        try:
            async with engine.connect() as connection:
                return await migrate.current_revisions(connection)
        finally:
            await engine.dispose()

    typer.echo(", ".join(asyncio.run(read())) or "empty (no schema)")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
