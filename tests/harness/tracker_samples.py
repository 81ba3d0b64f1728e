"""Sample releases and constants for tracker tests (the UNIT3D fake's token, fast retries, ids to test)."""

from __future__ import annotations

import dataclasses
import secrets
from pathlib import Path
from typing import Any

from fakes.unit3d import FakeUnit3d, StoredTorrent
from seedarr.domain.identity import Identity, ParsedName
from seedarr.domain.media_facts import AudioTrack, MediaFacts, VideoTrack
from seedarr.domain.naming.compose import ReleaseName
from seedarr.domain.release import ReleaseInfo, TrackerArtefacts
from seedarr.metadata.http import RetryOptions
from seedarr.trackers.definition import RateLimitSpec, TrackerDefinition
from seedarr.trackers.registry import default_registry

__all__ = [
    "API_TOKEN",
    "FAST_RETRY",
    "LA_CALE_KEY",
    "PASSKEY",
    "UNIT3D_IDS",
    "la_cale_definition",
    "movie_release",
    "put_torrent",
    "tv_release",
    "uhd_remux_release",
]

API_TOKEN = "t0ken-for-the-fake-unit3d-site"
PASSKEY = "0123456789abcdef0123456789abcdef"
FAST_RETRY = RetryOptions(attempts=4, backoff_s=0.01, max_backoff_s=0.05, max_retry_after_s=5.0)
UNIT3D_IDS = sorted(d.id for d in default_registry().by_family("unit3d"))
LA_CALE_KEY = "la-cale-k3y-for-the-fake-site"


def la_cale_definition(site_url: str, **custom: Any) -> TrackerDefinition:
    """The shipped La Cale definition aimed at a fake: fast limits, a short 429 pause, ``custom`` over."""
    definition = default_registry().get("la-cale")
    fast = {"search_rate_limit": {"per_second": 50, "burst": 10}, "rate_limited_wait_s": 0.3}
    return definition.model_copy(
        update={
            "base_url": site_url,
            "rate_limit": RateLimitSpec(per_second=50, burst=10),
            "custom": {**definition.custom, **fast, **custom},
        }
    )


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


def uhd_remux_release(tracker_id: str, torrent: Path, **changes: Any) -> ReleaseInfo:
    """A 2160p BluRay REMUX movie (HEVC, Dolby Vision + HDR10, MULTi.VFF), otherwise like movie_release."""
    name = "Le.Film.2021.MULTi.VFF.2160p.BluRay.REMUX.DV.HDR.HEVC-GRP"
    parsed = ParsedName(name, "file", title="Le Film", year=2021, media_type="movie", resolution="2160p",
                        source="bluray", source_token="BluRay", remux=True, video_codec="HEVC",
                        hdr=("DV", "HDR10"), language_tags=("MULTI", "VFF"), group="GRP")  # fmt: skip
    video = VideoTrack("H.265", "Main 10", 3840, 2160, "2160p", 10, 24.0, "progressive", hdr="DV HDR10")
    release = movie_release(tracker_id, torrent, name=name)
    assert release.facts is not None
    facts = dataclasses.replace(release.facts, video=video, file_name=f"{name}.mkv")
    return _replace(dataclasses.replace(release, facts=facts, names=(parsed,)), changes)


def _replace(release: ReleaseInfo, changes: dict[str, Any]) -> ReleaseInfo:
    return dataclasses.replace(release, **changes) if changes else release


def put_torrent(
    fake: FakeUnit3d,
    name: str,
    size: int,
    *,
    seeders: int = 0,
    category_id: int = 1,
    type_id: int = 4,
    resolution_id: int = 3,
    **fields: Any,
) -> StoredTorrent:
    """A torrent already on the site (as another uploader left it), without going through an upload."""
    torrent_id = max(fake.torrents, default=100) + 1
    values = {"name": name, "category_id": category_id, "type_id": type_id, "resolution_id": resolution_id,
              **fields}  # fmt: skip
    infohash = secrets.token_hex(20)
    stored = StoredTorrent(torrent_id, values, infohash, b"", infohash, [(f"{name}.mkv", size)], seeders)
    fake.torrents[torrent_id] = stored
    return stored
