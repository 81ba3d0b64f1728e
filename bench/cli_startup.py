"""CLI start-up: ``seedarr --version`` and ``seedarr db --help`` against a bare ``python -c pass`` and
``import typer``, measured side by side in one run. Target: ``seedarr --version`` under 0.3 s."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 15
SEEDARR = str(Path(sys.executable).with_name("seedarr"))


def median_seconds(command: list[str]) -> float:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    cases = {
        "python -c pass (reference)": [sys.executable, "-c", "pass"],
        "python -c 'import typer' (reference)": [sys.executable, "-c", "import typer"],
        "seedarr --version": [SEEDARR, "--version"],
        "seedarr db --help": [SEEDARR, "db", "--help"],
        "seedarr --help (every command)": [SEEDARR, "--help"],
    }
    for command in cases.values():  # warm the page cache
        subprocess.run(command, capture_output=True, check=True)
    results = {name: median_seconds(command) for name, command in cases.items()}
    base = results["python -c pass (reference)"]
    print(f"{'case':40} {'median':>9} {'x python':>9}")
    for name, seconds in results.items():
        print(f"{name:40} {seconds * 1000:7.1f}ms {seconds / base:8.2f}x")
    version = results["seedarr --version"]
    verdict = "OK" if version < 0.3 else "TOO SLOW"
    print(f"seedarr --version: {version * 1000:.0f} ms (target < 300 ms): {verdict}")


if __name__ == "__main__":
    main()
