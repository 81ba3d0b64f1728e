"""The tracker account service and its form helpers: merging, masking, encryption at rest, flags, sync."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import text

from harness.tracker_samples import API_TOKEN, FAST_RETRY, PASSKEY
from seedarr.errors import DataError, ServiceUnavailable, ValidationFailed
from seedarr.secrets import MASK, Secret
from seedarr.trackers.accounts import AccountInput, ConnectionTestFailed, CredentialsRefused, TrackerAccounts
from seedarr.trackers.accounts_form import (
    check_values,
    decode_secrets,
    encode_secrets,
    form_fields,
    merge_values,
    metadata_json,
    split_settings,
)
from seedarr.trackers.base import ConnectionInfo, TrackerAuthError, TrackerMetadata
from seedarr.trackers.registry import Registry, default_registry
from seedarr.trackers.settings import TrackerSettings

SITE = "http://127.0.0.1:9"  # nothing listens on the discard port: a connection is refused at once
ANNOUNCE = f"{SITE}/announce/{PASSKEY}"
UNIT3D = default_registry().get("unit3d")


def _values(**changes: Any) -> dict[str, Any]:
    return {"baseUrl": SITE, "apiKey": API_TOKEN, "announceUrl": ANNOUNCE, **changes}


def test_merge_keeps_masked_and_omitted_secrets_and_clears_on_null() -> None:
    stored_plain = {"baseUrl": SITE, "anonymous": True, "droppedSetting": "x"}
    stored_secrets = {"apiKey": API_TOKEN, "announceUrl": ANNOUNCE}
    merged = merge_values(UNIT3D, stored_plain, stored_secrets, {"apiKey": MASK, "anonymous": None})
    assert merged == {"baseUrl": SITE, "anonymous": None, "apiKey": API_TOKEN, "announceUrl": ANNOUNCE}
    assert merge_values(UNIT3D, {}, {}, {"apiKey": MASK}) == {}  # a new account has no secret to keep
    assert (
        merge_values(UNIT3D, {}, stored_secrets, {"apiKey": "new-token-value"})["apiKey"] == "new-token-value"
    )


def test_check_values_never_echoes_a_secret() -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_values(UNIT3D, _values(announceUrl=f"ftp://host/announce/{PASSKEY}"))
    assert caught.value.field == "announceUrl" and caught.value.value == MASK
    assert PASSKEY not in caught.value.problem
    with pytest.raises(ValidationFailed) as caught:
        check_values(UNIT3D, _values(apiKey=f"tok\x00{API_TOKEN}"))
    assert (caught.value.field, caught.value.value) == ("apiKey", MASK)
    with pytest.raises(ValidationFailed) as caught:
        check_values(UNIT3D, _values(baseUrl="http://host\x07"))
    assert caught.value.field == "baseUrl" and "control characters" in caught.value.problem


def test_only_text_areas_hold_line_breaks() -> None:
    definition = next(d for d in default_registry() if any(f.type == "textArea" for f in d.settings))
    area = next(f.name for f in definition.settings if f.type == "textArea")
    values = {s.name: "x" for s in definition.settings if s.required and s.type in ("password", "textbox")}
    values |= {s.name: ANNOUNCE for s in definition.settings if s.required and s.name.endswith("Url")}
    settings = check_values(definition, {**values, area: "2160p = 4K\nremux = Remux"})
    assert settings.text(area) == "2160p = 4K\nremux = Remux"
    with pytest.raises(ValidationFailed, match="control characters"):
        check_values(definition, {**values, area: "2160p = 4K\x00"})
    with pytest.raises(ValidationFailed, match="control characters"):
        check_values(UNIT3D, _values(baseUrl="http://host\n"))


def test_split_puts_every_secret_and_only_secrets_aside() -> None:
    settings = check_values(UNIT3D, _values(anonymous=True))
    plain, secrets = split_settings(UNIT3D, settings)
    assert secrets == {"apiKey": API_TOKEN, "announceUrl": ANNOUNCE}
    assert plain == {"baseUrl": SITE, "anonymous": True, "personalRelease": False, "modQueueOptIn": False}
    assert decode_secrets(encode_secrets(secrets)) == secrets
    assert encode_secrets({}) is None and decode_secrets(None) == {}
    with pytest.raises(DataError):
        decode_secrets(Secret('["not", "an", "object"]'))


def test_form_fields_show_defaults_or_values_with_secrets_masked() -> None:
    defaults = {f.name: f.value for f in form_fields(UNIT3D)}
    assert defaults == {"apiKey": None, "announceUrl": None, "anonymous": False, "personalRelease": False,
                        "modQueueOptIn": False, "baseUrl": None}  # fmt: skip
    shown = {f.name: f.value for f in form_fields(UNIT3D, {"baseUrl": SITE}, frozenset({"apiKey"}))}
    assert (shown["apiKey"], shown["announceUrl"], shown["baseUrl"]) == (MASK, None, SITE)


def test_metadata_json_keeps_string_and_int_ids_tags_and_extra() -> None:
    metadata = TrackerMetadata(
        categories={"movie": "cat-films", "tv": 2},
        types={"remux": 11},
        resolutions={"1080p": "r1080"},
        origin="site",
        tags={"MULTi": "tag-7", "VOSTFR": 8},
        extra={"subcategories": ("a", "b"), "groups": {"lang": [1, 2]}},
    )
    assert metadata_json(metadata) == {
        "origin": "site",
        "categories": {"movie": "cat-films", "tv": 2},
        "types": {"remux": 11},
        "resolutions": {"1080p": "r1080"},
        "tags": {"MULTi": "tag-7", "VOSTFR": 8},
        "extra": {"subcategories": ["a", "b"], "groups": {"lang": [1, 2]}},
    }


@dataclass
class StubAdapter:
    """Stands in for a site adapter: answers ``outcome`` (or raises it) and keeps the settings it got."""

    outcome: Any
    settings: list[TrackerSettings] = field(default_factory=list)
    tracker_id: str = "unit3d"

    def build(self, definition: Any, settings: TrackerSettings, http: Any, **_: Any) -> StubAdapter:
        self.settings.append(settings)
        return self

    async def _answer(self) -> Any:
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return self.outcome

    async def test_connection(self) -> ConnectionInfo:
        answer: ConnectionInfo = await self._answer()
        return answer

    async def sync_metadata(self) -> TrackerMetadata:
        answer: TrackerMetadata = await self._answer()
        return answer


@pytest.fixture
def service(app: FastAPI) -> TrackerAccounts:
    state = app.state.seedarr
    return TrackerAccounts(state.sessions, state.http, retry=FAST_RETRY)


def _stub(monkeypatch: pytest.MonkeyPatch, outcome: Any) -> StubAdapter:
    stub = StubAdapter(outcome)
    monkeypatch.setattr("seedarr.trackers.accounts.build_adapter", stub.build)
    return stub


async def test_secrets_are_encrypted_at_rest(app: FastAPI, service: TrackerAccounts) -> None:
    view = await service.create(AccountInput(name="Site", tracker_id="unit3d", values=_values()))
    async with app.state.seedarr.sessions() as db:
        raw = (await db.execute(text("SELECT settings, secrets FROM tracker_accounts"))).one()
    assert raw.secrets.startswith("enc:v1:")
    for secret in (API_TOKEN, PASSKEY):
        assert secret not in raw.secrets and secret not in str(raw.settings)
    assert {f.name: f.value for f in view.fields}["apiKey"] == MASK


async def test_sync_stores_string_ids_and_a_refusal_flags(
    service: TrackerAccounts, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = (await service.create(AccountInput(name="Site", tracker_id="unit3d", values=_values()))).id
    metadata = TrackerMetadata({"movie": "films"}, {}, {}, origin="site", tags={"MULTi": "t-1"})
    stub = _stub(monkeypatch, metadata)
    synced = await service.sync(account)
    assert synced.metadata == metadata_json(metadata) and synced.synced_at is not None
    assert stub.settings[0].text("apiKey") == API_TOKEN  # the stored secret reached the adapter
    assert synced.auth_status == "unknown"

    _stub(monkeypatch, TrackerAuthError("Site", "Unauthenticated.", status_code=401))
    with pytest.raises(CredentialsRefused) as caught:
        await service.sync(account)
    assert caught.value.field == "apiKey"
    flagged = await service.get(account)
    assert (flagged.auth_status, flagged.metadata) == ("failed", metadata_json(metadata))

    _stub(monkeypatch, ServiceUnavailable("Site", "HTTP 503", status_code=503))
    with pytest.raises(ServiceUnavailable):  # the API's 502
        await service.sync(account)


async def test_changing_credentials_resets_the_flag_and_other_changes_keep_it(
    service: TrackerAccounts, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = (await service.create(AccountInput(name="Site", tracker_id="unit3d", values=_values()))).id
    _stub(monkeypatch, TrackerAuthError("Site", "Unauthenticated.", status_code=401))
    with pytest.raises(CredentialsRefused):
        await service.test(account)
    renamed = await service.update(account, AccountInput(name="Renamed", values={"apiKey": MASK}))
    assert (renamed.name, renamed.auth_status) == ("Renamed", "failed")
    changed = await service.update(account, AccountInput(values={"apiKey": "another-token-value"}))
    assert (changed.auth_status, changed.auth_message, changed.checked_at) == ("unknown", None, None)
    stub = _stub(monkeypatch, ConnectionInfo(username="me", detail="ok"))
    assert (await service.test(account)).username == "me"
    assert stub.settings[0].text("apiKey") == "another-token-value"
    assert (await service.get(account)).auth_status == "ok"


async def test_a_fixed_address_site_that_cannot_be_reached_names_no_field(app: FastAPI) -> None:
    shipped = default_registry()
    gemini = shipped.get("gemini").model_copy(update={"base_url": SITE})  # never the real site
    state = app.state.seedarr
    service = TrackerAccounts(
        state.sessions, state.http, registry=Registry({**shipped.definitions, "gemini": gemini})
    )
    values = {"apiKey": API_TOKEN, "announceUrl": ANNOUNCE}
    with pytest.raises(ConnectionTestFailed) as caught:
        await service.test_unsaved(AccountInput(tracker_id="gemini", values=values))
    assert caught.value.field == "" and "cannot connect" in caught.value.problem
    created = await service.create(AccountInput(name="G", tracker_id="gemini", values=values))
    assert created.tracker_name == "Gemini" and "baseUrl" not in {f.name for f in created.fields}
