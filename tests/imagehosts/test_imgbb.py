"""ImgBB: the upload form, the URLs it returns, its 400-shaped refusals, retries, and the key check."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from fakes.image_common import IMGBB_KEY
from fakes.imgbb import FakeImgbb
from seedarr.errors import RateLimited, ServiceAuthError, ServiceRejected, ServiceUnavailable
from seedarr.imagehosts.base import UnexpectedAnswer
from seedarr.imagehosts.imgbb import ImgbbHost, ImgbbOptions, ImgbbRejected
from seedarr.metadata.http import RetryOptions
from seedarr.secrets import Secret

MakeImgbb = Callable[..., ImgbbHost]


async def test_upload_returns_full_thumb_viewer_and_a_hidden_delete_link(
    make_imgbb: MakeImgbb, imgbb_fake: FakeImgbb, shots: list[Path], http: httpx.AsyncClient
) -> None:
    image = await make_imgbb().upload(shots[0])

    assert imgbb_fake.uploads == 1
    full = await http.get(image.full_url)
    assert full.status_code == 200 and full.content == shots[0].read_bytes()
    assert full.headers["content-type"] == "image/png"
    assert "/t/" in image.thumb_url and (await http.get(image.thumb_url)).status_code == 200
    assert (await http.get(image.viewer_url)).status_code == 200
    assert image.host == "imgbb" and image.expires_at is None
    assert isinstance(image.delete_url, Secret) and "/v/" in image.delete_url.reveal()
    assert image.delete_url.reveal() not in repr(image)
    link = image.link(12.5)
    assert (link.full_url, link.thumb_url, link.timestamp) == (image.full_url, image.thumb_url, 12.5)


async def test_the_key_goes_in_the_form_never_in_the_url(
    make_imgbb: MakeImgbb, imgbb_fake: FakeImgbb, shots: list[Path]
) -> None:
    await make_imgbb().upload(shots[0])

    (request,) = imgbb_fake.received
    assert request.fields == ["key", "image"]
    assert request.query == []
    assert IMGBB_KEY not in request.path
    assert imgbb_fake.expirations == [None]


async def test_expiration_is_sent_and_becomes_an_expiry_time(
    make_imgbb: MakeImgbb, imgbb_fake: FakeImgbb, shots: list[Path]
) -> None:
    before = datetime.now(UTC)
    image = await make_imgbb(expiration_s=3600).upload(shots[0])

    assert imgbb_fake.expirations == [3600]
    assert imgbb_fake.received[0].fields == ["key", "expiration", "image"]
    assert image.expires_at is not None
    assert before + timedelta(seconds=3590) <= image.expires_at <= datetime.now(UTC) + timedelta(seconds=3610)


@pytest.mark.parametrize("seconds", [59, 15_552_001])
def test_an_expiration_outside_imgbb_range_is_refused_before_any_request(
    make_imgbb: MakeImgbb, seconds: int
) -> None:
    with pytest.raises(ValueError, match="between 60 and 15552000"):
        make_imgbb(expiration_s=seconds)


async def test_a_wrong_key_is_an_auth_error_that_names_no_key(
    make_imgbb: MakeImgbb, imgbb_fake: FakeImgbb, shots: list[Path]
) -> None:
    wrong = "0123456789abcdef0123456789abcdef"
    with pytest.raises(ServiceAuthError) as caught:
        await make_imgbb(key=wrong).upload(shots[0])

    assert "Invalid API v1 key" in str(caught.value)
    assert wrong not in str(caught.value) and IMGBB_KEY not in str(caught.value)
    assert len(imgbb_fake.received) == 1  # never retried
    assert imgbb_fake.uploads == 0


async def test_imgbb_rate_limit_answer_is_retried(
    make_imgbb: MakeImgbb, imgbb_fake: FakeImgbb, shots: list[Path]
) -> None:
    imgbb_fake.fail_next(400, message="Rate limit reached.")
    image = await make_imgbb().upload(shots[0])

    assert image.full_url and imgbb_fake.uploads == 1
    assert len(imgbb_fake.received) == 2


async def test_rate_limit_every_time_raises_rate_limited(
    make_imgbb: MakeImgbb, imgbb_fake: FakeImgbb, shots: list[Path]
) -> None:
    imgbb_fake.fail_next(400, count=10, message="Rate limit reached.")
    with pytest.raises(RateLimited):
        await make_imgbb().upload(shots[0])
    assert imgbb_fake.uploads == 0


async def test_429_waits_for_retry_after_then_succeeds(
    make_imgbb: MakeImgbb, imgbb_fake: FakeImgbb, shots: list[Path]
) -> None:
    imgbb_fake.fail_next(429, retry_after="1")
    started = time.monotonic()
    await make_imgbb().upload(shots[0])

    assert time.monotonic() - started >= 0.9
    assert imgbb_fake.uploads == 1


async def test_server_errors_are_retried_then_reported(
    make_imgbb: MakeImgbb, imgbb_fake: FakeImgbb, shots: list[Path]
) -> None:
    imgbb_fake.fail_next(500, count=2)
    await make_imgbb().upload(shots[0])
    assert (len(imgbb_fake.received), imgbb_fake.uploads) == (3, 1)

    imgbb_fake.reset()
    imgbb_fake.fail_next(503, count=10)
    with pytest.raises(ServiceUnavailable) as caught:
        await make_imgbb().upload(shots[0])
    assert caught.value.status_code == 503 and imgbb_fake.uploads == 0


async def test_a_slow_answer_is_a_timeout(
    make_imgbb: MakeImgbb, imgbb_fake: FakeImgbb, shots: list[Path]
) -> None:
    imgbb_fake.delay_s = 1.0
    with pytest.raises(ServiceUnavailable, match="no answer in time"):
        await make_imgbb(timeout_s=0.2, retry=RetryOptions(attempts=1)).upload(shots[0])


async def test_other_refusals_keep_imgbb_message_and_code(
    make_imgbb: MakeImgbb, imgbb_fake: FakeImgbb, shots: list[Path]
) -> None:
    imgbb_fake.max_bytes = 1000  # the fake refuses what the host would have sent under a wrong limit
    with pytest.raises(ImgbbRejected) as caught:
        await make_imgbb(max_bytes=10 * 1024 * 1024).upload(shots[0])
    assert caught.value.error_code == 313 and "File too big" in str(caught.value)
    assert isinstance(caught.value, ServiceRejected)


async def test_check_accepts_a_good_key_without_uploading(
    make_imgbb: MakeImgbb, imgbb_fake: FakeImgbb
) -> None:
    assert await make_imgbb().check() == "ImgBB reachable, API key accepted"
    assert imgbb_fake.uploads == 0 and imgbb_fake.received[0].fields == ["key"]
    with pytest.raises(ServiceAuthError):
        await make_imgbb(key="ffffffffffffffffffffffffffffffff").check()


async def test_an_answer_without_data_url_is_unexpected(shots: list[Path]) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"success": True, "data": {}}))
    async with httpx.AsyncClient(transport=transport) as client:
        host = ImgbbHost(client, Secret(IMGBB_KEY), options=ImgbbOptions(base_url="http://imgbb.invalid"))
        with pytest.raises(UnexpectedAnswer, match=r"no data\.url"):
            await host.upload(shots[0])
