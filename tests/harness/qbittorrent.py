"""A real qbittorrent-nox (Debian package) with a throw-away profile, on free loopback ports.

:func:`running_qbittorrent` writes ``qBittorrent.conf`` before the first start (legal notice accepted,
WebUI bound to 127.0.0.1 on a free port, a free listening port, DHT/LSD/PeX/UPnP off so nothing leaves the
machine, and real WebUI credentials stored as qBittorrent 4.5 expects:
``WebUI\\Password_PBKDF2="@ByteArray(salt_b64:hash_b64)"``, PBKDF2-HMAC-SHA512, 100000 iterations,
16-byte salt, 64-byte key), starts it, waits for the WebUI, and stops it afterwards.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from harness.ports import free_port

__all__ = ["QbittorrentInstance", "password_pbkdf2", "running_qbittorrent"]

BINARY = "qbittorrent-nox"


@dataclass(frozen=True)
class QbittorrentInstance:
    """A started qbittorrent-nox: where its WebUI listens and how to log in."""

    host: str
    port: int
    username: str
    password: str
    profile: Path
    log: Path

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"


def password_pbkdf2(password: str, salt: bytes | None = None) -> str:
    """The ``@ByteArray(salt:hash)`` value qBittorrent 4.5 stores for a WebUI password."""
    salt = os.urandom(16) if salt is None else salt
    key = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, 100_000, dklen=64)
    return f"@ByteArray({base64.b64encode(salt).decode()}:{base64.b64encode(key).decode()})"


def _write_config(profile: Path, webui_port: int, listen_port: int, username: str, password: str) -> None:
    config = profile / "qBittorrent" / "config"
    config.mkdir(parents=True)
    downloads = profile / "downloads"
    downloads.mkdir()
    lines = [
        "[LegalNotice]",
        "Accepted=true",
        "",
        "[BitTorrent]",
        f"Session\\Port={listen_port}",
        "Session\\DHTEnabled=false",
        "Session\\LSDEnabled=false",
        "Session\\PeXEnabled=false",
        "Session\\AnonymousModeEnabled=true",
        f"Session\\DefaultSavePath={downloads}",
        "",
        "[Preferences]",
        "WebUI\\Address=127.0.0.1",
        f"WebUI\\Port={webui_port}",
        "WebUI\\LocalHostAuth=true",
        "WebUI\\HostHeaderValidation=false",
        "WebUI\\UseUPnP=false",
        f"WebUI\\Username={username}",
        f'WebUI\\Password_PBKDF2="{password_pbkdf2(password)}"',
        f"Connection\\PortRangeMin={listen_port}",
        "Connection\\UPnP=false",
        "Downloads\\SavePath=" + str(downloads),
        "General\\Locale=en",
        "",
    ]
    (config / "qBittorrent.conf").write_text("\n".join(lines), encoding="utf-8")


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"qbittorrent-nox exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            httpx.get(f"{url}/api/v2/app/version", timeout=1.0)
            return  # any HTTP answer (403 before login) means the WebUI is up
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"qbittorrent-nox WebUI did not answer within {timeout} s: {log.read_text()[-2000:]}")


@contextmanager
def running_qbittorrent(
    *, username: str = "seedarr", password: str | None = None, timeout: float = 30.0
) -> Iterator[QbittorrentInstance]:
    """Start qbittorrent-nox with a temporary profile, yield how to reach it, then stop it and delete it."""
    if shutil.which(BINARY) is None:
        raise FileNotFoundError("qbittorrent-nox not found (apt-get install qbittorrent-nox)")
    password = password or base64.urlsafe_b64encode(os.urandom(12)).decode()
    profile = Path(tempfile.mkdtemp(prefix="seedarr-qbt-"))
    webui_port, listen_port = free_port(), free_port()
    _write_config(profile, webui_port, listen_port, username, password)
    log = profile / "stdout.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [BINARY, f"--profile={profile}", f"--webui-port={webui_port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        instance = QbittorrentInstance("127.0.0.1", webui_port, username, password, profile, log)
        _wait_ready(instance.url, process, log, timeout)
        yield instance
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        shutil.rmtree(profile, ignore_errors=True)
