"""Settings → Trackers pages against the real app and the strict UNIT3D fake, without a browser.

Login and CSRF, the form each definition's ``settings`` draws, create/update/delete through form posts
(plain and HTMX), messages next to the field they name, Test/Sync, the URL base, and no secret in any page.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from fakes.server import serve_in_thread
from fakes.unit3d import FakeUnit3d
from harness.asgi import asgi_client
from harness.tracker_samples import API_TOKEN, FAST_RETRY, PASSKEY
from seedarr.db.models import TrackerAccount
from seedarr.settings import Settings
from seedarr.trackers.accounts import TrackerAccounts
from seedarr.trackers.definition import RateLimitSpec
from seedarr.trackers.registry import Registry, default_registry
from seedarr.web.api.v1.trackers import tracker_accounts
from seedarr.web.app import create_app

MASK = "********"
WRONG_TOKEN = "wr0ng-token-for-the-fake-site"
PAGE = "/settings/trackers"
HTMX = {"HX-Request": "true"}


@pytest.fixture(scope="module")
def _site() -> Iterator[tuple[FakeUnit3d, str]]:
    fake = FakeUnit3d(API_TOKEN)
    with serve_in_thread(fake.app(), name="unit3d-ui", probe_path="/probe") as url:
        yield fake, url


@pytest.fixture
def site(_site: tuple[FakeUnit3d, str]) -> tuple[FakeUnit3d, str]:
    fake, url = _site
    fake.reset(prefix="/api", source="FAKE", extensions=set())
    return fake, url


def _fast_service(app: FastAPI) -> None:
    """The app's tracker service, retrying fast and without the sites' one-request-a-second limit."""
    state = app.state.seedarr
    shipped = default_registry()
    fast = RateLimitSpec(per_second=50, burst=10)
    registry = Registry(
        {k: d.model_copy(update={"rate_limit": fast}) for k, d in shipped.definitions.items()},
        dict(shipped.renamed),
    )
    app.dependency_overrides[tracker_accounts] = lambda: TrackerAccounts(
        state.sessions, state.http, registry=registry, retry=FAST_RETRY
    )


class Browser:
    """A logged-in client that keeps every page it was shown (so a test can check none holds a secret)."""

    def __init__(self, http: httpx.AsyncClient, base: str = "") -> None:
        self.http = http
        self.base = base
        self.token = ""
        self.pages: list[str] = []

    async def get(self, path: str) -> httpx.Response:
        response = await self.http.get(self.base + path)
        self.pages.append(response.text)
        return response

    async def post(self, path: str, data: dict[str, Any], *, htmx: bool = False) -> httpx.Response:
        body = {"csrf_token": self.token, **data}
        response = await self.http.post(self.base + path, data=body, headers=HTMX if htmx else None)
        self.pages.append(response.text)
        return response

    async def log_in(self) -> None:
        setup = await self.http.get(self.base + "/setup")
        token = csrf_from(setup.text)
        form = {"username": "admin", "password": "correct horse", "password_confirm": "correct horse"}
        response = await self.http.post(self.base + "/setup", data={**form, "csrf_token": token})
        assert response.status_code == 303, response.text
        self.token = token

    def assert_no_secret(self) -> None:
        assert self.pages, "no page was read"
        for text in self.pages:
            for secret in (API_TOKEN, WRONG_TOKEN, PASSKEY):
                assert secret not in text


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)


@pytest.fixture
async def ui(app: FastAPI, client: httpx.AsyncClient) -> AsyncIterator[Browser]:
    _fast_service(app)
    browser = Browser(client)
    await browser.log_in()
    yield browser
    browser.assert_no_secret()


def unit3d_form(url: str, token: str = API_TOKEN, **changes: Any) -> dict[str, Any]:
    form = {
        "name": "Fake site",
        "enabled": "true",
        "priority": "25",
        "settings.baseUrl": url,
        "settings.apiKey": token,
        "settings.announceUrl": f"{url}/announce/{PASSKEY}",
        "settings.anonymous": "true",
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def slot(html: str, name: str) -> str:
    """The text of the message slot ``err-<name>`` (or ``form-status``)."""
    element = "form-status" if name == "form" else f"err-{name}"
    match = re.search(rf'<div id="{element}"[^>]*>([^<]*)</div>', html)
    assert match, f"no {element} slot in the page"
    return match.group(1)


def input_value(html: str, name: str) -> str | None:
    match = re.search(rf'<input type="[a-z]+" id="[^"]+" name="{re.escape(name)}" value="([^"]*)"', html)
    return match.group(1) if match else None


async def _only_tracker(app: FastAPI) -> TrackerAccount:
    async with app.state.seedarr.sessions() as db:
        rows = (await db.execute(TrackerAccount.__table__.select())).all()
    assert len(rows) == 1, rows
    return rows[0]  # type: ignore[no-any-return]


async def test_pages_need_the_login_and_posts_the_csrf_token(client: httpx.AsyncClient) -> None:
    first_run = await client.get(PAGE)
    assert first_run.status_code == 303 and first_run.headers["location"] == "/setup"
    browser = Browser(client)
    await browser.log_in()
    assert (await browser.get(PAGE)).status_code == 200
    refused = await client.post(PAGE + "/add/unit3d", data={"name": "x"})  # no token
    assert refused.status_code == 403
    forged = await client.post(PAGE + "/add/unit3d", data={"name": "x", "csrf_token": "a.b"})
    assert forged.status_code == 403
    client.cookies.delete("SeedarrAuth")
    for path in (PAGE, PAGE + "/add/unit3d", PAGE + "/1/edit"):
        response = await client.get(path)
        assert response.status_code == 303 and response.headers["location"] == f"/login?next={path}"
    partial = await client.post(PAGE + "/1/test", headers={**HTMX, "X-CSRF-Token": browser.token})
    assert partial.status_code == 401 and partial.headers["HX-Redirect"] == "/login"


async def test_the_list_offers_every_definition_and_the_form_draws_its_settings(ui: Browser) -> None:
    page = await ui.get(PAGE)
    assert page.status_code == 200
    assert 'class="nav-link active" href="/settings/trackers"' in page.text
    assert "No tracker yet" in page.text
    for definition in default_registry():
        assert f'href="/settings/trackers/add/{definition.id}"' in page.text
        assert definition.name in page.text

    form = (await ui.get(PAGE + "/add/unit3d")).text
    unit3d = default_registry().get("unit3d")
    drawn = re.findall(r'name="settings\.([A-Za-z0-9]+)"', form)
    assert drawn == [s.name for s in unit3d.settings]  # one input per setting, in the definition's order
    assert re.search(r'<input type="password" id="f-apiKey" name="settings.apiKey" value=""', form)
    assert re.search(r'<input type="url" id="f-baseUrl" name="settings.baseUrl" value=""', form)
    assert re.search(
        r'<input type="checkbox" id="f-anonymous" name="settings.anonymous" value="true"\s+aria', form
    )
    assert 'class="form-row field-advanced" data-setting="personalRelease"' in form
    assert 'class="form-row" data-setting="apiKey"' in form
    assert "Profile → Settings → API Key on the site." in form  # the help text
    assert '<input type="checkbox" id="show-advanced">' in form  # advanced fields start hidden
    assert (
        'action="/settings/trackers/add/unit3d"' in form
        and 'hx-post="/settings/trackers/add/unit3d/test"' in form
    )
    assert csrf_from(form) == ui.token

    torr9 = (await ui.get(PAGE + "/add/torr9")).text
    select = re.search(r'<select id="f-nfoMode" name="settings.nfoMode"[^>]*>(.*?)</select>', torr9, re.S)
    assert select is not None
    assert re.findall(r'<option value="([^"]+)"( selected)?>', select.group(1)) == [
        ("text", " selected"),
        ("file", ""),
    ]
    assert '<input type="text" id="f-username" name="settings.username"' in torr9
    la_cale = (await ui.get(PAGE + "/add/la-cale")).text
    assert '<textarea id="f-tagAliases" name="settings.tagAliases"' in la_cale

    missing = await ui.get(PAGE + "/add/no-such-site")
    assert missing.status_code == 404 and "No tracker definition has the id no-such-site." in missing.text


async def test_create_through_the_form_then_the_row_test_shows_ok(
    app: FastAPI, ui: Browser, site: tuple[FakeUnit3d, str]
) -> None:
    fake, url = site
    created = await ui.post(PAGE + "/add/unit3d", unit3d_form(url))
    assert created.status_code == 303 and created.headers["location"] == PAGE
    row = await _only_tracker(app)
    assert (row.name, row.tracker_id, row.enabled, row.priority) == ("Fake site", "unit3d", True, 25)
    assert row.settings["anonymous"] is True and row.settings["personalRelease"] is False

    listing = (await ui.get(PAGE)).text
    assert '<a class="tracker-name" href="/settings/trackers/1/edit">Fake site</a>' in listing
    assert "UNIT3D at a custom URL" in listing and ">Unknown</span>" in listing

    tested = await ui.post(PAGE + "/1/test", {"view": "row"}, htmx=True)
    assert tested.status_code == 200
    assert tested.text.lstrip().startswith('<tr id="tracker-1"')
    assert 'badge badge-ok" title="API token accepted">OK</span>' in tested.text
    assert "Connected as seedarr-test" in tested.text
    assert fake.received[-1].headers["authorization"] == f"Bearer {API_TOKEN}"
    assert ">OK</span>" in (await ui.get(PAGE)).text

    synced = await ui.post(PAGE + "/1/sync", {"view": "row"}, htmx=True)
    assert "Synced from the definition:" in synced.text and "Never" not in synced.text
    plain = await ui.post(PAGE + "/1/sync", {"view": "form"})
    assert plain.status_code == 303 and plain.headers["location"] == PAGE + "/1/edit"
    in_form = await ui.post(PAGE + "/1/sync", {"view": "form"}, htmx=True)
    assert in_form.text.startswith('<div id="form-status" class="form-status alert alert-ok"')


async def test_a_refused_value_is_shown_next_to_its_field_and_typed_values_stay(
    app: FastAPI, ui: Browser, site: tuple[FakeUnit3d, str]
) -> None:
    _, url = site
    bad_url = unit3d_form(url, **{"settings.baseUrl": "ftp://tracker.example", "name": "Typed name"})
    page = await ui.post(PAGE + "/add/unit3d", bad_url)
    assert page.status_code == 422
    assert slot(page.text, "s-baseUrl") == "Must start with http:// or https://"
    assert slot(page.text, "s-apiKey") == "" and slot(page.text, "form") == ""
    assert input_value(page.text, "name") == "Typed name"
    assert input_value(page.text, "settings.baseUrl") == "ftp://tracker.example"
    assert input_value(page.text, "settings.apiKey") == ""  # never echoed: typed again
    assert page.text.count("Type it again") == 2
    assert 'name="settings.anonymous" value="true" checked' in page.text

    missing = await ui.post(PAGE + "/add/unit3d", unit3d_form(url, **{"settings.apiKey": None}), htmx=True)
    assert missing.status_code == 200
    assert slot(missing.text, "s-apiKey") == "API token is required"
    assert slot(missing.text, "s-baseUrl") == ""  # every slot is swapped in: old messages go
    assert missing.text.count('hx-swap-oob="true"') == 1 + 3 + len(default_registry().get("unit3d").settings)
    assert 'id="advanced-toggle"' not in missing.text  # the field is not an advanced one

    priority = await ui.post(PAGE + "/add/unit3d", unit3d_form(url, priority="99"), htmx=True)
    assert slot(priority.text, "priority") == "Must be a whole number from 1 to 50"
    assert '<input type="checkbox" id="show-advanced" checked>' in priority.text  # the advanced field shows

    await ui.post(PAGE + "/add/unit3d", unit3d_form(url))
    clash = await ui.post(PAGE + "/add/unit3d", unit3d_form(url, name="fake SITE"))
    assert clash.status_code == 422 and slot(clash.text, "name") == "Is already the name of another tracker"
    async with app.state.seedarr.sessions() as db:
        assert len((await db.execute(TrackerAccount.__table__.select())).all()) == 1


async def test_editing_keeps_a_masked_secret_and_takes_a_new_one(
    app: FastAPI, ui: Browser, site: tuple[FakeUnit3d, str]
) -> None:
    fake, url = site
    await ui.post(PAGE + "/add/unit3d", unit3d_form(url))
    edit = (await ui.get(PAGE + "/1/edit")).text
    assert input_value(edit, "settings.apiKey") == MASK and input_value(edit, "settings.announceUrl") == MASK
    assert input_value(edit, "settings.baseUrl") == url and input_value(edit, "name") == "Fake site"
    assert 'hx-confirm="Delete the tracker Fake site?"' in edit

    masked = unit3d_form(url, name="Renamed", **{"settings.apiKey": MASK, "settings.announceUrl": MASK})
    saved = await ui.post(PAGE + "/1/edit", masked, htmx=True)
    assert saved.status_code == 200 and saved.headers["HX-Redirect"] == PAGE
    assert (await _only_tracker(app)).name == "Renamed"
    tested = await ui.post(PAGE + "/1/test", {"view": "row"}, htmx=True)
    assert "Connected as seedarr-test" in tested.text  # the stored token was kept
    assert fake.received[-1].headers["authorization"] == f"Bearer {API_TOKEN}"

    # a refused edit draws the mask again only for the secret that keeps its stored value
    both = unit3d_form(url, token=WRONG_TOKEN, priority="0", **{"settings.announceUrl": MASK})
    refused = await ui.post(PAGE + "/1/edit", both)
    assert refused.status_code == 422 and slot(refused.text, "priority")
    assert input_value(refused.text, "settings.announceUrl") == MASK
    assert input_value(refused.text, "settings.apiKey") == ""

    await ui.post(PAGE + "/1/edit", unit3d_form(url, token=WRONG_TOKEN, **{"settings.announceUrl": MASK}))
    failed = await ui.post(PAGE + "/1/test", {"view": "row"}, htmx=True)
    assert ">Failed</span>" in failed.text
    assert "API token: refused by the site (UNIT3D at a custom URL: Unauthenticated.)" in failed.text
    assert '<div class="auth-message small">UNIT3D at a custom URL: Unauthenticated.</div>' in failed.text
    assert fake.received[-1].headers["authorization"] == f"Bearer {WRONG_TOKEN}"


async def test_the_test_button_names_the_user_or_the_field(
    app: FastAPI, ui: Browser, site: tuple[FakeUnit3d, str]
) -> None:
    fake, url = site
    ok = await ui.post(PAGE + "/add/unit3d/test", unit3d_form(url), htmx=True)
    assert ok.status_code == 200
    assert slot(ok.text, "form") == "Connected as seedarr-test" and "alert-ok" in ok.text
    assert fake.paths() == ["/api/user"]

    refused = await ui.post(PAGE + "/add/unit3d/test", unit3d_form(url, token=WRONG_TOKEN), htmx=True)
    assert slot(refused.text, "s-apiKey") == "Refused by the site (UNIT3D at a custom URL: Unauthenticated.)"
    assert slot(refused.text, "form") == ""

    fake.fail_next(503)
    down = await ui.post(PAGE + "/add/unit3d/test", unit3d_form(url), htmx=True)
    assert slot(down.text, "s-baseUrl").startswith("The test failed (") and "503" in slot(
        down.text, "s-baseUrl"
    )

    plain = await ui.post(PAGE + "/add/unit3d/test", unit3d_form(url))  # without JavaScript: the page
    assert plain.status_code == 200 and slot(plain.text, "form") == "Connected as seedarr-test"
    async with app.state.seedarr.sessions() as db:
        assert (await db.execute(TrackerAccount.__table__.select())).all() == []  # a test stores nothing

    await ui.post(PAGE + "/add/unit3d", unit3d_form(url))
    masked = unit3d_form(url, **{"settings.apiKey": MASK, "settings.announceUrl": MASK})
    saved_values = await ui.post(PAGE + "/1/edit/test", masked, htmx=True)
    assert slot(saved_values.text, "form") == "Connected as seedarr-test"
    assert fake.received[-1].headers["authorization"] == f"Bearer {API_TOKEN}"


async def test_delete_and_trackers_that_cannot_be_shown(
    app: FastAPI, ui: Browser, site: tuple[FakeUnit3d, str]
) -> None:
    _, url = site
    await ui.post(PAGE + "/add/unit3d", unit3d_form(url))
    deleted = await ui.post(PAGE + "/1/delete", {}, htmx=True)
    assert deleted.headers["HX-Redirect"] == PAGE
    assert "No tracker yet" in (await ui.get(PAGE)).text
    again = await ui.post(PAGE + "/1/delete", {})
    assert again.status_code == 303 and again.headers["location"] == PAGE

    unknown = await ui.get(PAGE + "/4242/edit")
    assert unknown.status_code == 404 and "No tracker with id 4242" in unknown.text
    async with app.state.seedarr.sessions() as db:
        row = TrackerAccount(
            tracker_id="vanished-site", name="Old", settings={"baseUrl": "https://old.example"}
        )
        db.add(row)
        await db.commit()
    gone = await ui.get(f"{PAGE}/{row.id}/edit")
    assert (
        gone.status_code == 409
        and "Old uses the definition vanished-site, which this version does not ship" in gone.text
    )
    listed = (await ui.get(PAGE)).text
    assert ">Old</a>" in listed and "<td>vanished-site</td>" in listed
    tested = await ui.post(f"{PAGE}/{row.id}/test", {"view": "row"}, htmx=True)
    assert "flash-error" in tested.text and "not shipped by this version" in tested.text


async def test_the_url_base_prefixes_links_forms_and_redirects(
    make_settings: Callable[..., Settings], site: tuple[FakeUnit3d, str]
) -> None:
    _, url = site
    application = create_app(make_settings(server={"url_base": "/seedarr"}), configure_logs=False)
    async with application.router.lifespan_context(application), asgi_client(application) as http:
        _fast_service(application)
        ui = Browser(http, "/seedarr")
        await ui.log_in()
        listing = (await ui.get(PAGE)).text
        assert 'href="/seedarr/settings/trackers/add/unit3d"' in listing
        assert 'href="/seedarr/static/css/trackers.css"' in listing
        form = (await ui.get(PAGE + "/add/unit3d")).text
        assert 'action="/seedarr/settings/trackers/add/unit3d"' in form
        assert 'hx-post="/seedarr/settings/trackers/add/unit3d/test"' in form
        created = await ui.post(PAGE + "/add/unit3d", unit3d_form(url))
        assert created.headers["location"] == "/seedarr/settings/trackers"
        row = (await ui.get(PAGE)).text
        assert (
            'href="/seedarr/settings/trackers/1/edit"' in row
            and 'action="/seedarr/settings/trackers/1/test"' in row
        )
        ui.assert_no_secret()
