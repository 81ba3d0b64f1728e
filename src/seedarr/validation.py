"""Validation helpers shared by the API, the CLI and the services.

Each helper returns the cleaned value or raises :class:`~seedarr.errors.ValidationFailed` naming the field
and the problem (the API turns that into a 422). Paths are confined to the configured media roots after
resolving symlinks, so ``../`` tricks, symlinks pointing out and sibling prefixes (``/media2`` is not inside
``/media``) are refused.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from seedarr.domain.text import find_invisible, strip_invisible
from seedarr.errors import PathOutsideRoots, ValidationFailed

__all__ = [
    "clean_name",
    "confine_to_roots",
    "validate_api_key",
    "validate_hex_key",
    "validate_url",
]

_HOST_LABEL_RE = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


def clean_name(value: str, *, field: str = "name") -> str:
    """Strip invisible Unicode and surrounding blanks; refuse control characters and empty results."""
    cleaned = strip_invisible(value).strip()
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in cleaned):
        raise ValidationFailed(field, "contains control characters", value)
    if not cleaned:
        raise ValidationFailed(field, "must not be empty", value)
    return cleaned


def validate_api_key(value: str, *, field: str = "apiKey") -> str:
    """A Seedarr API key: 32 lowercase hexadecimal characters (invisible characters removed first)."""
    return validate_hex_key(value, length=32, field=field)


def validate_hex_key(value: str, *, length: int, field: str) -> str:
    """A hexadecimal key of exactly ``length`` characters, lower-cased."""
    cleaned = strip_invisible(value).strip().lower()
    if not re.fullmatch(rf"[0-9a-f]{{{length}}}", cleaned):
        raise ValidationFailed(field, f"must be {length} hexadecimal characters", "<hidden>")
    return cleaned


def validate_url(value: str, *, field: str = "url", schemes: Iterable[str] = ("http", "https")) -> str:
    """An absolute URL with an allowed scheme and a host; invisible characters are refused, not hidden."""
    text = value.strip()
    if find_invisible(text):
        raise ValidationFailed(field, "contains invisible Unicode characters", value)
    if not text or any(ch.isspace() or ord(ch) < 32 for ch in text):
        raise ValidationFailed(field, "must be a URL without spaces", value)
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise ValidationFailed(field, f"is not a valid URL ({exc})", value) from None
    allowed = tuple(schemes)
    if parts.scheme.lower() not in allowed:
        raise ValidationFailed(field, f"must start with {' or '.join(s + '://' for s in allowed)}", value)
    host = parts.hostname or ""
    if not host:
        raise ValidationFailed(field, "must name a host", value)
    if not _valid_host(host):
        raise ValidationFailed(field, f"has an invalid host {host!r}", value)
    if port == 0:
        raise ValidationFailed(field, "has an invalid port", value)
    return text


def _valid_host(host: str) -> bool:
    if host.startswith("[") or ":" in host:  # IPv6 literal, already parsed by urlsplit
        return True
    return all(_HOST_LABEL_RE.match(label) for label in host.rstrip(".").split("."))


def confine_to_roots(path: str | os.PathLike[str], roots: Iterable[Path], *, field: str = "path") -> Path:
    """The real path of ``path`` if it lies inside one of ``roots`` (both resolved), else an error.

    Relative paths are refused: a path must be absolute so it means the same thing in every process.
    """
    raw = os.fspath(path)
    if find_invisible(raw):
        raise ValidationFailed(field, "contains invisible Unicode characters", raw)
    if "\x00" in raw:
        raise ValidationFailed(field, "contains a NUL byte", raw)
    candidate = Path(raw)
    if not candidate.is_absolute():
        raise ValidationFailed(field, "must be an absolute path", raw)
    real_roots = [Path(root).resolve() for root in roots]
    if not real_roots:
        raise PathOutsideRoots(field, "no media roots are configured (set media.roots)", raw)
    resolved = candidate.resolve()
    for root in real_roots:
        if resolved == root or resolved.is_relative_to(root):
            return resolved
    raise PathOutsideRoots(field, "is outside the configured media roots", raw)
