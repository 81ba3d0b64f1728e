"""/api/v1/templates: seeded defaults, preview against sample data, 422 with line and column, sandbox."""

from __future__ import annotations

import httpx


async def test_defaults_are_seeded_and_readable(client: httpx.AsyncClient, api_key: str) -> None:
    headers = {"X-Api-Key": api_key}
    listed = (await client.get("/api/v1/templates", headers=headers)).json()
    names = {(t["kind"], t["name"]) for t in listed}
    assert {("description", "La Cale"), ("description", "C411"), ("description", "Minimaliste"),
            ("description", "Premium"), ("nfo", "NFO standard")} <= names  # fmt: skip
    first = listed[0]["id"]
    one = (await client.get(f"/api/v1/templates/{first}", headers=headers)).json()
    assert one["body"] and one["builtin"] is True
    assert (await client.get("/api/v1/templates/999999", headers=headers)).status_code == 404


async def test_preview_renders_sample_data_with_escaping(client: httpx.AsyncClient, api_key: str) -> None:
    response = await client.post(
        "/api/v1/templates/preview",
        headers={"X-Api-Key": api_key},
        json={"template": "{{#tagline}}[i]{{tagline}}[/i]{{/tagline}} {{ title }} {{ colour }}"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["output"].startswith("[i]Longue vie aux combattants.[/i] Dune : Deuxième Partie")
    assert body["unknownVariables"] == ["colour"]
    assert "line 1" in body["warnings"][0]


async def test_preview_of_stored_templates(client: httpx.AsyncClient, api_key: str) -> None:
    headers = {"X-Api-Key": api_key}
    for template in (await client.get("/api/v1/templates", headers=headers)).json():
        response = await client.post(
            "/api/v1/templates/preview", headers=headers, json={"templateId": template["id"]}
        )
        assert response.status_code == 200, (template["name"], response.text)
        assert response.json()["unknownVariables"] == []
        assert len(response.json()["output"]) > 100


async def test_malformed_template_is_a_422_with_line_and_column(
    client: httpx.AsyncClient, api_key: str
) -> None:
    response = await client.post(
        "/api/v1/templates/preview",
        headers={"X-Api-Key": api_key},
        json={"template": "ok\n  {{ title | nope }}"},
    )
    assert response.status_code == 422
    failure = response.json()[0]
    assert failure["propertyName"] == "template"
    assert "line 2, column 3" in failure["errorMessage"]
    assert "nope" in failure["errorMessage"]


async def test_strict_unknown_variable_is_named(client: httpx.AsyncClient, api_key: str) -> None:
    response = await client.post(
        "/api/v1/templates/preview",
        headers={"X-Api-Key": api_key},
        json={"template": "{{ title }}\n{{ colour }}", "strict": True},
    )
    assert response.status_code == 422
    assert "'colour'" in response.json()[0]["errorMessage"]


async def test_reaching_python_internals_is_refused(client: httpx.AsyncClient, api_key: str) -> None:
    headers = {"X-Api-Key": api_key}
    for source in (
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{% include 'x' %}",
        "{{ cycler.__init__ }}",
    ):
        response = await client.post("/api/v1/templates/preview", headers=headers, json={"template": source})
        assert response.status_code == 422 or "class" not in response.json()["output"], source


async def test_preview_needs_a_template(client: httpx.AsyncClient, api_key: str) -> None:
    response = await client.post("/api/v1/templates/preview", headers={"X-Api-Key": api_key}, json={})
    assert response.status_code == 422


async def test_templates_require_the_api_key(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/v1/templates")).status_code == 401
