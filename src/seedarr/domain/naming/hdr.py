"""The HDR token (naming spec §5.1) from MediaInfo's HDR label, or from name tokens without MediaInfo.

:mod:`seedarr.media.tracks` already reduced ``HDR_Format``/transfer to ``DV``, ``HDR10``, ``HDR10+``, ``HDR``,
``HLG`` or a stack such as ``DV HDR10``; here the stack becomes ``DV.HDR10`` (DV first) and ``HDR10+`` is
rendered per profile (``HDR10PLUS`` where a tracker wants it). SDR has no token, never ``SDR``.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["hdr_parts", "render_hdr"]

_ORDER = ("DV", "HDR10+", "HDR10", "HDR", "HLG")


def hdr_parts(label: str | None) -> tuple[str, ...]:
    """``("DV", "HDR10")`` for the MediaFacts label ``DV HDR10``; ``()`` for SDR."""
    if not label:
        return ()
    parts = {p.upper().replace("HDR10PLUS", "HDR10+") for p in label.replace(".", " ").split()}
    return tuple(p for p in _ORDER if p in parts)


def render_hdr(parts: Sequence[str], hdr10plus_label: str = "HDR10+") -> str:
    """``DV.HDR10`` from ``("DV", "HDR10")``, with the profile's spelling of HDR10+."""
    ordered = [p for p in _ORDER if p in parts]
    return ".".join(hdr10plus_label if p == "HDR10+" else p for p in ordered)
