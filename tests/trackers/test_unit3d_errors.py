"""How UNIT3D refusals and failures become Seedarr errors (trackers spec §0 "Errors")."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from fakes.unit3d import FakeUnit3d
from harness.tracker_samples import API_TOKEN, movie_release
from seedarr.errors import ServiceUnavailable
from seedarr.secrets import Secret
from seedarr.trackers.base import SearchQuery, TrackerAuthError, UploadOutcomeUnknown
from seedarr.trackers.families.unit3d import Unit3dAdapter

MOVIE_FILE = {"Le.Film.2021.MULTi.1080p.WEB.H264-GRP.mkv": 30_000}
QUERY = SearchQuery("movie", tmdb_id=12345, resolution="1080p")


@pytest.mark.parametrize("status", [401, 403, 302])
async def test_auth_failures_are_not_retried(
    make_adapter: Callable[..., Unit3dAdapter], unit3d_fake: FakeUnit3d, status: int
) -> None:
    adapter = make_adapter("unit3d")
    unit3d_fake.fail_next(status, count=3)
    with pytest.raises(TrackerAuthError) as caught:
        await adapter.test_connection()
    assert caught.value.needs_user and not caught.value.retryable
    assert len(unit3d_fake.received) == 1


async def test_a_wrong_token_is_an_auth_error(
    make_adapter: Callable[..., Unit3dAdapter], unit3d_fake: FakeUnit3d
) -> None:
    adapter = make_adapter("unit3d", apiKey="not-the-right-token")
    with pytest.raises(TrackerAuthError, match="Unauthenticated"):
        await adapter.search(QUERY)
    assert unit3d_fake.received[-1].headers["authorization"] == "Bearer not-the-right-token"
    assert API_TOKEN not in repr(adapter.settings) and isinstance(adapter.settings.values["apiKey"], Secret)


async def test_429_waits_for_retry_after_then_succeeds(
    make_adapter: Callable[..., Unit3dAdapter], make_torrent: Callable[..., Path], unit3d_fake: FakeUnit3d
) -> None:
    adapter = make_adapter("unit3d")
    request = adapter.build_upload(movie_release("unit3d", make_torrent(MOVIE_FILE)))
    unit3d_fake.fail_next(429, retry_after="1")
    started = time.monotonic()
    result = await adapter.upload(request)
    assert time.monotonic() - started >= 0.9
    assert result.torrent_id and unit3d_fake.uploads == 1
    assert len(unit3d_fake.received) == 2


async def test_5xx_is_retried_with_backoff(
    make_adapter: Callable[..., Unit3dAdapter], unit3d_fake: FakeUnit3d
) -> None:
    adapter = make_adapter("unit3d")
    unit3d_fake.fail_next(502, count=2)
    assert await adapter.search(QUERY) == []
    assert len(unit3d_fake.received) == 3
    unit3d_fake.fail_next(500, count=10)
    with pytest.raises(ServiceUnavailable):
        await adapter.search(QUERY)
    assert len(unit3d_fake.received) == 3 + 4  # RetryOptions.attempts in the tests


async def test_an_upload_without_answer_is_not_blindly_resent(
    make_adapter: Callable[..., Unit3dAdapter], make_torrent: Callable[..., Path], unit3d_fake: FakeUnit3d
) -> None:
    async with httpx.AsyncClient(timeout=httpx.Timeout(0.3)) as client:
        adapter = make_adapter("unit3d", client=client)
        request = adapter.build_upload(movie_release("unit3d", make_torrent(MOVIE_FILE)))
        unit3d_fake.delay_s = 0.8
        with pytest.raises(UploadOutcomeUnknown):
            await adapter.upload(request)
        assert unit3d_fake.paths().count("/api/torrents/upload") == 1
        # a read, by contrast, is retried after a timeout
        before = len(unit3d_fake.received)
        with pytest.raises(ServiceUnavailable):
            await adapter.search(QUERY)
        assert len(unit3d_fake.received) - before == 4
        unit3d_fake.delay_s = 0.0
        await asyncio.sleep(0.9)  # let the slow handlers finish before the next test resets the fake
