"""``seedarr doctor``: checks every part Seedarr needs and says how to fix what is missing."""

from __future__ import annotations

import asyncio

import typer

__all__ = ["register"]


def doctor(
    json_output: bool = typer.Option(False, "--json", help="Print the results as JSON."),
) -> None:
    """Check ffmpeg, MediaInfo, the database, the data dir and every configured service."""
    from seedarr.health import CheckStatus
    from seedarr.health.doctor import run_doctor

    results, required = asyncio.run(run_doctor())
    failed_required = [r for r in results if r.status is CheckStatus.ERROR and r.source in required]
    if json_output:
        import json

        typer.echo(
            json.dumps(
                [
                    {
                        "source": r.source,
                        "status": r.status.value,
                        "message": r.message,
                        "hint": r.hint,
                        "required": r.source in required,
                        "latencyMs": r.latency_ms,
                    }
                    for r in results
                ],
                indent=2,
            )
        )
    else:
        from rich.console import Console
        from rich.table import Table

        colours = {"ok": "green", "notice": "cyan", "warning": "yellow", "error": "red"}
        table = Table(title="Seedarr doctor")
        for column in ("Check", "Status", "Message", "How to fix"):
            table.add_column(column)
        for r in results:
            colour = colours[r.status.value]
            table.add_row(r.source, f"[{colour}]{r.status.value}[/{colour}]", r.message, r.hint or "")
        Console().print(table)
    if failed_required:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("doctor")(doctor)
