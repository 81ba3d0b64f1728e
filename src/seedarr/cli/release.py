"""``seedarr release name PATH``: the release name(s) of a file, season pack or disc, with the evidence.

MediaInfo facts (read once) and the parsed file, folder and ``--scene`` names feed the naming engine for each
``--tracker`` (a built-in profile, ``fr`` or ``p2p``, until tracker definitions supply their own; ``--switch
key=value`` overrides a profile switch). Without ``--offline`` the release is first identified with TMDB
(``--tmdb``/``--type`` pin the id); when identification is not configured or finds no confident match, a
warning says so and the name is made offline. Bad input exits with code 2 and one ``error:`` line.
"""

from __future__ import annotations

import asyncio
import json
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from seedarr.domain.identity import Identity

__all__ = ["register"]

release_app = typer.Typer(help="Release names and their evidence.", no_args_is_help=True)


class MediaTypeChoice(StrEnum):
    movie = "movie"
    tv = "tv"


def _switches(pairs: list[str]) -> dict[str, Any]:
    from seedarr.errors import ValidationFailed

    values: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise ValidationFailed("--switch", f"{pair!r} is not key=value")
        try:
            values[key.strip()] = json.loads(raw)
        except ValueError:
            values[key.strip()] = raw
    return values


async def _identify(
    path: Path, tmdb_id: int | None, media_type: str | None
) -> tuple[Identity | None, str | None, list[str]]:
    """(identity, scene name, warnings); identification problems become warnings, never errors."""
    try:
        from seedarr.cli.identify import MediaTypeChoice as IdentifyType
        from seedarr.cli.identify import _identify as run_identification
        from seedarr.metadata.identify import Identified
    except ImportError:
        return None, None, ["TMDB identification is not configured: naming offline"]
    result = await run_identification(path, tmdb_id, IdentifyType(media_type) if media_type else None)
    warnings = list(result.warnings)
    if isinstance(result, Identified):
        return result.identity, result.scene_name, warnings
    offline = getattr(result, "offline", False)
    reason = "TMDB identification is not configured" if offline else f"not identified ({result.reason})"
    return None, result.scene_name, [*warnings, f"{reason}: naming offline"]


def _print(path: Path, names: list[Any], identity: Identity | None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    who = (
        f"{identity.title} ({identity.year or '?'}), TMDB {identity.media_type}/{identity.tmdb_id}"
        if identity
        else "offline"
    )
    console.print(f"{path.name} [dim]({who})[/dim]", highlight=False)
    for release in names:
        console.print(f"\n[bold]{release.profile}[/bold]  {release.name}", highlight=False)
        table = Table(show_header=True, box=None, pad_edge=False)
        for column in ("variable", "value", "source", "evidence"):
            table.add_column(column)
        for token in release.tokens:
            if token.value or token.variable in {"language", "hdr", "source", "group"}:
                table.add_row(
                    token.variable, token.value or "-", token.evidence.source, token.evidence.detail
                )
        console.print(table)
        for warning in release.warnings:
            console.print(f"[yellow]check:[/yellow] {warning}", highlight=False)


@release_app.command("name")
def name(
    path: Path = typer.Argument(..., help="A video file, a season folder or a disc folder."),
    tmdb_id: int | None = typer.Option(None, "--tmdb", help="Use this TMDB id (with --type)."),
    media_type: MediaTypeChoice | None = typer.Option(None, "--type", help="movie or tv."),
    trackers: list[str] = typer.Option(["fr"], "--tracker", help="Tracker or profile (fr, p2p); repeatable."),
    switches: list[str] = typer.Option(
        [], "--switch", help="Override a profile switch: key=value; repeatable."
    ),
    scene: str | None = typer.Option(None, "--scene", help="The scene name Radarr/Sonarr recorded."),
    offline: bool = typer.Option(False, "--offline", help="MediaInfo and name parsing only (no TMDB)."),
    json_output: bool = typer.Option(False, "--json", help="Print names, tokens and evidence as JSON."),
) -> None:
    """Print the release name of PATH for each tracker, with the fact behind every token."""
    from seedarr.domain.naming import NamingError, NamingInputs, NamingProfileError, compose_release_name
    from seedarr.domain.naming.profiles import profile_for_tracker, resolve_profile
    from seedarr.errors import UserInputError, ValidationFailed
    from seedarr.media.shapes import analyse_release
    from seedarr.metadata.parse import parse_release_names

    if tmdb_id is not None and media_type is None:
        raise ValidationFailed("--tmdb", "give --type movie or tv with it")
    overrides = _switches(switches)
    try:
        profiles = [resolve_profile(profile_for_tracker(t), overrides) for t in trackers]
    except NamingProfileError as exc:
        raise ValidationFailed("--tracker/--switch", str(exc)) from None
    facts = analyse_release(path)
    warnings: list[str] = []
    identity: Identity | None = None
    if not offline:
        identity, found_scene, warnings = asyncio.run(
            _identify(path.resolve(), tmdb_id, media_type.value if media_type else None)
        )
        scene = scene or found_scene
    pack = facts.shape == "season_pack"
    folder = path.name if path.is_dir() else path.resolve().parent.name
    names = parse_release_names(facts.file_name or path.name, folder, scene, pack=pack)
    inputs = NamingInputs(
        names=names, facts=facts, identity=identity, media_type=media_type.value if media_type else None
    )
    try:
        releases = [compose_release_name(inputs, profile) for profile in profiles]
    except NamingError as exc:
        raise UserInputError(str(exc), hint="give --tmdb and --type, or rename the file") from None
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)
    if json_output:
        document = {"path": str(path), "offline": identity is None, "warnings": warnings,
                    "identity": {"tmdb_id": identity.tmdb_id, "title": identity.title, "year": identity.year,
                                 "media_type": identity.media_type} if identity else None,
                    "names": [release.to_dict() for release in releases]}  # fmt: skip
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    _print(path, releases, identity)


def register(app: typer.Typer) -> None:
    app.add_typer(release_app, name="release")
