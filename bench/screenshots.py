"""Screenshot benchmark: Seedarr's keyframe and accurate modes against naive output seeking, side by side.

Run with ``python bench/screenshots.py``. It generates a 10-minute 1080p H.264 film (24 fps, a keyframe
every 10 s, about 15 Mb/s: one minute encoded with libx264, then repeated ten times with ``-c copy``), then
takes 4 PNG screenshots at the same planned times with:

- ``ours``: the library call the worker makes (keyframe seek, blank-frame check, one ffmpeg per core);
- ``ours --accurate``: the same with exact timestamps;
- ``naive``: ``ffmpeg -i FILE -ss T -frames:v 1`` (output seeking), one shot after another.

``BENCH_ROUNDS`` (default 3) rounds for our modes, ``BENCH_NAIVE_ROUNDS`` (default 1: one naive round
decodes about 29 000 frames) for the naive one; modes alternate within a round. It prints the medians, the
ratios and whether the targets hold (default mode at least 10x faster than naive, 4 PNG in at most 1.5 s).
Files live in a temporary folder next to this script and are removed at the end.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from seedarr.media.mediainfo import read_file_facts
from seedarr.media.screenshots import ImageFormat, plan_timestamps, take_screenshots

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
NAIVE_ROUNDS = int(os.environ.get("BENCH_NAIVE_ROUNDS", "1"))
SHOTS = 4


def ffmpeg(*args: str) -> None:
    done = subprocess.run(["ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-y", *args], check=False)
    if done.returncode != 0:
        raise SystemExit(f"ffmpeg {' '.join(args)} failed")


def make_film(folder: Path) -> Path:
    """A 10-minute 1080p H.264 film with a keyframe every 10 s."""
    minute = folder / "minute.mkv"
    ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=s=1920x1080:r=24:d=60", "-c:v", "libx264", "-preset", "ultrafast",
        "-crf", "20", "-g", "240", "-keyint_min", "240", "-sc_threshold", "0", "-pix_fmt", "yuv420p",
        str(minute),
    )  # fmt: skip
    playlist = folder / "list.txt"
    playlist.write_text(f"file '{minute.name}'\n" * 10, encoding="utf-8")
    film = folder / "Bench.Film.2024.1080p.BluRay.x264.mkv"
    ffmpeg("-f", "concat", "-safe", "0", "-i", str(playlist), "-c", "copy", str(film))
    minute.unlink()
    return film


def naive(film: Path, times: list[float], out: Path) -> None:
    """Output seeking: decode from the start of the file up to each time."""
    for i, at in enumerate(times):
        ffmpeg(
            "-i", str(film), "-ss", f"{at:.3f}", "-frames:v", "1", "-pix_fmt", "rgb24", str(out / f"n{i}.png")
        )


def main() -> None:
    if shutil.which("ffmpeg") is None:
        raise SystemExit("ffmpeg is not installed (apt-get install ffmpeg)")
    folder = Path(tempfile.mkdtemp(prefix="bench-screenshots-", dir=Path(__file__).resolve().parent))
    try:
        started = time.perf_counter()
        film = make_film(folder)
        print(
            f"film: {film.stat().st_size / 2**20:.0f} MiB, generated in {time.perf_counter() - started:.1f} s"
        )
        started = time.perf_counter()
        facts = read_file_facts(film)
        print(
            f"MediaInfo facts: {time.perf_counter() - started:.2f} s (once per release, not in the timings)"
        )
        assert facts.duration_seconds is not None
        times = plan_timestamps(facts.duration_seconds, SHOTS)
        print(f"planned times: {', '.join(f'{t:.0f} s' for t in times)}; {os.cpu_count()} cores\n")

        results: dict[str, list[float]] = {"ours": [], "ours --accurate": [], "ours jpg": [], "naive": []}
        out = folder / "shots"
        for round_index in range(max(ROUNDS, NAIVE_ROUNDS)):
            for mode in results:
                if mode == "naive" and round_index >= NAIVE_ROUNDS:
                    continue
                if mode != "naive" and round_index >= ROUNDS:
                    continue
                shutil.rmtree(out, ignore_errors=True)
                out.mkdir()
                started = time.perf_counter()
                if mode == "naive":
                    naive(film, times, out)
                else:
                    accurate = mode.endswith("accurate")
                    image_format: ImageFormat = "jpg" if mode.endswith("jpg") else "png"
                    shots = asyncio.run(
                        take_screenshots(
                            film,
                            facts,
                            out_dir=out,
                            count=SHOTS,
                            accurate=accurate,
                            image_format=image_format,
                        )
                    )
                    assert len(shots) == SHOTS
                seconds = time.perf_counter() - started
                results[mode].append(seconds)
                print(f"  round {round_index + 1}: {mode:<16} {seconds:7.2f} s")

        medians = {mode: statistics.median(values) for mode, values in results.items()}
        print(f"\nmedians for {SHOTS} screenshots (1080p H.264, 10 min, keyframe every 10 s):")
        for mode, value in medians.items():
            ratio = medians["naive"] / value
            print(f"  {mode:<16} {value:7.2f} s   naive/this = {ratio:6.1f}x   ({len(results[mode])} runs)")
        fast_enough = medians["naive"] / medians["ours"] >= 10
        quick = medians["ours"] <= 1.5
        print(f"\ntarget default >= 10x faster than naive: {'met' if fast_enough else 'MISSED'}")
        verdict = "met" if quick else "MISSED"
        print(f"target 4 PNG screenshots <= 1.5 s:        {verdict} ({medians['ours']:.2f} s)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
