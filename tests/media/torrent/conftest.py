"""Fixtures for the torrent engine tests: deterministic data trees and a real qBittorrent."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import qbittorrentapi

from harness.qbittorrent import QbittorrentInstance, running_qbittorrent
from harness.torrent_data import make_tree as build_tree

MakeTree = Callable[..., Path]


@pytest.fixture
def make_tree(tmp_path: Path) -> MakeTree:
    """``make_tree({relative path: size}, root="Content")`` creates ``tmp_path/root/…`` and returns it."""

    def make(files: dict[str, int], root: str = "Content") -> Path:
        return build_tree(tmp_path / root, files)

    return make


@pytest.fixture(scope="session")
def qbittorrent() -> Iterator[QbittorrentInstance]:
    """One real qbittorrent-nox per test worker, with real WebUI credentials."""
    if shutil.which("qbittorrent-nox") is None and not os.environ.get("CI"):
        pytest.skip("qbittorrent-nox is not installed (apt-get install qbittorrent-nox)")
    with running_qbittorrent() as instance:
        yield instance


@pytest.fixture
def qbt_client(qbittorrent: QbittorrentInstance) -> Iterator[qbittorrentapi.Client]:
    """A client logged in with the instance's username and password; removes its torrents afterwards."""
    client = qbittorrentapi.Client(
        host=qbittorrent.url,
        username=qbittorrent.username,
        password=qbittorrent.password,
        REQUESTS_ARGS={"timeout": 10},
    )
    client.auth_log_in()
    yield client
    client.torrents_delete(delete_files=False, torrent_hashes="all")
    client.auth_log_out()
