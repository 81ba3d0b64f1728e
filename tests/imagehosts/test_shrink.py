"""Size limits: a real 4K PNG above a host's cap is re-encoded below it at full size, never sent too big."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from fakes.imgbb import FakeImgbb
from seedarr.errors import UserInputError
from seedarr.imagehosts.base import ImageTooLarge
from seedarr.imagehosts.imgbb import ImgbbHost
from seedarr.imagehosts.shrink import prepare_image


def _dimensions(path: Path) -> tuple[int, int, str]:
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0",
         "-show_entries", "stream=width,height,codec_name", "-of", "json", str(path)],
        check=True, capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    stream = json.loads(probe.stdout)["streams"][0]
    return stream["width"], stream["height"], stream["codec_name"]


def _read(path: Path) -> bytes:
    return path.read_bytes()


def _pixels_md5(path: Path) -> str:
    out = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-pix_fmt", "rgb24", "-f", "md5", "-"],
        check=True, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    return out.stdout.strip()


async def test_a_4k_png_above_the_cap_reaches_the_host_as_a_full_size_jpeg_below_it(
    make_imgbb: Callable[..., ImgbbHost],
    imgbb_fake: FakeImgbb,
    png_4k: Path,
    http: httpx.AsyncClient,
    tmp_path: Path,
) -> None:
    cap = 600 * 1024
    original = _read(png_4k)
    assert len(original) > cap * 1.3  # too far above the cap for a lossless re-compression
    imgbb_fake.max_bytes = cap  # the fake refuses (and counts) anything bigger

    image = await make_imgbb(max_bytes=cap).upload(png_4k)

    assert (imgbb_fake.uploads, imgbb_fake.oversize, len(imgbb_fake.received)) == (1, 0, 1)
    assert 0 < imgbb_fake.largest_upload <= cap
    served = (await http.get(image.full_url)).content
    assert served.startswith(b"\xff\xd8\xff") and len(served) <= cap
    copy = tmp_path / "served.jpg"
    copy.write_bytes(served)
    assert _dimensions(copy) == (3840, 2160, "mjpeg")
    assert _read(png_4k) == original  # the screenshot on disk is left alone


async def test_a_png_slightly_above_the_cap_is_recompressed_losslessly(png_4k: Path, tmp_path: Path) -> None:
    cap = int(len(_read(png_4k)) * 0.95)
    prepared = await prepare_image(png_4k, cap)

    assert prepared.reencoded == "png" and prepared.content_type == "image/png"
    assert prepared.size <= cap and prepared.file_name == png_4k.name
    copy = tmp_path / "recompressed.png"
    copy.write_bytes(prepared.data)
    assert _pixels_md5(copy) == _pixels_md5(png_4k)  # same pixels, smaller file


async def test_an_image_within_the_limit_is_sent_as_it_is(shots: list[Path]) -> None:
    prepared = await prepare_image(shots[0], 10 * 1024 * 1024)
    assert prepared.data == shots[0].read_bytes() and prepared.reencoded is None


async def test_an_image_that_cannot_fit_is_refused(shots: list[Path]) -> None:
    with pytest.raises(ImageTooLarge, match="stays above 1 KiB"):
        await prepare_image(shots[0], 1024)


async def test_a_file_that_is_not_a_png_or_jpeg_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "shot.png"
    fake.write_bytes(b"GIF89a" + b"\x00" * 64)
    with pytest.raises(UserInputError, match="not a PNG or JPEG"):
        await prepare_image(fake, 1024)
