"""FastAPI dependencies and their Annotated aliases, so route signatures stay short."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from seedarr.web.security import (
    AuthRequiredError,
    SetupRequiredError,
    check_api_access,
    state_of,
    ui_access_granted,
    user_count,
    verify_csrf,
)
from seedarr.web.state import AppState

__all__ = ["ApiAccess", "State", "require_api", "require_api_or_ui", "require_ui", "require_ui_csrf"]


def get_state(request: Request) -> AppState:
    return state_of(request)


State = Annotated[AppState, Depends(get_state)]


async def require_api(request: Request) -> None:
    """API routes: the API key (or a permitted local address)."""
    check_api_access(request)


async def require_ui(request: Request) -> None:
    """UI pages: first-run setup done, then a session (or a permitted bypass)."""
    state = state_of(request)
    if await user_count(state) == 0:
        raise SetupRequiredError
    if not await ui_access_granted(request):
        raise AuthRequiredError("log in first")


async def require_ui_csrf(request: Request) -> None:
    """State-changing UI requests: logged in and carrying the CSRF token."""
    await require_ui(request)
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        await verify_csrf(request)


async def require_api_or_ui(request: Request) -> None:
    """Docs and detailed health: an API key, or a logged-in browser."""
    try:
        check_api_access(request)
    except AuthRequiredError:
        if await user_count(state_of(request)) == 0 or not await ui_access_granted(request):
            raise
    return None


ApiAccess = Depends(require_api)
