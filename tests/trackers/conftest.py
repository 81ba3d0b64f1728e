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
from seedarr.domain.identity import Identity, ParsedName
from seedarr.domain.media_facts import AudioTrack, MediaFacts, VideoTrack
from seedarr.domain.naming.compose import ReleaseName
from seedarr.domain.release import ReleaseInfo, TrackerArtefacts
from seedarr.media.torrent.content import scan_content
from seedarr.media.torrent.hashing import hash_content
from seedarr.media.torrent.metainfo import build_metainfo
from seedarr.metadata.http import RetryOptions
from seedarr.trackers.definition import RateLimitSpec, TrackerDefinition
from seedarr.trackers.families.unit3d import Unit3dAdapter
from seedarr.trackers.registry import default_registry
from seedarr.trackers.settings import validate_settings

API_TOKEN = "t0ken-for-the-fake-unit3d-site"
PASSKEY = "0123456789abcdef0123456789abcdef"
FAST_RETRY = RetryOptions(attempts=4, backoff_s=0.01, max_backoff_s=0.05, max_retry_after_s=5.0)
UNIT3D_IDS = sorted(d.id for d in default_registry().by_family("unit3d"))


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

    def factory(tracker_id: str = "unit3d", **values: Any) -> Unit3dAdapter:
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
        return Unit3dAdapter(definition, settings, http, retry=FAST_RETRY)

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


def movie_release(tracker_id: str, torrent: Path, **changes: Any) -> ReleaseInfo:
    """A 1080p WEB-DL movie with TMDB/IMDb ids, a description and an NFO, ready for ``tracker_id``."""
    name = changes.pop("name", "Le.Film.2021.MULTi.1080p.WEB.H264-GRP")
    parsed = ParsedName(name, "file", title="Le Film", year=2021, media_type="movie", resolution="1080p",
                        source="web-dl", source_token="WEB", group="GRP")  # fmt: skip
    video = VideoTrack(
        "H.264", "High", 1920, 1080, "1080p", 8, 24.0, "progressive", hdr=changes.pop("hdr", None)
    )
    facts = MediaFacts(
        size_bytes=1000, duration_seconds=5400.0, container="Matroska", video=video,
        audio=(AudioTrack("fr", "EAC3", "5.1"),), file_name=f"{name}.mkv",
        mediainfo_text=f"General\nComplete name                            : /media/films/{name}.mkv\n",
    )  # fmt: skip
    identity = Identity(12345, "movie", "Le Film", "The Film", "en", 2021, imdb_id="tt0012345", tvdb_id=777)
    artefacts = TrackerArtefacts(
        tracker_id, ReleaseName(name, "fr", "", ()), torrent_path=torrent, description="[b]Le Film[/b]"
    )
    release = ReleaseInfo(
        Path(f"/media/films/{name}.mkv"), facts=facts, names=(parsed,), identity=identity,
        nfo=b"NFO of the release\n" * 4, trackers={tracker_id: artefacts},
    )  # fmt: skip
    return _replace(release, changes)


def tv_release(tracker_id: str, torrent: Path, *, pack: bool, **changes: Any) -> ReleaseInfo:
    """A 1080p WEB-DL series: S02 season pack when ``pack`` else S02E05."""
    name = "La.Serie.S02.MULTi.1080p.WEB.H264-GRP" if pack else "La.Serie.S02E05.MULTi.1080p.WEB.H264-GRP"
    parsed = ParsedName(name, "folder" if pack else "file", title="La Serie", media_type="episode", season=2,
                        episodes=() if pack else (5,), resolution="1080p", source="web-dl")  # fmt: skip
    video = VideoTrack("H.264", "High", 1920, 1080, "1080p", 8, 25.0, "progressive")
    facts = MediaFacts(1000, 2700.0, "Matroska", video, shape="season_pack" if pack else "file")
    identity = Identity(999, "tv", "La Série", "The Series", "en", 2020, imdb_id="tt7654321", tvdb_id=4242)
    artefacts = TrackerArtefacts(
        tracker_id,
        ReleaseName(name, "fr", "", (), media_type="tv"),
        torrent_path=torrent,
        description="Série",
    )
    release = ReleaseInfo(Path(f"/media/tv/{name}"), facts=facts, names=(parsed,), identity=identity,
                          trackers={tracker_id: artefacts})  # fmt: skip
    return _replace(release, changes)


def _replace(release: ReleaseInfo, changes: dict[str, Any]) -> ReleaseInfo:
    import dataclasses

    return dataclasses.replace(release, **changes) if changes else release
