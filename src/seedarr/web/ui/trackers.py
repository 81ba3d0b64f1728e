"""Settings → Trackers: the configured trackers, and the form each definition's ``settings`` list draws.

``GET /settings/trackers`` lists the trackers (enabled, credential status, last sync) and the definitions
to add one from; ``/settings/trackers/add/{definitionId}`` and ``/settings/trackers/{id}/edit`` show the
form. The form works as a plain form (a refused value draws the page again, 422, with the message next to
its field) and through HTMX (the messages are swapped in next to the fields, and what was typed, secrets
included, stays in the browser). Test checks the typed values; a row's Test and Sync use the saved tracker
and answer HTMX with the row. Every post carries the CSRF token and every page needs the login. The work
is done by :class:`~seedarr.trackers.accounts.TrackerAccounts`; no page ever holds a secret's value.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import RedirectResponse, Response

from seedarr.errors import ConfigurationError, SeedarrError, ValidationFailed
from seedarr.trackers.accounts import TrackerAccounts
from seedarr.trackers.accounts_store import AccountView, TrackerAccountNotFound
from seedarr.trackers.base import ConnectionInfo
from seedarr.trackers.definition import TrackerDefinition
from seedarr.web.api.v1.trackers import tracker_accounts
from seedarr.web.deps import require_ui_csrf
from seedarr.web.security import state_of
from seedarr.web.ui.templating import render
from seedarr.web.ui.trackers_form import (
    MASK,
    PostedForm,
    TrackerForm,
    error_slot,
    form_for_account,
    form_for_definition,
    form_from_post,
    message_of,
    read_form,
)

__all__ = ["router"]

router = APIRouter(
    prefix="/settings/trackers", include_in_schema=False, dependencies=[Depends(require_ui_csrf)]
)
Accounts = Annotated[TrackerAccounts, Depends(tracker_accounts)]
AccountId = Annotated[int, Path(ge=1, le=2_147_483_647)]


def _list_url(request: Request) -> str:
    return f"{state_of(request).settings.server.url_base}/settings/trackers"


def _htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def _go(request: Request, url: str) -> Response:
    """After a change: HTMX follows ``HX-Redirect``, a plain form the 303."""
    if _htmx(request):
        return Response(status_code=200, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


def _definition(accounts: TrackerAccounts, definition_id: str) -> TrackerDefinition | None:
    try:
        return accounts.registry.get(definition_id)
    except ConfigurationError:
        return None


async def _list_page(
    request: Request, accounts: TrackerAccounts, error: str | None = None, status_code: int = 200
) -> Response:
    context = {
        "trackers": await accounts.list_all(),
        "definitions": sorted(accounts.registry, key=lambda d: d.name.casefold()),
        "error": error,
    }
    return render(request, "trackers.html", context, status_code)


def _form_page(
    request: Request, form: TrackerForm, view: AccountView | None = None, status_code: int = 200
) -> Response:
    return render(request, "trackers_form.html", {"form": form, "view": view}, status_code)


async def _saved(
    request: Request, accounts: TrackerAccounts, account_id: int
) -> tuple[TrackerDefinition, AccountView] | Response:
    """The saved tracker and its definition, or the list page saying why there is no form to show."""
    try:
        view = await accounts.get(account_id)
    except SeedarrError as exc:
        return await _list_page(request, accounts, message_of(exc), 404)
    definition = _definition(accounts, view.tracker_id)
    if definition is None:
        problem = f"{view.name} uses the definition {view.tracker_id}, which this version does not ship."
        return await _list_page(request, accounts, problem, 409)
    return definition, view


def _stored_secrets(view: AccountView | None) -> frozenset[str]:
    if view is None:
        return frozenset()
    return frozenset(f.name for f in view.fields if f.type == "password" and f.value == MASK)


def _labels(definition: TrackerDefinition) -> dict[str, str]:
    return {s.name: s.label for s in definition.settings}


def _connected(info: ConnectionInfo) -> str:
    return f"Connected as {info.username}" if info.username else f"Connected ({info.detail})"


def _feedback(
    request: Request,
    form: TrackerForm,
    view: AccountView | None,
    notice: str | None = None,
    status_code: int = 422,
) -> Response:
    """HTMX: the messages, swapped in out of band; a plain post: the whole form again."""
    if _htmx(request):
        return render(request, "partials/tracker_feedback.html", {"form": form, "notice": notice})
    return render(request, "trackers_form.html", {"form": form, "view": view, "notice": notice}, status_code)


def _refused(
    request: Request,
    definition: TrackerDefinition,
    view: AccountView | None,
    posted: PostedForm,
    error: SeedarrError,
) -> Response:
    field = error.field if isinstance(error, ValidationFailed) else ""
    slot = error_slot(definition, field)
    message = message_of(error, posted.secrets_typed(definition), slot=slot)
    form = form_from_post(
        definition, view.id if view else None, posted, _stored_secrets(view), {slot: message}
    )
    return _feedback(request, form, view)


async def _save(
    request: Request, accounts: TrackerAccounts, definition: TrackerDefinition, view: AccountView | None
) -> Response:
    posted = read_form(definition, await request.form())
    try:
        data = posted.to_input(definition)
        if view is None:
            await accounts.create(data)
        else:
            await accounts.update(view.id, data)
    except SeedarrError as exc:
        return _refused(request, definition, view, posted, exc)
    return _go(request, _list_url(request))


async def _test_typed(
    request: Request, accounts: TrackerAccounts, definition: TrackerDefinition, view: AccountView | None
) -> Response:
    posted = read_form(definition, await request.form())
    try:
        info = await accounts.test_unsaved(posted.to_input(definition), view.id if view else None)
    except SeedarrError as exc:
        return _refused(request, definition, view, posted, exc)
    form = form_from_post(definition, view.id if view else None, posted, _stored_secrets(view), {})
    return _feedback(request, form, view, notice=_connected(info), status_code=200)


# --- pages and the form -------------------------------------------------------------------------------


@router.get("")
async def trackers_page(request: Request, accounts: Accounts) -> Response:
    return await _list_page(request, accounts)


async def _addable(
    request: Request, accounts: TrackerAccounts, definition_id: str
) -> TrackerDefinition | Response:
    """The definition a new tracker is made from, or the list page saying there is none by that id."""
    definition = _definition(accounts, definition_id)
    if definition is None:
        return await _list_page(request, accounts, f"No tracker definition has the id {definition_id}.", 404)
    return definition


@router.get("/add/{definition_id}")
async def add_page(request: Request, accounts: Accounts, definition_id: str) -> Response:
    definition = await _addable(request, accounts, definition_id)
    if isinstance(definition, Response):
        return definition
    return _form_page(request, form_for_definition(definition))


@router.post("/add/{definition_id}")
async def add_submit(request: Request, accounts: Accounts, definition_id: str) -> Response:
    definition = await _addable(request, accounts, definition_id)
    if isinstance(definition, Response):
        return definition
    return await _save(request, accounts, definition, None)


@router.post("/add/{definition_id}/test")
async def add_test(request: Request, accounts: Accounts, definition_id: str) -> Response:
    definition = await _addable(request, accounts, definition_id)
    if isinstance(definition, Response):
        return definition
    return await _test_typed(request, accounts, definition, None)


@router.get("/{account_id}/edit")
async def edit_page(request: Request, accounts: Accounts, account_id: AccountId) -> Response:
    saved = await _saved(request, accounts, account_id)
    if isinstance(saved, Response):
        return saved
    definition, view = saved
    return _form_page(request, form_for_account(definition, view), view)


@router.post("/{account_id}/edit")
async def edit_submit(request: Request, accounts: Accounts, account_id: AccountId) -> Response:
    saved = await _saved(request, accounts, account_id)
    if isinstance(saved, Response):
        return saved
    return await _save(request, accounts, *saved)


@router.post("/{account_id}/edit/test")
async def edit_test(request: Request, accounts: Accounts, account_id: AccountId) -> Response:
    saved = await _saved(request, accounts, account_id)
    if isinstance(saved, Response):
        return saved
    return await _test_typed(request, accounts, *saved)


@router.post("/{account_id}/delete")
async def delete(request: Request, accounts: Accounts, account_id: AccountId) -> Response:
    with suppress(TrackerAccountNotFound):  # already gone: the list shows what is left
        await accounts.delete(account_id)
    return _go(request, _list_url(request))


# --- a saved tracker's Test and Sync (a row of the list, or the form's status line) ----------------------


async def _after_action(
    request: Request, accounts: TrackerAccounts, account_id: int, outcome: str | SeedarrError
) -> Response:
    """The row (or the form's status line) with the outcome; a plain post goes back where it came from."""
    in_form = (await request.form()).get("view") == "form"
    if not _htmx(request):
        edit = f"{_list_url(request)}/{account_id}/edit"
        return RedirectResponse(edit if in_form else _list_url(request), status_code=303)
    try:
        view = await accounts.get(account_id)
    except SeedarrError:
        return _go(request, _list_url(request))  # deleted meanwhile
    message = outcome
    if isinstance(outcome, SeedarrError):
        message = message_of(_labelled(_definition(accounts, view.tracker_id), outcome))
    context = {"t": view, "flash": (not isinstance(outcome, SeedarrError), message)}
    return render(request, f"partials/tracker_{'status' if in_form else 'row'}.html", context)


def _labelled(definition: TrackerDefinition | None, error: SeedarrError) -> SeedarrError:
    """A failure naming a setting by its label (``API token: refused…``) rather than its name."""
    if not isinstance(error, ValidationFailed) or definition is None:
        return error
    label = _labels(definition).get(error.field, error.field)
    return ValidationFailed(label, error.problem) if label else error


@router.post("/{account_id}/test")
async def test_saved(request: Request, accounts: Accounts, account_id: AccountId) -> Response:
    outcome: str | SeedarrError
    try:
        outcome = _connected(await accounts.test(account_id))
    except SeedarrError as exc:
        outcome = exc
    return await _after_action(request, accounts, account_id, outcome)


@router.post("/{account_id}/sync")
async def sync(request: Request, accounts: Accounts, account_id: AccountId) -> Response:
    outcome: str | SeedarrError
    try:
        outcome = _synced(await accounts.sync(account_id))
    except SeedarrError as exc:
        outcome = exc
    return await _after_action(request, accounts, account_id, outcome)


def _synced(view: AccountView) -> str:
    data = view.metadata or {}
    sizes = ((len(data.get(key) or {}), key) for key in ("categories", "types", "resolutions", "tags"))
    counts = ", ".join(f"{size} {key}" for size, key in sizes if size) or "no ids"
    origin = "the site" if data.get("origin") == "site" else "the definition"
    return f"Synced from {origin}: {counts}"
