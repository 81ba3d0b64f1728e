"""``seedarr identify PATH [--tmdb-id N --type movie|tv]``: who a release is, per TMDB.

Runs the same identification service as the pipeline (names, Radarr/Sonarr scene name and ids, scored TMDB
search, database cache) and prints the identity, or the reason it needs a person and the best candidates.
``--tmdb-id`` with ``--type`` skips the search. The TMDB key comes from ``SEEDARR__TMDB__API_KEY`` or the
``metadata.tmdb.api_key`` setting; without one the answer is "needs identification (offline)".
Exit codes: 0 identified, 1 needs identification, 2 an error (one ``error:`` line on stderr).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
from collections.abc import AsyncIterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from seedarr.metadata.identify import Identifier

__all__ = ["open_identifier", "register"]


class MediaTypeChoice(StrEnum):
    movie = "movie"
    tv = "tv"


@contextlib.asynccontextmanager
async def open_identifier() -> AsyncIterator[Identifier]:
    """The identification service with this machine's settings, database and one HTTP client."""
    from seedarr.cli.runtime import open_runtime
    from seedarr.metadata.config import build_identifier

    async with open_runtime() as runtime:
        yield await build_identifier(runtime.http, runtime.sessions)


async def _identify(path: Path, tmdb_id: int | None, media_type: MediaTypeChoice | None) -> Any:
    from seedarr.metadata.identify import ManualId

    manual = ManualId(tmdb_id, media_type.value) if tmdb_id is not None and media_type else None
    async with open_identifier() as identifier:
        return await identifier.identify(path, manual=manual)


def identify(
    path: Path = typer.Argument(..., exists=True, resolve_path=True, help="A film file, episode or folder."),
    tmdb_id: int | None = typer.Option(None, "--tmdb-id", help="Use this TMDB id (needs --type)."),
    media_type: MediaTypeChoice | None = typer.Option(None, "--type", help="movie or tv (with --tmdb-id)."),
    json_output: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Identify a release with TMDB (Radarr/Sonarr scene name first when configured)."""
    from seedarr.errors import ValidationFailed
    from seedarr.metadata.identify import Identified

    if (tmdb_id is None) != (media_type is None):
        raise ValidationFailed("--tmdb-id/--type", "give both, or neither")
    result = asyncio.run(_identify(path, tmdb_id, media_type))
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if json_output:
        kind = "identified" if isinstance(result, Identified) else "needs_identification"
        typer.echo(json.dumps({"result": kind, **dataclasses.asdict(result)}, indent=2, ensure_ascii=False))
    elif isinstance(result, Identified):
        who = result.identity
        typer.echo(f"{who.title} ({who.year or '?'}) — TMDB {who.media_type}/{who.tmdb_id} [{result.method}]")
        if who.original_title != who.title:
            typer.echo(f"original title: {who.original_title}")
        if result.scene_name:
            typer.echo(f"scene name: {result.scene_name}")
    else:
        typer.echo(f"needs identification: {result.reason}")
        for candidate in result.candidates:
            typer.echo(
                f"  {candidate.score:.2f}  {candidate.media_type}/{candidate.tmdb_id}  "
                f"{candidate.title} ({candidate.year or '?'})"
            )
    if not isinstance(result, Identified):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("identify")(identify)
