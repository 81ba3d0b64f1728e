"""Seedarr's template filters and the text hygiene of rendered output (templates spec §1 and §5).

``bbcode_escape`` removes tags of the known BBCode set (opening and closing) from outside text, so a title
such as ``[REC]`` survives while ``[url=…]`` cannot be injected; ``url_safe`` lets only http(s) URLs without
whitespace, brackets or quotes through; ``filesize``, ``fr_date`` and ``duration`` format numbers the way
French trackers expect. :func:`clean_output` strips control, bidi and zero-width characters and CRLF.
"""

from __future__ import annotations

import datetime as dt
import re

import structlog

__all__ = ["BBCODE_TAGS", "bbcode_escape", "clean_output", "duration", "filesize", "fr_date", "url_safe"]

_log = structlog.stdlib.get_logger("seedarr.render")
BBCODE_TAGS = [
    "b",
    "i",
    "u",
    "s",
    "url",
    "img",
    "color",
    "size",
    "font",
    "center",
    "left",
    "right",
    "align",
    "quote",
    "code",
    "spoiler",
    "hide",
    "list",
    "*",
    "table",
    "tr",
    "td",
    "th",
    "hr",
    "youtube",
    "video",
    "sup",
    "sub",
    "inline",
    "pre",
    "email",
    "alert",
    "note",
]
_TAG_RE = re.compile(
    r"\[/?\s*(?:" + "|".join(re.escape(t) for t in sorted(BBCODE_TAGS, key=len, reverse=True)) + r")"
    r"(?:\s*=[^\]\[]*|\s+[^\]\[]*)?\]",
    re.IGNORECASE,
)
_INVISIBLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_UNSAFE_URL_RE = re.compile(r"[\s\[\]\"<>]")
_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def clean_output(text: str) -> str:
    """CRLF → LF, and no control (except newline and tab), bidi or zero-width characters."""
    return _INVISIBLE_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def bbcode_escape(value: object) -> str:
    """``value`` as text without BBCode tags of the known set; other brackets stay (``[REC]``)."""
    text = clean_output("" if value is None else str(value))
    previous = None
    while previous != text:  # "[[b]b]" must not reassemble into "[b]"
        previous, text = text, _TAG_RE.sub("", text)
    return text


def url_safe(value: object) -> str:
    """``value`` if it is an http(s) URL with no whitespace, brackets or quotes; otherwise ``""`` (logged)."""
    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    if not re.match(r"^https?://[^/\s]", text, re.IGNORECASE) or _UNSAFE_URL_RE.search(text):
        _log.warning("template_url_refused", url=text[:200])
        return ""
    return text


def filesize(value: object) -> str:
    """Bytes as ``18.4 GiB`` (binary units, one decimal; bytes as an integer)."""
    try:
        size = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(size) < 1024 or unit == "TiB":
            return f"{int(size)} B" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


def fr_date(value: object) -> str:
    """An ISO date as a long French date: ``2024-02-28`` → ``mercredi 28 février 2024``."""
    try:
        day = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return ""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def duration(value: object) -> str:
    """Minutes as ``2h47`` (``47min`` under an hour)."""
    try:
        minutes = int(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    if minutes <= 0:
        return ""
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest:02d}" if hours else f"{rest}min"
