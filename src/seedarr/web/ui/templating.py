"""Jinja2 environment of the UI and the one ``render`` helper every page uses.

``render`` adds what every page needs (URL base, version, CSRF token, navigation) and sets the CSRF cookie
when the request did not have a valid one yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from seedarr import __version__
from seedarr.web.security import CSRF_COOKIE, csrf_token_for, state_of

__all__ = ["NAVIGATION", "NavEntry", "render", "templates"]

templates = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")


@dataclass(frozen=True, slots=True)
class NavEntry:
    section: str
    label: str
    path: str
    icon: str


# The sidebar: pages register here as they are built, grouped like the *arr apps (Activity, Settings, System).
NAVIGATION: list[NavEntry] = [
    NavEntry("", "Dashboard", "/", "home"),
    NavEntry("Settings", "Trackers", "/settings/trackers", "tag"),
    NavEntry("System", "Status", "/system/status", "pulse"),
    NavEntry("System", "API docs", "/docs", "book"),
]


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    state = state_of(request)
    settings = state.settings
    base = settings.server.url_base
    values: dict[str, Any] = {
        "request": request,
        "url_base": base,
        "version": __version__,
        "instance_name": settings.app.instance_name,
        "csrf_token": csrf_token_for(request),
        "navigation": NAVIGATION,
        "current_path": request.url.path[len(base) :] or "/",
    }
    values.update(context or {})
    response = templates.TemplateResponse(request, template, values, status_code=status_code)
    fresh = getattr(request.state, "new_csrf_cookie", None)
    if fresh:
        response.set_cookie(
            CSRF_COOKIE,
            fresh,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path=base or "/",
        )
    response.headers["Cache-Control"] = "no-store"
    return response
