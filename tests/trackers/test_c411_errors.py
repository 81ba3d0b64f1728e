"""How C411 refusals and failures become Seedarr errors (trackers spec §0 "Errors", §2.1), key never shown."""

from __future__ import annotations

import asyncio
import dataclasses
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from fakes.c411 import FakeC411
from fakes.c411_samples import c411_definition, c411_release
from fakes.server import serve_in_thread
from harness.ports import free_port
from harness.tracker_samples import API_TOKEN, FAST_RETRY, PASSKEY
from seedarr.errors import DataError, SeedarrError, ServiceUnavailable
from seedarr.trackers.base import (
    SearchQuery,
    TrackerAuthError,
    TrackerRejected,
    UploadOutcomeUnknown,
    UploadRequest,
)
from seedarr.trackers.custom.c411 import Adapter
from seedarr.trackers.settings import validate_settings

MOVIE_FILE = {"Le.Film.2021.MULTi.1080p.WEB.H264-GRP.mkv": 30_000}
QUERY = SearchQuery("movie", tmdb_id=12345, title="Le Film", year=2021)


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[FakeC411, str]]:
    fake = FakeC411(API_TOKEN, PASSKEY)
    with serve_in_thread(fake.app(), name="c411-errors", probe_path="/probe") as url:
        yield fake, url


@pytest.fixture
def c411(site: tuple[FakeC411, str]) -> FakeC411:
    site[0].reset()
    return site[0]


@pytest.fixture
def make(http: httpx.AsyncClient, site: tuple[FakeC411, str], c411: FakeC411) -> Callable[..., Adapter]:
    def factory(
        *,
        url: str | None = None,
        client: httpx.AsyncClient | None = None,
        api: str | None = None,
        **values: Any,
    ) -> Adapter:
        definition = c411_definition(url or site[1], search_api=api)
        settings = validate_settings(definition, {"apiKey": API_TOKEN, "passkey": PASSKEY, **values})
        return Adapter(definition, settings, client or http, retry=FAST_RETRY)

    return factory


@pytest.fixture
def upload_request(make: Callable[..., Adapter], make_torrent: Callable[..., Path]) -> UploadRequest:
    adapter = make()
    torrent = make_torrent(MOVIE_FILE, source="C411", announce=adapter.announce_url().reveal())
    return adapter.build_upload(c411_release(torrent))


async def test_a_wrong_key_is_an_auth_error_never_retried(
    make: Callable[..., Adapter], c411: FakeC411
) -> None:
    adapter = make(apiKey="not-the-right-key")
    with pytest.raises(TrackerAuthError, match="C411: Unauthorized") as caught:
        await adapter.test_connection()
    assert caught.value.needs_user and not caught.value.retryable
    assert len(c411.received) == 1
    with pytest.raises(TrackerAuthError, match="error 100"):
        await adapter.search(QUERY)  # Torznab answers error 100 for the same key
    assert len(c411.torznab.received) == 1


@pytest.mark.parametrize("status", [401, 403])
async def test_upload_auth_refusals(
    make: Callable[..., Adapter], upload_request: UploadRequest, c411: FakeC411, status: int
) -> None:
    c411.fail_next(status, count=3)
    with pytest.raises(TrackerAuthError) as caught:
        await make().upload(upload_request)
    assert caught.value.status_code == status and c411.uploads == 0 and len(c411.received) == 1


@pytest.mark.parametrize("status", [400, 404, 422])
async def test_refusals_carry_the_sites_message_and_are_not_retried(
    make: Callable[..., Adapter], upload_request: UploadRequest, c411: FakeC411, status: int
) -> None:
    c411.fail_next(status)
    with pytest.raises(TrackerRejected, match="C411: Refused") as caught:
        await make().upload(upload_request)
    assert caught.value.status_code == status and not caught.value.retryable
    assert c411.paths().count("/api/torrents") == 1 and c411.uploads == 0


async def test_the_sites_own_validation_errors(
    make: Callable[..., Adapter],
    make_torrent: Callable[..., Path],
    upload_request: UploadRequest,
    c411: FakeC411,
) -> None:
    adapter = make()
    await adapter.upload(upload_request)
    with pytest.raises(TrackerRejected, match="existe déjà") as caught:
        await adapter.upload(upload_request)
    assert caught.value.status_code == 422 and c411.uploads == 1
    public = make_torrent({"Autre.mkv": 20_000}, source="OTHER", announce=adapter.announce_url().reveal())
    wrong_source = adapter.build_upload(c411_release(public))
    with pytest.raises(TrackerRejected, match="source C411"):
        await adapter.upload(wrong_source)
    options = dict(upload_request.fields) | {"options": '{"1": [4], "2": 25, "3": 1}'}
    odd = dataclasses.replace(upload_request, fields=tuple(options.items()))
    with pytest.raises(TrackerRejected, match="type d'option inconnu 3"):
        await adapter.upload(odd)


async def test_success_false_in_a_200_is_a_failure(
    make: Callable[..., Adapter], upload_request: UploadRequest, c411: FakeC411
) -> None:
    c411.refuse_with = "Titre déjà présent sur le site"
    with pytest.raises(TrackerRejected, match="C411: Titre déjà présent sur le site"):
        await make().upload(upload_request)
    assert c411.uploads == 0


async def test_429_waits_for_retry_after_then_uploads_once(
    make: Callable[..., Adapter], upload_request: UploadRequest, c411: FakeC411
) -> None:
    c411.fail_next(429, retry_after="1")
    started = time.monotonic()
    result = await make().upload(upload_request)
    assert time.monotonic() - started >= 0.9
    assert result.torrent_id and c411.uploads == 1 and c411.paths().count("/api/torrents") == 2


async def test_5xx_is_retried_then_given_up(make: Callable[..., Adapter], c411: FakeC411) -> None:
    adapter = make(api="json")
    c411.fail_next(500, count=2)
    assert await adapter.search(QUERY) == []
    assert c411.paths().count("/api/torrents/search") == 3
    c411.fail_next(500, count=10)
    with pytest.raises(ServiceUnavailable):
        await adapter.sync_metadata()
    assert c411.paths().count("/api/categories") == FAST_RETRY.attempts


async def test_a_slow_upload_is_an_unknown_outcome_not_resent(
    make: Callable[..., Adapter], upload_request: UploadRequest, c411: FakeC411
) -> None:
    async with httpx.AsyncClient(timeout=httpx.Timeout(0.3)) as client:
        adapter = make(client=client)
        c411.delay_s = 0.8
        with pytest.raises(UploadOutcomeUnknown):
            await adapter.upload(upload_request)
        assert c411.paths().count("/api/torrents") == 1
        c411.delay_s = 0.0
        await asyncio.sleep(0.9)  # let the slow handler finish before the next test resets the fake


async def test_the_registered_torrent_is_checked(
    make: Callable[..., Adapter], upload_request: UploadRequest, c411: FakeC411
) -> None:
    adapter = make()
    result = await adapter.upload(upload_request)
    other_hash = dataclasses.replace(
        result, download_url=result.download_url.split("#")[0] + "#infohash=" + "0" * 40
    )
    with pytest.raises(TrackerRejected, match="registered infohash 0000"):
        await adapter.fetch_registered_torrent(other_hash)
    with pytest.raises(DataError, match="no local torrent was recorded"):
        await adapter.fetch_registered_torrent(dataclasses.replace(result, download_url=""))
    torrent = upload_request.files[0].path
    assert torrent is not None
    await asyncio.to_thread(Path(torrent).unlink)
    with pytest.raises(DataError, match="cannot read the uploaded torrent"):
        await adapter.fetch_registered_torrent(result)


async def test_the_api_key_never_shows_in_errors(
    make: Callable[..., Adapter], upload_request: UploadRequest, c411: FakeC411
) -> None:
    dead = make(url=f"http://127.0.0.1:{free_port()}")
    errors: list[SeedarrError] = []
    c411.fail_next(404)
    for attempt in (dead.test_connection(), dead.search(QUERY), make().upload(upload_request)):
        with pytest.raises(SeedarrError) as caught:
            await attempt
        errors.append(caught.value)
    c411.torznab.fail_next(500, count=10)
    with pytest.raises(ServiceUnavailable) as caught:
        await make().search(QUERY)
    errors.append(caught.value)
    assert [type(e).__name__ for e in errors] == ["ServiceUnavailable"] * 2 + [
        "TrackerRejected",
        "ServiceUnavailable",
    ]
    for error in errors:
        text = str(error) + repr(error) + "".join(traceback.format_exception(error))
        assert API_TOKEN not in text and PASSKEY not in text
