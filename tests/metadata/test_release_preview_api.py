"""``POST /api/v1/releases/preview`` and template previews against a real release: generated media, the
app in-process, identification against the TMDB fake over real HTTP."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from fakes.catalogue import V3_KEY
from fakes.tmdb import FakeTmdb
from harness.asgi import asgi_client
from seedarr.web.app import create_app

PREVIEW = "/api/v1/releases/preview"


@pytest.fixture
def media_root(tmp_path: Path, movie_1080p: Path) -> Path:
    root = tmp_path / "media"
    (root / "Films").mkdir(parents=True)
    os.link(movie_1080p, root / "Films" / "Alien.1979.MULTi.1080p.BluRay.x264-GRP.mkv")
    return root


@pytest.fixture
async def api(
    make_settings, media_root: Path, tmdb_url: str, tmdb_fake: FakeTmdb, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[httpx.AsyncClient]:
    monkeypatch.setenv("SEEDARR__TMDB__API_KEY", V3_KEY)
    monkeypatch.setenv("SEEDARR__TMDB__BASE_URL", tmdb_url)
    app = create_app(make_settings(media={"roots": [str(media_root)]}), configure_logs=False)
    async with app.router.lifespan_context(app), asgi_client(app, timeout=60) as http:
        http.headers["X-Api-Key"] = app.state.seedarr.api_key.reveal()
        yield http


def film(root: Path) -> str:
    return str(root / "Films" / "Alien.1979.MULTi.1080p.BluRay.x264-GRP.mkv")


async def test_ambiguous_release_lists_candidates_then_a_manual_id_names_it(
    api: httpx.AsyncClient, media_root: Path
) -> None:
    ambiguous = await api.post(PREVIEW, json={"path": film(media_root)})
    assert ambiguous.status_code == 200, ambiguous.text
    body = ambiguous.json()
    assert body["status"] == "needsIdentification"
    assert {c["tmdbId"] for c in body["candidates"]} >= {10001, 10002}
    assert body["identity"] is None
    assert body["names"][0]["name"].startswith("Alien.1979.MULTi.VFF.1080p.BluRay.AC3.5.1.x264-GRP")

    chosen = await api.post(
        PREVIEW,
        json={"path": film(media_root), "tmdbId": 10001, "mediaType": "movie", "profiles": ["fr", "p2p"]},
    )
    body = chosen.json()
    assert body["status"] == "identified"
    assert body["identity"]["title"] == "Alien, le huitième passager"
    names = {n["profile"]: n["name"] for n in body["names"]}
    assert names["fr"].startswith("Alien.le.huitieme.passager.1979.MULTi.VFF.1080p.BluRay")
    assert names["p2p"] != names["fr"]
    tokens = {t["variable"]: t for t in body["names"][0]["tokens"]}
    assert tokens["resolution"]["source"] == "mediainfo"


async def test_offline_preview_needs_no_tmdb(
    api: httpx.AsyncClient, media_root: Path, tmdb_fake: FakeTmdb
) -> None:
    response = await api.post(PREVIEW, json={"path": film(media_root), "offline": True})
    body = response.json()
    assert body["status"] == "offline"
    assert body["names"][0]["name"].endswith("-GRP")
    assert tmdb_fake.received == []  # offline: TMDB was never asked


@pytest.mark.parametrize(
    ("payload", "field", "problem"),
    [
        ({"path": "/etc/passwd"}, "path", "outside the configured media roots"),
        ({"path": "{film}", "tmdbId": 10001}, "tmdbId", "together"),
        ({"path": "{film}", "profiles": ["nowhere"]}, "profiles", "nowhere"),
        ({"path": "{film}", "mediaType": "book", "tmdbId": 1}, "mediaType", "movie"),
    ],
)
async def test_bad_requests_are_422_naming_the_field(
    api: httpx.AsyncClient, media_root: Path, payload: dict[str, object], field: str, problem: str
) -> None:
    payload = {k: (film(media_root) if v == "{film}" else v) for k, v in payload.items()}
    response = await api.post(PREVIEW, json=payload)
    assert response.status_code == 422, response.text
    failures = {f["propertyName"]: f["errorMessage"] for f in response.json()}
    assert field in failures and problem in failures[field]


async def test_a_file_that_is_not_media_is_a_clear_400(api: httpx.AsyncClient, media_root: Path) -> None:
    (media_root / "Films" / "notes.mkv").write_text("not a video")
    response = await api.post(
        PREVIEW, json={"path": str(media_root / "Films" / "notes.mkv"), "offline": True}
    )
    assert response.status_code == 400
    assert response.json()["message"]


async def test_template_preview_against_the_real_release(api: httpx.AsyncClient, media_root: Path) -> None:
    template = "[b]{{ title }}[/b] {{ release_name }} | {{ resolution }} | {{ file_size }}"
    response = await api.post(
        "/api/v1/templates/preview",
        json={
            "template": template,
            "release": {"path": film(media_root), "tmdbId": 10001, "mediaType": "movie"},
        },
    )
    assert response.status_code == 200, response.text
    output = response.json()["output"]
    assert "[b]Alien, le huitième passager[/b]" in output
    assert "Alien.le.huitieme.passager.1979.MULTi.VFF.1080p.BluRay" in output
    assert response.json()["unknownVariables"] == []
    assert " | 1920x1080 | " in output  # resolution from MediaInfo, file size from the real file
    sample = await api.post("/api/v1/templates/preview", json={"template": template})
    assert "Dune" in sample.json()["output"]


async def test_a_failing_tmdb_never_echoes_the_key(
    api: httpx.AsyncClient, media_root: Path, tmdb_fake: FakeTmdb
) -> None:
    tmdb_fake.fail_next(500, count=20)
    response = await api.post(PREVIEW, json={"path": film(media_root)})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "needsIdentification"
    assert "unavailable" in body["reason"]
    assert V3_KEY not in response.text
