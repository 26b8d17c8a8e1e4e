"""The app as a newcomer starts it (`make run`), seen through headless Chromium."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import OUTPUT_DIR

pytestmark = pytest.mark.e2e


def test_landing_page_shows_its_main_heading(running_app, page) -> None:
    page.goto(running_app.frontend_url, wait_until="networkidle")
    heading = page.locator("h1#hero-heading")
    expect(heading).to_be_visible(timeout=60_000)
    expect(heading).to_contain_text("product images and video ads")
    for section in ("images", "videos", "batch", "showcase", "pricing"):
        expect(page.locator(f"#{section}")).to_be_attached()
    expect(page.locator("#nav-sign-in")).to_be_visible()
    expect(page.locator("#nav-sign-up")).to_be_visible()
    page.screenshot(path=str(OUTPUT_DIR / "landing.png"), full_page=True)


def test_landing_page_fits_a_phone(running_app, browser) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(running_app.frontend_url, wait_until="networkidle")
    expect(page.locator("h1#hero-heading")).to_be_visible(timeout=60_000)
    # No horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(OUTPUT_DIR / "landing-phone.png"), full_page=True)
    context.close()


def test_unknown_pages_get_the_404_page(running_app, page) -> None:
    page.goto(f"{running_app.frontend_url}/no-such-page", wait_until="networkidle")
    expect(page.get_by_text("We couldn't find that page")).to_be_visible(timeout=60_000)
    page.get_by_role("link", name="Back to the home page").click()
    expect(page.locator("h1#hero-heading")).to_be_visible(timeout=30_000)


def test_health_proves_the_whole_chain(running_app) -> None:
    body = httpx.get(f"{running_app.api_url}/api/health", params={"deep": "true"}, timeout=30).json()
    assert body["status"] == "ok", body
    assert body["worker"] == "ok"
    assert body["workers"] >= 1
    docs = httpx.get(f"{running_app.api_url}/api/openapi.json", timeout=10)
    assert docs.status_code == 200 and "/api/health" in docs.json()["paths"]
