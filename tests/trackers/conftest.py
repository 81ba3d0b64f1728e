"""Fixtures for tracker tests: the strict UNIT3D fake, real torrents, releases, configured adapters."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from fakes.server import serve_in_thread
from fakes.unit3d import FakeUnit3d
from harness.tracker_samples import API_TOKEN, FAST_RETRY, PASSKEY
from seedarr.media.torrent.content import scan_content
from seedarr.media.torrent.hashing import hash_content
from seedarr.media.torrent.metainfo import build_metainfo
from seedarr.trackers.definition import RateLimitSpec, TrackerDefinition
from seedarr.trackers.families.unit3d import Unit3dAdapter
from seedarr.trackers.registry import default_registry
from seedarr.trackers.settings import validate_settings


@pytest.fixture(scope="session")
def _unit3d_server() -> Iterator[tuple[FakeUnit3d, str]]:
    fake = FakeUnit3d(API_TOKEN)
    with serve_in_thread(fake.app(), name="unit3d", probe_path="/probe") as url:
        yield fake, url


@pytest.fixture
def site_url(_unit3d_server: tuple[FakeUnit3d, str]) -> str:
    return _unit3d_server[1]


@pytest.fixture
def unit3d_fake(_unit3d_server: tuple[FakeUnit3d, str]) -> FakeUnit3d:
    fake, _ = _unit3d_server
    fake.reset(prefix="/api", source="FAKE", extensions=set())
    return fake


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=httpx.Timeout(10.0)) as client:
        yield client


def local_definition(tracker_id: str, site_url: str) -> TrackerDefinition:
    """The shipped definition pointed at the fake (fixed base URLs replaced), with a fast rate limit."""
    definition = default_registry().get(tracker_id)
    update: dict[str, Any] = {"rate_limit": RateLimitSpec(per_second=50, burst=10)}
    if definition.base_url is not None:
        update["base_url"] = site_url
    return definition.model_copy(update=update)


@pytest.fixture
def make_adapter(
    http: httpx.AsyncClient, site_url: str, unit3d_fake: FakeUnit3d
) -> Callable[..., Unit3dAdapter]:
    """``make_adapter(tracker_id, **settings)``: an adapter for the shipped definition, on the fake."""

    def factory(
        tracker_id: str = "unit3d", *, client: httpx.AsyncClient | None = None, **values: Any
    ) -> Unit3dAdapter:
        definition = local_definition(tracker_id, site_url)
        api_path = urlsplit(definition.api_base.format(base_url=site_url)).path
        ids = definition.ids
        unit3d_fake.reset(  # the fake plays this site: its prefix, its ids, its own source flag
            prefix=api_path,
            source=f"{definition.source or 'SITE'}-SITE",
            categories={**{v: k for k, v in ids.category.items()}, 99: "game"},
            types=set(ids.type.values()),
            resolutions=set(ids.resolution.values()),
        )
        values.setdefault("apiKey", API_TOKEN)
        values.setdefault("announceUrl", f"{site_url}/announce/{PASSKEY}")
        if definition.base_url is None:
            values.setdefault("baseUrl", site_url)
        settings = validate_settings(definition, values)
        return Unit3dAdapter(definition, settings, client or http, retry=FAST_RETRY)

    return factory


@pytest.fixture
def make_torrent(tmp_path: Path) -> Callable[..., Path]:
    """``make_torrent(files, source=…, announce=…)``: a real private .torrent of small files on disk."""
    counter = iter(range(1000))

    def factory(files: dict[str, int], *, source: str | None = "FAKE", announce: str = "") -> Path:
        root = tmp_path / f"content{next(counter)}"
        for relative, size in files.items():
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(relative.encode() * (size // max(1, len(relative)) + 1))
        content = scan_content(root if len(files) > 1 else next(root.rglob("*.*")))
        hashes = hash_content(content, [16 * 1024])
        data = build_metainfo(content, hashes, announce or None, source, private=True)
        path = tmp_path / f"{root.name}.torrent"
        path.write_bytes(data)
        return path

    return factory
