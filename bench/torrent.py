"""Torrent hashing benchmark: Seedarr's engine against ``mktorrent -t <cores>`` and torf, side by side.

Run with ``python bench/torrent.py`` (``make bench``). Sizes: ``BENCH_WARM_GIB`` (default 4) for the file
read from the page cache, ``BENCH_COLD_GIB`` (default 16) for the file evicted before every run
(``posix_fadvise(DONTNEED)`` on the whole file, no root needed); ``BENCH_ROUNDS`` (default 3) runs per tool
and case, tools alternating. Every tool runs as its own process with the same piece length; wall time and
peak RSS come from GNU time. Ours runs the library path the worker uses (scan, hash, build, atomic write);
the CLI's start-up (typer) is reported apart. ``seedarr-hashlib`` is the same engine with
``SEEDARR_SHA1=hashlib`` (no SHA-extension path), to show what that path brings. Files live in a
temporary folder next to this script (the /work disk, not a tmpfs) and are removed at the end.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

GIB = 1 << 30
MIB = 1 << 20
CORES = len(os.sched_getaffinity(0))
PY = sys.executable
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
TIME = "/usr/bin/time"

OURS = """
import sys, time
from seedarr.media.torrent import build_metainfo, hash_content, scan_content, write_torrent
started = time.perf_counter()
path, out, length, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
lengths = [int(n) for n in sys.argv[5].split(",")] if len(sys.argv) > 5 else [length]
content = scan_content(path)
hashes = hash_content(content, lengths)
for i in range(count):
    data = build_metainfo(content, hashes, f"https://t{i}.example/announce/{i:032x}", f"SRC{i}", True,
                          piece_length=length)
    write_torrent(out if i == 0 else f"{out}.{i}", data, overwrite=True)
print(time.perf_counter() - started)
"""
TORF = """
import sys, torf
t = torf.Torrent(path=sys.argv[1], private=True, piece_size=int(sys.argv[3]),
                 created_by=None, creation_date=None)
t.generate(threads=int(sys.argv[4]))
t.write(sys.argv[2], overwrite=True)
"""


def run(cmd: list[str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (bytes) and in-process seconds (ours prints them; else = wall) of one process.

    Peak RSS is measured by GNU time (``/usr/bin/time``), which forks from its own small process, so it is
    the tool's own and not this script's.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        started = time.perf_counter()
        done = subprocess.run(
            [TIME, "-f", "%M", "-o", report.name, *cmd], capture_output=True, text=True, check=False
        )
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"{cmd[0]} failed: {done.stderr}")
        printed = done.stdout.strip().splitlines()
        try:
            inner = float(printed[-1]) if printed else seconds
        except ValueError:
            inner = seconds
        return seconds, int(report.read().split()[-1]) * 1024, inner


def tools(length: int) -> dict[str, Callable[[Path, Path], list[str]]]:
    log2 = length.bit_length() - 1

    def ours(src: Path, out: Path) -> list[str]:
        return [PY, "-c", OURS, str(src), str(out), str(length), "1"]

    return {
        "seedarr": ours,
        # the same engine with hashlib for every piece: what the SHA-extension path (piece_sha1) brings
        "seedarr-hashlib": lambda src, out: ["env", "SEEDARR_SHA1=hashlib", *ours(src, out)],
        "mktorrent": lambda src, out: [
            "mktorrent",
            "-p",
            "-t",
            str(CORES),
            "-l",
            str(log2),
            "-o",
            str(out),
            str(src),
        ],
        "torf": lambda src, out: [PY, "-c", TORF, str(src), str(out), str(length), str(CORES)],
    }


def write_file(path: Path, size: int) -> None:
    block = bytearray(os.urandom(64 * MIB))
    with path.open("wb") as handle:
        written = 0
        while written < size:
            block[:8] = written.to_bytes(8, "little")
            n = min(len(block), size - written)
            handle.write(memoryview(block)[:n])
            written += n
        handle.flush()
        os.fsync(handle.fileno())


def warm(path: Path) -> None:
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    for file in files:
        with file.open("rb", buffering=0) as handle:
            while handle.read(16 * MIB):
                pass


def evict(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def measure(
    label: str, source: Path, length: int, prepare: Callable[[Path], None], workdir: Path
) -> dict[str, tuple[float, int, float]]:
    """Median wall time and max RSS per tool, tools alternating (order rotated every round)."""
    size = sum(p.stat().st_size for p in ([source] if source.is_file() else source.rglob("*")) if p.is_file())
    commands = tools(length)
    names = list(commands)
    times: dict[str, list[float]] = {n: [] for n in names}
    inners: dict[str, list[float]] = {n: [] for n in names}
    peaks: dict[str, int] = dict.fromkeys(names, 0)
    for round_index in range(ROUNDS):
        order = names[round_index % len(names) :] + names[: round_index % len(names)]
        for name in order:
            prepare(source)
            out = workdir / f"{name}.torrent"
            out.unlink(missing_ok=True)
            seconds, rss, inner = run(commands[name](source, out))
            times[name].append(seconds)
            inners[name].append(inner)
            peaks[name] = max(peaks[name], rss)
    print(
        f"\n{label}: {size / GIB:.2f} GiB, piece length {length // 1024} KiB, {ROUNDS} rounds, {CORES} cores"
    )
    result = {}
    for name in names:
        median = statistics.median(times[name])
        inner = statistics.median(inners[name])
        result[name] = (median, peaks[name], inner)
        print(
            f"  {name:15} median {median:7.2f} s  {size / median / 1e9:5.2f} GB/s  "
            f"peak RSS {peaks[name] / MIB:6.0f} MiB  runs {' '.join(f'{t:.2f}' for t in times[name])}"
        )
        if name.startswith("seedarr"):
            print(f"  {'':15} in-process (after start-up and imports, what the worker pays) {inner:.2f} s")
    return result


def pieces(path: Path) -> bytes:
    """The ``pieces`` of a .torrent (infohashes differ by design: ours carries a source tag)."""
    import fastbencode  # type: ignore[import-untyped]

    piece_hashes: bytes = fastbencode.bdecode(path.read_bytes())[b"info"][b"pieces"]
    return piece_hashes


def main() -> None:
    warm_gib = float(os.environ.get("BENCH_WARM_GIB", "4"))
    cold_gib = float(os.environ.get("BENCH_COLD_GIB", "16"))
    if shutil.which("mktorrent") is None or not Path(TIME).exists():
        raise SystemExit("mktorrent and GNU time are needed (apt-get install mktorrent time)")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from seedarr.domain.piece_length import AUTO
    from seedarr.media.torrent.piece_sha1 import ENGINE

    print(f"SHA-1 engine: {ENGINE} (seedarr-hashlib: the same engine with SEEDARR_SHA1=hashlib)")

    workdir = Path(tempfile.mkdtemp(prefix=".torrent-bench-", dir=Path(__file__).resolve().parent))
    try:
        warm_file = workdir / "warm.bin"
        write_file(warm_file, int(warm_gib * GIB))
        folder = workdir / "Folder"
        folder.mkdir()
        folder_size = int(warm_gib * GIB / 4)
        for i in range(300):
            sub = folder / f"d{i % 10}"
            sub.mkdir(exist_ok=True)
            write_file(sub / f"file{i:03}.bin", folder_size // 300 + (i * 7919) % 65536)
        warm_length = AUTO.preferred(warm_file.stat().st_size)
        warm_result = measure("(a) warm file", warm_file, warm_length, warm, workdir)
        same = pieces(workdir / "seedarr.torrent") == pieces(workdir / "mktorrent.torrent")
        print(f"  seedarr and mktorrent piece hashes identical: {same}")
        folder_result = measure(
            "(a) warm 300-file folder", folder, AUTO.preferred(folder_size), warm, workdir
        )

        print(f"\n(c) trackers: warm file, {ROUNDS} rounds, alternating, in-process seconds")
        runs: dict[str, list[float]] = {"1 tracker": [], "3 trackers": [], "2 lengths": []}
        extra = {
            "1 tracker": ["1"],
            "3 trackers": ["3"],
            "2 lengths": ["1", f"{warm_length},{warm_length * 2}"],
        }
        rss_by_case: dict[str, int] = {}
        for _ in range(ROUNDS):
            for key, args in extra.items():
                warm(warm_file)
                cmd = [
                    PY,
                    "-c",
                    OURS,
                    str(warm_file),
                    str(workdir / "multi.torrent"),
                    str(warm_length),
                    *args,
                ]
                _, rss, inner = run(cmd)
                runs[key].append(inner)
                rss_by_case[key] = max(rss_by_case.get(key, 0), rss)
        for key, values in runs.items():
            runs_text = " ".join(f"{t:.2f}" for t in values)
            print(f"  {key:10} median {statistics.median(values):6.2f} s  runs {runs_text}")
        cli = run(
            [
                PY,
                "-m",
                "seedarr",
                "torrent",
                "create",
                str(warm_file),
                "-o",
                str(workdir / "cli.torrent"),
                "-l",
                str(warm_length),
                "--force",
                "--no-date",
            ]
        )[0]
        print(f"  CLI (typer start-up included) once: {cli:.2f} s")

        (workdir / "warm.bin").unlink()
        shutil.rmtree(folder)
        cold_file = workdir / "cold.bin"
        write_file(cold_file, int(cold_gib * GIB))
        cold_length = AUTO.preferred(cold_file.stat().st_size)
        cold_result = measure("(b) cold file", cold_file, cold_length, evict, workdir)

        threads = CORES
        print("\nSummary (targets in brackets)")

        def ratio(label: str, ours: float, other: float, target: str = "") -> None:
            print(f"  {label:26} {ours / other:.2f}  {target}")

        ratio("warm ours/mktorrent", warm_result["seedarr"][0], warm_result["mktorrent"][0], "[<= 1.0]")
        ratio("folder ours/mktorrent", folder_result["seedarr"][0], folder_result["mktorrent"][0])
        ratio("cold ours/mktorrent", cold_result["seedarr"][0], cold_result["mktorrent"][0], "[<= 0.7]")
        ratio("warm in-process/mktorrent", warm_result["seedarr"][2], warm_result["mktorrent"][0], "[<= 1.0]")
        ratio("folder in-process/mktorrent", folder_result["seedarr"][2], folder_result["mktorrent"][0])
        ratio("cold in-process/mktorrent", cold_result["seedarr"][2], cold_result["mktorrent"][0], "[<= 0.7]")
        ratio("warm hashlib/mktorrent", warm_result["seedarr-hashlib"][0], warm_result["mktorrent"][0])
        ratio("folder hashlib/mktorrent", folder_result["seedarr-hashlib"][0], folder_result["mktorrent"][0])
        ratio("cold hashlib/mktorrent", cold_result["seedarr-hashlib"][0], cold_result["mktorrent"][0])
        ratio("warm ours/torf", warm_result["seedarr"][0], warm_result["torf"][0])
        ratio("cold ours/torf", cold_result["seedarr"][0], cold_result["torf"][0])
        one = statistics.median(runs["1 tracker"])
        print(f"  3 trackers / 1 tracker     {statistics.median(runs['3 trackers']) / one:.2f}  [<= 1.05]")
        print(f"  2 lengths / 1 length       {statistics.median(runs['2 lengths']) / one:.2f}")
        for label, length, peak in (
            ("warm", warm_length, max(warm_result["seedarr"][1], rss_by_case["3 trackers"])),
            ("warm 2 lengths", 2 * warm_length, rss_by_case["2 lengths"]),
            ("cold", cold_length, cold_result["seedarr"][1]),
        ):
            bound = (threads + 2) * length + 50 * MIB
            within = peak <= bound
            print(
                f"  peak RSS {label}: {peak / MIB:.0f} MiB, bound {bound / MIB:.0f} MiB  [within: {within}]"
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
