"""Login, logout and the first-run admin setup."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from seedarr.db.models import User
from seedarr.errors import ValidationFailed
from seedarr.validation import clean_name
from seedarr.web.deps import require_ui_csrf
from seedarr.web.security import (
    client_address,
    cookie_name,
    create_session,
    delete_session,
    state_of,
    user_count,
    verify_csrf,
)
from seedarr.web.ui.templating import render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 8


def _safe_next(base: str, target: str | None) -> str:
    """Only local paths under the URL base: never an open redirect."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return f"{base}/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return f"{base}/"
    return target if target.startswith(base + "/") or not base else f"{base}/"


def _login_response(request: Request, token: str, target: str) -> Response:
    settings = state_of(request).settings
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        cookie_name(settings),
        token,
        max_age=settings.auth.session_days * 86400,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path=settings.server.url_base or "/",
    )
    return response


@router.get("/setup")
async def setup_page(request: Request) -> Response:
    state = state_of(request)
    if await user_count(state) > 0:
        return RedirectResponse(f"{state.settings.server.url_base}/login", status_code=303)
    return render(request, "setup.html", {"error": None, "username": ""})


@router.post("/setup")
async def setup_submit(
    request: Request,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    password_confirm: Annotated[str, Form()],
) -> Response:
    state = state_of(request)
    await verify_csrf(request)
    base = state.settings.server.url_base
    if await user_count(state) > 0:
        return RedirectResponse(f"{base}/login", status_code=303)
    error = None
    try:
        username = clean_name(username, field="username")
        if len(username) > 64:
            raise ValidationFailed("username", "must be at most 64 characters")
    except ValidationFailed as exc:
        error = f"Username {exc.problem}."
    if error is None and len(password) < MIN_PASSWORD_LENGTH:
        error = f"The password must have at least {MIN_PASSWORD_LENGTH} characters."
    if error is None and password != password_confirm:
        error = "The two passwords differ."
    if error is not None:
        return render(request, "setup.html", {"error": error, "username": username}, status_code=422)
    async with state.sessions() as db:
        user = User(username=username, password_hash=_hasher.hash(password))
        db.add(user)
        await db.commit()
        await db.refresh(user)
    token = await create_session(state, user)
    return _login_response(request, token, f"{base}/")


@router.get("/login")
async def login_page(request: Request, next: str | None = None) -> Response:
    state = state_of(request)
    if await user_count(state) == 0:
        return RedirectResponse(f"{state.settings.server.url_base}/setup", status_code=303)
    return render(request, "login.html", {"error": None, "next": next or "", "username": ""})


@router.post("/login")
async def login_submit(
    request: Request,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "",
) -> Response:
    state = state_of(request)
    await verify_csrf(request)
    address = client_address(request, state.settings)
    wait = state.login_throttle.retry_after(address)
    context = {"next": next, "username": username}
    if wait > 0:
        response = render(
            request,
            "login.html",
            {**context, "error": f"Too many failed logins: wait {int(wait) + 1} s."},
            429,
        )
        response.headers["Retry-After"] = str(int(wait) + 1)
        return response
    async with state.sessions() as db:
        user = (await db.execute(select(User).where(User.username == username.strip()))).scalar_one_or_none()
    valid = False
    if user is not None:
        try:
            valid = _hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            valid = False
    else:
        # spend the same time as a real check so usernames cannot be probed by timing
        _hasher.hash(password)
    if not valid or user is None:
        state.login_throttle.failed(address)
        return render(request, "login.html", {**context, "error": "Wrong username or password."}, 401)
    state.login_throttle.succeeded(address)
    if _hasher.check_needs_rehash(user.password_hash):
        async with state.sessions() as db:
            stored = await db.get(User, user.id)
            if stored is not None:
                stored.password_hash = _hasher.hash(password)
                await db.commit()
    token = await create_session(state, user)
    return _login_response(request, token, _safe_next(state.settings.server.url_base, next))


@router.post("/logout", dependencies=[Depends(require_ui_csrf)])
async def logout(request: Request) -> Response:
    settings = state_of(request).settings
    await delete_session(request)
    response = RedirectResponse(f"{settings.server.url_base}/login", status_code=303)
    response.delete_cookie(cookie_name(settings), path=settings.server.url_base or "/")
    return response
