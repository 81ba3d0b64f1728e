"""JSON bodies of ``/api/v1/trackers``: Servarr-style provider resources whose secrets answer ``********``."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field, StrictBool, StrictInt, StrictStr

from seedarr.trackers.accounts_form import FormField
from seedarr.trackers.accounts_store import AccountView, implementation_of
from seedarr.trackers.definition import TrackerDefinition
from seedarr.trackers.registry import default_registry
from seedarr.web.schemas import ApiModel, with_example

__all__ = [
    "ConnectionTestResult",
    "FieldInput",
    "TrackerCreate",
    "TrackerDefinitionPublic",
    "TrackerDeleted",
    "TrackerField",
    "TrackerPublic",
    "TrackerTestRequest",
    "TrackerUpdate",
    "account_public",
    "definition_public",
]

MAX_ID = 2_147_483_647


def _example_definition() -> TrackerDefinition | None:
    """A shipped definition whose address the person enters (the examples show it)."""
    return next((d for d in default_registry() if d.base_url is None), None)


# Examples point at a loopback address: the API fuzzer sends them, and must never reach a real site (a
# definition with a fixed address would), so without a definition that asks for the address they are empty.
_DEFINITION = _example_definition()
EXAMPLE_TRACKER_ID = _DEFINITION.id if _DEFINITION else "my-tracker"
EXAMPLE_SITE = "http://127.0.0.1:8585"
EXAMPLE_SETTINGS: dict[str, Any] = (
    {
        "baseUrl": EXAMPLE_SITE,
        "apiKey": "your-api-token",
        "announceUrl": f"{EXAMPLE_SITE}/announce/your-passkey",
    }
    if _DEFINITION
    else {}
)
_FIELD_EXAMPLE = {
    "order": 0,
    "name": "apiKey",
    "label": "API token",
    "type": "password",
    "value": "********",
    "privacy": "apiKey",
    "advanced": False,
    "required": True,
    "helpText": "Profile → Settings → API Key on the site.",
    "helpLink": None,
    "selectOptions": [],
}
_INPUT_HELP = "Setting values by name (the fields' `name`); a secret sent as `********` keeps the stored one."


class FieldOption(ApiModel):
    value: StrictStr | StrictInt | StrictBool
    name: str


class TrackerField(ApiModel):
    """One form field; ``value`` is the account's value or the default, a set secret is ``********``."""

    model_config = with_example(_FIELD_EXAMPLE)
    order: int
    name: str
    label: str
    type: str
    value: StrictStr | StrictInt | StrictBool | None
    privacy: str
    advanced: bool
    required: bool
    help_text: str | None
    help_link: str | None
    select_options: list[FieldOption]


class TrackerDefinitionPublic(ApiModel):
    model_config = with_example(
        {
            "id": EXAMPLE_TRACKER_ID,
            "name": _DEFINITION.name if _DEFINITION else "My tracker",
            "description": _DEFINITION.description if _DEFINITION else "",
            "implementation": implementation_of(_DEFINITION) if _DEFINITION else "",
            "family": _DEFINITION.family if _DEFINITION else None,
            "adapter": _DEFINITION.adapter if _DEFINITION else None,
            "source": _DEFINITION.source if _DEFINITION else None,
            "pieceLength": "auto",
            "baseUrl": None,
            "renamedFrom": [],
            "fields": [_FIELD_EXAMPLE],
        }
    )
    id: str
    name: str
    description: str
    implementation: str = Field(description="The engine: a family (`unit3d`) or a custom adapter module.")
    family: str | None
    adapter: str | None
    source: str | None = Field(description="The `info.source` flag of this site's torrents.")
    piece_length: str = Field(description="Piece length rule of this site's torrents.")
    base_url: str | None = Field(description="Fixed site address; null when the person enters `baseUrl`.")
    renamed_from: list[str]
    fields: list[TrackerField]


class TrackerMetadataPublic(ApiModel):
    origin: Literal["site", "definition"]
    categories: dict[str, int | str]
    types: dict[str, int | str]
    resolutions: dict[str, int | str]
    tags: dict[str, int | str] = Field(default_factory=dict)
    extra: dict[str, Any] = Field(default_factory=dict)


_ACCOUNT_EXAMPLE = {
    "id": 1,
    "name": "My tracker",
    "trackerId": EXAMPLE_TRACKER_ID,
    "trackerName": _DEFINITION.name if _DEFINITION else "My tracker",
    "implementation": implementation_of(_DEFINITION) if _DEFINITION else "",
    "enable": True,
    "priority": 25,
    "fields": [_FIELD_EXAMPLE],
    "authStatus": "ok",
    "authMessage": "API token accepted",
    "checkedAt": "2026-11-27T12:00:00Z",
    "metadata": None,
    "syncedAt": None,
    "createdAt": "2026-11-27T11:58:00Z",
    "updatedAt": "2026-11-27T11:58:00Z",
}


class TrackerPublic(ApiModel):
    model_config = with_example(_ACCOUNT_EXAMPLE)
    id: int
    name: str
    tracker_id: str = Field(description="The definition id (current id, also after a rename).")
    tracker_name: str
    implementation: str
    enable: bool
    priority: int = Field(description="From 1 to 50; lower goes first.")
    fields: list[TrackerField]
    auth_status: Literal["ok", "failed", "unknown"] = Field(
        description="`failed`: the site refused the credentials; the account needs the user."
    )
    auth_message: str | None
    checked_at: datetime | None
    metadata: TrackerMetadataPublic | None = Field(description="The site's ids from the last sync.")
    synced_at: datetime | None
    created_at: datetime
    updated_at: datetime


class FieldInput(ApiModel):
    """A field as GET shows it; only ``name`` and ``value`` are read."""

    name: StrictStr = Field(max_length=64)
    value: Any = None


class TrackerUpdate(ApiModel):
    model_config = with_example({"name": "My tracker", "settings": {"apiKey": "********"}})
    name: StrictStr | None = Field(default=None, max_length=128)
    tracker_id: StrictStr | None = Field(default=None, max_length=64, description="Cannot change.")
    enable: StrictBool | None = None
    priority: StrictInt | None = Field(default=None, ge=1, le=50)
    fields: list[FieldInput] = Field(default_factory=list, max_length=100, description="Servarr's form.")
    settings: dict[str, Any] = Field(default_factory=dict, max_length=100, description=_INPUT_HELP)


class TrackerCreate(TrackerUpdate):
    model_config = with_example(
        {"name": "My tracker", "trackerId": EXAMPLE_TRACKER_ID, "settings": EXAMPLE_SETTINGS}
    )
    name: StrictStr = Field(max_length=128, description="A unique label.")
    tracker_id: StrictStr = Field(max_length=64, description="A definition id (GET /trackers/definitions).")


class TrackerTestRequest(TrackerUpdate):
    model_config = with_example({"trackerId": EXAMPLE_TRACKER_ID, "settings": EXAMPLE_SETTINGS})
    id: StrictInt | None = Field(
        default=None, ge=1, le=MAX_ID, description="A saved tracker whose stored values fill the gaps."
    )


class ConnectionTestResult(ApiModel):
    model_config = with_example({"username": "seedarr", "detail": "API token accepted"})
    username: str | None
    detail: str


class TrackerDeleted(ApiModel):
    model_config = with_example({"id": 1, "deleted": True})
    id: int
    deleted: bool = True


def _field_public(item: FormField) -> TrackerField:
    return TrackerField(
        order=item.order,
        name=item.name,
        label=item.label,
        type=item.type,
        value=item.value,
        privacy=item.privacy,
        advanced=item.advanced,
        required=item.required,
        help_text=item.help_text,
        help_link=item.help_link,
        select_options=[FieldOption(value=v, name=n) for v, n in item.select_options],
    )


def definition_public(definition: TrackerDefinition, fields: list[FormField]) -> TrackerDefinitionPublic:
    return TrackerDefinitionPublic(
        id=definition.id,
        name=definition.name,
        description=definition.description,
        implementation=implementation_of(definition),
        family=definition.family,
        adapter=definition.adapter,
        source=definition.source,
        piece_length=definition.piece_length,
        base_url=definition.base_url,
        renamed_from=list(definition.renamed_from),
        fields=[_field_public(f) for f in fields],
    )


def account_public(view: AccountView) -> TrackerPublic:
    metadata = TrackerMetadataPublic.model_validate(view.metadata) if view.metadata else None
    return TrackerPublic(
        id=view.id,
        name=view.name,
        tracker_id=view.tracker_id,
        tracker_name=view.tracker_name,
        implementation=view.implementation,
        enable=view.enabled,
        priority=view.priority,
        fields=[_field_public(f) for f in view.fields],
        auth_status=view.auth_status,  # type: ignore[arg-type]
        auth_message=view.auth_message,
        checked_at=view.checked_at,
        metadata=metadata,
        synced_at=view.synced_at,
        created_at=view.created_at,
        updated_at=view.updated_at,
    )
