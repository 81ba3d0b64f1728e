"""Configured tracker accounts: create, read, update, delete, test and sync, with secrets kept secret.

:class:`TrackerAccounts` is the service the API (and later the pipeline) calls. Input is checked against
the definition's ``settings`` (a :class:`~seedarr.errors.ValidationFailed` names the field); secrets are
stored encrypted and shown as ``********``; an update that sends the mask, or leaves a secret out, keeps
the stored one. ``test`` and ``sync`` build the account's adapter on the shared HTTP client: a
:class:`~seedarr.trackers.base.TrackerAuthError` flags the account (``auth_status = "failed"``) and becomes
:class:`CredentialsRefused`, a ``ValidationFailed`` naming the credential setting; a successful test clears
the flag. A test that cannot reach the site is a :class:`ConnectionTestFailed` (Servarr answers a failed
test with validation failures too); a sync that cannot is the site's own error (the API's 502). An
account whose definition is gone stays listed; using it raises :class:`TrackerUnavailable`.
"""

from __future__ import annotations

from collections.abc import Sequence

import httpx
import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from seedarr.db.models import TrackerAccount
from seedarr.db.types import utcnow
from seedarr.errors import ConfigurationError, ExternalServiceError, ValidationFailed
from seedarr.metadata.http import RetryOptions
from seedarr.observability.redaction import redact_text
from seedarr.trackers.accounts_form import (
    check_values,
    decode_secrets,
    encode_secrets,
    merge_values,
    metadata_json,
    split_settings,
)
from seedarr.trackers.accounts_store import (
    AccountInput,
    AccountView,
    ConnectionTestFailed,
    CredentialsRefused,
    TrackerAccountNotFound,
    TrackerUnavailable,
    account_view,
    commit_or_name_clash,
    ensure_unique_name,
    load_account,
)
from seedarr.trackers.adapters import TrackerServices, build_adapter
from seedarr.trackers.base import ConnectionInfo, TrackerAdapter, TrackerAuthError
from seedarr.trackers.definition import TrackerDefinition
from seedarr.trackers.registry import Registry, default_registry
from seedarr.trackers.settings import TrackerSettings
from seedarr.validation import clean_name

__all__ = [
    "TEST_RETRY",
    "AccountInput",
    "AccountView",
    "ConnectionTestFailed",
    "CredentialsRefused",
    "TrackerAccountNotFound",
    "TrackerAccounts",
    "TrackerUnavailable",
]

_log = structlog.stdlib.get_logger("seedarr.trackers")
# A person waits on the Test button: one attempt, as Servarr and Home Assistant test; they press again.
TEST_RETRY = RetryOptions(attempts=1)


class TrackerAccounts:
    """The tracker account service; cheap to build (one per request is fine)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        http: httpx.AsyncClient,
        *,
        registry: Registry | None = None,
        retry: RetryOptions | None = None,
        test_retry: RetryOptions = TEST_RETRY,
        services: TrackerServices | None = None,
    ) -> None:
        self._sessions = sessions
        self._http = http
        self.registry = registry or default_registry()
        self._retry = retry
        self._test_retry = test_retry
        self._services = services

    # --- reading ------------------------------------------------------------------------------------------

    async def list_all(self) -> list[AccountView]:
        async with self._sessions() as db:
            query = select(TrackerAccount).order_by(TrackerAccount.priority, TrackerAccount.name)
            rows = (await db.execute(query)).scalars().all()
        return [self._view(row) for row in rows]

    async def get(self, account_id: int) -> AccountView:
        async with self._sessions() as db:
            return self._view(await load_account(db, account_id))

    # --- writing ------------------------------------------------------------------------------------------

    async def create(self, data: AccountInput) -> AccountView:
        """A new account; ValidationFailed names the first bad field."""
        definition = self._input_definition(data.tracker_id)
        if data.name is None:
            raise ValidationFailed("name", "is required")
        name = clean_name(data.name, field="name")
        settings = check_values(definition, merge_values(definition, {}, {}, data.values))
        plain, secrets = split_settings(definition, settings)
        row = TrackerAccount(
            tracker_id=definition.id,
            name=name,
            enabled=True if data.enabled is None else data.enabled,
            priority=25 if data.priority is None else data.priority,
            settings=plain,
            secrets=encode_secrets(secrets),
            auth_status="unknown",
        )
        async with self._sessions() as db:
            await ensure_unique_name(db, name)
            db.add(row)
            await commit_or_name_clash(db)
        _log.info("tracker_account_created", account_id=row.id, tracker_id=row.tracker_id, name=name)
        return self._view(row)

    async def update(self, account_id: int, data: AccountInput) -> AccountView:
        """Change an account; left-out values (and secrets sent as the mask) keep what is stored."""
        async with self._sessions() as db:
            row = await load_account(db, account_id)
            definition = self._stored_definition(row)
            if data.tracker_id is not None and self._input_definition(data.tracker_id).id != definition.id:
                raise ValidationFailed(
                    "trackerId", "cannot change: add a new tracker instead", data.tracker_id
                )
            if data.name is not None:
                name = clean_name(data.name, field="name")
                await ensure_unique_name(db, name, except_id=row.id)
                row.name = name
            stored = decode_secrets(row.secrets)
            settings = check_values(definition, merge_values(definition, row.settings, stored, data.values))
            plain, secrets = split_settings(definition, settings)
            if secrets != stored:  # new credentials: the old verdict no longer applies
                row.auth_status, row.auth_message, row.checked_at = "unknown", None, None
            row.tracker_id = definition.id  # a former id becomes the current one
            row.settings, row.secrets = plain, encode_secrets(secrets)
            if data.enabled is not None:
                row.enabled = data.enabled
            if data.priority is not None:
                row.priority = data.priority
            await commit_or_name_clash(db)
        _log.info("tracker_account_updated", account_id=account_id, tracker_id=definition.id)
        return self._view(row)

    async def delete(self, account_id: int) -> None:
        async with self._sessions() as db:
            await db.delete(await load_account(db, account_id))
            await db.commit()
        _log.info("tracker_account_deleted", account_id=account_id)

    async def adapters(self, names: Sequence[str] = ()) -> list[TrackerAdapter]:
        """Adapters of the enabled accounts by priority, or of the accounts ``names`` (case-insensitive).

        A name no account has is a ValidationFailed listing the known ones; an account whose definition
        this version no longer ships is left out of "every enabled account" and refused when named.
        """
        async with self._sessions() as db:
            query = select(TrackerAccount).order_by(TrackerAccount.priority, TrackerAccount.name)
            rows = (await db.execute(query)).scalars().all()
        by_name = {row.name.casefold(): row for row in rows}
        unknown = [n for n in names if n.casefold() not in by_name]
        if unknown:
            known = ", ".join(row.name for row in rows) or "none configured"
            raise ValidationFailed("tracker", f"no tracker named {unknown[0]!r} (known: {known})", unknown[0])
        chosen = [by_name[n.casefold()] for n in names] if names else [r for r in rows if r.enabled]
        adapters = []
        for row in chosen:
            if (
                not names
                and self.registry.renamed.get(row.tracker_id, row.tracker_id) not in self.registry.definitions
            ):
                continue
            definition = self._stored_definition(row)
            values = merge_values(definition, row.settings, decode_secrets(row.secrets), {})
            adapters.append(self._adapter(definition, check_values(definition, values)))
        return adapters

    # --- talking to the site ------------------------------------------------------------------------------

    async def test(self, account_id: int) -> ConnectionInfo:
        """Test a saved account; the verdict on its credentials is stored (flagged or cleared)."""
        definition, settings = await self._stored_settings(account_id)
        info = await self._connect(definition, settings, flag=account_id)
        await self._set_auth(account_id, "ok", info.detail or None)
        _log.info("tracker_account_tested", account_id=account_id, tracker_id=definition.id)
        return info

    async def test_unsaved(self, data: AccountInput, account_id: int | None = None) -> ConnectionInfo:
        """Test before save: ``data`` alone, or over the saved account ``account_id`` (nothing stored)."""
        if account_id is None:
            definition = self._input_definition(data.tracker_id)
            values = merge_values(definition, {}, {}, data.values)
        else:
            async with self._sessions() as db:
                row = await load_account(db, account_id)
            definition = self._stored_definition(row)
            if data.tracker_id is not None and self._input_definition(data.tracker_id).id != definition.id:
                raise ValidationFailed("trackerId", "differs from the saved tracker's", data.tracker_id)
            values = merge_values(definition, row.settings, decode_secrets(row.secrets), data.values)
        return await self._connect(definition, check_values(definition, values), flag=None)

    async def sync(self, account_id: int) -> AccountView:
        """Fetch the site's taxonomy and store it on the account; a refusal flags the account."""
        definition, settings = await self._stored_settings(account_id)
        adapter = self._adapter(definition, settings)
        try:
            metadata = await adapter.sync_metadata()
        except TrackerAuthError as exc:
            await self._flag(account_id, exc)
            raise CredentialsRefused(definition, exc) from exc
        async with self._sessions() as db:
            row = await load_account(db, account_id)
            row.site_metadata, row.synced_at = metadata_json(metadata), utcnow()
            await db.commit()
        _log.info("tracker_account_synced", account_id=account_id, origin=metadata.origin)
        return self._view(row)

    # --- helpers ------------------------------------------------------------------------------------------

    def _input_definition(self, tracker_id: str | None) -> TrackerDefinition:
        if not tracker_id:
            raise ValidationFailed("trackerId", "is required")
        try:
            return self.registry.get(tracker_id)
        except ConfigurationError:
            known = ", ".join(self.registry.ids())
            raise ValidationFailed(
                "trackerId", f"is not a known tracker (known: {known})", tracker_id
            ) from None

    def _stored_definition(self, row: TrackerAccount) -> TrackerDefinition:
        try:
            return self.registry.get(row.tracker_id)
        except ConfigurationError:
            raise TrackerUnavailable(
                f"tracker {row.name!r} uses the definition {row.tracker_id!r}, not shipped by this version"
            ) from None

    async def _stored_settings(self, account_id: int) -> tuple[TrackerDefinition, TrackerSettings]:
        async with self._sessions() as db:
            row = await load_account(db, account_id)
        definition = self._stored_definition(row)
        values = merge_values(definition, row.settings, decode_secrets(row.secrets), {})
        return definition, check_values(definition, values)

    def _adapter(
        self, definition: TrackerDefinition, settings: TrackerSettings, retry: RetryOptions | None = None
    ) -> TrackerAdapter:
        try:
            return build_adapter(
                definition, settings, self._http, retry=retry or self._retry, services=self._services
            )
        except TrackerUnavailable:
            raise
        except ConfigurationError as exc:
            raise TrackerUnavailable(str(exc)) from None

    async def _connect(
        self, definition: TrackerDefinition, settings: TrackerSettings, *, flag: int | None
    ) -> ConnectionInfo:
        """Run the adapter's test; a refusal flags account ``flag``; every failure is a ValidationFailed."""
        try:
            return await self._adapter(definition, settings, self._test_retry).test_connection()
        except TrackerAuthError as exc:
            if flag is not None:
                await self._flag(flag, exc)
            raise CredentialsRefused(definition, exc) from exc
        except ExternalServiceError as exc:
            _log.warning("tracker_test_failed", tracker_id=definition.id, error=str(exc))
            raise ConnectionTestFailed(definition, exc) from exc

    async def _flag(self, account_id: int, error: TrackerAuthError) -> None:
        await self._set_auth(account_id, "failed", redact_text(str(error)))
        _log.warning("tracker_account_flagged", account_id=account_id, error=str(error))

    async def _set_auth(self, account_id: int, status: str, message: str | None) -> None:
        async with self._sessions() as db:
            row = await load_account(db, account_id)
            row.auth_status, row.auth_message, row.checked_at = status, message, utcnow()
            await db.commit()

    def _view(self, row: TrackerAccount) -> AccountView:
        return account_view(row, self.registry)
