"""A person's first minutes: create the admin, log out and in, switch the theme, reload: the theme stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.live_server import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# Records data-theme at the moment <body> is first inserted, i.e. before anything is painted.
FIRST_PAINT_PROBE = """
new MutationObserver(function (records, observer) {
  if (document.body) {
    window.__themeAtBody = document.documentElement.getAttribute('data-theme');
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


def test_setup_login_theme_persists(browser, live_server: LiveServer, artifacts_dir: Path) -> None:
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 800})
    context.add_init_script(FIRST_PAINT_PROBE)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(live_server.url + "/")
        assert page.url.endswith("/setup")
        page.fill("input[name=username]", "admin")
        page.fill("input[name=password]", "correct horse battery")
        page.fill("input[name=password_confirm]", "correct horse battery")
        page.click("button[type=submit]")
        page.wait_for_url(live_server.url + "/")
        assert page.locator("h1.page-title").inner_text() == "Dashboard"
        page.wait_for_selector("#health-badge .badge:not(.badge-muted)")  # filled by HTMX

        page.click("text=Log out")
        page.wait_for_url("**/login")
        page.fill("input[name=username]", "admin")
        page.fill("input[name=password]", "wrong password")
        page.click("button[type=submit]")
        assert "Wrong username or password" in page.locator(".alert-error").inner_text()
        assert errors == ["Failed to load resource: the server responded with a status of 401 (Unauthorized)"]
        errors.clear()  # that 401 was the deliberate wrong password
        page.fill("input[name=password]", "correct horse battery")
        page.click("button[type=submit]")
        page.wait_for_url(live_server.url + "/")

        html = page.locator("html")
        assert html.get_attribute("data-theme") == "light"  # follows the system by default
        light_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
        page.click("#theme-toggle")
        assert html.get_attribute("data-theme") == "dark"
        dark_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert dark_bg != light_bg

        page.reload()
        assert html.get_attribute("data-theme") == "dark"
        assert page.evaluate("window.__themeAtBody") == "dark", "the page painted before the theme was set"
        page.goto(live_server.url + "/system/status")
        assert page.evaluate("window.__themeAtBody") == "dark"
        assert "DatabaseCheck" in page.locator("table").inner_text()
        page.screenshot(path=str(artifacts_dir / "system-status-dark.png"), full_page=True)
        page.click("#theme-toggle")
        page.reload()
        assert html.get_attribute("data-theme") == "light"
        page.screenshot(path=str(artifacts_dir / "system-status-light.png"), full_page=True)
        assert errors == [], errors
    finally:
        context.close()


def test_theme_follows_a_dark_system(browser, live_server: LiveServer, artifacts_dir: Path) -> None:
    context = browser.new_context(color_scheme="dark")
    context.add_init_script(FIRST_PAINT_PROBE)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/setup")
        assert page.locator("html").get_attribute("data-theme") == "dark"
        assert page.evaluate("window.__themeAtBody") == "dark"
        page.screenshot(path=str(artifacts_dir / "setup-dark.png"))
    finally:
        context.close()
