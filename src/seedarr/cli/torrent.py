"""``seedarr torrent create|verify|show``: make, check and inspect BitTorrent v1 files.

Progress bars go to stderr, results to stdout (``--json`` for scripts). Bad input raises a
:class:`~seedarr.errors.SeedarrError` subclass, which the entry point prints as one ``error:`` line with
exit code 2; nothing is written then. ``verify`` exits 1 when the data does not match.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from seedarr.errors import ValidationFailed
from seedarr.media.torrent.hashing import ProgressCallback

__all__ = ["register"]

torrent_app = typer.Typer(help="Create, verify and inspect .torrent files.", no_args_is_help=True)


@contextmanager
def _progress(description: str, total: int) -> Iterator[ProgressCallback]:
    """A rich progress bar on stderr (speed, ETA); yields the callback the hashing engine calls."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(binary_units=True),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task(description, total=total)

        def update(done: int, _total: int) -> None:
            bar.update(task, completed=done)

        yield update


def _check_output(out: Path, force: bool) -> None:
    if out.exists() and (not force or out.is_dir()):
        raise ValidationFailed("output", f"{out} already exists" + ("" if out.is_dir() else " (use --force)"))
    if not out.parent.is_dir():
        raise ValidationFailed("output", f"folder {out.parent} does not exist")


def create(
    path: Path = typer.Argument(..., help="File or folder to put in the torrent."),
    output: Path = typer.Option(..., "-o", "--output", help="Where to write the .torrent."),
    announce: str | None = typer.Option(
        None, "--announce", "-a", help="Tracker announce URL (with passkey)."
    ),
    source: str | None = typer.Option(None, "--source", "-s", help="Source tag (info.source)."),
    private: bool = typer.Option(True, "--private/--public", help="Private torrent (BEP 27), the default."),
    piece_length: str = typer.Option(
        "auto", "--piece-length", "-l", help="auto, stepped, 256KiB…64MiB or bytes."
    ),
    exclude: list[str] = typer.Option([], "--exclude", "-x", help="Glob of files to leave out (repeatable)."),
    comment: str | None = typer.Option(None, "--comment", "-c", help="Comment stored in the torrent."),
    threads: int | None = typer.Option(None, "--threads", "-t", help="Hashing threads (default: cores)."),
    date: bool = typer.Option(True, "--date/--no-date", help="Store the creation date."),
    force: bool = typer.Option(False, "--force", "-f", help="Replace OUTPUT if it exists."),
    json_output: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Hash PATH once and write a BitTorrent v1 file."""
    from seedarr.media.torrent import (
        build_metainfo,
        hash_content,
        parse_metainfo,
        scan_content,
        write_torrent,
    )
    from seedarr.media.torrent.piece_length import parse_rule
    from seedarr.media.torrent.piece_sha1 import ENGINE
    from seedarr.validation import validate_url

    if announce is not None:
        announce = validate_url(announce, field="announce")
    if threads is not None and threads < 1:
        raise ValidationFailed("threads", f"must be at least 1, not {threads}")
    rule = parse_rule(piece_length)
    _check_output(output, force)
    content = scan_content(path, exclude)
    length = rule.preferred(content.total_size)
    with _progress("hashing", content.total_size) as progress:
        started = time.perf_counter()  # the hashing alone, not the progress bar's set-up
        hashes = hash_content(content, [length], threads=threads, progress=progress)
        seconds = time.perf_counter() - started
    data = build_metainfo(
        content,
        hashes,
        announce,
        source,
        private,
        comment=comment,
        creation_date=int(time.time()) if date else None,
    )
    write_torrent(output, data, overwrite=force)
    meta = parse_metainfo(data)
    summary = {
        "infohash": meta.infohash,
        "name": meta.name,
        "pieceLength": meta.piece_length,
        "pieceCount": meta.piece_count,
        "size": meta.total_size,
        "files": len(meta.files),
        "seconds": round(seconds, 3),
        "sha1": ENGINE,
        "output": str(output),
    }
    if json_output:
        typer.echo(json.dumps(summary))
    else:
        rate = meta.total_size / seconds / 1e6 if seconds else 0.0
        typer.echo(
            f"{output}: {meta.infohash}  {meta.piece_count} pieces of {meta.piece_length} bytes, "
            f"{meta.total_size} bytes in {len(meta.files)} file(s), "
            f"hashed in {seconds:.2f} s ({rate:.0f} MB/s, SHA-1 by {ENGINE})"
        )


def verify(
    torrent: Path = typer.Argument(..., help="The .torrent file."),
    path: Path = typer.Argument(..., help="The content (file or folder), or the folder holding it."),
    threads: int | None = typer.Option(None, "--threads", "-t", help="Hashing threads (default: cores)."),
) -> None:
    """Rehash PATH and compare with TORRENT; exit 1 on mismatch."""
    from seedarr.media.torrent import read_torrent, verify_content

    meta = read_torrent(torrent)
    with _progress("verifying", meta.total_size) as progress:
        result = verify_content(meta, path, threads=threads, progress=progress)
    if result.ok:
        typer.echo(f"OK: all {result.piece_count} pieces match ({meta.infohash})")
        return
    typer.echo(
        f"MISMATCH: {result.reason}" + (f"; {result.bad_pieces} bad piece(s)" if result.bad_pieces else "")
    )
    raise typer.Exit(1)


def show(
    torrent: Path = typer.Argument(..., help="The .torrent file."),
    json_output: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Print what a .torrent contains (announce passkeys masked)."""
    from seedarr.domain.urls import mask_url_secrets
    from seedarr.media.torrent import read_torrent

    meta = read_torrent(torrent)
    info = {
        "name": meta.name,
        "infohash": meta.infohash,
        "size": meta.total_size,
        "pieceLength": meta.piece_length,
        "pieceCount": meta.piece_count,
        "private": meta.private,
        "source": meta.source,
        "announce": mask_url_secrets(meta.announce) if meta.announce else None,
        "announceList": [[mask_url_secrets(u) for u in tier] for tier in meta.announce_list],
        "comment": meta.comment,
        "createdBy": meta.created_by,
        "creationDate": meta.creation_date,
        "files": [{"path": "/".join(parts), "length": length} for parts, length in meta.files],
    }
    if json_output:
        typer.echo(json.dumps(info, ensure_ascii=False))
        return
    for key in ("name", "infohash", "size", "pieceLength", "pieceCount", "private", "source", "announce"):
        typer.echo(f"{key:12} {info[key]}")
    for tier in meta.announce_list:
        typer.echo(f"{'tier':12} {' '.join(mask_url_secrets(u) for u in tier)}")
    if meta.comment:
        typer.echo(f"{'comment':12} {meta.comment}")
    typer.echo(f"files        {len(meta.files)}")
    for parts, length in meta.files:
        typer.echo(f"  {length:>15}  {'/'.join(parts)}")


torrent_app.command("create")(create)
torrent_app.command("verify")(verify)
torrent_app.command("show")(show)


def register(app: typer.Typer) -> None:
    app.add_typer(torrent_app, name="torrent")
