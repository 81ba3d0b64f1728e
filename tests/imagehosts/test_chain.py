"""The chain: configured order, fallback on errors, refused keys skipped, allow-lists, reuse, concurrency."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import pytest

from fakes.imgbb import FakeImgbb
from fakes.pixhost import FakePixhost
from fakes.ptpimg import FakePtpimg
from seedarr.imagehosts.base import HostedImage, ImageHost, NoImageHost, ScreenshotUploadFailed
from seedarr.imagehosts.chain import ImageHostChain, UploadProgress
from seedarr.imagehosts.imgbb import ImgbbHost
from seedarr.imagehosts.pixhost import PixhostHost
from seedarr.imagehosts.ptpimg import PtpimgHost
from seedarr.imagehosts.store import MemoryUploadStore
from seedarr.media.screenshots import Screenshot

Fetch = Callable[[str], Awaitable[httpx.Response]]


@pytest.fixture
def hosts(
    make_imgbb: Callable[..., ImgbbHost],
    make_ptpimg: Callable[..., PtpimgHost],
    make_pixhost: Callable[..., PixhostHost],
) -> list[ImageHost]:
    return [make_imgbb(), make_ptpimg(), make_pixhost()]


class _Counts:
    """Uploads accepted (``counts[name]``) and requests received (``counts.requests(name)``) per fake."""

    def __init__(self, imgbb: FakeImgbb, ptpimg: FakePtpimg, pixhost: FakePixhost) -> None:
        self._fakes = {"imgbb": imgbb, "ptpimg": ptpimg, "pixhost": pixhost}

    def __getitem__(self, name: str) -> int:
        return self._fakes[name].uploads

    def requests(self, name: str) -> int:
        return len(self._fakes[name].received)


@pytest.fixture
def fakes(imgbb_fake: FakeImgbb, ptpimg_fake: FakePtpimg, pixhost_fake: FakePixhost) -> _Counts:
    return _Counts(imgbb_fake, ptpimg_fake, pixhost_fake)


async def test_every_screenshot_goes_to_the_first_host_in_order(
    hosts: list[ImageHost], fakes: _Counts, shots: list[Path], fetch: Fetch
) -> None:
    result = await ImageHostChain(hosts, MemoryUploadStore()).upload(shots)

    assert (fakes["imgbb"], fakes["ptpimg"], fakes["pixhost"]) == (4, 0, 0)
    assert (result.uploaded, result.reused, dict(result.skipped_hosts)) == (4, 0, {})
    assert [image.host for image in result.images] == ["imgbb"] * 4
    for shot, link, image in zip(shots, result.links, result.images, strict=True):
        assert (link.full_url, link.thumb_url) == (image.full_url, image.thumb_url)
        assert (await fetch(link.full_url)).content == shot.read_bytes()  # input order kept


async def test_a_failing_first_host_falls_back_to_the_next(
    hosts: list[ImageHost], imgbb_fake: FakeImgbb, fakes: _Counts, shots: list[Path], fetch: Fetch
) -> None:
    imgbb_fake.fail_next(500, count=100)
    result = await ImageHostChain(hosts, MemoryUploadStore()).upload(shots)

    assert (fakes["imgbb"], fakes["ptpimg"], fakes["pixhost"]) == (0, 4, 0)
    assert fakes.requests("imgbb") == 16  # four attempts per screenshot: a 5xx does not disable the host
    assert result.skipped_hosts == {}
    assert (await fetch(result.links[3].full_url)).content == shots[3].read_bytes()


async def test_a_refused_key_skips_the_host_for_the_rest_of_the_batch(
    make_imgbb: Callable[..., ImgbbHost],
    make_ptpimg: Callable[..., PtpimgHost],
    fakes: _Counts,
    shots: list[Path],
) -> None:
    chain = ImageHostChain([make_imgbb(key="0" * 32), make_ptpimg()], MemoryUploadStore(), concurrency=1)
    result = await chain.upload(shots)

    assert fakes.requests("imgbb") == 1 and fakes["ptpimg"] == 4
    assert list(result.skipped_hosts) == ["imgbb"]
    assert "API key was refused" in result.skipped_hosts["imgbb"]


async def test_only_hosts_the_tracker_allows_are_used(
    hosts: list[ImageHost], fakes: _Counts, shots: list[Path]
) -> None:
    chain = ImageHostChain(hosts, MemoryUploadStore())
    assert [h.name for h in chain.candidates(["PTPimg.me", "pixhost.to"])] == ["ptpimg", "pixhost"]

    result = await chain.upload(shots[:2], allowed=["pixhost.to"])
    assert (fakes["imgbb"], fakes["ptpimg"], fakes["pixhost"]) == (0, 0, 2)
    assert {image.host for image in result.images} == {"pixhost"}
    assert fakes.requests("imgbb") == fakes.requests("ptpimg") == 0


async def test_no_allowed_configured_host_is_a_configuration_error(
    make_imgbb: Callable[..., ImgbbHost], fakes: _Counts, shots: list[Path]
) -> None:
    chain = ImageHostChain([make_imgbb()], MemoryUploadStore())
    with pytest.raises(NoImageHost, match=r"configured: imgbb; allowed: ptpimg"):
        await chain.upload(shots, allowed=["ptpimg"])
    assert fakes.requests("imgbb") == 0


async def test_a_stored_copy_on_an_allowed_host_is_never_uploaded_again(
    hosts: list[ImageHost], fakes: _Counts, shots: list[Path]
) -> None:
    chain = ImageHostChain(hosts, MemoryUploadStore())
    first = await chain.upload(shots, allowed=["pixhost"])
    assert (first.uploaded, fakes["pixhost"]) == (4, 4)

    again = await chain.upload(shots)  # any host allowed: the Pixhost copies do
    assert (again.uploaded, again.reused) == (0, 4)
    assert again.links == first.links
    assert (fakes["imgbb"], fakes["ptpimg"], fakes["pixhost"]) == (0, 0, 4)

    ptp_only = await chain.upload(shots, allowed=["ptpimg"])  # Pixhost copies are not allowed there
    assert (ptp_only.uploaded, fakes["ptpimg"]) == (4, 4)

    both = await chain.upload(shots, allowed=["pixhost", "ptpimg"])
    assert both.reused == 4 and {image.host for image in both.images} == {"ptpimg"}  # configured order
    assert (fakes["imgbb"], fakes["ptpimg"], fakes["pixhost"]) == (0, 4, 4)


async def test_the_same_picture_twice_in_a_batch_is_uploaded_once(
    hosts: list[ImageHost], fakes: _Counts, shots: list[Path], tmp_path: Path
) -> None:
    twin = tmp_path / "twin.png"
    shutil.copyfile(shots[0], twin)
    seen: list[UploadProgress] = []
    result = await ImageHostChain(hosts, MemoryUploadStore()).upload([shots[0], twin], progress=seen.append)

    assert fakes["imgbb"] == 1 and result.uploaded == 1
    assert result.links[0] == result.links[1]
    assert [p.done for p in seen] == [1, 2] and all(p.total == 2 for p in seen)


async def test_progress_and_timestamps_follow_the_screenshots(
    hosts: list[ImageHost], fakes: _Counts, shots: list[Path]
) -> None:
    taken = [
        Screenshot(path, 60.0 * (i + 1), 60.0 * (i + 1), 640, 360, False) for i, path in enumerate(shots)
    ]
    seen: list[UploadProgress] = []
    result = await ImageHostChain(hosts, MemoryUploadStore()).upload(taken, progress=seen.append)

    assert [link.timestamp for link in result.links] == [60.0, 120.0, 180.0, 240.0]
    assert sorted(p.done for p in seen) == [1, 2, 3, 4]
    assert {p.path for p in seen} == set(shots) and {p.host for p in seen} == {"imgbb"}
    assert not any(p.reused for p in seen)


async def test_an_image_too_big_for_one_host_goes_to_the_next_unsent(
    make_imgbb: Callable[..., ImgbbHost],
    make_ptpimg: Callable[..., PtpimgHost],
    fakes: _Counts,
    shots: list[Path],
) -> None:
    chain = ImageHostChain([make_imgbb(max_bytes=1024), make_ptpimg()], MemoryUploadStore())
    result = await chain.upload(shots[:1])

    assert fakes.requests("imgbb") == 0 and fakes["ptpimg"] == 1
    assert result.images[0].host == "ptpimg"


async def test_a_screenshot_no_host_takes_fails_the_batch_and_the_rest_is_kept(
    make_ptpimg: Callable[..., PtpimgHost], ptpimg_fake: FakePtpimg, fakes: _Counts, shots: list[Path]
) -> None:
    ptpimg_fake.fail_next(500, count=4)  # every attempt for whichever screenshot goes first
    chain = ImageHostChain([make_ptpimg()], MemoryUploadStore(), concurrency=1)
    with pytest.raises(ScreenshotUploadFailed) as caught:
        await chain.upload(shots)

    assert len(caught.value.failures) == 1 and caught.value.auth_failed == ()
    (reasons,) = caught.value.failures.values()
    assert reasons[0][0] == "ptpimg" and "HTTP 500" in reasons[0][1]
    assert fakes["ptpimg"] == 3

    retry = await chain.upload(shots)
    assert (retry.uploaded, retry.reused, fakes["ptpimg"]) == (1, 3, 4)


class _Watched:
    """An image host wrapper that records how many uploads run at the same time."""

    def __init__(self, inner: ImageHost) -> None:
        self.inner = inner
        self.name = inner.name
        self.max_bytes = inner.max_bytes
        self.running = 0
        self.most = 0

    async def upload(self, path: Path) -> HostedImage:
        self.running += 1
        self.most = max(self.most, self.running)
        try:
            return await self.inner.upload(path)
        finally:
            self.running -= 1

    async def check(self) -> str:
        return await self.inner.check()


async def test_uploads_run_concurrently_within_the_bound(
    make_pixhost: Callable[..., PixhostHost], pixhost_fake: FakePixhost, shots: list[Path]
) -> None:
    pixhost_fake.delay_s = 0.2
    watched = _Watched(make_pixhost())
    started = asyncio.get_running_loop().time()
    await ImageHostChain([watched], MemoryUploadStore(), concurrency=2).upload(shots)

    assert watched.most == 2 and pixhost_fake.uploads == 4
    assert asyncio.get_running_loop().time() - started < 0.2 * 4  # two at a time, not one by one
