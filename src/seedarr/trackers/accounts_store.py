"""The values tracker accounts are handled as: input, the shown view, their errors, and row helpers.

:class:`AccountInput` is what a person sent (``None``: not given), :class:`AccountView` what may be shown
(secrets masked, see :func:`account_view`). Errors: :class:`TrackerAccountNotFound` is an unknown id;
:class:`TrackerUnavailable` an account whose definition or adapter this version does not ship;
:class:`CredentialsRefused` a site's refusal of the credentials, reported as a validation failure of the
definition's credential setting; :class:`ConnectionTestFailed` a test that could not reach the site. The
row helpers load an account and keep names unique (case-insensitive).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from seedarr.db.models import TrackerAccount
from seedarr.errors import ConfigurationError, ExternalServiceError, UserInputError, ValidationFailed
from seedarr.observability.redaction import redact_text
from seedarr.trackers.accounts_form import FormField, decode_secrets, form_fields, orphan_fields
from seedarr.trackers.base import TrackerAuthError
from seedarr.trackers.definition import TrackerDefinition
from seedarr.trackers.registry import Registry

__all__ = [
    "AccountInput",
    "AccountView",
    "ConnectionTestFailed",
    "CredentialsRefused",
    "TrackerAccountNotFound",
    "TrackerUnavailable",
    "account_view",
    "commit_or_name_clash",
    "ensure_unique_name",
    "implementation_of",
    "load_account",
]


class TrackerAccountNotFound(UserInputError):
    """No configured tracker has this id."""

    def __init__(self, account_id: int) -> None:
        super().__init__(f"no tracker with id {account_id}")
        self.account_id = account_id


class TrackerUnavailable(ConfigurationError):
    """The account's definition (or its adapter) is not shipped by this version of Seedarr."""


class ConnectionTestFailed(ValidationFailed):
    """A connection test could not reach the site, or got an answer it cannot use.

    ``field`` is ``baseUrl`` when the person enters the site's address, else empty (the site as a whole).
    """

    def __init__(self, definition: TrackerDefinition, error: ExternalServiceError) -> None:
        field = "baseUrl" if any(s.name == "baseUrl" for s in definition.settings) else ""
        super().__init__(field, f"the test failed ({redact_text(str(error))})")


class CredentialsRefused(ValidationFailed):
    """The site refused the credentials; ``field`` is the definition's credential setting."""

    def __init__(self, definition: TrackerDefinition, error: TrackerAuthError) -> None:
        super().__init__(definition.auth.setting, f"refused by the site ({redact_text(str(error))})")


@dataclass(frozen=True, slots=True)
class AccountInput:
    """What a person sent; ``None`` means "not given" (an update keeps the stored value)."""

    name: str | None = None
    tracker_id: str | None = None
    enabled: bool | None = None
    priority: int | None = None
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AccountView:
    """One account as it may be shown: its form with secrets masked, its flag and synced metadata."""

    id: int
    name: str
    tracker_id: str
    tracker_name: str
    implementation: str
    enabled: bool
    priority: int
    fields: tuple[FormField, ...]
    auth_status: str
    auth_message: str | None
    checked_at: datetime | None
    metadata: Mapping[str, Any] | None
    synced_at: datetime | None
    created_at: datetime
    updated_at: datetime


def implementation_of(definition: TrackerDefinition) -> str:
    """The engine a definition runs on: its family, or its custom adapter module."""
    return definition.family or definition.adapter or ""


def account_view(row: TrackerAccount, registry: Registry) -> AccountView:
    """``row`` as it may be shown (secrets masked); an account whose definition is gone keeps its values."""
    secrets_set = frozenset(decode_secrets(row.secrets))
    try:
        definition: TrackerDefinition | None = registry.get(row.tracker_id)
    except ConfigurationError:
        definition = None
    if definition is not None:
        fields = form_fields(definition, row.settings, secrets_set)
    else:
        fields = orphan_fields(row.settings, secrets_set)
    return AccountView(
        id=row.id,
        name=row.name,
        tracker_id=definition.id if definition else row.tracker_id,
        tracker_name=definition.name if definition else row.tracker_id,
        implementation=implementation_of(definition) if definition else "",
        enabled=row.enabled,
        priority=row.priority,
        fields=tuple(fields),
        auth_status=row.auth_status,
        auth_message=row.auth_message,
        checked_at=row.checked_at,
        metadata=row.site_metadata,
        synced_at=row.synced_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


async def load_account(db: AsyncSession, account_id: int) -> TrackerAccount:
    row = await db.get(TrackerAccount, account_id)
    if row is None:
        raise TrackerAccountNotFound(account_id)
    return row


async def ensure_unique_name(db: AsyncSession, name: str, *, except_id: int | None = None) -> None:
    query = select(TrackerAccount.id).where(func.lower(TrackerAccount.name) == name.lower())
    if except_id is not None:
        query = query.where(TrackerAccount.id != except_id)
    if (await db.execute(query)).first() is not None:
        raise ValidationFailed("name", "is already the name of another tracker", name)


async def commit_or_name_clash(db: AsyncSession) -> None:
    try:
        await db.commit()
    except IntegrityError:  # two requests raced for one name
        await db.rollback()
        raise ValidationFailed("name", "is already the name of another tracker") from None
