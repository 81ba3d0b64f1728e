"""Paths are confined to the media roots; bad input is a 422 naming the field and the problem."""

from __future__ import annotations

import os

import pytest

from harness.asgi import asgi_client
from seedarr.web.app import create_app


@pytest.fixture
async def media_client(make_settings, tmp_path):
    media = tmp_path / "media"
    (media / "Films" / "Film (2024)").mkdir(parents=True)
    (media / "Films" / "Film (2024)" / "Film.2024.mkv").write_bytes(b"x" * 10)
    (media / ".hidden").mkdir()
    sibling = tmp_path / "media2"
    sibling.mkdir()
    (sibling / "secret.txt").write_text("outside")
    os.symlink(sibling, media / "escape")
    app = create_app(make_settings(media={"roots": [str(media)]}), configure_logs=False)
    async with app.router.lifespan_context(app), asgi_client(app) as http:
        http.headers["X-Api-Key"] = app.state.seedarr.api_key.reveal()
        yield http, media, sibling


async def test_lists_roots_and_folders(media_client) -> None:
    http, media, _ = media_client
    roots = (await http.get("/api/v1/filesystem")).json()
    assert [d["path"] for d in roots["directories"]] == [str(media)]
    listing = (await http.get("/api/v1/filesystem", params={"path": str(media)})).json()
    assert [d["name"] for d in listing["directories"]] == ["Films"]  # no hidden folder, no escaping symlink
    film = (
        await http.get("/api/v1/filesystem", params={"path": str(media / "Films" / "Film (2024)")})
    ).json()
    assert film["files"] == [
        {
            "name": "Film.2024.mkv",
            "path": str(media / "Films" / "Film (2024)" / "Film.2024.mkv"),
            "type": "file",
            "size": 10,
        }
    ]
    assert film["parent"] == str(media / "Films")


@pytest.mark.parametrize(
    ("make_path", "problem"),
    [
        (lambda m, s: f"{m}/../media2", "outside the configured media roots"),
        (lambda m, s: str(s), "outside the configured media roots"),
        (lambda m, s: f"{m}/escape", "outside the configured media roots"),
        (lambda m, s: f"{m}/Fi\u200blms", "invisible Unicode"),
        (lambda m, s: "relative/path", "absolute path"),
        (lambda m, s: f"{m}/does-not-exist", "not an existing folder"),
    ],
)
async def test_bad_paths_are_422_with_field_and_problem(media_client, make_path, problem: str) -> None:
    http, media, sibling = media_client
    response = await http.get("/api/v1/filesystem", params={"path": make_path(media, sibling)})
    assert response.status_code == 422
    [failure] = response.json()
    assert failure["propertyName"] == "path"
    assert problem in failure["errorMessage"]
    assert failure["severity"] == "error"


async def test_type_errors_use_the_same_shape(media_client) -> None:
    http, _, _ = media_client
    response = await http.get("/api/v1/filesystem", params={"includeFiles": "maybe"})
    assert response.status_code == 422
    [failure] = response.json()
    assert failure["propertyName"] == "includeFiles"
    assert failure["attemptedValue"] == "maybe"
