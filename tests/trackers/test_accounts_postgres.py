"""Tracker accounts on PostgreSQL: JSON settings and metadata, encrypted secrets, unique names, flags."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text

from harness.tracker_samples import API_TOKEN, PASSKEY
from seedarr.db.engine import create_engine
from seedarr.errors import ValidationFailed
from seedarr.secrets import MASK
from seedarr.settings import Settings
from seedarr.trackers.accounts import AccountInput, TrackerAccounts
from seedarr.trackers.base import TrackerMetadata
from seedarr.web.app import create_app

SITE = "http://127.0.0.1:9"


@pytest.mark.postgres
async def test_accounts_round_trip_on_postgresql(
    postgres_url: str, make_settings: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text("DROP DATABASE IF EXISTS tracker_accounts_test"))
            await connection.execute(text("CREATE DATABASE tracker_accounts_test"))
    finally:
        await admin.dispose()
    url = postgres_url.rsplit("/", 1)[0] + "/tracker_accounts_test"
    app = create_app(make_settings(database={"url": url}), configure_logs=False)
    metadata = TrackerMetadata({"movie": "films", "tv": 2}, {}, {}, origin="site", tags={"MULTi": "t-1"})

    class Synced:
        tracker_id = "unit3d"

        async def sync_metadata(self) -> TrackerMetadata:
            return metadata

    monkeypatch.setattr("seedarr.trackers.accounts.build_adapter", lambda *_a, **_k: Synced())
    async with app.router.lifespan_context(app):
        state = app.state.seedarr
        assert state.engine.dialect.name == "postgresql"
        service = TrackerAccounts(state.sessions, state.http)
        values: dict[str, Any] = {
            "baseUrl": SITE,
            "apiKey": API_TOKEN,
            "announceUrl": f"{SITE}/announce/{PASSKEY}",
        }
        created = await service.create(AccountInput(name="Site", tracker_id="unit3d", values=values))
        with pytest.raises(ValidationFailed) as caught:
            await service.create(AccountInput(name="SITE", tracker_id="unit3d", values=values))
        assert caught.value.field == "name"
        updated = await service.update(created.id, AccountInput(values={"apiKey": MASK, "anonymous": True}))
        assert {f.name: f.value for f in updated.fields}["anonymous"] is True
        synced = await service.sync(created.id)
        assert synced.metadata is not None and synced.metadata["categories"] == {"movie": "films", "tv": 2}
        async with state.sessions() as db:
            raw = (await db.execute(text("SELECT secrets, metadata FROM tracker_accounts"))).one()
        assert raw.secrets.startswith("enc:v1:") and API_TOKEN not in raw.secrets
        assert raw.metadata["tags"] == {"MULTi": "t-1"}
        assert [v.name for v in await service.list_all()] == ["Site"]
        await service.delete(created.id)
        assert await service.list_all() == []
