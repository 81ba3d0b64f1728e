"""Adding a UNIT3D tracker in the browser: the form, Test, Save, row Test, Sync, Delete; both themes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fakes.server import serve_in_thread
from fakes.unit3d import FakeUnit3d
from harness.live_server import LiveServer
from harness.tracker_samples import API_TOKEN, PASSKEY

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

WRONG_TOKEN = "wr0ng-token-for-the-fake-site"


@pytest.fixture
def site() -> Iterator[tuple[FakeUnit3d, str]]:
    fake = FakeUnit3d(API_TOKEN)
    with serve_in_thread(fake.app(), name="unit3d-browser", probe_path="/probe") as url:
        yield fake, url


def test_add_test_save_and_delete_a_tracker(
    browser, live_server: LiveServer, site: tuple[FakeUnit3d, str], artifacts_dir: Path
) -> None:
    fake, url = site
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda dialog: dialog.accept())
    try:
        page.goto(live_server.url + "/settings/trackers")
        page.fill("input[name=username]", "admin")
        page.fill("input[name=password]", "correct horse battery")
        page.fill("input[name=password_confirm]", "correct horse battery")
        page.click("button[type=submit]")
        page.click("nav >> text=Trackers")
        page.wait_for_url("**/settings/trackers")
        assert "No tracker yet" in page.locator(".empty").inner_text()

        page.click("text=UNIT3D at a custom URL")
        page.wait_for_url("**/settings/trackers/add/unit3d")
        advanced = page.locator("[data-setting=personalRelease]")
        assert not advanced.is_visible()
        page.check("#show-advanced")
        assert advanced.is_visible()
        page.uncheck("#show-advanced")
        assert not advanced.is_visible()

        page.fill("#f-name", "My UNIT3D")
        page.fill("#f-baseUrl", url)
        page.fill("#f-announceUrl", f"{url}/announce/{PASSKEY}")
        page.fill("#f-apiKey", WRONG_TOKEN)
        page.click("button:text-is('Test')")
        page.wait_for_selector("#err-s-apiKey:has-text('Refused by the site')")
        page.fill("#f-apiKey", API_TOKEN)
        page.click("button:text-is('Test')")
        page.wait_for_selector("#form-status:has-text('Connected as seedarr-test')")
        assert page.locator("#err-s-apiKey").inner_text() == ""
        page.fill("#f-name", "")
        page.click("button:text-is('Save')")
        page.wait_for_selector("#err-name:has-text('Must not be empty')")
        assert page.input_value("#f-apiKey") == API_TOKEN  # what was typed stays (never sent back)
        page.screenshot(path=str(artifacts_dir / "tracker-form-light.png"), full_page=True)
        page.fill("#f-name", "My UNIT3D")

        page.click("button:text-is('Save')")
        page.wait_for_url("**/settings/trackers")
        row = page.locator("tr.tracker-row", has_text="My UNIT3D")
        assert "Unknown" in row.locator(".tracker-auth").inner_text()
        row.locator("button:text-is('Test')").click()
        page.wait_for_selector("tr.tracker-row .flash-ok:has-text('Connected as seedarr-test')")
        assert page.locator("tr.tracker-row .tracker-auth .badge").inner_text() == "OK"
        assert fake.received[-1].headers["authorization"] == f"Bearer {API_TOKEN}"
        page.click("summary:has-text('Add tracker')")
        page.screenshot(path=str(artifacts_dir / "trackers-list-light.png"), full_page=True)

        page.click("#theme-toggle")
        assert page.locator("html").get_attribute("data-theme") == "dark"
        page.screenshot(path=str(artifacts_dir / "trackers-list-dark.png"), full_page=True)
        page.click("a.tracker-name:text-is('My UNIT3D')")
        page.wait_for_url("**/settings/trackers/1/edit")
        assert page.input_value("#f-apiKey") == "********"
        assert page.input_value("#f-announceUrl") == "********"
        assert API_TOKEN not in page.content() and PASSKEY not in page.content()
        page.check("#show-advanced")
        page.click("button:text-is('Sync')")
        page.wait_for_selector("#form-status:has-text('Synced from the definition')")
        assert "UTC" in page.locator("#form-facts").inner_text()  # the synced time, swapped in
        page.screenshot(path=str(artifacts_dir / "tracker-form-dark.png"), full_page=True)

        page.click("button:text-is('Delete')")  # the confirm is accepted
        page.wait_for_url("**/settings/trackers")
        assert page.locator("tr.tracker-row").count() == 0
        assert errors == [], errors
    finally:
        context.close()
