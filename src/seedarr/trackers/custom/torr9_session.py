"""torr9's authentication: a session token from the login route, or the static API token (spec §3).

Both are sent as ``Authorization: Bearer <token>``, with the site's extra headers (Origin, Referer). When a
username and password are set, :class:`Torr9Session` logs in first (``POST /api/v1/auth/login`` with
``{"username", "password", "remember_me": true}`` → ``{"token": <JWT>, "user": {…}}``), caches the JWT
(wrapped in :class:`~seedarr.secrets.Secret`) and logs in again before it expires (when the JWT says when)
or once after a 401; a second 401 is a :class:`~seedarr.trackers.base.TrackerAuthError`. If the login
itself fails and a static token is set, the session falls back to it for the rest of its life.
Every request goes through the tracker's :class:`~seedarr.trackers.http.TrackerRequestPolicy`.
"""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections.abc import Mapping
from typing import Any

import httpx
import structlog

from seedarr.errors import ConfigurationError, ExternalServiceError, ServiceUnavailable
from seedarr.secrets import Secret
from seedarr.trackers.base import TrackerAuthError
from seedarr.trackers.http import TrackerRequestPolicy
from seedarr.trackers.settings import TrackerSettings

__all__ = ["Torr9Session", "jwt_expiry"]

_log = structlog.stdlib.get_logger("seedarr.trackers")
_EXPIRY_MARGIN_S = 30.0


def jwt_expiry(token: str) -> float | None:
    """The ``exp`` claim (epoch seconds) of a JWT, None when the token is not a JWT or says nothing."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, UnicodeDecodeError):
        return None
    exp = payload.get("exp") if isinstance(payload, dict) else None
    return float(exp) if isinstance(exp, int | float) and not isinstance(exp, bool) else None


class Torr9Session:
    """The bearer token of one configured torr9 account, and authenticated requests with it."""

    def __init__(
        self,
        service: str,
        settings: TrackerSettings,
        http: httpx.AsyncClient,
        policy: TrackerRequestPolicy,
        *,
        login_url: str,
        headers: Mapping[str, str],
    ) -> None:
        self.service = service
        self.username = settings.text("username")
        password, api_key = settings.values.get("password"), settings.values.get("apiKey")
        self._password = password if isinstance(password, Secret) and password else None
        self._api_key = api_key if isinstance(api_key, Secret) and api_key else None
        if self._password is not None and not self.username:
            raise ConfigurationError(f"{service}: a password needs a username")
        if self._password is None and self._api_key is None:
            raise ConfigurationError(f"{service}: set an API token, or a username and a password")
        self._http = http
        self._policy = policy
        self._login_url = login_url
        self._headers = {"Accept": "application/json", **headers}
        self._jwt: Secret | None = None
        self._expires_at: float | None = None
        self._login_failed = False
        self._lock = asyncio.Lock()

    @property
    def uses_login(self) -> bool:
        """True while the session logs in with the account (False without a password or after a fallback)."""
        return self._password is not None and not self._login_failed

    async def login(self) -> dict[str, Any]:
        """Log in now and cache the token; the answer's ``user`` object (without ever logging it)."""
        assert self._password is not None
        payload = {"username": self.username, "password": self._password.reveal(), "remember_me": True}
        response = await self._policy.send(
            self._http, "POST", self._login_url, json=payload, headers=self._headers
        )
        body = _json(response, self.service)
        token = body.get("token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise TrackerAuthError(self.service, "the login answer carried no token")
        self._jwt = Secret(token)
        self._expires_at = jwt_expiry(token)
        user = body.get("user")
        return user if isinstance(user, dict) else {}

    async def send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """An authenticated request; after a 401 with a session token, one new login and one retry."""
        token, is_jwt = await self._bearer()
        try:
            return await self._policy.send(self._http, method, url, headers=self._auth(token), **kwargs)
        except TrackerAuthError as exc:
            if not is_jwt or exc.status_code != 401:
                raise
            _log.info("tracker_session_renewed", tracker=self.service, reason="token refused")
        async with self._lock:  # a concurrent call may have renewed it already
            if self._jwt is not None and self._jwt.reveal() == token:
                self._jwt = None
        token, _ = await self._bearer()
        return await self._policy.send(self._http, method, url, headers=self._auth(token), **kwargs)

    async def send_json(self, method: str, url: str, **kwargs: Any) -> Any:
        """:meth:`send`, then the answer's JSON (ServiceUnavailable when it is not JSON)."""
        return _json(await self.send(method, url, **kwargs), self.service)

    def _auth(self, token: str) -> dict[str, str]:
        return {**self._headers, "Authorization": f"Bearer {token}"}

    def _expiring(self) -> bool:
        return self._expires_at is not None and self._expires_at - _EXPIRY_MARGIN_S <= time.time()

    async def _bearer(self) -> tuple[str, bool]:
        if self.uses_login:
            async with self._lock:
                if self._jwt is None or self._expiring():
                    try:
                        await self.login()
                    except ExternalServiceError as exc:
                        if self._api_key is None:
                            raise
                        self._login_failed = True
                        _log.warning(
                            "tracker_login_failed_using_api_token",
                            tracker=self.service,
                            reason=type(exc).__name__,
                        )
                        return self._api_key.reveal(), False
                if self._jwt is not None:
                    return self._jwt.reveal(), True
        if self._api_key is None:
            raise TrackerAuthError(self.service, "no API token to fall back to")
        return self._api_key.reveal(), False


def _json(response: httpx.Response, service: str) -> Any:
    try:
        return response.json()
    except ValueError:
        raise ServiceUnavailable(service, "answered with something that is not JSON") from None
