"""Redaction of secrets from anything that is about to be logged.

Applied as the last structlog processor (and so to the access log and to third-party loggers routed through
structlog), it removes: every value ever wrapped in :class:`~seedarr.secrets.Secret`; ``apikey=``,
``passkey=``, ``api_token=``, ``token=``, ``access_token=`` and ``api_key=`` query values; passkeys inside
announce URLs (``/announce/<key>``, ``/<key>/announce``); ``Authorization``, ``Cookie`` and ``X-Api-Key``
header values; Bearer tokens.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping
from typing import Any

from seedarr.secrets import MASK, Secret, known_secret_values

__all__ = ["redact_event", "redact_text", "redact_value"]

_QUERY_SECRET_RE = re.compile(
    r"(?i)(?P<key>[?&;\s\"']?(?:api_?key|passkey|api_token|access_token|token|authkey|torrent_pass|password|pass)"
    r"[\"']?\s*[=:]\s*[\"']?)(?P<value>[^&\s\"',;}]+)"
)
_ANNOUNCE_PATH_RE = re.compile(
    r"(?i)(?P<pre>/(?:announce|tracker)/)(?P<key>[A-Za-z0-9_-]{16,})|"
    r"(?P<pre2>/)(?P<key2>[A-Za-z0-9_-]{16,})(?P<post2>/announce)"
)
_AUTH_HEADER_RE = re.compile(
    r"(?i)(?P<key>\b(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key)[\"']?\s*[:=]\s*[\"']?)"
    r"(?P<value>[^\"'\n]+)"
)
_BEARER_RE = re.compile(r"(?i)\b(?P<key>bearer\s+)(?P<value>[A-Za-z0-9._~+/=-]{8,})")
_SECRET_KEY_NAMES = frozenset(
    {
        "api_key",
        "apikey",
        "x-api-key",
        "passkey",
        "password",
        "authorization",
        "cookie",
        "set-cookie",
        "token",
        "access_token",
        "api_token",
        "secret",
        "announce_url",
        "webhook_url",
    }
)


def redact_text(text: str, extra_values: frozenset[str] | None = None) -> str:
    """``text`` with every known secret value and every secret-shaped fragment replaced by the mask."""
    values = known_secret_values() if extra_values is None else extra_values | known_secret_values()
    for value in sorted(values, key=len, reverse=True):
        if value in text:
            text = text.replace(value, MASK)
    text = _AUTH_HEADER_RE.sub(lambda m: m.group("key") + MASK, text)
    text = _BEARER_RE.sub(lambda m: m.group("key") + MASK, text)
    text = _QUERY_SECRET_RE.sub(lambda m: m.group("key") + MASK, text)
    return _ANNOUNCE_PATH_RE.sub(_mask_announce, text)


def _mask_announce(match: re.Match[str]) -> str:
    if match.group("pre"):
        return match.group("pre") + MASK
    return match.group("pre2") + MASK + match.group("post2")


def redact_value(value: Any, key: str | None = None) -> Any:
    """Redact a log value of any JSON-like shape; values under secret-named keys are masked whole."""
    if isinstance(value, Secret):
        return MASK
    if key is not None and key.lower().replace("-", "_") in {k.replace("-", "_") for k in _SECRET_KEY_NAMES}:
        return MASK if value not in (None, "", False) else value
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, Mapping):
        return {k: redact_value(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [redact_value(v) for v in value]
    if isinstance(value, bytes):
        return redact_text(value.decode("utf-8", "replace"))
    if isinstance(value, int | float | bool) or value is None:
        return value
    return redact_text(str(value))


def redact_event(
    _logger: object, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: redact every field of the event, the message and any rendered exception."""
    for key in list(event_dict):
        event_dict[key] = redact_value(event_dict[key], None if key == "event" else key)
    return event_dict
