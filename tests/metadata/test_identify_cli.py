"""``seedarr identify`` as a user runs it (a separate process) against the TMDB fake."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fakes.catalogue import V3_KEY
from fakes.tmdb import FakeTmdb

SEEDARR = str(Path(sys.executable).with_name("seedarr"))


@pytest.fixture
def env(tmp_path: Path, tmdb_url: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.upper().startswith("SEEDARR")}
    base.update(
        SEEDARR_DATA_DIR=str(tmp_path / "data"),
        SEEDARR__TMDB__API_KEY=V3_KEY,
        SEEDARR__TMDB__BASE_URL=tmdb_url,
    )
    return base


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SEEDARR, "identify", *args], env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture
def release(tmp_path: Path) -> Path:
    path = tmp_path / "Alien.1979.1080p.BluRay.x264-GRP.mkv"
    path.write_bytes(b"\0")
    return path


def test_ambiguous_then_manual_id(env: dict[str, str], release: Path, tmdb_fake: FakeTmdb) -> None:
    ambiguous = run([str(release)], env)
    assert ambiguous.returncode == 1, ambiguous.stderr
    assert "needs identification" in ambiguous.stdout and "movie/10001" in ambiguous.stdout
    chosen = run([str(release), "--tmdb-id", "10002", "--type", "movie", "--json"], env)
    assert chosen.returncode == 0, chosen.stderr
    body = json.loads(chosen.stdout)
    assert (body["result"], body["method"], body["identity"]["tmdb_id"]) == ("identified", "manual", 10002)


def test_offline_without_a_key(env: dict[str, str], release: Path) -> None:
    del env["SEEDARR__TMDB__API_KEY"]
    result = run([str(release)], env)
    assert result.returncode == 1
    assert "warning: no TMDB API key" in result.stderr


def test_invalid_key_and_half_a_manual_id_are_one_line_errors(env: dict[str, str], release: Path) -> None:
    half = run([str(release), "--tmdb-id", "5"], env)
    assert half.returncode == 2 and half.stderr.startswith("error: --tmdb-id/--type")
    env["SEEDARR__TMDB__API_KEY"] = "b" * 32
    refused = run([str(release)], env)
    assert refused.returncode == 2
    assert (
        refused.stderr.strip().splitlines() == [refused.stderr.strip().splitlines()[0]]
        and "invalid API key" in refused.stderr
    )
