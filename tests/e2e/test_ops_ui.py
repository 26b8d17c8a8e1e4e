"""Rate limits in Chromium: an admin lowers a user's hourly generation limit on the user's admin
page, and the image studio then says clearly why the next generation is refused."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import OUTPUT_DIR
from tests.e2e.test_admin_ui import ADMIN_EMAIL, ADMIN_PASSWORD, _account, _sign_in

pytestmark = pytest.mark.e2e

USER_EMAIL, USER_PASSWORD = "limited@example.com", "password-1"


def test_admin_override_and_the_studio_message_when_limited(running_app, browser) -> None:
    base, api = running_app.frontend_url, running_app.api_url
    user = _account(api, USER_EMAIL, USER_PASSWORD)["user"]
    _account(api, ADMIN_EMAIL, ADMIN_PASSWORD)

    # The admin sets this user's limit to 1 generation an hour on the user's page.
    admin_ctx = browser.new_context(viewport={"width": 1366, "height": 900})
    admin_page = admin_ctx.new_page()
    _sign_in(admin_page, base, ADMIN_EMAIL, ADMIN_PASSWORD)
    admin_page.goto(f"{base}/admin/users/{user['id']}", wait_until="networkidle")
    expect(admin_page.locator("#detail-rate-limits")).to_be_visible(timeout=60_000)
    field = admin_page.locator("#detail-limit-generations")
    expect(field).to_have_attribute("placeholder", re.compile(r"default: "))
    field.fill("1")
    admin_page.locator("#detail-limits-save").click()
    expect(admin_page.locator("#detail-limit-generations-now")).to_have_text("1", timeout=30_000)
    admin_page.locator("#detail-rate-limits").screenshot(path=str(OUTPUT_DIR / "admin-rate-limits.png"))
    limits = httpx.get(
        f"{api}/api/admin/users/{user['id']}/rate-limits",
        headers={"Authorization": f"Bearer {_account(api, ADMIN_EMAIL, ADMIN_PASSWORD)['access_token']}"},
        timeout=30,
    ).json()
    assert limits["generations_per_hour"] == 1 and limits["generations_per_hour_override"] == 1

    # The user: the first image goes through, the second is refused with the reason and the wait.
    ctx = browser.new_context(viewport={"width": 1366, "height": 900})
    page = ctx.new_page()
    _sign_in(page, base, USER_EMAIL, USER_PASSWORD)
    page.goto(f"{base}/studio/image", wait_until="networkidle")
    expect(page.locator("#model-picker")).to_contain_text("credit", timeout=60_000)
    page.locator("#prompt").fill("A ceramic mug on a walnut table")
    page.locator("#generate-button").click()
    expect(page.locator("#results-grid .result-tile")).to_have_count(1, timeout=120_000)
    expect(page.locator("#generate-button")).to_be_enabled(timeout=60_000)
    page.locator("#generate-button").click()
    message = page.locator("#form-error")
    expect(message).to_be_visible(timeout=30_000)
    expect(message).to_contain_text("limit of 1 generation per hour")
    expect(message).to_contain_text(re.compile(r"Try again in \d+ minutes"))
    page.screenshot(path=str(OUTPUT_DIR / "studio-rate-limited.png"))

    # Back to the default (the suite runs with limits off): the next generation goes through.
    admin_page.locator("#detail-limit-generations").fill("")
    admin_page.locator("#detail-limits-save").click()
    expect(admin_page.locator("#detail-limit-generations-now")).to_have_text("no limit", timeout=30_000)
    admin_ctx.close()
    ctx.close()
