"""Getting a screenshot under a host's size limit before it is sent (never send a file the host refuses).

:func:`prepare_image` reads the file and, when it is larger than the limit, re-encodes it with ffmpeg at
the same resolution (screenshots are compared pixel for pixel, so they are never scaled down):

1. a PNG only slightly too big (at most 30 % over) is first re-compressed losslessly (zlib level 9,
   ``mixed`` row filters): same pixels, a file often 10-30 % smaller; larger gaps skip this step, which
   cannot close them and costs seconds on a 4K frame;
2. if that is not enough, it becomes a JPEG with full chroma (4:4:4) at quality ``q:v`` 2, then 3, 5
   and 8 (2 is visually lossless; each step is only tried when the previous one is still too big).

An image that stays too big raises :class:`~seedarr.imagehosts.base.ImageTooLarge` (the chain then tries a
host with a larger limit). Only PNG and JPEG files are accepted.
"""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass
from pathlib import Path

from seedarr.errors import UserInputError
from seedarr.imagehosts.base import ImageTooLarge
from seedarr.media.screenshots import find_ffmpeg

__all__ = ["JPEG_QUALITIES", "PreparedImage", "image_kind", "prepare_image"]

JPEG_QUALITIES = (2, 3, 5, 8)
LOSSLESS_GAP = 1.3  # try a lossless PNG re-compression only up to this many times the limit
_FFMPEG_TIMEOUT_S = 120.0
_KINDS = {b"\x89PNG\r\n\x1a\n": ("png", "image/png"), b"\xff\xd8\xff": ("jpg", "image/jpeg")}


@dataclass(frozen=True, slots=True)
class PreparedImage:
    """The bytes to send, the file name and type to send them under, and how they were made."""

    data: bytes
    file_name: str
    content_type: str
    reencoded: str | None = None  # None, "png" (lossless) or "jpeg q:v N"

    @property
    def size(self) -> int:
        return len(self.data)


def image_kind(data: bytes) -> tuple[str, str] | None:
    """(extension, MIME type) of PNG or JPEG bytes, None for anything else."""
    for magic, kind in _KINDS.items():
        if data.startswith(magic):
            return kind
    return None


async def prepare_image(path: Path, max_bytes: int) -> PreparedImage:
    """``path``'s bytes if they fit in ``max_bytes``, else a re-encoded copy that does (see the module)."""
    data = await asyncio.to_thread(path.read_bytes)
    kind = image_kind(data)
    if kind is None:
        raise UserInputError(f"{path.name} is not a PNG or JPEG image")
    extension, content_type = kind
    if len(data) <= max_bytes:
        return PreparedImage(data, path.name, content_type)
    ffmpeg = find_ffmpeg()
    with tempfile.TemporaryDirectory(prefix="seedarr-shrink-") as folder:
        work = Path(folder)
        if extension == "png" and len(data) <= max_bytes * LOSSLESS_GAP:
            target = work / f"{path.stem}.png"
            await _ffmpeg(ffmpeg, path, target, ["-compression_level", "9", "-pred", "mixed"])
            smaller = await asyncio.to_thread(target.read_bytes)
            if len(smaller) <= max_bytes:
                return PreparedImage(smaller, target.name, "image/png", "png")
        for quality in JPEG_QUALITIES:
            target = work / f"{path.stem}.q{quality}.jpg"
            await _ffmpeg(ffmpeg, path, target, ["-pix_fmt", "yuvj444p", "-q:v", str(quality)])
            jpeg = await asyncio.to_thread(target.read_bytes)
            if len(jpeg) <= max_bytes:
                return PreparedImage(jpeg, f"{path.stem}.jpg", "image/jpeg", f"jpeg q:v {quality}")
    raise ImageTooLarge(
        "image", f"{path.name} stays above {max_bytes // 1024} KiB even as a JPEG", "<screenshot>"
    )


async def _ffmpeg(ffmpeg: str, source: Path, target: Path, options: list[str]) -> None:
    args = [ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", str(source)]
    process = await asyncio.create_subprocess_exec(
        *args, "-frames:v", "1", *options, str(target),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        _, stderr = await asyncio.wait_for(process.communicate(), _FFMPEG_TIMEOUT_S)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise UserInputError(f"ffmpeg took too long to re-encode {source.name}") from None
    if process.returncode != 0:
        reason = stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        raise UserInputError(f"ffmpeg could not re-encode {source.name}: {reason[0][:200]}")
