"""``seedarr media info|screenshots``: what a release contains, and screenshots of it.

``info`` prints the MediaInfo facts of a file, season pack or disc folder as tables (``--json`` for
scripts, ``--text`` for the publishable MediaInfo report). ``screenshots`` writes images spread over the
film with a progress bar on stderr and lists them with their timestamps. Bad input raises a
:class:`~seedarr.errors.SeedarrError` subclass, printed by the entry point as one ``error:`` line (exit 2).
"""

from __future__ import annotations

import asyncio
import json
from enum import StrEnum
from pathlib import Path

import typer

from seedarr.domain.media_facts import MediaFacts

__all__ = ["register"]

media_app = typer.Typer(help="Inspect media: MediaInfo facts and screenshots.", no_args_is_help=True)


class ImageFormatChoice(StrEnum):
    png = "png"
    jpg = "jpg"


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.2f} {unit}"
        value /= 1024
    return f"{n} B"


def _clock(seconds: float | None, *, millis: bool = False) -> str:
    if seconds is None:
        return "?"
    ms = round(seconds * 1000)
    text = f"{ms // 3_600_000}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}"
    return f"{text}.{ms % 1000:03d}" if millis else text


def _yes(flag: bool) -> str:
    return "yes" if flag else ""


def _video_line(facts: MediaFacts) -> str:
    video = facts.video
    assert video is not None
    parts = [video.codec, video.profile or "", f"{video.width}x{video.height}", video.resolution, video.scan]
    parts.append(f"{video.bit_depth}-bit" if video.bit_depth else "")
    parts.append(f"{video.frame_rate:g} fps" if video.frame_rate else "")
    parts.append(video.hdr or "SDR")
    parts.append(f"DV profile {video.dv_profile}" if video.dv_profile else "")
    library = video.writing_library
    parts.append(f"encode: {library}" if library else "untouched (no encoder settings)")
    return ", ".join(p for p in parts if p)


def _print_facts(facts: MediaFacts) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    summary = Table(show_header=False, box=None, pad_edge=False)
    summary.add_row("file", facts.file_name)
    summary.add_row("shape", facts.shape + (f" ({facts.disc_kind})" if facts.disc_kind else ""))
    summary.add_row("container", facts.container or "?")
    summary.add_row("size", _size(facts.size_bytes))
    if facts.release_size_bytes and facts.release_size_bytes != facts.size_bytes:
        summary.add_row("release size", _size(facts.release_size_bytes))
    summary.add_row("duration", _clock(facts.duration_seconds))
    summary.add_row("chapters", str(facts.chapters))
    if facts.video is not None:
        summary.add_row("video", _video_line(facts))
    console.print(summary)

    audio = Table(title="audio", title_justify="left")
    for column in (
        "#",
        "language",
        "codec",
        "channels",
        "atmos",
        "bitrate",
        "default",
        "commentary",
        "title",
    ):
        audio.add_column(column)
    for i, track in enumerate(facts.audio, 1):
        rate = f"{track.bitrate // 1000} kb/s" if track.bitrate else ""
        audio.add_row(str(i), track.language_tag or "?", track.codec, track.channels, _yes(track.atmos), rate,
                      _yes(track.default), _yes(track.commentary), track.title or "")  # fmt: skip
    console.print(audio if facts.audio else "audio: none")

    subs = Table(title="subtitles", title_justify="left")
    for column in ("#", "language", "format", "forced", "SDH", "default", "title"):
        subs.add_column(column)
    for i, sub in enumerate(facts.subtitles, 1):
        subs.add_row(str(i), sub.language_tag or "?", sub.format, _yes(sub.forced), _yes(sub.sdh),
                     _yes(sub.default), sub.title or "")  # fmt: skip
    console.print(subs if facts.subtitles else "subtitles: none")

    if facts.shape == "season_pack":
        console.print(f"episodes ({len(facts.episode_files)}): " + ", ".join(facts.episode_files))
        missing = ", ".join(str(n) for n in facts.missing_episodes) or "none"
        console.print(f"missing episode numbers: {missing}; facts from {facts.file_name}")
    for label, names in (("samples (left out)", facts.samples), ("extras (left out)", facts.extras)):
        if names:
            console.print(f"{label}: " + ", ".join(names))
    if facts.shape == "disc":
        console.print(
            f"[yellow]disc releases are not supported yet: facts are from the main stream {facts.file_name}"
        )


@media_app.command()
def info(
    path: Path = typer.Argument(..., help="A video file, a season folder or a disc folder (BDMV, VIDEO_TS)."),
    json_output: bool = typer.Option(False, "--json", help="Print the facts as JSON."),
    text: bool = typer.Option(False, "--text", help="Print the MediaInfo report as trackers publish it."),
    episode: int | None = typer.Option(None, "--episode", "-e", help="Episode of a pack (default: first)."),
) -> None:
    """Print what PATH contains: video, audio and subtitle tracks, chapters, release shape."""
    from seedarr.media.shapes import analyse_release

    facts = analyse_release(path, episode=episode)
    if json_output:
        print(json.dumps(facts.to_dict(), indent=2, ensure_ascii=False))
    elif text:
        print(facts.mediainfo_text, end="")
    else:
        _print_facts(facts)


@media_app.command()
def screenshots(
    path: Path = typer.Argument(..., help="A video file or a season folder (its first episode)."),
    count: int = typer.Option(4, "-n", "--count", help="How many screenshots."),
    output: Path = typer.Option(Path("screenshots"), "-o", "--output", help="Folder for the images."),
    image_format: ImageFormatChoice = typer.Option(ImageFormatChoice.png, "--format", help="png or jpg."),
    width: int | None = typer.Option(None, "--width", help="Scale images to this width (aspect kept)."),
    accurate: bool = typer.Option(
        False, "--accurate", help="Exact timestamps (slower) instead of keyframes."
    ),
    episode: int | None = typer.Option(None, "--episode", "-e", help="Episode of a pack (default: first)."),
    json_output: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Take screenshots spread over PATH (no intro or credits, no black frames, HDR tone-mapped)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from seedarr.media.mediainfo import read_file_facts
    from seedarr.media.screenshots import Screenshot, find_ffmpeg, take_screenshots
    from seedarr.media.shapes import reference_file, scan_release

    find_ffmpeg()
    source = reference_file(scan_release(path), episode)
    facts = read_file_facts(source)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("screenshots", total=count)

        def advance(_shot: Screenshot) -> None:
            bar.advance(task)

        shots = asyncio.run(
            take_screenshots(source, facts, out_dir=output, count=count, image_format=image_format.value,
                             width=width, accurate=accurate, on_progress=advance)
        )  # fmt: skip
    if json_output:
        rows = [{"path": str(s.path), "timestamp": s.timestamp, "requested": s.requested, "width": s.width,
                 "height": s.height, "tone_mapped": s.tone_mapped, "attempts": s.attempts, "blank": s.blank}
                for s in shots]  # fmt: skip
        print(json.dumps(rows, indent=2))
        return
    from rich.table import Table

    table = Table(title=f"{len(shots)} screenshots of {source.name}", title_justify="left")
    for column in ("file", "time", "size", "note"):
        table.add_column(column)
    for s in shots:
        note = ", ".join(n for n in ("tone-mapped" if s.tone_mapped else "",
                                     f"{s.attempts - 1} blank frame(s) skipped" if s.attempts > 1 else "",
                                     "every try was blank" if s.blank else "") if n)  # fmt: skip
        table.add_row(str(s.path), _clock(s.timestamp, millis=True), f"{s.width}x{s.height}", note)
    Console().print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(media_app, name="media")
