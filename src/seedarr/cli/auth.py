"""``seedarr auth``: show or regenerate the API key, reset the admin password."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from seedarr.settings import Settings

__all__ = ["register"]

auth_app = typer.Typer(help="API key and admin account.", no_args_is_help=True)


def _settings() -> Settings:
    from seedarr.hostconfig import prepare_data_dir
    from seedarr.settings import load_settings

    settings = load_settings()
    prepare_data_dir(settings)
    return settings


@auth_app.command("api-key")
def api_key(
    regenerate: bool = typer.Option(False, "--regenerate", help="Replace the key (clients must be updated)."),
) -> None:
    """Print the API key (you asked for it: it is shown on standard output only)."""
    from seedarr.hostconfig import ensure_api_key, regenerate_api_key

    settings = _settings()
    key = regenerate_api_key(settings) if regenerate else ensure_api_key(settings)
    typer.echo(key.reveal())


def register(app: typer.Typer) -> None:
    app.add_typer(auth_app, name="auth")
