"""Resolution labels and display geometry of a video frame.

Release names use a resolution label (``1080p``) that must survive cropping: a scope film encoded at
1920x800 is still ``1080p`` and 3840x1600 is ``2160p``, so the width decides first, then the height
(naming spec §4.1). :func:`display_size` turns stored pixels into what a player shows (anamorphic DVDs
store 720x576 with wide pixels and display 1024x576).
"""

from __future__ import annotations

__all__ = ["display_size", "resolution_label", "scaled_size"]

# (minimum width, minimum height, label): the first row whose width or height is reached wins
_STEPS: tuple[tuple[int, int, str], ...] = (
    (7000, 4000, "4320p"),
    (3200, 1800, "2160p"),
    (1800, 1000, "1080p"),
    (1200, 700, "720p"),
)


def resolution_label(width: int, height: int) -> str:
    """``4320p``, ``2160p``, ``1080p``, ``720p``, ``576p`` or ``480p`` for a frame of ``width`` x ``height``.

    >>> resolution_label(1920, 800), resolution_label(3840, 1600), resolution_label(720, 576)
    ('1080p', '2160p', '576p')
    """
    for min_width, min_height, label in _STEPS:
        if width >= min_width or height >= min_height:
            return label
    return "576p" if height >= 560 else "480p"


def _even(value: float) -> int:
    return max(2, round(value / 2) * 2)


def display_size(width: int, height: int, display_aspect_ratio: float | None) -> tuple[int, int]:
    """The size with square pixels: the height is kept and the width follows the display aspect ratio.

    A ratio within 1 % of ``width / height`` (square pixels) leaves the size unchanged.
    """
    if not display_aspect_ratio or width <= 0 or height <= 0:
        return width, height
    if abs(display_aspect_ratio - width / height) <= 0.01 * display_aspect_ratio:
        return width, height
    return _even(height * display_aspect_ratio), height


def scaled_size(width: int, height: int, target_width: int | None) -> tuple[int, int]:
    """``width`` x ``height`` scaled to ``target_width`` (aspect kept, even height); unchanged if None."""
    if not target_width or target_width == width:
        return width, height
    return _even(target_width), _even(height * target_width / width)
