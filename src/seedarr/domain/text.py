"""Text hygiene for names and paths typed or pasted by people.

Invisible characters (zero-width spaces and joiners, bidirectional controls, the byte-order mark, soft
hyphens) survive copy and paste from web pages and make two identical-looking names differ, or hide
``.exe`` behind a right-to-left override. :func:`strip_invisible` removes them.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["INVISIBLE_CHARACTERS", "find_invisible", "strip_invisible"]

INVISIBLE_CHARACTERS = frozenset(
    "\u200b\u200c\u200d\u200e\u200f"  # zero-width space/non-joiner/joiner, LRM, RLM
    "\u202a\u202b\u202c\u202d\u202e"  # bidi embeddings and overrides
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner, invisible operators
    "\u2066\u2067\u2068\u2069"  # bidi isolates
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u3164\ufeff\uffa0"
)
_INVISIBLE_RE = re.compile("[" + "".join(sorted(INVISIBLE_CHARACTERS)) + "]")


def find_invisible(text: str) -> list[tuple[int, str]]:
    """Positions and Unicode names of the invisible characters in ``text``."""
    return [
        (m.start(), unicodedata.name(m.group(), f"U+{ord(m.group()):04X}"))
        for m in _INVISIBLE_RE.finditer(text)
    ]


def strip_invisible(text: str) -> str:
    """``text`` without invisible characters, NFC-normalised (so é typed two ways compares equal)."""
    return unicodedata.normalize("NFC", _INVISIBLE_RE.sub("", text))
