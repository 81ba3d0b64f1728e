"""Pixhost: multipart fields and Accept header, the image URL derived from th_url, errors, the check."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import pytest

from fakes.pixhost import FakePixhost
from seedarr.errors import RateLimited, ServiceRejected
from seedarr.imagehosts.base import UnexpectedAnswer
from seedarr.imagehosts.pixhost import PixhostHost, PixhostOptions, direct_url

MakePixhost = Callable[..., PixhostHost]
Fetch = Callable[[str], Awaitable[httpx.Response]]


async def test_upload_serves_the_image_at_the_derived_url(
    make_pixhost: MakePixhost, pixhost_fake: FakePixhost, shots: list[Path], fetch: Fetch
) -> None:
    image = await make_pixhost().upload(shots[2])

    assert pixhost_fake.uploads == 1 and image.host == "pixhost"
    assert "//t77.pixhost.test:" in image.thumb_url and "/thumbs/77/" in image.thumb_url
    assert "//img77.pixhost.test:" in image.full_url and "/images/77/" in image.full_url
    full = await fetch(image.full_url)
    assert full.status_code == 200 and full.content == shots[2].read_bytes()
    assert (await fetch(image.thumb_url)).status_code == 200
    assert (await fetch(image.viewer_url)).status_code == 200
    # the fake serves the picture only where the rule says: not on the thumbnail host's /images/ path
    wrong = image.full_url.replace("//img77.", "//t77.")
    assert (await fetch(wrong)).status_code == 404


async def test_fields_values_and_accept_header(
    make_pixhost: MakePixhost, pixhost_fake: FakePixhost, shots: list[Path]
) -> None:
    await make_pixhost().upload(shots[0])
    await make_pixhost(content_type=1, max_th_size=250).upload(shots[1])

    assert len(pixhost_fake.received) == 2
    for request in pixhost_fake.received:
        assert request.fields == ["content_type", "max_th_size", "img"]
        assert request.headers["accept"] == "application/json"
    assert pixhost_fake.content_types == ["0", "1"]


@pytest.mark.parametrize(("content_type", "th_size"), [(2, 420), (0, 149), (0, 501)])
def test_options_outside_pixhost_ranges_are_refused(
    make_pixhost: MakePixhost, content_type: int, th_size: int
) -> None:
    with pytest.raises(ValueError, match="Pixhost"):
        make_pixhost(content_type=content_type, max_th_size=th_size)


@pytest.mark.parametrize(
    ("thumb", "full"),
    [
        (
            "https://t77.pixhost.to/thumbs/123/456789_shot.png",
            "https://img77.pixhost.to/images/123/456789_shot.png",
        ),
        ("https://t1.pixhost.to/thumbs/9/1_a.jpg", "https://img1.pixhost.to/images/9/1_a.jpg"),
        ("http://t5.pixhost.test:8080/thumbs/5/x_y.png", "http://img5.pixhost.test:8080/images/5/x_y.png"),
    ],
)
def test_direct_url_follows_the_uploaders_rule(thumb: str, full: str) -> None:
    assert direct_url(thumb) == full


@pytest.mark.parametrize(
    "thumb", ["https://pixhost.to/show/1/a.png", "ftp://t1.pixhost.to/thumbs/1/a.png", "nonsense"]
)
def test_direct_url_refuses_to_guess(thumb: str) -> None:
    assert direct_url(thumb) is None


async def test_an_answer_the_rule_cannot_apply_to_is_unexpected(shots: list[Path]) -> None:
    body = {
        "name": "a.png",
        "show_url": "https://pixhost.to/show/1/a.png",
        "th_url": "https://cdn.example/a.png",
    }
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
    async with httpx.AsyncClient(transport=transport) as client:
        host = PixhostHost(client, options=PixhostOptions(base_url="http://pixhost.invalid"))
        with pytest.raises(UnexpectedAnswer, match="cannot be derived"):
            await host.upload(shots[0])


async def test_refusals_carry_pixhost_message(
    make_pixhost: MakePixhost, pixhost_fake: FakePixhost, shots: list[Path]
) -> None:
    pixhost_fake.fail_next(400, message="Invalid parameters")
    with pytest.raises(ServiceRejected, match="Invalid parameters"):
        await make_pixhost().upload(shots[0])
    pixhost_fake.fail_next(429, count=10, retry_after="0")
    with pytest.raises(RateLimited):
        await make_pixhost().upload(shots[0])
    assert pixhost_fake.uploads == 0


async def test_check_sees_the_api_answer(make_pixhost: MakePixhost, pixhost_fake: FakePixhost) -> None:
    assert await make_pixhost().check() == "Pixhost reachable (HTTP 404)"
    assert pixhost_fake.uploads == 0
