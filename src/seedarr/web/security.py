"""Who is calling: API keys, forms-login sessions, local addresses behind trusted proxies, CSRF tokens.

- ``/api/v1`` accepts the key as ``X-Api-Key``, ``apikey`` query, or ``Authorization: Bearer`` (in that
  order), plus ``access_token`` for browser EventSource; a bad or missing key is a 401 JSON answer.
- UI pages need a session cookie (``<InstanceName>Auth``: HttpOnly, SameSite=Lax, path = URL base); without
  one, pages redirect to the login and HTMX/AJAX calls get 401 JSON. Before the first admin exists every
  page leads to the first-run setup.
- "Not required for local addresses" trusts the peer address, or ``X-Forwarded-For`` only when the peer is a
  configured trusted proxy.
- CSRF: a signed random token in an HttpOnly cookie, repeated in each form (``csrf_token``) or HTMX request
  (``X-CSRF-Token``); API-key requests are exempt.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from datetime import timedelta

from fastapi import Request
from sqlalchemy import delete, func, select

from seedarr.db.models import UiSession, User
from seedarr.db.types import utcnow
from seedarr.settings import AuthMethod, AuthRequired, Settings
from seedarr.web.state import AppState

__all__ = [
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "AuthRequiredError",
    "CsrfError",
    "SetupRequiredError",
    "api_key_from_request",
    "check_api_access",
    "client_address",
    "cookie_name",
    "create_session",
    "csrf_token_for",
    "delete_session",
    "is_local_address",
    "session_user",
    "user_count",
    "verify_csrf",
]

CSRF_COOKIE = "SeedarrCsrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"

_LOCAL_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in (
        "127.0.0.0/8",
        "::1/128",
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "169.254.0.0/16",
        "fc00::/7",
        "fe80::/10",
    )
)
_CGNAT = ipaddress.ip_network("100.64.0.0/10")


class AuthRequiredError(Exception):
    """The caller must log in (pages) or present an API key (API)."""


class SetupRequiredError(Exception):
    """No admin user exists yet: the first-run setup page comes first."""


class CsrfError(Exception):
    """A state-changing UI request came without a valid CSRF token."""


def state_of(request: Request) -> AppState:
    state: AppState = request.app.state.seedarr
    return state


def cookie_name(settings: Settings) -> str:
    safe = "".join(ch for ch in settings.app.instance_name if ch.isalnum()) or "Seedarr"
    return f"{safe}Auth"


def _parse_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _in_networks(address: str, networks: list[str]) -> bool:
    ip = _parse_ip(address)
    if ip is None:
        return False
    for network in networks:
        try:
            if ip in ipaddress.ip_network(network, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_address(request: Request, settings: Settings) -> str:
    """The caller's address; ``X-Forwarded-For`` counts only when the peer is a trusted proxy."""
    peer = request.client.host if request.client else ""
    forwarded = request.headers.get("x-forwarded-for")
    if not forwarded or not _in_networks(peer, settings.server.trusted_proxies):
        return peer
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    # walk from the nearest hop outwards, skipping our own proxies
    for hop in reversed(hops):
        if not _in_networks(hop, settings.server.trusted_proxies):
            return hop
    return hops[0] if hops else peer


def is_local_address(address: str, *, trust_cgnat: bool = False) -> bool:
    ip = _parse_ip(address)
    if ip is None:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip in network for network in _LOCAL_NETWORKS):
        return True
    return trust_cgnat and ip in _CGNAT


def _local_bypass(request: Request, settings: Settings) -> bool:
    if settings.auth.required is not AuthRequired.DISABLED_FOR_LOCAL_ADDRESSES:
        return False
    return is_local_address(client_address(request, settings), trust_cgnat=settings.auth.trust_cgnat)


def api_key_from_request(request: Request) -> str | None:
    """The key from ``X-Api-Key``, ``apikey``, ``Authorization: Bearer`` or ``access_token``, first found."""
    header = request.headers.get("x-api-key")
    if header:
        return header.strip()
    query = request.query_params.get("apikey")
    if query:
        return query.strip()
    authorization = request.headers.get("authorization", "")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    access = request.query_params.get("access_token")
    return access.strip() if access else None


def check_api_access(request: Request) -> None:
    """Raise :class:`AuthRequiredError` unless the request has the API key (or is a permitted local call)."""
    state = state_of(request)
    presented = api_key_from_request(request)
    if presented is not None and hmac.compare_digest(
        presented.encode("utf-8", "replace"), state.api_key.reveal().encode()
    ):
        return
    if _local_bypass(request, state.settings):
        return
    raise AuthRequiredError("a valid API key is required (X-Api-Key header, apikey query or Bearer token)")


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def user_count(state: AppState) -> int:
    async with state.sessions() as db:
        return int((await db.execute(select(func.count()).select_from(User))).scalar_one())


async def session_user(request: Request) -> User | None:
    """The logged-in user for this request, or None (expired and unknown sessions count as none)."""
    state = state_of(request)
    token = request.cookies.get(cookie_name(state.settings))
    if not token:
        return None
    async with state.sessions() as db:
        row = (
            await db.execute(
                select(User)
                .join(UiSession, UiSession.user_id == User.id)
                .where(UiSession.token_hash == _hash_token(token), UiSession.expires_at > utcnow())
            )
        ).scalar_one_or_none()
    return row


async def ui_access_granted(request: Request) -> bool:
    """True when a page may be shown without a login (auth method, local bypass) or a session exists."""
    state = state_of(request)
    settings = state.settings
    if settings.auth.method is AuthMethod.NONE:
        return True
    if settings.auth.method is AuthMethod.EXTERNAL and _in_networks(
        request.client.host if request.client else "", settings.server.trusted_proxies
    ):
        return True
    if _local_bypass(request, settings):
        return True
    return await session_user(request) is not None


async def create_session(state: AppState, user: User) -> str:
    """A new session for ``user``; returns the cookie token (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    async with state.sessions() as db:
        await db.execute(delete(UiSession).where(UiSession.expires_at <= now))
        db.add(
            UiSession(
                token_hash=_hash_token(token),
                user_id=user.id,
                created_at=now,
                expires_at=now + timedelta(days=state.settings.auth.session_days),
            )
        )
        await db.commit()
    return token


async def delete_session(request: Request) -> None:
    state = state_of(request)
    token = request.cookies.get(cookie_name(state.settings))
    if not token:
        return
    async with state.sessions() as db:
        await db.execute(delete(UiSession).where(UiSession.token_hash == _hash_token(token)))
        await db.commit()


def _sign(key: bytes, nonce: str) -> str:
    return hmac.new(key, nonce.encode(), hashlib.sha256).hexdigest()[:32]


def new_csrf_cookie(state: AppState) -> str:
    nonce = secrets.token_urlsafe(18)
    return f"{nonce}.{_sign(state.csrf_key, nonce)}"


def _valid_cookie(state: AppState, value: str | None) -> bool:
    if not value or "." not in value:
        return False
    nonce, _, signature = value.partition(".")
    return hmac.compare_digest(signature, _sign(state.csrf_key, nonce))


def csrf_token_for(request: Request) -> str:
    """The token to embed in forms: the request's CSRF cookie, or a new one the response must set."""
    state = state_of(request)
    current = request.cookies.get(CSRF_COOKIE)
    if _valid_cookie(state, current):
        return str(current)
    fresh = getattr(request.state, "new_csrf_cookie", None)
    if fresh is None:
        fresh = new_csrf_cookie(state)
        request.state.new_csrf_cookie = fresh
    return str(fresh)


async def verify_csrf(request: Request) -> None:
    """Raise :class:`CsrfError` unless the form field or header repeats the signed cookie."""
    state = state_of(request)
    cookie = request.cookies.get(CSRF_COOKIE)
    if not _valid_cookie(state, cookie):
        raise CsrfError("missing or invalid CSRF cookie: reload the page and try again")
    presented = request.headers.get(CSRF_HEADER)
    if presented is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            presented = value if isinstance(value, str) else None
    if not presented or not hmac.compare_digest(presented, str(cookie)):
        raise CsrfError("the form's CSRF token does not match: reload the page and try again")
