"""A real qBittorrent accepts our torrents and, after a full recheck, finds every piece of the data."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import qbittorrentapi

from harness.qbittorrent import QbittorrentInstance
from harness.torrent_data import make_tree
from seedarr.media.torrent import build_metainfo, hash_content, parse_metainfo, scan_content, write_torrent

pytestmark = [pytest.mark.qbittorrent, pytest.mark.xdist_group("qbittorrent")]

KIB = 1024
SEEDING = {"stalledUP", "uploading", "queuedUP", "pausedUP", "forcedUP"}
CHECKING = {"checkingUP", "checkingDL", "checkingResumeData", "metaDL", "allocating", "moving"}


def _make_torrent(path: Path, out: Path, length: int = 32 * KIB) -> str:
    content = scan_content(path)
    data = build_metainfo(
        content, hash_content(content, [length]), "http://127.0.0.1:9/announce?passkey=abc", "TEST", True
    )
    write_torrent(out, data)
    return parse_metainfo(data).infohash


def _checked(
    client: qbittorrentapi.Client, infohash: str, timeout: float = 20.0
) -> qbittorrentapi.TorrentDictionary:
    """The torrent once qBittorrent knows it and is not checking it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = client.torrents_info(torrent_hashes=infohash)
        if found and found[0].state not in CHECKING and found[0].state != "unknown":
            return found[0]
        time.sleep(0.05)
    raise AssertionError(
        f"torrent {infohash} is still being checked: {client.torrents_info(torrent_hashes=infohash)}"
    )


def _add_and_recheck(client: qbittorrentapi.Client, torrent: Path, save_path: Path, infohash: str) -> float:
    """Add with the data in place, force a full recheck, and return the progress it finds."""
    assert client.torrents_add(torrent_files=str(torrent), save_path=str(save_path)) == "Ok."
    _checked(client, infohash)
    client.torrents_recheck(torrent_hashes=infohash)
    started = time.monotonic()
    while time.monotonic() - started < 1.0:  # see the recheck start (small data may finish in between)
        if client.torrents_info(torrent_hashes=infohash)[0].state in CHECKING:
            break
        time.sleep(0.02)
    return float(_checked(client, infohash).progress)


def test_single_file_is_complete_after_recheck(qbt_client: qbittorrentapi.Client, tmp_path: Path) -> None:
    film = make_tree(tmp_path / "data", {"Film.2024.1080p.mkv": 1_000_003}) / "Film.2024.1080p.mkv"
    torrent = tmp_path / "film.torrent"
    infohash = _make_torrent(film, torrent)
    assert _add_and_recheck(qbt_client, torrent, film.parent, infohash) == 1.0
    info = qbt_client.torrents_info(torrent_hashes=infohash)[0]
    assert info.state in SEEDING
    assert info.name == "Film.2024.1080p.mkv"


def test_unicode_folder_is_complete_and_a_flipped_byte_is_not(
    qbt_client: qbittorrentapi.Client, tmp_path: Path
) -> None:
    root = make_tree(
        tmp_path / "data" / "Amélie (2001) MULTi",
        {
            "Amélie.mkv": 500_000,
            "Sous-titres/Français forcés.srt": 3_000,
            "Sous-titres/日本語.srt": 40_000,
            "vide.txt": 0,
            "Bonus/Making-of ★.mkv": 32 * KIB,
        },
    )
    torrent = tmp_path / "amelie.torrent"
    infohash = _make_torrent(root, torrent)
    assert _add_and_recheck(qbt_client, torrent, root.parent, infohash) == 1.0
    files = {f.name: f.size for f in qbt_client.torrents_files(torrent_hash=infohash)}
    assert files["Amélie (2001) MULTi/Sous-titres/日本語.srt"] == 40_000

    qbt_client.torrents_delete(delete_files=False, torrent_hashes=infohash)
    victim = root / "Sous-titres" / "日本語.srt"
    data = bytearray(victim.read_bytes())
    data[20_000] ^= 0x01
    victim.write_bytes(bytes(data))
    assert _add_and_recheck(qbt_client, torrent, root.parent, infohash) < 1.0


def test_login_needs_the_right_password(qbittorrent: QbittorrentInstance) -> None:
    wrong = qbittorrentapi.Client(host=qbittorrent.url, username=qbittorrent.username, password="not-it")
    with pytest.raises(qbittorrentapi.LoginFailed):
        wrong.auth_log_in()
    right = qbittorrentapi.Client(
        host=qbittorrent.url, username=qbittorrent.username, password=qbittorrent.password
    )
    right.auth_log_in()
    assert right.app.version.startswith("v4.")
    right.auth_log_out()
