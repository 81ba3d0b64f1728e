"""The NFO of one tracker release (templates spec §7): plain text, UTF-8 without BOM, ASCII decorations.

The layout is itself a sandboxed template (the shipped default or a user's), rendered with the same
catalogue plus ``nfo_video_codec`` (``HEVC``/``H264``/``AV1``/``VP9``) and an optional ``signature``. The
MediaInfo section is the standard ``mediainfo`` text with "Complete name" set to the release file name.
An NFO shorter than 50 bytes is refused (La Cale rejects them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from seedarr.render.defaults import read_default
from seedarr.render.sandbox import TemplateFailure, render

__all__ = ["MIN_NFO_BYTES", "default_nfo_template", "render_nfo"]

MIN_NFO_BYTES = 50
_SHORT_CODECS = {"AVC": "H264", "HEVC": "HEVC", "H.264": "H264", "H.265": "HEVC"}


def default_nfo_template() -> str:
    return read_default("nfo.txt")


def render_nfo(
    context: Mapping[str, Any], *, source: str | None = None, name: str = "NFO", signature: str = ""
) -> bytes:
    """The NFO bytes (UTF-8, no BOM, LF line ends); raises ``TemplateFailure`` for a broken or tiny NFO."""
    values = dict(context)
    codec = str(values.get("video_codec", ""))
    values["nfo_video_codec"] = _SHORT_CODECS.get(codec, codec)
    values["signature"] = signature
    text = render(source if source is not None else default_nfo_template(), values, name=name, kind="nfo")
    lines = [line.rstrip() for line in text.splitlines()]
    data = ("\n".join(lines).strip("\n") + "\n").encode("utf-8")
    if len(data) < MIN_NFO_BYTES:
        raise TemplateFailure(
            name, f"the NFO is only {len(data)} bytes (at least {MIN_NFO_BYTES} are needed)"
        )
    return data
