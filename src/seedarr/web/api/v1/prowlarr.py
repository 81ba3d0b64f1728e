"""``/api/v1/prowlarr``: import Prowlarr's indexers as tracker accounts.

``POST /prowlarr/indexers`` lists Prowlarr's private torrent indexers, each matched to a tracker definition
(by site, then by name), with the settings Prowlarr fills in (its API key for the site: never shown) and
the ones a person must still give (``missing``: always the announce URL, whose passkey Prowlarr does not
hold). ``POST /prowlarr/import`` creates the tracker account from one indexer plus those values. The
Prowlarr to use comes from the body or, when the body leaves it out, from the ``prowlarr`` settings; both
are POSTs so its API key never rides in a URL. Prowlarr refusing the key is a 422 naming ``apiKey``; a
Prowlarr that cannot be reached is a 422 naming ``url`` (as Servarr's tests answer).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import Field

from seedarr.errors import ExternalServiceError, ServiceAuthError, ValidationFailed
from seedarr.metadata.http import RetryOptions
from seedarr.secrets import Secret
from seedarr.trackers.accounts import TrackerAccounts
from seedarr.trackers.accounts_store import AccountInput
from seedarr.trackers.prowlarr import ImportCandidate, ProwlarrClient, import_candidates
from seedarr.web.api.v1.tracker_schemas import EXAMPLE_TRACKER_ID, MAX_ID, TrackerPublic, account_public
from seedarr.web.api.v1.trackers import tracker_accounts
from seedarr.web.deps import State
from seedarr.web.schemas import ApiModel, ErrorResponse, ValidationFailure, with_example

__all__ = ["router"]

router = APIRouter(tags=["trackers"])
Accounts = Annotated[TrackerAccounts, Depends(tracker_accounts)]
_ONE_TRY = RetryOptions(attempts=1)
_EXAMPLE = {"url": "http://127.0.0.1:9696", "apiKey": "your-prowlarr-api-key"}
_422: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "The body is not valid JSON."},
    422: {"model": list[ValidationFailure], "description": "Bad values, or Prowlarr refused or is down."},
}


class ProwlarrConnection(ApiModel):
    model_config = with_example(_EXAMPLE)
    url: str | None = Field(default=None, max_length=2048, description="Prowlarr's URL (default: settings).")
    api_key: str | None = Field(
        default=None, max_length=512, description="Prowlarr's API key (default: settings); never echoed."
    )


class ImportCandidatePublic(ApiModel):
    model_config = with_example(
        {"indexerId": 12, "indexerName": "My site", "trackerId": EXAMPLE_TRACKER_ID,
         "reason": "same site (example.org)", "prefilled": ["apiKey", "baseUrl"], "missing": ["announceUrl"]}
    )  # fmt: skip
    indexer_id: int = Field(description="The indexer's id in Prowlarr.")
    indexer_name: str
    tracker_id: str | None = Field(description="The matching tracker definition; null when none matches.")
    reason: str = Field(description="Why it matched (same site, same name), or why not.")
    prefilled: list[str] = Field(description="Settings Prowlarr fills in (values are never shown).")
    missing: list[str] = Field(description="Required settings a person must still give (the announce URL).")


class ProwlarrImport(ProwlarrConnection):
    model_config = with_example({**_EXAMPLE, "indexerId": 12, "settings": {"announceUrl": "https://…"}})
    indexer_id: int = Field(ge=1, le=MAX_ID)
    name: str | None = Field(
        default=None, max_length=128, description="Account name (default: the indexer's)."
    )
    settings: dict[str, Any] = Field(default_factory=dict, description="The missing settings, by name.")


def _client(state: State, body: ProwlarrConnection) -> ProwlarrClient:
    section = state.settings.prowlarr
    url = body.url or section.url
    key = Secret(body.api_key) if body.api_key else section.api_key
    if not url:
        raise ValidationFailed("url", "give Prowlarr's URL (or set prowlarr.url)")
    if key is None:
        raise ValidationFailed("apiKey", "give Prowlarr's API key (or set prowlarr.api_key)")
    return ProwlarrClient(state.http, url, key, retry=_ONE_TRY)


@contextmanager
def _prowlarr_errors() -> Iterator[None]:
    try:
        yield
    except ServiceAuthError:
        raise ValidationFailed("apiKey", "Prowlarr refused the API key") from None
    except ExternalServiceError as exc:
        raise ValidationFailed("url", f"Prowlarr cannot be used: {exc.message}") from None


async def _candidates(
    state: State, body: ProwlarrConnection, accounts: TrackerAccounts
) -> list[ImportCandidate]:
    client = _client(state, body)
    with _prowlarr_errors():
        indexers = await client.indexers()
    return import_candidates(indexers, accounts.registry)


@router.post(
    "/prowlarr/indexers",
    summary="Prowlarr indexers to import",
    description="Lists Prowlarr's private torrent indexers, each matched to a tracker definition, with the "
    "settings Prowlarr fills in and those still `missing` (the announce URL: Prowlarr does not hold the "
    "passkey). Nothing is stored.",
    response_model=list[ImportCandidatePublic],
    responses=_422,
)
async def list_prowlarr_indexers(
    state: State, accounts: Accounts, body: ProwlarrConnection
) -> list[ImportCandidatePublic]:
    return [
        ImportCandidatePublic(
            indexer_id=c.indexer_id,
            indexer_name=c.indexer_name,
            tracker_id=c.tracker_id,
            reason=c.reason,
            prefilled=sorted(c.values),
            missing=list(c.missing),
        )
        for c in await _candidates(state, body, accounts)
    ]


@router.post(
    "/prowlarr/import",
    summary="Import a Prowlarr indexer as a tracker",
    description="Creates a tracker account from one Prowlarr indexer: what Prowlarr holds (the site's API "
    "key, its URL for a UNIT3D site at its own address) plus the `settings` given (at least the announce "
    "URL). Checked like `POST /trackers`; test it afterwards with `POST /trackers/{id}/test`.",
    response_model=TrackerPublic,
    responses=_422,
)
async def import_prowlarr_indexer(state: State, accounts: Accounts, body: ProwlarrImport) -> TrackerPublic:
    found = next(
        (c for c in await _candidates(state, body, accounts) if c.indexer_id == body.indexer_id), None
    )
    if found is None:
        raise ValidationFailed("indexerId", "Prowlarr has no private torrent indexer with this id")
    if found.tracker_id is None:
        raise ValidationFailed("indexerId", found.reason)
    values: dict[str, Any] = {**found.values, **body.settings}
    data = AccountInput(name=body.name or found.indexer_name, tracker_id=found.tracker_id, values=values)
    return account_public(await accounts.create(data))
