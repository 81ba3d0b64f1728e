"""The checks every installation has: database, data dir, media tools, media roots, front-end assets, and
which SHA-1 path the torrent engine uses."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from seedarr.health.checks import CheckStatus, HealthCheck
from seedarr.settings import Settings

__all__ = ["builtin_checks"]

Probe = tuple[CheckStatus, str, str | None]
STATIC_VENDOR = Path(__file__).resolve().parent.parent / "web" / "static" / "vendor"
VENDOR_FILES = ("htmx.min.js", "chart.umd.min.js", "swagger-ui-bundle.js", "swagger-ui.css")


def builtin_checks(settings: Settings, engine: AsyncEngine | None) -> list[HealthCheck]:
    checks = [
        HealthCheck("DataDirCheck", "Data directory", lambda: _data_dir(settings.data_dir)),
        HealthCheck("MediaToolsCheck", "ffmpeg, ffprobe, MediaInfo", _media_tools),
        HealthCheck("RootFolderCheck", "Media roots", lambda: _roots(settings.media.roots), required=False),
        HealthCheck("FrontEndAssetsCheck", "Web UI libraries", _assets),
        HealthCheck("TorrentHashingCheck", "Torrent hashing", _torrent_hashing, required=False),
    ]
    if engine is not None:
        checks.insert(0, HealthCheck("DatabaseCheck", "Database", lambda: _database(engine)))
    return checks


async def _database(engine: AsyncEngine) -> Probe:
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))
    return CheckStatus.OK, f"{engine.dialect.name} reachable", None


async def _data_dir(path: Path) -> Probe:
    return await asyncio.to_thread(_data_dir_sync, path)


def _data_dir_sync(path: Path) -> Probe:
    if not path.is_dir():
        return CheckStatus.ERROR, f"{path} does not exist", "run seedarr once or create it"
    if not os.access(path, os.W_OK | os.X_OK):
        return CheckStatus.ERROR, f"{path} is not writable", "chown the folder to the user running Seedarr"
    free = shutil.disk_usage(path).free
    if free < 200 * 1024 * 1024:
        return CheckStatus.WARNING, f"only {free // (1024 * 1024)} MiB free in {path}", None
    return CheckStatus.OK, f"{path} writable", None


async def _media_tools() -> Probe:
    missing = [tool for tool in ("ffmpeg", "ffprobe") if shutil.which(tool) is None]
    if not await asyncio.to_thread(_mediainfo_library_ok):
        missing.append("MediaInfo")
    if missing:
        return (
            CheckStatus.ERROR,
            f"missing: {', '.join(missing)}",
            "apt-get install ffmpeg mediainfo (or run make setup)",
        )
    return CheckStatus.OK, "ffmpeg, ffprobe and MediaInfo found", None


def _mediainfo_library_ok() -> bool:
    try:
        from pymediainfo import MediaInfo

        return bool(MediaInfo.can_parse())
    except (ImportError, OSError):
        return False


async def _roots(roots: list[Path]) -> Probe:
    return await asyncio.to_thread(_roots_sync, roots)


def _roots_sync(roots: list[Path]) -> Probe:
    if not roots:
        return CheckStatus.NOTICE, "no media roots configured (set SEEDARR__MEDIA__ROOTS)", None
    bad = [str(r) for r in roots if not (r.is_dir() and os.access(r, os.R_OK | os.X_OK))]
    if bad:
        return CheckStatus.ERROR, f"missing or unreadable: {', '.join(bad)}", "check the mounts"
    return CheckStatus.OK, f"{len(roots)} media root(s) readable", None


async def _assets() -> Probe:
    return await asyncio.to_thread(_assets_sync)


def _assets_sync() -> Probe:
    missing = [name for name in VENDOR_FILES if not (STATIC_VENDOR / name).is_file()]
    if missing:
        return CheckStatus.ERROR, f"missing front-end files: {', '.join(missing)}", "run make setup"
    return CheckStatus.OK, "htmx, Chart.js and Swagger UI present", None


async def _torrent_hashing() -> Probe:
    from seedarr.media.torrent import piece_sha1

    if piece_sha1.WHY == piece_sha1.NOT_BUILT:
        return (
            CheckStatus.NOTICE,
            f"hashlib: {piece_sha1.WHY}, so hashing is up to 1.5x slower on CPUs with SHA extensions",
            "apt-get install gcc libc6-dev python3-dev, then rebuild with .venv/bin/pip install -e .",
        )
    return CheckStatus.OK, f"{piece_sha1.ENGINE}: {piece_sha1.WHY}", None
