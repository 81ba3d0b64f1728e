"""A client for one Torznab endpoint: a Prowlarr or Jackett indexer, or a site's own (trackers spec §5).

:class:`TorznabClient` talks to one indexer's endpoint (``https://site/api``, Prowlarr's
``http://host:9696/{indexerId}/api``…) with the key in the ``apikey`` query parameter, as the protocol
wants. It reads ``t=caps`` once (cached) and sends a search only with the parameters the caps list as
supported for that function, falling back to ``q`` (and to ``t=search``) when none of the given ones is;
answers are parsed safely by :mod:`seedarr.trackers.torznab_xml` into :class:`TorznabItem` values, which
become :class:`~seedarr.trackers.base.SearchHit` with ``origin="torznab"``.

:class:`TorznabPolicy` is the shared request policy (rate limit, retries) reading Torznab ``<error>``
documents whatever the HTTP status (Prowlarr sends 400/401/410/429, others send 200)::

    100 to 199 (credentials)           → TrackerAuthError, never retried
    200/201/202/203 (bad request)      → TrackerRejected
    410 (indexer disabled)             → TrackerRejected
    429 (+ Retry-After)                → RateLimited: every request of this indexer waits, then retries
    5xx, 900+ (server trouble)         → ServiceUnavailable, retried with backoff

The key rides in the query string, so every URL this module shows is masked and every error it raises is
scrubbed of the key (message and cause).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Literal
from xml.etree.ElementTree import Element

import httpx

from seedarr.domain.urls import MASK, mask_url_secrets
from seedarr.errors import RateLimited, SeedarrError, ServiceUnavailable, ValidationFailed
from seedarr.metadata.http import RequestPolicy, RetryOptions, parse_retry_after
from seedarr.secrets import Secret
from seedarr.trackers.base import TrackerAuthError, TrackerRejected
from seedarr.trackers.torznab_xml import (
    GENERIC_PARAMS,
    TorznabCaps,
    TorznabError,
    TorznabItem,
    TorznabXmlError,
    error_of,
    looks_like_error,
    parse_caps,
    parse_items,
    parse_xml,
)

__all__ = ["ParamValue", "SearchFunction", "TorznabClient", "TorznabPolicy"]

SearchFunction = Literal["search", "tvsearch", "movie"]
ParamValue = str | int | None
_ACCEPT = "application/rss+xml, application/xml;q=0.9, text/xml;q=0.8"


class TorznabPolicy(RequestPolicy):
    """Rate limit and retries for one Torznab indexer, its ``<error>`` codes mapped (module docstring)."""

    def __init__(
        self, service: str, *, rate_per_s: float = 1.0, burst: int = 1, retry: RetryOptions | None = None
    ) -> None:
        super().__init__(service, rate_per_s=rate_per_s, burst=burst, retry=retry, describe=_describe)

    def _raise_for_status(self, response: httpx.Response) -> None:
        if looks_like_error(response.content):
            error = _error(response.content)
            if error is not None:
                self.raise_error(error, response)
        code = response.status_code
        if code in (401, 403):
            raise TrackerAuthError(self.service, f"HTTP {code}: the API key was refused", status_code=code)
        if 300 <= code < 400 or (400 <= code < 500 and code != 429):
            raise TrackerRejected(self.service, f"HTTP {code}", status_code=code)
        super()._raise_for_status(response)  # 2xx passes; 429 pauses then retries; 5xx retries

    def raise_error(self, error: TorznabError, response: httpx.Response) -> None:
        """Raise what a Torznab ``<error>`` means (see the module docstring)."""
        status, text = response.status_code, error.description or "no description"
        if 100 <= error.code < 200:
            raise TrackerAuthError(self.service, f"error {error.code}: {text}", status_code=status)
        if error.code == 429:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if retry_after is not None:
                pause = min(retry_after, self.retry.max_retry_after_s)
                self._paused_until = max(self._paused_until, time.monotonic() + pause)
            raise RateLimited(self.service, f"error 429: {text}", retry_after=retry_after)
        if error.code == 410:
            raise TrackerRejected(self.service, f"the indexer is disabled ({text})", status_code=status)
        if error.code >= 900 or status >= 500:
            raise ServiceUnavailable(self.service, f"error {error.code}: {text}", status_code=status)
        raise TrackerRejected(self.service, f"error {error.code}: {text}", status_code=status)


def _error(content: bytes) -> TorznabError | None:
    try:
        return error_of(parse_xml(content))
    except TorznabXmlError:
        return None


def _describe(response: httpx.Response) -> str:
    error = _error(response.content) if looks_like_error(response.content) else None
    if error is not None:
        return f"HTTP {response.status_code}: error {error.code}: {error.description[:200]}"
    return f"HTTP {response.status_code}"


class TorznabClient:
    """One Torznab endpoint; ``api_key`` goes out only as the ``apikey`` parameter of its own URL."""

    def __init__(
        self,
        base_url: str,
        api_key: Secret,
        http: httpx.AsyncClient,
        policy: TorznabPolicy,
        *,
        imdb_with_tt: bool = False,
        caps_ttl_s: float = 6 * 3600,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._key = api_key
        self._http = http
        self._policy = policy
        self._imdb_with_tt = imdb_with_tt
        self._caps_ttl_s = caps_ttl_s
        self._caps: tuple[float, TorznabCaps] | None = None

    @property
    def service(self) -> str:
        return self._policy.service

    def __repr__(self) -> str:
        return f"TorznabClient({mask_url_secrets(self.base_url)!r})"

    async def caps(self, *, refresh: bool = False) -> TorznabCaps:
        """The indexer's capabilities, fetched once and kept ``caps_ttl_s`` seconds."""
        if self._caps is not None and not refresh and time.monotonic() - self._caps[0] < self._caps_ttl_s:
            return self._caps[1]
        root = await self._get([("t", "caps")])
        try:
            caps = parse_caps(root)
        except TorznabXmlError as exc:
            raise ServiceUnavailable(self.service, str(exc)) from None
        self._caps = (time.monotonic(), caps)
        return caps

    async def search(
        self, function: SearchFunction, params: Mapping[str, ParamValue], *, fallback_q: str | None = None
    ) -> list[TorznabItem]:
        """Items for ``t=function`` with the supported subset of ``params`` (see :meth:`plan`)."""
        return await self.items(self.plan(await self.caps(), function, params, fallback_q))

    async def items(self, query: list[tuple[str, str]]) -> list[TorznabItem]:
        """The items of one planned query (see :meth:`plan`; the key is added here)."""
        root = await self._get(query)
        try:
            return parse_items(root)
        except TorznabXmlError as exc:
            raise ServiceUnavailable(self.service, str(exc)) from None

    def plan(
        self,
        caps: TorznabCaps,
        function: str,
        params: Mapping[str, ParamValue],
        fallback_q: str | None = None,
    ) -> list[tuple[str, str]]:
        """The query of a search (``t`` first, no key): only what ``caps`` supports for ``function``.

        A function the indexer does not offer becomes ``t=search``; when none of the given search
        parameters is supported, ``fallback_q`` is sent as ``q``. ValidationFailed when nothing is left
        to search by; TrackerRejected when the indexer offers no search at all.
        """
        chosen = function
        mode = caps.mode(function)
        if (mode is None or not mode.available) and function != "search":
            chosen, mode = "search", caps.mode("search")
        if mode is None or not mode.available:
            raise TrackerRejected(self.service, f"the indexer offers no {function} search")
        allowed = mode.supported_params | GENERIC_PARAMS
        given = {k.lower(): v for k, v in params.items() if v is not None and str(v).strip()}
        sent = [(k, self._value(k, v)) for k, v in given.items() if k in allowed]
        if not any(k not in GENERIC_PARAMS for k, _ in sent):
            if fallback_q and "q" in allowed:
                sent.append(("q", fallback_q))
            elif fallback_q and chosen != "search":
                generic = {k: v for k, v in given.items() if k in GENERIC_PARAMS}
                return self.plan(caps, "search", generic, fallback_q)
            else:
                unsupported = ", ".join(sorted(set(given) - allowed)) or "nothing"
                raise ValidationFailed(
                    "query", f"{self.service} cannot search {chosen} by {unsupported}; give a title"
                )
        return [("t", chosen), *sent]

    def _value(self, name: str, value: str | int) -> str:
        text = str(value).strip()
        if name == "imdbid":
            digits = text.lower().removeprefix("tt")
            if not digits.isdigit():
                raise ValidationFailed("imdbid", "must be tt followed by digits", text)
            return f"tt{int(digits):07d}" if self._imdb_with_tt else digits
        return text

    async def _get(self, query: list[tuple[str, str]]) -> Element:
        params = [*query, ("apikey", self._key.reveal())]
        try:
            response = await self._policy.send(
                self._http, "GET", self.base_url, params=params, headers={"Accept": _ACCEPT}
            )
        except SeedarrError as exc:
            raise self._scrubbed(exc) from None
        try:
            root = parse_xml(response.content)
        except TorznabXmlError as exc:
            raise ServiceUnavailable(self.service, f"not a Torznab answer: {exc}") from None
        error = error_of(root)
        if error is not None:  # an <error> the cheap check missed (a comment before it, …)
            try:
                self._policy.raise_error(error, response)
            except SeedarrError as exc:
                raise self._scrubbed(exc) from None
        return root

    def _scrubbed(self, exc: SeedarrError) -> SeedarrError:
        """``exc`` with the key masked in its message (callers re-raise it ``from None``: the httpx cause
        holds the request URL, key included)."""
        key = self._key.reveal()
        if key and key in exc.message:
            exc.message = exc.message.replace(key, MASK)
            exc.args = (exc.message,)
        return exc
