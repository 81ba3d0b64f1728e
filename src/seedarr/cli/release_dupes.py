"""``seedarr release dupes PATH``: does each configured tracker already have this release?

The release is analysed and identified as for ``release name`` (``--tmdb``/``--type`` pin the work), then
every enabled tracker account (or each ``--tracker NAME``) is searched natively by TMDB id, IMDb id, then
title; a Prowlarr indexer (``prowlarr.url``) stands in for a site without a search API. Each tracker's
verdict is printed with the torrents that count and why (``--json`` for the whole report). Exit codes:
0 no tracker that answered has it (a tracker that could not be searched gets a ``warning:`` line), 1 a
tracker has the release or one in the same slot, 2 an error (one ``error:`` line).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from seedarr.cli.identify import MediaTypeChoice

if TYPE_CHECKING:
    from seedarr.domain.dupe_report import DupeReport
    from seedarr.domain.release import ReleaseInfo
    from seedarr.metadata.identify import ManualId

__all__ = ["dupes"]


async def _check(path: Path, manual: ManualId | None, trackers: list[str]) -> tuple[ReleaseInfo, list[str]]:
    from seedarr.cli.runtime import open_runtime
    from seedarr.domain.naming.profiles import profile_for_tracker, resolve_profile
    from seedarr.errors import ExternalServiceError
    from seedarr.metadata.config import build_identifier
    from seedarr.pipeline.dupes import check_duplicates
    from seedarr.pipeline.preview import preview_release
    from seedarr.trackers.accounts import TrackerAccounts
    from seedarr.trackers.adapters import tracker_services
    from seedarr.trackers.prowlarr import ProwlarrClient, prowlarr_searchers

    async with open_runtime() as runtime:
        services = tracker_services(runtime.settings, runtime.http)  # FlareSolverr, when configured
        accounts = TrackerAccounts(runtime.sessions, runtime.http, services=services)
        adapters = await accounts.adapters(trackers)
        identifier = await build_identifier(runtime.http, runtime.sessions)
        profile = resolve_profile(profile_for_tracker("fr"), {})
        preview = await preview_release(path, [profile], identifier=identifier, manual=manual)
        warnings = list(preview.warnings)
        torznab = {}
        prowlarr = runtime.settings.prowlarr
        if prowlarr.url and prowlarr.api_key is not None:
            try:
                client = ProwlarrClient(runtime.http, prowlarr.url, prowlarr.api_key)
                torznab = await prowlarr_searchers(client, accounts.registry)
            except ExternalServiceError as exc:
                warnings.append(f"Prowlarr is not used: {exc}")
        release = await check_duplicates(preview.release, adapters, torznab=torznab)
        return release, warnings


def _print(release: ReleaseInfo) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    identity = release.identity
    who = f"{identity.title} ({identity.year or '?'})" if identity else "not identified"
    console.print(f"{release.path.name} [dim]({who})[/dim]", highlight=False)
    for report in release.dupes.values():
        colour = {"exact": "red", "duplicate": "red", "similar": "yellow", "clear": "green"}.get(
            report.verdict or "", "magenta"
        )
        label = report.verdict if report.status == "completed" else report.status.replace("_", " ")
        console.print(f"\n[bold]{report.tracker_id}[/bold]  [{colour}]{label}[/{colour}]  {report.message}")
        counted = report.counted()
        if counted:
            table = Table(show_header=True, box=None, pad_edge=False)
            for column in ("decision", "name", "size", "seeders", "why"):
                table.add_column(column)
            for match in counted:
                size = f"{match.size / 1024**3:.2f} GiB"
                table.add_row(match.decision, match.name, size, str(match.seeders), match.explanation)
            console.print(table)


def _blocking(reports: list[DupeReport]) -> bool:
    return any(report.blocking for report in reports)


def dupes(
    path: Path = typer.Argument(..., exists=True, resolve_path=True, help="A video file or release folder."),
    trackers: list[str] = typer.Option([], "--tracker", help="A configured tracker's name; repeatable."),
    tmdb_id: int | None = typer.Option(None, "--tmdb", help="Use this TMDB id (with --type)."),
    media_type: MediaTypeChoice | None = typer.Option(None, "--type", help="movie or tv."),
    json_output: bool = typer.Option(False, "--json", help="Print every tracker's report as JSON."),
) -> None:
    """Search every enabled tracker (or each --tracker) for PATH and say whether it is already there."""
    import asyncio

    from seedarr.errors import ValidationFailed
    from seedarr.metadata.identify import ManualId

    if tmdb_id is not None and media_type is None:
        raise ValidationFailed("--tmdb", "give --type movie or tv with it")
    manual = ManualId(tmdb_id, media_type.value) if tmdb_id is not None and media_type else None
    release, warnings = asyncio.run(_check(path, manual, trackers))
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)
    if not release.dupes:
        typer.echo("warning: no tracker is configured and enabled: nothing was searched", err=True)
    for report in release.dupes.values():
        if report.status != "completed":  # not a verdict: say so, whatever the exit code
            typer.echo(f"warning: {report.tracker_id}: not checked ({report.message})", err=True)
    if json_output:
        document = {"path": str(path), "warnings": warnings,
                    "reports": [report.to_dict() for report in release.dupes.values()]}  # fmt: skip
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        _print(release)
    if _blocking(list(release.dupes.values())):
        raise typer.Exit(1)
