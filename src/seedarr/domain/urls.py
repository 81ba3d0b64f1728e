"""Hiding the secrets that URLs carry (passkeys in announce URLs, API keys in query strings).

:func:`mask_url_secrets` keeps a URL recognisable (scheme, host, path shape) while replacing secret query
values (``passkey=``, ``apikey=``, ``api_token=``, ``token=`` and their spellings) and long key-like path
segments (16+ hexadecimal or alphanumeric characters mixing letters and digits, such as
``/announce/<passkey>``) with ``***``. The CLI, the API and the log redactor all use it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

__all__ = ["MASK", "mask_url_secrets"]

MASK = "***"
_SECRET_PARAMS = frozenset(
    {
        "passkey",
        "apikey",
        "api_key",
        "api_token",
        "apitoken",
        "token",
        "access_token",
        "authkey",
        "torrent_pass",
    }
)
_QUERY_PAIR_RE = re.compile(r"([^&;=]+)=([^&;]*)")
_HEX_RE = re.compile(r"^[0-9a-fA-F]{16,}$")
_ALNUM_RE = re.compile(r"^[A-Za-z0-9_-]{16,}$")


def _is_key_like(segment: str) -> bool:
    if _HEX_RE.match(segment):
        return True
    # long alphanumeric tokens mixing letters and digits; plain words such as "announcements" stay
    return (
        bool(_ALNUM_RE.match(segment))
        and any(c.isdigit() for c in segment)
        and any(c.isalpha() for c in segment)
    )


def _mask_query(query: str) -> str:
    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        return f"{key}={MASK}" if key.lower() in _SECRET_PARAMS and match.group(2) else match.group(0)

    return _QUERY_PAIR_RE.sub(replace, query)


def mask_url_secrets(url: str) -> str:
    """``url`` with passkeys, API keys and tokens replaced by ``***``; user:password too. Never raises."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return MASK
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{MASK}@{netloc.rsplit('@', 1)[1]}"
    path = "/".join(MASK if _is_key_like(seg) else seg for seg in parts.path.split("/"))
    return urlunsplit((parts.scheme, netloc, path, _mask_query(parts.query), parts.fragment))
