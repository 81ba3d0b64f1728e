"""Title sanitisation for release names (naming spec §8).

NFC; ``·``/``•`` become spaces and every Unicode dash a hyphen; French elisions keep a separator
(``L'Âge de glace`` → ``L.Age.de.glace``) while other apostrophes go (``Ocean's`` → ``Oceans``);
transliteration to ASCII (é→e, œ→oe, ß→ss, ō→o); anything outside ``[A-Za-z0-9 .+-]`` is dropped; spaces
and underscores become dots. In-title hyphens stay (``Monte-Cristo``) unless the profile says ``dot``;
a hyphen standing alone between spaces (``Mission: Impossible - Dead Reckoning``) is a separator, not
part of a word, and becomes a dot (a choice: the spec is silent and ``.-.`` would look like a group).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["ascii_fold", "sanitize_title"]

_DASHES_RE = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
_APOSTROPHES = "'\u2019\u2018`\u02bc\u00b4"
_ELISION_RE = re.compile(
    rf"(?<![^\W\d_])(jusqu|lorsqu|puisqu|qu|l|d|j|m|n|s|t|c)[{_APOSTROPHES}](?=\w)", re.IGNORECASE
)
_APOSTROPHE_RE = re.compile(f"[{_APOSTROPHES}]")
_SPECIAL = str.maketrans({
    "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
    "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "\u0131": "i",
})  # fmt: skip
_DISALLOWED_RE = re.compile(r"[^A-Za-z0-9 .+\-]")


def ascii_fold(text: str) -> str:
    """``text`` in ASCII letters: accents removed, ligatures expanded (é→e, œ→oe, ß→ss, ō→o)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_SPECIAL)


def _capitalise(word: str) -> str:
    return word[:1].upper() + word[1:]


def sanitize_title(title: str, *, title_hyphen: str = "keep", capitalize: bool = False) -> str:
    """The release-name form of a title (``Buzz l'Éclair`` → ``Buzz.l.Eclair``); may return ``""``."""
    text = unicodedata.normalize("NFC", title)
    text = text.replace("·", " ").replace("•", " ")
    text = _DASHES_RE.sub("-", text)
    text = _ELISION_RE.sub(lambda m: m.group(1) + " ", text)
    text = _APOSTROPHE_RE.sub("", text)
    text = ascii_fold(text).replace("&", " ")
    text = _DISALLOWED_RE.sub(" ", text)
    text = re.sub(r"(^|\s)-+(?=\s|$)", " ", text)
    if title_hyphen == "dot":
        text = text.replace("-", " ")
    words = [w.strip("-") for w in re.split(r"[\s_.]+", text)]
    words = [w for w in words if w]
    if capitalize:
        words = ["-".join(_capitalise(p) for p in w.split("-")) for w in words]
    return ".".join(words)
