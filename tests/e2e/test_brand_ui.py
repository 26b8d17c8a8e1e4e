"""Brand profile settings in headless Chromium: empty state, edit by hand, save, reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import OUTPUT_DIR

pytestmark = pytest.mark.e2e


def test_edit_the_brand_profile_by_hand_and_it_sticks(running_app, page) -> None:
    base = running_app.frontend_url
    page.goto(f"{base}/signup", wait_until="networkidle")
    page.fill("#email", "brand-owner@example.com")
    page.fill("#password", "brand-password")
    page.fill("#name", "Bea Brand")
    page.click("#signup-submit")
    expect(page.locator("#dashboard-heading")).to_be_visible(timeout=30_000)

    page.goto(f"{base}/settings/brand", wait_until="networkidle")
    expect(page.locator("#brand-empty")).to_be_visible(timeout=30_000)
    page.screenshot(path=str(OUTPUT_DIR / "brand-empty.png"), full_page=True)

    # A bad address is refused at once, with a clear message.
    page.fill("#brand-website", "http://127.0.0.1:8000/")
    page.click("#brand-analyze")
    expect(page.locator("#form-error")).to_contain_text("private", timeout=30_000)

    page.click("#brand-manual")
    expect(page.locator("#brand-editor")).to_be_visible(timeout=30_000)
    page.fill("#tone-input", "Playful")
    page.press("#tone-input", "Enter")
    page.fill("#tone-input", "sustainable")
    page.click("#tone-input-add")
    tone = page.locator("#brand-tone .brand-chip")
    expect(tone).to_have_count(2, timeout=30_000)
    page.get_by_role("button", name="Remove sustainable").click()
    expect(tone).to_have_count(1)
    expect(tone.first).to_contain_text("playful")

    page.fill("#color-input", "#ff8800")
    page.press("#color-input", "Enter")
    expect(page.locator("#brand-palette .brand-hex")).to_have_text(["#FF8800"], timeout=30_000)
    page.fill("#color-input", "orange")
    page.press("#color-input", "Enter")
    expect(page.get_by_text("is not a colour")).to_be_visible(timeout=30_000)
    page.fill("#brand-color-0", "#112233")  # the swatch's colour picker
    expect(page.locator("#brand-palette .brand-hex")).to_have_text(["#112233"], timeout=30_000)

    page.fill("#brand-audience", "Families who love the outdoors")
    page.click("#brand-enabled")
    expect(page.locator("#brand-enabled")).to_have_attribute("data-state", "checked")
    page.click("#brand-save")
    expect(page.locator("#brand-saved")).to_have_text("Saved.", timeout=30_000)
    page.screenshot(path=str(OUTPUT_DIR / "brand-saved.png"), full_page=True)

    page.reload(wait_until="networkidle")
    expect(page.locator("#brand-tone .brand-chip")).to_have_text(["playful"], timeout=30_000)
    expect(page.locator("#brand-palette .brand-hex")).to_have_text(["#112233"])
    expect(page.locator("#brand-audience")).to_have_value("Families who love the outdoors")
    expect(page.locator("#brand-enabled")).to_have_attribute("data-state", "checked")

    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(OUTPUT_DIR / "brand-mobile.png"), full_page=True)
