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
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from seedarr.cli.identify import MediaTypeChoice
from seedarr.domain.identity import Identity, MediaType

if TYPE_CHECKING:
    from seedarr.domain.naming.profiles import NamingProfile
    from seedarr.metadata.identify import ManualId
    from seedarr.pipeline.preview import ReleasePreview

__all__ = ["register"]

release_app = typer.Typer(help="Release names and their evidence; duplicate checks.", no_args_is_help=True)


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


async def _preview(
    path: Path,
    profiles: list[NamingProfile],
    manual: ManualId | None,
    media_type: MediaType | None,
    scene: str | None,
    offline: bool,
) -> ReleasePreview:
    from seedarr.cli.identify import open_identifier
    from seedarr.pipeline.preview import preview_release

    if offline:
        return await preview_release(path, profiles, identifier=None, scene_name=scene, media_type=media_type)
    async with open_identifier() as identifier:
        return await preview_release(
            path, profiles, identifier=identifier, manual=manual, scene_name=scene, media_type=media_type
        )


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
    from seedarr.domain.naming import NamingProfileError
    from seedarr.domain.naming.profiles import profile_for_tracker, resolve_profile
    from seedarr.errors import ValidationFailed
    from seedarr.metadata.identify import ManualId

    if tmdb_id is not None and media_type is None:
        raise ValidationFailed("--tmdb", "give --type movie or tv with it")
    overrides = _switches(switches)
    try:
        profiles = [resolve_profile(profile_for_tracker(t), overrides) for t in trackers]
    except NamingProfileError as exc:
        raise ValidationFailed("--tracker/--switch", str(exc)) from None
    chosen: MediaType | None = "tv" if media_type is MediaTypeChoice.tv else "movie" if media_type else None
    manual = ManualId(tmdb_id, chosen) if tmdb_id is not None and chosen else None
    preview = asyncio.run(_preview(path.resolve(), profiles, manual, chosen, scene, offline))
    identity: Identity | None = preview.identity
    releases = list(preview.names)
    warnings = list(preview.warnings)
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
    from seedarr.cli.release_dupes import dupes

    release_app.command("dupes")(dupes)
    app.add_typer(release_app, name="release")
