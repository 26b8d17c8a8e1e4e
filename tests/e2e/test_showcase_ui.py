"""The landing page's showcase in Chromium: hero carousel, full-screen player, gallery tabs, likes."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import OUTPUT_DIR

pytestmark = pytest.mark.e2e


def test_hero_carousel_gallery_and_likes(running_app, page) -> None:
    base, api = running_app.frontend_url, running_app.api_url
    # Built-in items are public and served without a token.
    listing = httpx.get(f"{api}/api/v1/showcase", params={"kind": "video"}, timeout=30).json()
    assert 3 <= listing["total"] <= 5
    first = listing["items"][0]
    assert httpx.get(first["url"], timeout=30).headers["content-type"] == "video/mp4"

    page.goto(base, wait_until="networkidle")
    carousel = page.locator("#hero-carousel")
    expect(carousel).to_be_visible(timeout=60_000)
    title = page.locator("#hero-slide-title")
    expect(title).to_have_text(first["title"], timeout=30_000)
    # The video plays (muted, inline) and the carousel advances by itself every 5 s.
    page.wait_for_function(
        "document.querySelector('#hero-video') && !document.querySelector('#hero-video').paused"
    )
    expect(title).not_to_have_text(first["title"], timeout=12_000)
    page.click("#hero-left")
    page.click("#hero-left")
    expect(title).to_have_text(listing["items"][-1]["title"], timeout=10_000)
    page.screenshot(path=str(OUTPUT_DIR / "landing-hero.png"))
    page.screenshot(path=str(OUTPUT_DIR / "landing-full.png"), full_page=True)

    carousel.click()
    expect(page.locator("#lightbox-video")).to_be_visible(timeout=10_000)
    page.screenshot(path=str(OUTPUT_DIR / "landing-lightbox.png"))
    page.click("#lightbox-close")
    expect(page.locator("#lightbox-video")).to_have_count(0, timeout=10_000)

    grid = page.locator("#showcase-grid")
    expect(grid.locator(".showcase-card")).to_have_count(8, timeout=30_000)  # built-in images
    page.locator("#showcase-tabs").get_by_role("radio", name="Videos").click()
    expect(grid.locator(".showcase-card")).to_have_count(listing["total"], timeout=30_000)
    page.locator("#showcase").screenshot(path=str(OUTPUT_DIR / "landing-showcase.png"))

    # Liking needs an account; signed in, a like toggles on and off.
    page.locator("#showcase-grid .like-button").first.click()
    expect(page).to_have_url(re.compile(r"/login"), timeout=30_000)
    page.goto(f"{base}/signup", wait_until="networkidle")
    page.fill("#email", "fan@example.com")
    page.fill("#password", "password-1")
    page.click("#signup-submit")
    expect(page.locator("#dashboard-heading")).to_be_visible(timeout=60_000)
    expect(page.locator("#credit-balance")).to_have_text("30", timeout=30_000)
    expect(page.locator("#made-chart")).to_contain_text("0 images · 0 videos in 30 days", timeout=30_000)
    expect(page.locator("#recent-assets")).to_contain_text("No assets yet")
    expect(page.locator("#expiring-panel")).to_contain_text("Nothing expires")
    expect(page.locator("#made-chart .recharts-wrapper")).to_be_visible()
    page.screenshot(path=str(OUTPUT_DIR / "dashboard-activity.png"), full_page=True)
    page.goto(f"{base}/#showcase", wait_until="networkidle")
    like = page.locator("#showcase-grid .like-button").first
    expect(like).to_have_attribute("aria-pressed", "false", timeout=30_000)
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true", timeout=10_000)
    expect(like).to_contain_text("1")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "false", timeout=10_000)
    expect(like).to_contain_text("0")
