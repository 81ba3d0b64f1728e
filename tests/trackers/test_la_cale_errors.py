"""How La Cale's refusals and failures become Seedarr errors, and that no secret leaks into them."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import structlog

from fakes.la_cale import FakeLaCale
from fakes.server import serve_in_thread
from harness.tracker_samples import FAST_RETRY, LA_CALE_KEY, PASSKEY, la_cale_definition, movie_release
from seedarr.errors import SeedarrError, ServiceUnavailable
from seedarr.trackers.base import (
    AlreadyOnTracker,
    SearchQuery,
    TrackerAuthError,
    TrackerRejected,
    UploadOutcomeUnknown,
    UploadRequest,
)
from seedarr.trackers.custom.la_cale import Adapter
from seedarr.trackers.settings import validate_settings

TRACKER = "la-cale"
MOVIE_FILE = {"Le.Film.2021.MULTi.1080p.WEB.H264-GRP.mkv": 30_000}
QUERY = SearchQuery("movie", tmdb_id=12345)


@pytest.fixture(scope="module")
def _server() -> Iterator[tuple[FakeLaCale, str]]:
    fake = FakeLaCale(LA_CALE_KEY)
    with serve_in_thread(fake.app(), name="la-cale-errors") as url:
        yield fake, url


@pytest.fixture
def fake(_server: tuple[FakeLaCale, str]) -> FakeLaCale:
    _server[0].reset()
    return _server[0]


@pytest.fixture
def make(
    http: httpx.AsyncClient, _server: tuple[FakeLaCale, str], fake: FakeLaCale
) -> Callable[..., Adapter]:
    def factory(*, client: httpx.AsyncClient | None = None, **values: Any) -> Adapter:
        definition = la_cale_definition(_server[1])
        values.setdefault("apiKey", LA_CALE_KEY)
        values.setdefault("announceUrl", f"{_server[1]}/announce?passkey={PASSKEY}")
        return Adapter(definition, validate_settings(definition, values), client or http, retry=FAST_RETRY)

    return factory


@pytest.fixture
async def upload_request(make: Callable[..., Adapter], make_torrent: Callable[..., Path]) -> UploadRequest:
    adapter = make()
    metadata = await adapter.sync_metadata()
    return adapter.build_upload(movie_release(TRACKER, make_torrent(MOVIE_FILE, source="lacale")), metadata)


@pytest.mark.parametrize("status", [401, 403])
async def test_auth_failures_are_not_retried(
    make: Callable[..., Adapter], fake: FakeLaCale, status: int
) -> None:
    fake.fail_next(status, count=3)
    with pytest.raises(TrackerAuthError) as caught:
        await make().test_connection()
    assert caught.value.needs_user and not caught.value.retryable and caught.value.status_code == status
    assert len(fake.received) == 1


async def test_a_wrong_key_is_a_403_auth_error_that_never_shows_the_key(
    make: Callable[..., Adapter], fake: FakeLaCale
) -> None:
    with pytest.raises(TrackerAuthError, match="Invalid API key") as caught:
        await make(apiKey="wr0ng-key-for-la-cale").search(QUERY)
    assert fake.received[-1].headers["x-api-key"] == "wr0ng-key-for-la-cale"
    assert "wr0ng" not in str(caught.value) and "wr0ng" not in repr(caught.value)


async def test_a_second_upload_of_the_same_torrent_is_recognised_as_already_there(
    make: Callable[..., Adapter], fake: FakeLaCale, upload_request: UploadRequest
) -> None:
    adapter = make()
    first = await adapter.upload(upload_request)
    with pytest.raises(AlreadyOnTracker) as caught:
        await adapter.upload(upload_request)
    assert isinstance(caught.value, TrackerRejected) and caught.value.status_code == 409
    assert caught.value.infohash == first.infohash and "infoHash already exists" in str(caught.value)
    assert fake.uploads == 1
    assert fake.paths().count("/api/external/upload") == 2  # refused once, not retried


async def test_an_injected_409_carries_our_infohash(
    make: Callable[..., Adapter], fake: FakeLaCale, upload_request: UploadRequest
) -> None:
    fake.fail_next(409)
    with pytest.raises(AlreadyOnTracker) as caught:
        await make().upload(upload_request)
    assert caught.value.infohash and len(caught.value.infohash) == 40 and fake.uploads == 0


async def test_422_and_400_are_rejections_with_the_sites_message(
    make: Callable[..., Adapter], fake: FakeLaCale, upload_request: UploadRequest
) -> None:
    adapter = make()
    fake.fail_next(422)
    with pytest.raises(TrackerRejected, match="Unprocessable upload") as caught:
        await adapter.upload(upload_request)
    assert caught.value.status_code == 422 and not isinstance(caught.value, AlreadyOnTracker)
    lower = [(k, "movie" if k == "tmdbType" else v) for k, v in upload_request.fields]
    wrong = UploadRequest(
        TRACKER, upload_request.url, "movie", upload_request.release_name, tuple(lower), upload_request.files
    )
    with pytest.raises(TrackerRejected, match="tmdbType must be MOVIE or TV") as rejected:
        await adapter.upload(wrong)
    assert rejected.value.status_code == 400
    assert fake.uploads == 0 and fake.paths().count("/api/external/upload") == 2


async def test_429_waits_for_retry_after_then_succeeds(
    make: Callable[..., Adapter], fake: FakeLaCale, upload_request: UploadRequest
) -> None:
    fake.fail_next(429, retry_after="1")
    started = time.monotonic()
    result = await make().upload(upload_request)
    assert time.monotonic() - started >= 0.9
    assert result.torrent_id and fake.uploads == 1 and fake.paths().count("/api/external/upload") == 2


async def test_429_without_retry_after_waits_the_sites_pause(
    make: Callable[..., Adapter], fake: FakeLaCale
) -> None:
    adapter = make()  # the test definition's pause is 0.3 s (30 s on the real site)
    assert adapter.site.rate_limited_wait_s == 0.3
    fake.fail_next(429)
    started = time.monotonic()
    assert await adapter.search(QUERY) == []
    assert time.monotonic() - started >= 0.28 and len(fake.received) == 2


async def test_5xx_is_retried_then_given_up(make: Callable[..., Adapter], fake: FakeLaCale) -> None:
    adapter = make()
    fake.fail_next(500, count=2)
    assert await adapter.search(QUERY) == []
    assert len(fake.received) == 3
    fake.fail_next(500, count=10)
    with pytest.raises(ServiceUnavailable):
        await adapter.search(QUERY)
    assert len(fake.received) == 3 + FAST_RETRY.attempts


async def test_an_upload_without_answer_is_not_blindly_resent(
    make: Callable[..., Adapter], fake: FakeLaCale, upload_request: UploadRequest
) -> None:
    async with httpx.AsyncClient(timeout=httpx.Timeout(0.3)) as client:
        fake.delay_s = 0.8
        with pytest.raises(UploadOutcomeUnknown):
            await make(client=client).upload(upload_request)
    assert fake.paths().count("/api/external/upload") == 1


async def test_no_secret_reaches_the_logs_or_the_errors(
    make: Callable[..., Adapter],
    fake: FakeLaCale,
    upload_request: UploadRequest,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    adapter = make()
    errors: list[BaseException] = []
    with structlog.testing.capture_logs() as events:
        await adapter.upload(upload_request)
        for status in (401, 403, 409, 500):
            fake.fail_next(status, count=FAST_RETRY.attempts)
            try:
                await adapter.search(QUERY)
            except SeedarrError as exc:  # every failure is one of ours, inspected below
                errors.append(exc)
    assert len(errors) == 4
    texts = [caplog.text, repr(events), *(f"{e!s} {e!r}" for e in errors), repr(adapter.settings)]
    for text in texts:
        assert LA_CALE_KEY not in text and PASSKEY not in text
