"""Who may call what: the API-key matrix, local addresses, trusted proxies, forms login, CSRF."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest

from harness.asgi import asgi_client
from seedarr.settings import Settings
from seedarr.web.app import create_app

STATUS = "/api/v1/system/status"


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)


async def test_api_key_matrix(client: httpx.AsyncClient, api_key: str) -> None:
    missing = await client.get(STATUS)
    assert missing.status_code == 401
    assert missing.headers["content-type"].startswith("application/json")
    assert "API key" in missing.json()["message"]
    assert (await client.get(STATUS, headers={"X-Api-Key": "0" * 32})).status_code == 401
    assert (await client.get(STATUS, params={"apikey": "f" * 32})).status_code == 401
    assert (await client.get(STATUS, headers={"Authorization": f"Bearer {'a' * 32}"})).status_code == 401
    assert (await client.get(STATUS, headers={"X-Api-Key": api_key})).status_code == 200
    assert (await client.get(STATUS, params={"apikey": api_key})).status_code == 200
    assert (await client.get(STATUS, headers={"Authorization": f"Bearer {api_key}"})).status_code == 200
    # the header wins over a wrong query value, as in Servarr
    assert (
        await client.get(STATUS, headers={"X-Api-Key": api_key}, params={"apikey": "bad"})
    ).status_code == 200


async def test_generated_api_key_is_32_hex_and_persisted_encrypted(settings: Settings, api_key: str) -> None:
    assert re.fullmatch(r"[0-9a-f]{32}", api_key)
    content = settings.host_file.read_text()
    assert api_key not in content
    assert "enc:v1:" in content
    assert settings.host_file.stat().st_mode & 0o777 == 0o600
    from seedarr.settings import load_settings

    assert load_settings(data_dir=settings.data_dir).auth.api_key.reveal() == api_key


async def test_api_key_from_environment_is_used(make_settings: Callable[..., Settings], monkeypatch) -> None:
    monkeypatch.setenv("SEEDARR__AUTH__APIKEY", "ABCDEF0123456789abcdef0123456789")
    application = create_app(make_settings(), configure_logs=False)
    async with application.router.lifespan_context(application), asgi_client(application) as http:
        ok = await http.get(STATUS, headers={"X-Api-Key": "abcdef0123456789abcdef0123456789"})
        assert ok.status_code == 200


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "expected"),
    [
        ("127.0.0.1", None, [], 200),
        ("192.168.1.20", None, [], 200),
        ("::1", None, [], 200),
        ("8.8.8.8", None, [], 401),
        ("100.64.1.1", None, [], 401),
        ("8.8.8.8", "127.0.0.1", [], 401),  # X-Forwarded-For from an untrusted peer is ignored
        ("10.0.0.5", "8.8.8.8", ["10.0.0.5"], 401),  # a trusted proxy forwarding a public client
        ("10.0.0.5", "192.168.1.3", ["10.0.0.0/24"], 200),
        ("127.0.0.1", "8.8.8.8", ["127.0.0.1"], 401),  # behind a local reverse proxy every client looks local
    ],
)
async def test_local_addresses_option(
    make_settings: Callable[..., Settings],
    peer: str,
    forwarded: str | None,
    trusted: list[str],
    expected: int,
) -> None:
    settings = make_settings(
        auth={"required": "disabled_for_local_addresses"}, server={"trusted_proxies": trusted}
    )
    application = create_app(settings, configure_logs=False)
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    async with application.router.lifespan_context(application), asgi_client(application, peer) as http:
        assert (await http.get(STATUS, headers=headers)).status_code == expected


async def test_local_addresses_need_a_key_by_default(client: httpx.AsyncClient) -> None:
    assert (await client.get(STATUS)).status_code == 401


async def test_cgnat_is_local_only_when_trusted(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(auth={"required": "disabled_for_local_addresses", "trust_cgnat": True})
    application = create_app(settings, configure_logs=False)
    async with (
        application.router.lifespan_context(application),
        asgi_client(application, "100.64.1.1") as http,
    ):
        assert (await http.get(STATUS)).status_code == 200


async def _setup_admin(http: httpx.AsyncClient, password: str = "correct horse") -> None:
    page = await http.get("/setup")
    assert page.status_code == 200
    response = await http.post(
        "/setup",
        data={
            "username": "admin",
            "password": password,
            "password_confirm": password,
            "csrf_token": csrf_from(page.text),
        },
    )
    assert response.status_code == 303, response.text


async def test_first_run_redirects_every_page_to_setup(client: httpx.AsyncClient) -> None:
    for path in ("/", "/system/status", "/login"):
        response = await client.get(path)
        assert response.status_code == 303
        assert response.headers["location"] == "/setup"


async def test_setup_refuses_missing_csrf_and_weak_passwords(client: httpx.AsyncClient) -> None:
    page = await client.get("/setup")
    token = csrf_from(page.text)
    no_token = await client.post(
        "/setup", data={"username": "admin", "password": "long enough", "password_confirm": "long enough"}
    )
    assert no_token.status_code == 403
    forged = await client.post(
        "/setup",
        data={
            "username": "a",
            "password": "long enough",
            "password_confirm": "long enough",
            "csrf_token": "x.y",
        },
    )
    assert forged.status_code == 403
    short = await client.post(
        "/setup",
        data={"username": "admin", "password": "short", "password_confirm": "short", "csrf_token": token},
    )
    assert short.status_code == 422
    assert "at least 8" in short.text
    invisible = await client.post(
        "/setup",
        data={
            "username": "\u200b\u200d",
            "password": "long enough",
            "password_confirm": "long enough",
            "csrf_token": token,
        },
    )
    assert invisible.status_code == 422
    assert "must not be empty" in invisible.text


async def test_setup_login_logout_flow(app, client: httpx.AsyncClient) -> None:
    await _setup_admin(client)
    dashboard = await client.get("/")
    assert dashboard.status_code == 200
    assert "Dashboard" in dashboard.text
    assert (await client.get("/setup")).status_code == 303  # setup is closed once an admin exists

    logout_page_token = csrf_from(dashboard.text)
    refused = await client.post("/logout")
    assert refused.status_code == 403
    out = await client.post("/logout", data={"csrf_token": logout_page_token})
    assert out.status_code == 303
    client.cookies.delete("SeedarrAuth")
    assert (await client.get("/")).status_code == 303

    login = await client.get("/login")
    token = csrf_from(login.text)
    wrong = await client.post("/login", data={"username": "admin", "password": "nope", "csrf_token": token})
    assert wrong.status_code == 401
    assert "Wrong username or password" in wrong.text
    right = await client.post(
        "/login",
        data={
            "username": "admin",
            "password": "correct horse",
            "csrf_token": token,
            "next": "/system/status",
        },
    )
    assert right.status_code == 303
    assert right.headers["location"] == "/system/status"
    set_cookie = right.headers["set-cookie"]
    assert "SeedarrAuth=" in set_cookie
    assert "HttpOnly" in set_cookie
    assert "SameSite=lax" in set_cookie or "samesite=lax" in set_cookie.lower()
    assert (await client.get("/system/status")).status_code == 200


async def test_login_does_not_redirect_off_site(client: httpx.AsyncClient) -> None:
    await _setup_admin(client)
    client.cookies.delete("SeedarrAuth")
    token = csrf_from((await client.get("/login")).text)
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        response = await client.post(
            "/login",
            data={"username": "admin", "password": "correct horse", "csrf_token": token, "next": target},
        )
        assert response.headers["location"] == "/"


async def test_failed_logins_are_throttled(client: httpx.AsyncClient) -> None:
    await _setup_admin(client)
    client.cookies.delete("SeedarrAuth")
    token = csrf_from((await client.get("/login")).text)
    for _ in range(5):
        assert (
            await client.post("/login", data={"username": "admin", "password": "bad", "csrf_token": token})
        ).status_code == 401
    blocked = await client.post(
        "/login", data={"username": "admin", "password": "correct horse", "csrf_token": token}
    )
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0


async def test_htmx_and_api_calls_get_json_401_not_a_redirect(client: httpx.AsyncClient) -> None:
    await _setup_admin(client)
    client.cookies.delete("SeedarrAuth")
    partial = await client.get("/ui/health-badge", headers={"HX-Request": "true"})
    assert partial.status_code == 401
    assert partial.json()["message"]
    assert partial.headers["HX-Redirect"] == "/login"
    page = await client.get("/system/status")
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=/system/status"


async def test_csrf_header_accepted_for_htmx_posts(client: httpx.AsyncClient) -> None:
    await _setup_admin(client)
    token = csrf_from((await client.get("/")).text)
    response = await client.post("/logout", headers={"X-CSRF-Token": token, "HX-Request": "true"})
    assert response.status_code == 303


async def test_session_cookie_from_one_install_is_useless_elsewhere(client: httpx.AsyncClient) -> None:
    await _setup_admin(client)
    client.cookies.set("SeedarrAuth", "forged-token-value")
    assert (await client.get("/")).status_code == 303


async def test_docs_and_openapi_need_credentials(client: httpx.AsyncClient, api_key: str) -> None:
    assert (await client.get("/openapi.json")).status_code == 401
    assert (await client.get("/api/v1/openapi.json")).status_code == 401
    document = await client.get("/openapi.json", headers={"X-Api-Key": api_key})
    assert document.status_code == 200
    assert document.json()["info"]["title"] == "Seedarr"
    await _setup_admin(client)
    docs = await client.get("/docs")
    assert docs.status_code == 200
    assert "/static/vendor/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    assert '"validatorUrl": null' in docs.text
