"""/api/v1/prowlarr: list Prowlarr's indexers as tracker candidates and import one (announce URL asked)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from fakes.prowlarr import FakeProwlarr
from fakes.server import serve_in_thread
from harness.ports import free_port
from harness.tracker_samples import PASSKEY
from seedarr.db.models import TrackerAccount
from seedarr.secrets import Secret

KEY = "feedfacefeedfacefeedfacefeedface"
SITE_KEY = "site-key-that-prowlarr-holds-000"


def _indexer(index: int, name: str, url: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": index, "name": name, "definitionName": name.lower(),
        "implementation": extra.get("impl", "Cardigann"), "protocol": "torrent", "privacy": "private",
        "enable": True, "priority": 25, "indexerUrls": [url], "tags": [],
        "fields": [{"name": "apiKey", "value": SITE_KEY}],
    }  # fmt: skip


@pytest.fixture(scope="module")
def _server() -> Iterator[tuple[FakeProwlarr, str]]:
    fake = FakeProwlarr(KEY)
    with serve_in_thread(fake.app(), name="prowlarr-api", probe_path="/ping") as url:
        yield fake, url


@pytest.fixture
def prowlarr(_server: tuple[FakeProwlarr, str]) -> tuple[FakeProwlarr, str]:
    fake, url = _server
    fake.reset()
    fake.indexer_list.extend([
        _indexer(3, "Generation Free", "https://generation-free.org/"),
        _indexer(4, "Own Site", "https://tracker.example.org/", impl="Unit3d"),
        _indexer(5, "Unknown", "https://unknown.example/"),
    ])  # fmt: skip
    return fake, url


async def test_indexers_are_listed_with_what_is_missing(
    client: httpx.AsyncClient, api_key: str, prowlarr: tuple[FakeProwlarr, str]
) -> None:
    _, url = prowlarr
    response = await client.post(
        "/api/v1/prowlarr/indexers", headers={"X-Api-Key": api_key}, json={"url": url, "apiKey": KEY}
    )
    assert response.status_code == 200, response.text
    by_id = {c["indexerId"]: c for c in response.json()}
    assert by_id[3]["trackerId"] == "generation-free" and by_id[3]["missing"] == ["announceUrl"]
    assert by_id[3]["prefilled"] == ["apiKey"]
    assert by_id[4]["trackerId"] == "unit3d" and by_id[4]["prefilled"] == ["apiKey", "baseUrl"]
    assert by_id[5]["trackerId"] is None
    assert SITE_KEY not in response.text and KEY not in response.text


async def test_import_creates_the_account_with_prowlarrs_key_and_the_given_announce(
    app: FastAPI, client: httpx.AsyncClient, api_key: str, prowlarr: tuple[FakeProwlarr, str]
) -> None:
    _, url = prowlarr
    headers = {"X-Api-Key": api_key}
    missing = await client.post(
        "/api/v1/prowlarr/import", headers=headers, json={"url": url, "apiKey": KEY, "indexerId": 3}
    )
    assert missing.status_code == 422 and missing.json()[0]["propertyName"] == "announceUrl"

    announce = f"https://generation-free.org/announce/{PASSKEY}"
    body = {"url": url, "apiKey": KEY, "indexerId": 3, "settings": {"announceUrl": announce}}
    created = await client.post("/api/v1/prowlarr/import", headers=headers, json=body)
    assert created.status_code == 200, created.text
    account = created.json()
    assert account["name"] == "Generation Free" and account["trackerId"] == "generation-free"
    assert SITE_KEY not in created.text and PASSKEY not in created.text
    async with app.state.seedarr.sessions() as db:
        row = await db.get(TrackerAccount, account["id"])
    assert row is not None
    secrets = row.secrets.reveal() if isinstance(row.secrets, Secret) else str(row.secrets)
    assert SITE_KEY in secrets  # stored (encrypted at rest), ready to use

    unknown = await client.post("/api/v1/prowlarr/import", headers=headers, json={**body, "indexerId": 5})
    assert unknown.status_code == 422 and "no tracker definition" in unknown.json()[0]["errorMessage"]


async def test_prowlarr_refusing_the_key_or_down_is_a_422(
    client: httpx.AsyncClient, api_key: str, prowlarr: tuple[FakeProwlarr, str]
) -> None:
    _, url = prowlarr
    headers = {"X-Api-Key": api_key}
    wrong = "0000000000000000000000000000beef"
    refused = await client.post(
        "/api/v1/prowlarr/indexers", headers=headers, json={"url": url, "apiKey": wrong}
    )
    assert refused.status_code == 422 and refused.json()[0]["propertyName"] == "apiKey"
    assert wrong not in refused.text
    down = await client.post(
        "/api/v1/prowlarr/indexers",
        headers=headers,
        json={"url": f"http://127.0.0.1:{free_port()}", "apiKey": KEY},
    )
    assert down.status_code == 422 and down.json()[0]["propertyName"] == "url"
    unset = await client.post("/api/v1/prowlarr/indexers", headers=headers, json={})
    assert unset.status_code == 422 and unset.json()[0]["propertyName"] == "url"
