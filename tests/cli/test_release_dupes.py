"""``seedarr release dupes``: real media, a tracker account in the CLI's database, the strict UNIT3D fake."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from fakes.server import serve_in_thread
from fakes.unit3d import FakeUnit3d
from harness.tracker_samples import API_TOKEN, PASSKEY, put_torrent
from seedarr.cli import main
from seedarr.cli.runtime import open_runtime
from seedarr.trackers.accounts import AccountInput, TrackerAccounts


@pytest.fixture(scope="module")
def _site() -> Iterator[tuple[FakeUnit3d, str]]:
    fake = FakeUnit3d(API_TOKEN)
    with serve_in_thread(fake.app(), name="unit3d-cli", probe_path="/probe") as url:
        yield fake, url


@pytest.fixture
def site(_site: tuple[FakeUnit3d, str]) -> tuple[FakeUnit3d, str]:
    fake, url = _site
    fake.reset(prefix="/api", source="FAKE", extensions=set())
    return fake, url


def _add_account(url: str, name: str = "My site", enabled: bool = True) -> None:
    async def add() -> None:
        async with open_runtime() as runtime:
            values = {"baseUrl": url, "apiKey": API_TOKEN, "announceUrl": f"{url}/announce/{PASSKEY}"}
            data = AccountInput(name=name, tracker_id="unit3d", enabled=enabled, values=values)
            await TrackerAccounts(runtime.sessions, runtime.http).create(data)

    asyncio.run(add())


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as stopped:
        code = stopped.code if isinstance(stopped.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_a_release_in_the_same_slot_is_a_duplicate_exit_1(
    movie_1080p: Path, site: tuple[FakeUnit3d, str], capsys: pytest.CaptureFixture[str]
) -> None:
    fake, url = site
    _add_account(url)
    _add_account(url, name="Switched off", enabled=False)
    # BluRay x264 1080p as ours; the site files it as an encode (type 3) at 1080p (3)
    put_torrent(fake, "Le.Film.Test.2021.MULTi.1080p.BluRay.x264-OTHER", 4_000_000_000, seeders=7, type_id=3)
    code, out, err = run(["release", "dupes", str(movie_1080p), "--json"], capsys)
    assert code == 1, err
    assert "TMDB identification is not configured" in err  # offline: searched by title
    reports = json.loads(out)["reports"]
    assert [r["tracker_id"] for r in reports] == ["unit3d"]  # the disabled account is not searched
    report = reports[0]
    assert report["status"] == "completed" and report["verdict"] == "duplicate"
    assert report["searched_by"][0] == "title"
    match = report["matches"][0]
    assert match["name"] == "Le.Film.Test.2021.MULTi.1080p.BluRay.x264-OTHER" and match["seeders"] == 7
    assert match["explanation"]
    assert API_TOKEN not in out + err and PASSKEY not in out + err


def test_a_site_without_it_is_clear_exit_0_and_named_trackers(
    movie_1080p: Path, site: tuple[FakeUnit3d, str], capsys: pytest.CaptureFixture[str]
) -> None:
    fake, url = site
    _add_account(url)
    put_torrent(fake, "Autre.Chose.2019.720p.WEB.H264-GRP", 1_000_000, resolution_id=5)
    code, out, err = run(["release", "dupes", str(movie_1080p), "--tracker", "my site"], capsys)
    assert code == 0, err
    assert "clear" in out
    code, _, err = run(["release", "dupes", str(movie_1080p), "--tracker", "Nowhere"], capsys)
    assert code == 2 and err.strip().splitlines()[-1].startswith("error:") and "My site" in err


def test_a_site_that_fails_is_reported_not_fatal(
    movie_1080p: Path, site: tuple[FakeUnit3d, str], capsys: pytest.CaptureFixture[str]
) -> None:
    fake, url = site
    _add_account(url)
    fake.fail_next(500, count=20)
    code, out, err = run(["release", "dupes", str(movie_1080p), "--json"], capsys)
    assert code == 0, err
    report = json.loads(out)["reports"][0]
    assert report["status"] == "failed" and "500" in report["message"]
    assert "warning: unit3d: not checked" in err
