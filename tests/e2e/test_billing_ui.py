"""Credits on the dashboard, the pricing page and a test-mode plan switch, in Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import OUTPUT_DIR

pytestmark = pytest.mark.e2e


def test_dashboard_pricing_and_test_mode_plan_switch(running_app, page) -> None:
    # Public pricing first: its plan cards come over the websocket, so the app is live after this.
    page.goto(f"{running_app.frontend_url}/pricing", wait_until="networkidle")
    expect(page.locator("#plan-cards")).to_contain_text("Pro+", timeout=120_000)
    expect(page.locator("#test-mode-banner")).to_contain_text("Test mode: no payment is taken")

    page.goto(f"{running_app.frontend_url}/signup", wait_until="networkidle")
    expect(page.locator("#signup-submit")).to_be_enabled(timeout=60_000)
    page.locator("#email").fill("buyer@example.com")
    page.locator("#password").fill("password-1")
    page.locator("#name").fill("Bea Buyer")
    page.locator("#signup-submit").click()
    expect(page).to_have_url(re.compile(r"/dashboard"), timeout=60_000)

    expect(page.locator("#credit-balance")).to_have_text("30", timeout=30_000)
    expect(page.locator("#credit-frozen")).to_have_text("0")
    expect(page.locator("#credit-plan")).to_have_text("Free")
    expect(page.locator("#quota-bars")).to_contain_text("Images · today")
    expect(page.locator("#spend-chart .recharts-surface")).to_be_visible()
    expect(page.locator("#usage-link")).to_be_visible()
    page.screenshot(path=str(OUTPUT_DIR / "billing-dashboard-free.png"), full_page=True)

    page.locator("#change-plan-link").click()
    expect(page).to_have_url(re.compile(r"/pricing"), timeout=30_000)
    expect(page.locator("#test-mode-banner")).to_contain_text("Test mode: no payment is taken")
    expect(page.locator("#plan-comparison")).to_contain_text("Pro+")
    expect(page.locator("#choose-free")).to_be_disabled()
    page.screenshot(path=str(OUTPUT_DIR / "billing-pricing.png"), full_page=True)

    page.locator("#choose-pro").click()
    expect(page).to_have_url(re.compile(r"/dashboard"), timeout=30_000)
    expect(page.locator("#credit-plan")).to_have_text("Pro", timeout=30_000)
    expect(page.locator("#credit-balance")).to_have_text("530")
    page.screenshot(path=str(OUTPUT_DIR / "billing-dashboard-pro.png"), full_page=True)

    page.locator("#usage-link").click()
    expect(page.locator("#usage-table")).to_contain_text("plan:pro", timeout=30_000)
    expect(page.locator("#usage-table")).to_contain_text("+500")
    page.screenshot(path=str(OUTPUT_DIR / "billing-usage.png"), full_page=True)
