"""/api/v1/trackers against the real app and the strict UNIT3D fake: CRUD, masking, validation, test, sync."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from fakes.server import serve_in_thread
from fakes.unit3d import FakeUnit3d
from harness.tracker_samples import API_TOKEN, FAST_RETRY, PASSKEY
from seedarr.db.models import TrackerAccount
from seedarr.observability.logging import LOG_FILE_NAME, configure_logging
from seedarr.trackers.accounts import TrackerAccounts
from seedarr.trackers.definition import RateLimitSpec
from seedarr.trackers.registry import Registry, default_registry
from seedarr.web.api.v1.trackers import tracker_accounts

MASK = "********"
WRONG_TOKEN = "wr0ng-token-for-the-fake-site"
FORMER_ID = "old-custom-unit3d"


@pytest.fixture(scope="module")
def _site() -> Iterator[tuple[FakeUnit3d, str]]:
    fake = FakeUnit3d(API_TOKEN)
    with serve_in_thread(fake.app(), name="unit3d-accounts", probe_path="/probe") as url:
        yield fake, url


@pytest.fixture
def site(_site: tuple[FakeUnit3d, str]) -> tuple[FakeUnit3d, str]:
    fake, url = _site
    fake.reset(prefix="/api", source="FAKE", extensions=set())
    return fake, url


@pytest.fixture
def headers(app: FastAPI, api_key: str) -> dict[str, str]:
    """The API key; the app's tracker service retries fast and knows one former tracker id."""
    state = app.state.seedarr
    shipped = default_registry()
    fast = RateLimitSpec(per_second=50, burst=10)
    definitions = {k: d.model_copy(update={"rate_limit": fast}) for k, d in shipped.definitions.items()}
    registry = Registry(definitions, {**shipped.renamed, FORMER_ID: "unit3d"})
    app.dependency_overrides[tracker_accounts] = lambda: TrackerAccounts(
        state.sessions, state.http, registry=registry, retry=FAST_RETRY
    )
    return {"X-Api-Key": api_key}


def _settings(url: str, token: str = API_TOKEN) -> dict[str, Any]:
    return {"baseUrl": url, "apiKey": token, "announceUrl": f"{url}/announce/{PASSKEY}"}


async def _create(client: httpx.AsyncClient, headers: dict[str, str], url: str, **changes: Any) -> Any:
    body = {"name": "Fake site", "trackerId": "unit3d", "settings": _settings(url), **changes}
    response = await client.post("/api/v1/trackers", headers=headers, json=body)
    assert response.status_code == 200, response.text
    return response.json()


def _field(resource: dict[str, Any], name: str) -> dict[str, Any]:
    return next(f for f in resource["fields"] if f["name"] == name)


def _database_bytes(data_dir: Path) -> bytes:
    return b"".join(p.read_bytes() for p in data_dir.rglob("*.db*"))


def _assert_no_secret(text: str) -> None:
    for secret in (API_TOKEN, WRONG_TOKEN, PASSKEY):
        assert secret not in text


async def test_definitions_list_every_shipped_definition(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    response = await client.get("/api/v1/trackers/definitions", headers=headers)
    assert response.status_code == 200
    listed = {d["id"]: d for d in response.json()}
    assert set(listed) == set(default_registry().ids())
    assert {d.id for d in default_registry().by_family("unit3d")} <= set(listed)
    custom = listed["unit3d"]
    assert custom["implementation"] == "unit3d" and custom["family"] == "unit3d"
    assert custom["baseUrl"] is None and custom["source"] == "UNIT3D" and custom["pieceLength"] == "auto"
    api_key = _field(custom, "apiKey")
    assert (api_key["type"], api_key["privacy"], api_key["required"], api_key["value"]) == (
        "password",
        "apiKey",
        True,
        None,
    )
    assert _field(custom, "anonymous")["value"] is False
    assert _field(custom, "personalRelease")["advanced"] is True
    assert [f["order"] for f in custom["fields"]] == list(range(len(custom["fields"])))
    for definition in listed.values():
        shipped = default_registry().get(definition["id"])
        assert [f["name"] for f in definition["fields"]] == [s.name for s in shipped.settings]


async def test_crud_round_trip_masks_secrets_everywhere(
    client: httpx.AsyncClient, headers: dict[str, str], site: tuple[FakeUnit3d, str], settings: Any
) -> None:
    _, url = site
    texts: list[str] = []
    created = await _create(client, headers, url, priority=10, enable=False)
    assert (created["name"], created["trackerId"], created["enable"], created["priority"]) == (
        "Fake site",
        "unit3d",
        False,
        10,
    )
    assert created["authStatus"] == "unknown" and created["metadata"] is None
    assert _field(created, "apiKey")["value"] == MASK
    assert _field(created, "announceUrl")["value"] == MASK
    assert _field(created, "baseUrl")["value"] == url
    account = created["id"]

    for response in (
        await client.get("/api/v1/trackers", headers=headers),
        await client.get(f"/api/v1/trackers/{account}", headers=headers),
        await client.put(
            f"/api/v1/trackers/{account}", headers=headers, json={"name": "Renamed", "enable": True}
        ),
    ):
        assert response.status_code == 200, response.text
        texts.append(response.text)
    updated = json.loads(texts[-1])
    assert (updated["name"], updated["enable"], updated["priority"]) == ("Renamed", True, 10)
    assert [t["name"] for t in json.loads(texts[0])] == ["Fake site"]

    stored = await asyncio.to_thread(_database_bytes, Path(settings.data_dir))
    assert b"Renamed" in stored  # the database was read
    assert API_TOKEN.encode() not in stored and PASSKEY.encode() not in stored

    deleted = await client.delete(f"/api/v1/trackers/{account}", headers=headers)
    assert deleted.json() == {"id": account, "deleted": True}
    assert (await client.get(f"/api/v1/trackers/{account}", headers=headers)).status_code == 404
    assert (await client.delete(f"/api/v1/trackers/{account}", headers=headers)).status_code == 404
    assert (await client.get("/api/v1/trackers", headers=headers)).json() == []
    _assert_no_secret("".join(texts) + json.dumps(created))


async def test_masked_or_omitted_secret_on_put_keeps_the_stored_one(
    client: httpx.AsyncClient, headers: dict[str, str], site: tuple[FakeUnit3d, str]
) -> None:
    fake, url = site
    created = await _create(client, headers, url)
    account = created["id"]
    # the resource as GET shows it, sent back whole (Servarr's UI does this): masks included
    resource = (await client.get(f"/api/v1/trackers/{account}", headers=headers)).json()
    _field(resource, "anonymous")["value"] = True
    response = await client.put(f"/api/v1/trackers/{account}", headers=headers, json=resource)
    assert response.status_code == 200, response.text
    assert _field(response.json(), "anonymous")["value"] is True
    assert _field(response.json(), "apiKey")["value"] == MASK
    # a body with no secret at all keeps them too
    response = await client.put(f"/api/v1/trackers/{account}", headers=headers, json={"settings": {}})
    assert response.status_code == 200
    tested = await client.post(f"/api/v1/trackers/{account}/test", headers=headers)
    assert tested.status_code == 200, tested.text
    assert fake.received[-1].headers["authorization"] == f"Bearer {API_TOKEN}"
    # null clears a value: a required secret cannot be cleared
    cleared = await client.put(
        f"/api/v1/trackers/{account}", headers=headers, json={"settings": {"apiKey": None}}
    )
    assert cleared.status_code == 422
    assert cleared.json()[0]["propertyName"] == "apiKey"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"colour": "blue"}, "colour"),
        ({"apiKey": None}, "apiKey"),
        ({"baseUrl": "ftp://tracker"}, "baseUrl"),
        ({"baseUrl": "not a url"}, "baseUrl"),
        ({"anonymous": "yes"}, "anonymous"),
        ({"announceUrl": f"tracker/announce/{PASSKEY}"}, "announceUrl"),
        ({"apiKey": f"two words{API_TOKEN}"}, "apiKey"),
    ],
)
async def test_bad_values_are_a_422_naming_the_field(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    site: tuple[FakeUnit3d, str],
    change: dict[str, Any],
    field: str,
) -> None:
    _, url = site
    body = {"name": "Bad", "trackerId": "unit3d", "settings": {**_settings(url), **change}}
    for path in ("/api/v1/trackers", "/api/v1/trackers/test"):
        response = await client.post(path, headers=headers, json=body)
        assert response.status_code == 422, response.text
        failure = response.json()[0]
        assert failure["propertyName"] == field
        if field in ("apiKey", "announceUrl"):
            assert failure["attemptedValue"] in (MASK, None)
        _assert_no_secret(response.text)
    assert (await client.get("/api/v1/trackers", headers=headers)).json() == []


async def test_account_level_rules(
    client: httpx.AsyncClient, headers: dict[str, str], site: tuple[FakeUnit3d, str]
) -> None:
    _, url = site
    created = await _create(client, headers, url)
    cases = [
        (
            "post",
            "/api/v1/trackers",
            {"name": "FAKE SITE", "trackerId": "unit3d", "settings": _settings(url)},
            "name",
        ),
        ("post", "/api/v1/trackers", {"name": "X", "trackerId": "nowhere", "settings": {}}, "trackerId"),
        (
            "post",
            "/api/v1/trackers",
            {"name": " \u200b ", "trackerId": "unit3d", "settings": _settings(url)},
            "name",
        ),
        ("put", f"/api/v1/trackers/{created['id']}", {"trackerId": "gemini"}, "trackerId"),
        ("post", "/api/v1/trackers", {"name": "Y", "trackerId": "unit3d", "priority": 99}, "priority"),
    ]
    for method, path, body, field in cases:
        response = await client.request(method, path, headers=headers, json=body)
        assert response.status_code == 422, (body, response.text)
        assert response.json()[0]["propertyName"] == field, response.text
    both = {"fields": [{"name": "anonymous", "value": True}], "settings": {"anonymous": False}}
    response = await client.put(f"/api/v1/trackers/{created['id']}", headers=headers, json=both)
    assert response.status_code == 422 and response.json()[0]["propertyName"] == "anonymous"


async def test_connection_test_before_save_returns_the_username(
    client: httpx.AsyncClient, headers: dict[str, str], site: tuple[FakeUnit3d, str]
) -> None:
    fake, url = site
    body = {"trackerId": "unit3d", "settings": _settings(url)}
    response = await client.post("/api/v1/trackers/test", headers=headers, json=body)
    assert response.status_code == 200, response.text
    assert response.json() == {"username": fake.username, "detail": "API token accepted"}
    assert fake.paths() == ["/api/user"]
    assert (await client.get("/api/v1/trackers", headers=headers)).json() == []  # nothing stored
    # editing a saved tracker: its stored token fills the masked field
    created = await _create(client, headers, url, settings=_settings(url))
    masked = {"id": created["id"], "settings": {"apiKey": MASK}}
    response = await client.post("/api/v1/trackers/test", headers=headers, json=masked)
    assert response.status_code == 200, response.text
    assert fake.received[-1].headers["authorization"] == f"Bearer {API_TOKEN}"
    response = await client.post("/api/v1/trackers/test", headers=headers, json={"id": 999999})
    assert response.status_code == 404


async def test_wrong_token_flags_the_account_and_a_good_one_clears_it(
    app: FastAPI, client: httpx.AsyncClient, headers: dict[str, str], site: tuple[FakeUnit3d, str]
) -> None:
    _, url = site
    unsaved = {"trackerId": "unit3d", "settings": _settings(url, WRONG_TOKEN)}
    refused = await client.post("/api/v1/trackers/test", headers=headers, json=unsaved)
    assert refused.status_code == 422
    assert refused.json()[0]["propertyName"] == "apiKey"
    assert "refused" in refused.json()[0]["errorMessage"]

    account = (await _create(client, headers, url, settings=_settings(url, WRONG_TOKEN)))["id"]
    refused = await client.post(f"/api/v1/trackers/{account}/test", headers=headers)
    assert refused.status_code == 422
    assert refused.json()[0]["propertyName"] == "apiKey"
    assert "Unauthenticated" in refused.json()[0]["errorMessage"]
    flagged = (await client.get(f"/api/v1/trackers/{account}", headers=headers)).json()
    assert flagged["authStatus"] == "failed" and "Unauthenticated" in flagged["authMessage"]
    assert flagged["checkedAt"] is not None
    health = await client.get("/health/detailed", headers=headers)
    auth_check = next(c for c in health.json()["checks"] if c["source"] == "TrackerAuthCheck")
    assert auth_check["status"] == "error" and "Fake site" in auth_check["message"]  # the flag is visible
    _assert_no_secret(health.text)

    good = {"settings": {"apiKey": API_TOKEN}}
    changed = (await client.put(f"/api/v1/trackers/{account}", headers=headers, json=good)).json()
    assert changed["authStatus"] == "unknown"  # new credentials: the old verdict is dropped
    tested = await client.post(f"/api/v1/trackers/{account}/test", headers=headers)
    assert tested.status_code == 200 and tested.json()["username"] == "seedarr-test"
    cleared = (await client.get(f"/api/v1/trackers/{account}", headers=headers)).json()
    assert cleared["authStatus"] == "ok" and cleared["authMessage"] == "API token accepted"
    app_health = app.state.seedarr.health
    cleared_check = next(r for r in await app_health.results(fresh=True) if r.source == "TrackerAuthCheck")
    assert cleared_check.status == "ok" and "none refused" in cleared_check.message
    _assert_no_secret(refused.text + json.dumps(flagged) + json.dumps(cleared))


async def test_a_site_that_is_down_fails_the_test_without_flagging(
    client: httpx.AsyncClient, headers: dict[str, str], site: tuple[FakeUnit3d, str]
) -> None:
    fake, url = site
    account = (await _create(client, headers, url))["id"]
    fake.fail_next(503)
    response = await client.post(f"/api/v1/trackers/{account}/test", headers=headers)
    assert response.status_code == 422  # Servarr: a test answers 200 or validation failures
    failure = response.json()[0]
    assert failure["propertyName"] == "baseUrl" and "HTTP 503" in failure["errorMessage"]
    assert len(fake.received) == 1  # a test is one attempt: the person presses again
    assert (await client.get(f"/api/v1/trackers/{account}", headers=headers)).json()[
        "authStatus"
    ] == "unknown"
    closed = {"trackerId": "unit3d", "settings": _settings("http://127.0.0.1:9")}
    response = await client.post("/api/v1/trackers/test", headers=headers, json=closed)
    assert response.status_code == 422 and "cannot connect" in response.json()[0]["errorMessage"]
    fake.fail_next(403)
    response = await client.post(f"/api/v1/trackers/{account}/test", headers=headers)
    assert response.status_code == 422 and response.json()[0]["propertyName"] == "apiKey"
    assert (await client.get(f"/api/v1/trackers/{account}", headers=headers)).json()["authStatus"] == "failed"


async def test_a_405_lists_every_method_of_the_path(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    for path, allowed in (("/api/v1/trackers", "GET, POST"), ("/api/v1/trackers/1", "DELETE, GET, PUT")):
        response = await client.request("PATCH", path, headers=headers)
        assert response.status_code == 405 and response.headers["allow"] == allowed


async def test_sync_stores_metadata(
    client: httpx.AsyncClient, headers: dict[str, str], site: tuple[FakeUnit3d, str]
) -> None:
    _, url = site
    account = (await _create(client, headers, url))["id"]
    response = await client.post(f"/api/v1/trackers/{account}/sync", headers=headers)
    assert response.status_code == 200, response.text
    ids = default_registry().get("unit3d").ids
    metadata = response.json()["metadata"]
    assert metadata["origin"] == "definition"
    assert metadata["categories"] == dict(ids.category)
    assert metadata["resolutions"]["1080p"] == ids.resolution["1080p"]
    shown = (await client.get(f"/api/v1/trackers/{account}", headers=headers)).json()
    assert shown["metadata"] == metadata and shown["syncedAt"] is not None


async def test_unknown_ids_are_404_and_bad_ids_422(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    for method, path in (
        ("get", "/api/v1/trackers/4242"),
        ("put", "/api/v1/trackers/4242"),
        ("delete", "/api/v1/trackers/4242"),
        ("post", "/api/v1/trackers/4242/test"),
        ("post", "/api/v1/trackers/4242/sync"),
    ):
        response = await client.request(method, path, headers=headers, json={} if method == "put" else None)
        assert response.status_code == 404, (method, path, response.text)
        assert response.json() == {"message": "no tracker with id 4242"}
    assert (await client.get("/api/v1/trackers/0", headers=headers)).status_code == 422
    assert (await client.get(f"/api/v1/trackers/{2**40}", headers=headers)).status_code == 422
    assert (await client.get("/api/v1/trackers/4242")).status_code == 401


async def test_a_former_tracker_id_still_resolves(
    app: FastAPI, client: httpx.AsyncClient, headers: dict[str, str], site: tuple[FakeUnit3d, str]
) -> None:
    _, url = site
    created = await _create(client, headers, url, trackerId=FORMER_ID)
    assert created["trackerId"] == "unit3d"
    async with app.state.seedarr.sessions() as db:  # a row saved before the rename
        row = TrackerAccount(tracker_id=FORMER_ID, name="Saved before the rename", settings={"baseUrl": url})
        db.add(row)
        await db.commit()
    shown = (await client.get(f"/api/v1/trackers/{row.id}", headers=headers)).json()
    assert shown["trackerId"] == "unit3d" and shown["trackerName"] == "UNIT3D at a custom URL"
    put = await client.put(f"/api/v1/trackers/{row.id}", headers=headers, json={"settings": _settings(url)})
    assert put.status_code == 200, put.text
    assert (await client.post(f"/api/v1/trackers/{row.id}/test", headers=headers)).status_code == 200
    async with app.state.seedarr.sessions() as db:
        assert (await db.get(TrackerAccount, row.id)).tracker_id == "unit3d"  # type: ignore[union-attr]


async def test_a_tracker_whose_definition_is_gone_stays_listed(
    app: FastAPI, client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    async with app.state.seedarr.sessions() as db:
        row = TrackerAccount(
            tracker_id="vanished-site", name="Old", settings={"baseUrl": "https://old.example"}
        )
        db.add(row)
        await db.commit()
    listed = (await client.get("/api/v1/trackers", headers=headers)).json()
    assert [(t["trackerId"], t["implementation"]) for t in listed] == [("vanished-site", "")]
    for path in (f"/api/v1/trackers/{row.id}/test", f"/api/v1/trackers/{row.id}/sync"):
        response = await client.post(path, headers=headers)
        assert response.status_code == 409 and "vanished-site" in response.json()["message"]


# loggers configure_logging changes: their levels come back afterwards, so later tests of this worker see
# the levels they would have seen without this one (httpx's INFO lines, for one)
_RECONFIGURED = ("", "httpx", "httpcore", "aiosqlite", "asyncio", "multipart", "alembic.runtime.migration",
                 "uvicorn.access")  # fmt: skip


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    saved = {
        name: (logging.getLogger(name).level, logging.getLogger(name).disabled) for name in _RECONFIGURED
    }
    configure_logging(level="debug", log_dir=tmp_path / "logs", stream=io.StringIO())
    yield tmp_path / "logs" / LOG_FILE_NAME
    configure_logging(level="warning", stream=io.StringIO())
    for name, (level, disabled) in saved.items():
        logging.getLogger(name).setLevel(level)
        logging.getLogger(name).disabled = disabled


async def test_secrets_stay_out_of_logs_docs_and_pages(
    client: httpx.AsyncClient, headers: dict[str, str], site: tuple[FakeUnit3d, str], log_file: Path
) -> None:
    fake, url = site
    texts = []
    account = (await _create(client, headers, url, settings=_settings(url, WRONG_TOKEN)))["id"]
    texts.append((await client.post(f"/api/v1/trackers/{account}/test", headers=headers)).text)
    texts.append(
        (
            await client.put(
                f"/api/v1/trackers/{account}", headers=headers, json={"settings": _settings(url)}
            )
        ).text
    )
    fake.fail_next(500)
    texts.append((await client.post(f"/api/v1/trackers/{account}/test", headers=headers)).text)
    texts.append((await client.post(f"/api/v1/trackers/{account}/sync", headers=headers)).text)
    for path in ("/api/v1/trackers", "/openapi.json", "/docs"):
        texts.append((await client.get(path, headers=headers)).text)
    _assert_no_secret("".join(texts))
    logged = await asyncio.to_thread(log_file.read_text)
    assert "tracker_account_flagged" in logged and "tracker_account_synced" in logged
    _assert_no_secret(logged)
