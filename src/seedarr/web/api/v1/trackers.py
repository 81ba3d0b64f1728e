"""``/api/v1/trackers``: configured trackers (CRUD, test, sync) and the definitions they are made from.

Resources follow Servarr's provider pattern (arr-conventions §7): each tracker shows its definition's form
as ``fields`` with secrets answering ``********``; a PUT (or a test) that sends the mask, or leaves a secret
out, keeps the stored one. Errors: an unknown id is a 404; a bad value is a 422 naming the field; a site
that refuses the credentials is a 422 naming the credential setting (and flags a saved tracker:
``authStatus`` becomes ``failed``); a test that cannot reach the site is a 422 too (Servarr's "200, or
validation failures" for tests), while a sync against a site that is down or answers off-script is a 502;
a tracker whose definition this version no longer ships is a 409.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Receive, Scope, Send

from seedarr.errors import ValidationFailed
from seedarr.trackers.accounts import TrackerAccounts
from seedarr.trackers.accounts_form import form_fields
from seedarr.trackers.accounts_store import AccountInput, TrackerAccountNotFound, TrackerUnavailable
from seedarr.web.api.v1.tracker_schemas import (
    MAX_ID,
    ConnectionTestResult,
    TrackerCreate,
    TrackerDefinitionPublic,
    TrackerDeleted,
    TrackerPublic,
    TrackerTestRequest,
    TrackerUpdate,
    account_public,
    definition_public,
)
from seedarr.web.deps import State
from seedarr.web.schemas import ErrorResponse, ValidationFailure

__all__ = ["router", "tracker_accounts"]


class _SharedPathRoute(APIRoute):
    """A 405's ``Allow`` header lists every method of the path (GET and POST ``/trackers``)."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.methods and scope["method"] not in self.methods:
            allowed = {
                method
                for route in router.routes
                if isinstance(route, APIRoute) and route.path == self.path
                for method in route.methods or ()
            }
            raise StarletteHTTPException(status_code=405, headers={"Allow": ", ".join(sorted(allowed))})
        await super().handle(scope, receive, send)


router = APIRouter(tags=["trackers"], route_class=_SharedPathRoute)


def tracker_accounts(state: State) -> TrackerAccounts:
    """The account service on the app's database and shared HTTP client (tests may override it)."""
    return TrackerAccounts(state.sessions, state.http, services=state.tracker_services)


Accounts = Annotated[TrackerAccounts, Depends(tracker_accounts)]
AccountId = Annotated[int, Path(ge=1, le=MAX_ID, description="The tracker's id.")]
Responses = dict[int | str, dict[str, Any]]

_404: Responses = {404: {"model": ErrorResponse, "description": "No tracker with this id."}}
_409: Responses = {
    409: {"model": ErrorResponse, "description": "This version does not ship the tracker's definition."}
}
_422: Responses = {
    422: {
        "model": list[ValidationFailure],
        "description": "A value breaks a rule, or the site refused the credentials (the failure names the "
        "credential setting, e.g. `apiKey`).",
    }
}
_422_TEST: Responses = {
    422: {
        "model": list[ValidationFailure],
        "description": "A value breaks a rule, the site refused the credentials (the failure names the "
        "credential setting, e.g. `apiKey`), or the test could not reach the site (the failure names "
        "`baseUrl`, or nothing when the site's address is fixed), as Servarr answers a failed test.",
    }
}
_400: Responses = {400: {"model": ErrorResponse, "description": "The body is not valid JSON."}}
_502: Responses = {
    502: {"model": ErrorResponse, "description": "The site is down, timed out or answered off-script."}
}


@contextmanager
def _http_errors() -> Iterator[None]:
    try:
        yield
    except TrackerAccountNotFound as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None
    except TrackerUnavailable as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None


def _input(body: TrackerUpdate) -> AccountInput:
    values: dict[str, Any] = {}
    for item in body.fields:
        values[item.name] = item.value
    for name, value in body.settings.items():
        if name in values:
            raise ValidationFailed(name, "is given both in fields and in settings")
        values[name] = value
    return AccountInput(
        name=body.name,
        tracker_id=body.tracker_id,
        enabled=body.enable,
        priority=body.priority,
        values=values,
    )


@router.get(
    "/trackers/definitions",
    summary="Tracker definitions",
    description="Every tracker Seedarr ships (UNIT3D sites and custom sites), with the form a person fills "
    "in as Servarr-style `fields` (defaults as values), the engine, the `source` flag and the piece rule.",
    response_model=list[TrackerDefinitionPublic],
)
async def list_definitions(accounts: Accounts) -> list[TrackerDefinitionPublic]:
    return [definition_public(d, form_fields(d)) for d in accounts.registry]


@router.get(
    "/trackers",
    summary="List trackers",
    description="Every configured tracker, by priority then name; secrets answer `********`.",
    response_model=list[TrackerPublic],
)
async def list_trackers(accounts: Accounts) -> list[TrackerPublic]:
    return [account_public(view) for view in await accounts.list_all()]


@router.get(
    "/trackers/{account_id:int}",
    summary="One tracker",
    description="A configured tracker with its form values (secrets answer `********`), its credential "
    "status (`authStatus`) and the metadata of its last sync.",
    response_model=TrackerPublic,
    responses=_404,
)
async def get_tracker(accounts: Accounts, account_id: AccountId) -> TrackerPublic:
    with _http_errors():
        return account_public(await accounts.get(account_id))


@router.post(
    "/trackers",
    summary="Add a tracker",
    description="Saves a tracker account for a definition (`trackerId`). Values go in `settings` (by name) "
    "or in Servarr's `fields` list; they are checked against the definition's form, and secrets are "
    "stored encrypted. Test first with `POST /trackers/test`.",
    response_model=TrackerPublic,
    responses={**_400, **_422},
)
async def create_tracker(accounts: Accounts, body: TrackerCreate) -> TrackerPublic:
    return account_public(await accounts.create(_input(body)))


@router.put(
    "/trackers/{account_id:int}",
    summary="Change a tracker",
    description="Changes a tracker's name, switches or settings. Settings left out keep their value, and "
    "a secret sent as `********` keeps the stored secret; `null` clears a value. New credentials reset "
    "`authStatus` to `unknown`. The definition (`trackerId`) cannot change.",
    response_model=TrackerPublic,
    responses={**_400, **_404, **_409, **_422},
)
async def update_tracker(accounts: Accounts, account_id: AccountId, body: TrackerUpdate) -> TrackerPublic:
    with _http_errors():
        return account_public(await accounts.update(account_id, _input(body)))


@router.delete(
    "/trackers/{account_id:int}",
    summary="Delete a tracker",
    description="Removes a configured tracker and its stored secrets.",
    response_model=TrackerDeleted,
    responses=_404,
)
async def delete_tracker(accounts: Accounts, account_id: AccountId) -> TrackerDeleted:
    with _http_errors():
        await accounts.delete(account_id)
    return TrackerDeleted(id=account_id)


@router.post(
    "/trackers/test",
    summary="Test a tracker before saving",
    description="Checks the values (as for `POST /trackers`) and asks the site who the credentials belong "
    "to; nothing is stored. With `id`, the saved tracker's values fill what the body leaves out or masks. "
    "A refusal is a 422 naming the credential setting; a site that cannot be reached a 422 naming `baseUrl`.",
    response_model=ConnectionTestResult,
    responses={**_400, **_404, **_409, **_422_TEST},
)
async def test_unsaved_tracker(accounts: Accounts, body: TrackerTestRequest) -> ConnectionTestResult:
    with _http_errors():
        info = await accounts.test_unsaved(_input(body), body.id)
    return ConnectionTestResult(username=info.username, detail=info.detail)


@router.post(
    "/trackers/{account_id:int}/test",
    summary="Test a saved tracker",
    description="Asks the site who the stored credentials belong to. Success sets `authStatus` to `ok`; a "
    "refusal (401/403) flags the tracker (`authStatus` `failed`, shown by the health check) and is a 422 "
    "naming the credential setting. A site that cannot be reached is a 422 too, and leaves the flag alone.",
    response_model=ConnectionTestResult,
    responses={**_404, **_409, **_422_TEST},
)
async def test_tracker(accounts: Accounts, account_id: AccountId) -> ConnectionTestResult:
    with _http_errors():
        info = await accounts.test(account_id)
    return ConnectionTestResult(username=info.username, detail=info.detail)


@router.post(
    "/trackers/{account_id:int}/sync",
    summary="Sync a tracker's metadata",
    description="Fetches the site's categories, types, resolutions and tags (or the definition's ids "
    "where the site publishes none) and stores them on the tracker. A refusal flags the tracker.",
    response_model=TrackerPublic,
    responses={**_404, **_409, **_422, **_502},
)
async def sync_tracker(accounts: Accounts, account_id: AccountId) -> TrackerPublic:
    with _http_errors():
        return account_public(await accounts.sync(account_id))
