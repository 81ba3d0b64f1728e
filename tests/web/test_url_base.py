"""Everything lives under the URL base: routes, static files, redirects, cookies, OpenAPI."""

from __future__ import annotations

from harness.asgi import asgi_client
from seedarr.web.app import create_app


async def test_url_base_prefixes_everything(make_settings, monkeypatch) -> None:
    monkeypatch.setenv("SEEDARR__SERVER__URLBASE", "seedarr/")
    settings = make_settings()
    assert settings.server.url_base == "/seedarr"
    app = create_app(settings, configure_logs=False)
    async with app.router.lifespan_context(app), asgi_client(app) as http:
        key = app.state.seedarr.api_key.reveal()
        assert (await http.get("/seedarr/ping")).status_code == 200
        assert (await http.get("/ping")).status_code == 404
        assert (await http.get("/seedarr/static/css/app.css")).status_code == 200
        assert (await http.get("/seedarr/static/vendor/htmx.min.js")).status_code == 200
        assert (await http.get("/seedarr/api/v1/system/status", headers={"X-Api-Key": key})).json()[
            "urlBase"
        ] == "/seedarr"
        redirect = await http.get("/seedarr/")
        assert redirect.headers["location"] == "/seedarr/setup"
        setup = await http.get("/seedarr/setup")
        assert 'action="/seedarr/setup"' in setup.text
        assert "/seedarr/static/js/theme-init.js" in setup.text
        assert "Path=/seedarr" in setup.headers["set-cookie"]
        document = (await http.get("/seedarr/openapi.json", headers={"X-Api-Key": key})).json()
        assert "/seedarr/api/v1/system/status" in document["paths"]
