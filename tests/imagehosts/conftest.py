"""Fixtures for image-host tests: the three strict fakes over real HTTP, real PNGs, hosts, a migrated store.

Pixhost hands out URLs on ``t77.pixhost.test`` and ``img77.pixhost.test``, names that do not resolve:
the ``fetch`` fixture sends a URL to the loopback port it names, with the URL's host in the ``Host``
header, so a test can GET every URL a host returned and compare the bytes.
"""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fakes.image_common import IMGBB_KEY, PTPIMG_KEY
from fakes.imgbb import FakeImgbb
from fakes.pixhost import FakePixhost
from fakes.ptpimg import FakePtpimg
from fakes.server import serve_in_thread
from harness.tracker_samples import FAST_RETRY
from seedarr.db import migrate
from seedarr.db.engine import create_engine, session_factory
from seedarr.db.types import use_secret_box
from seedarr.imagehosts.imgbb import ImgbbHost, ImgbbOptions
from seedarr.imagehosts.pixhost import PixhostHost, PixhostOptions
from seedarr.imagehosts.ptpimg import PtpimgHost, PtpimgOptions
from seedarr.secrets import Secret, SecretBox

FAST = {"retry": FAST_RETRY, "rate_per_s": 200.0, "burst": 50, "timeout_s": 30.0}


def _serve(fake: Any, name: str, probe: str) -> Iterator[tuple[Any, str]]:
    with serve_in_thread(fake.app(), name=name, probe_path=probe) as url:
        yield fake, url


@pytest.fixture(scope="session")
def _imgbb_server() -> Iterator[tuple[FakeImgbb, str]]:
    yield from _serve(FakeImgbb(api_key=IMGBB_KEY), "imgbb", "/v/probe")


@pytest.fixture(scope="session")
def _ptpimg_server() -> Iterator[tuple[FakePtpimg, str]]:
    yield from _serve(FakePtpimg(api_key=PTPIMG_KEY), "ptpimg", "/probe.png")


@pytest.fixture(scope="session")
def _pixhost_server() -> Iterator[tuple[FakePixhost, str]]:
    yield from _serve(FakePixhost(), "pixhost", "/probe")


@pytest.fixture
def imgbb_fake(_imgbb_server: tuple[FakeImgbb, str]) -> FakeImgbb:
    _imgbb_server[0].reset(max_bytes=32 * 1024 * 1024)
    return _imgbb_server[0]


@pytest.fixture
def ptpimg_fake(_ptpimg_server: tuple[FakePtpimg, str]) -> FakePtpimg:
    _ptpimg_server[0].reset(max_bytes=10 * 1024 * 1024)
    return _ptpimg_server[0]


@pytest.fixture
def pixhost_fake(_pixhost_server: tuple[FakePixhost, str]) -> FakePixhost:
    _pixhost_server[0].reset(max_bytes=10 * 1024 * 1024)
    return _pixhost_server[0]


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=httpx.Timeout(10.0)) as client:
        yield client


@pytest.fixture
def make_imgbb(
    http: httpx.AsyncClient, imgbb_fake: FakeImgbb, _imgbb_server: tuple[FakeImgbb, str]
) -> Callable[..., ImgbbHost]:
    def factory(key: str = IMGBB_KEY, **options: Any) -> ImgbbHost:
        values = {**FAST, "base_url": _imgbb_server[1], **options}
        return ImgbbHost(http, Secret(key), options=ImgbbOptions(**values))

    return factory


@pytest.fixture
def make_ptpimg(
    http: httpx.AsyncClient, ptpimg_fake: FakePtpimg, _ptpimg_server: tuple[FakePtpimg, str]
) -> Callable[..., PtpimgHost]:
    def factory(key: str = PTPIMG_KEY, **options: Any) -> PtpimgHost:
        values = {**FAST, "base_url": _ptpimg_server[1], **options}
        return PtpimgHost(http, Secret(key), options=PtpimgOptions(**values))

    return factory


@pytest.fixture
def make_pixhost(
    http: httpx.AsyncClient, pixhost_fake: FakePixhost, _pixhost_server: tuple[FakePixhost, str]
) -> Callable[..., PixhostHost]:
    def factory(**options: Any) -> PixhostHost:
        values = {**FAST, "base_url": _pixhost_server[1], **options}
        return PixhostHost(http, options=PixhostOptions(**values))

    return factory


@pytest.fixture
def pixhost_port(_pixhost_server: tuple[FakePixhost, str]) -> int:
    port = urlsplit(_pixhost_server[1]).port
    assert port is not None
    return port


Fetch = Callable[[str], Awaitable[httpx.Response]]


@pytest.fixture
def fetch(http: httpx.AsyncClient) -> Fetch:
    """``await fetch(url)``: GET ``url`` on the loopback port it names, its host sent as ``Host``."""

    async def get(url: str) -> httpx.Response:
        parts = urlsplit(url)
        loopback = urlunsplit((parts.scheme, f"127.0.0.1:{parts.port}", parts.path, parts.query, ""))
        return await http.get(loopback, headers={"Host": parts.netloc})

    return get


def _ffmpeg_png(target: Path, source: str, frames: int = 1) -> None:
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-f", "lavfi", "-i", source,
         "-frames:v", str(frames), str(target)],
        check=True, timeout=60,
    )  # fmt: skip


@pytest.fixture(scope="session")
def screenshot_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Four distinct real PNG screenshots (640x360 frames of ffmpeg's ``testsrc2``, one second apart)."""
    folder = tmp_path_factory.mktemp("shots")
    _ffmpeg_png(folder / "shot%02d.png", "testsrc2=size=640x360:rate=1", frames=4)
    shots = sorted(folder.glob("shot*.png"))
    assert len(shots) == 4 and len({p.read_bytes() for p in shots}) == 4
    return shots


@pytest.fixture
def shots(screenshot_files: list[Path], tmp_path: Path) -> list[Path]:
    """This test's own copies of the four screenshots (a test may rename or move them)."""
    copies = []
    for source in screenshot_files:
        target = tmp_path / source.name
        target.write_bytes(source.read_bytes())
        copies.append(target)
    return copies


@pytest.fixture(scope="session")
def png_4k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real 3840x2160 PNG frame of ``testsrc2`` (about 800 KiB)."""
    target = tmp_path_factory.mktemp("4k") / "frame-2160p.png"
    _ffmpeg_png(target, "testsrc2=size=3840x2160")
    return target


@pytest.fixture
async def db_url(tmp_path: Path) -> str:
    """A migrated SQLite database; encrypted columns use this test's key file."""
    use_secret_box(SecretBox.for_data_dir(tmp_path / "data"))
    url = f"sqlite+aiosqlite:///{tmp_path}/seedarr.db"
    await migrate.upgrade(url)
    return url


@pytest.fixture
async def sessions(db_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(db_url)
    try:
        yield session_factory(engine)
    finally:
        await engine.dispose()
