"""The command line as a user runs it: separate processes, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from harness.ports import free_port

SEEDARR = str(Path(sys.executable).with_name("seedarr"))


def run(args: list[str], env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SEEDARR, *args], env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.upper().startswith("SEEDARR")}
    base["SEEDARR_DATA_DIR"] = str(tmp_path / "data")
    return base


def test_version_imports_nothing_heavy(env: dict[str, str]) -> None:
    assert run(["--version"], env).stdout.strip() == "seedarr 0.1.0"
    probe = (
        "import sys; from seedarr.cli import main; main(['--version']); "
        "heavy = {'typer', 'fastapi', 'sqlalchemy', 'rich', 'pydantic'}; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    ).stdout
    assert out.splitlines()[-1] == "[]"


def test_a_command_imports_only_its_own_module(env: dict[str, str]) -> None:
    probe = (
        "import sys\nfrom seedarr.cli import main\n"
        "try:\n    main(['db', '--help'])\nexcept SystemExit:\n    pass\n"
        "print('fastapi' in sys.modules, 'seedarr.web.app' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    ).stdout
    assert out.splitlines()[-1] == "False False"


def test_db_upgrade_and_current(env: dict[str, str], tmp_path: Path) -> None:
    upgraded = run(["db", "upgrade"], env)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "database at revision" in upgraded.stdout
    current = run(["db", "current"], env)
    assert re.fullmatch(r"\d{4}(, \d{4})*\n", current.stdout)
    assert (tmp_path / "data" / "seedarr.db").exists()


def test_auth_api_key_shows_and_regenerates(env: dict[str, str]) -> None:
    first = run(["auth", "api-key"], env).stdout.strip()
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert run(["auth", "api-key"], env).stdout.strip() == first
    second = run(["auth", "api-key", "--regenerate"], env).stdout.strip()
    assert re.fullmatch(r"[0-9a-f]{32}", second) and second != first
    locked = run(["auth", "api-key", "--regenerate"], {**env, "SEEDARR__AUTH__API_KEY": "a" * 32})
    assert locked.returncode == 2
    assert locked.stderr.startswith("error: the API key is set by the environment")
    assert "Traceback" not in locked.stderr


def test_invalid_setting_is_one_line_exit_2(env: dict[str, str]) -> None:
    result = run(["db", "upgrade"], {**env, "SEEDARR__SERVER__PORT": "nope"})
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: invalid settings: server.port")


def test_doctor_passes_when_everything_is_installed(env: dict[str, str]) -> None:
    assert run(["db", "upgrade"], env).returncode == 0
    result = run(["doctor", "--json"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    checks = {c["source"]: c for c in json.loads(result.stdout)}
    assert checks["DatabaseCheck"]["status"] == "ok"
    assert checks["MediaToolsCheck"]["status"] == "ok"
    assert checks["DataDirCheck"]["status"] == "ok"
    assert checks["MetadataCheck"]["status"] == "warning"  # no TMDB key: optional, so the doctor passes


def test_doctor_fails_and_says_how_to_install_missing_tools(env: dict[str, str], tmp_path: Path) -> None:
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    result = run(["doctor"], {**env, "PATH": str(empty_bin), "COLUMNS": "200"})
    assert result.returncode == 1
    assert "missing: ffmpeg, ffprobe" in result.stdout
    assert "apt-get install ffmpeg" in result.stdout


def test_doctor_reports_an_unreachable_database(env: dict[str, str]) -> None:
    port = free_port()
    result = run(
        ["doctor", "--json"], {**env, "SEEDARR_DATABASE_URL": f"postgresql://nobody@127.0.0.1:{port}/none"}
    )
    assert result.returncode == 1
    checks = {c["source"]: c for c in json.loads(result.stdout)}
    assert checks["DatabaseCheck"]["status"] == "error"
    assert checks["DatabaseCheck"]["required"] is True


def test_serve_starts_on_sqlite_with_no_other_server(env: dict[str, str], tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [SEEDARR, "serve", "--port", str(port), "--no-worker"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        answer = None
        while time.monotonic() < deadline and answer is None:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/ping", timeout=1).json()
            except httpx.HTTPError:
                time.sleep(0.2)
        assert answer == {"status": "OK"}
        assert (tmp_path / "data" / "seedarr.db").exists()
        assert (tmp_path / "data" / "logs" / "seedarr.log").exists()
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=20)
    assert process.returncode == 0
    lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    assert any(line["event"] == "started" for line in lines)
    assert not any("color_message" in line for line in lines)
    assert "Traceback" not in stderr
