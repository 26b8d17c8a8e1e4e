"""A new user's account journey in headless Chromium, against the app started by `make run`."""

from __future__ import annotations

import re
import time
from email.parser import BytesParser
from email.policy import default as default_policy

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import OUTPUT_DIR

pytestmark = pytest.mark.e2e


def _reset_link(data_dir, email: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted((data_dir / "outbox").glob("*.eml"), reverse=True):
            message = BytesParser(policy=default_policy).parsebytes(path.read_bytes())
            if message["To"] == email:
                return re.search(r"(http\S+/reset-password\?token=\S+)", message.get_content()).group(1)
        time.sleep(0.3)
    raise AssertionError(f"no reset email for {email} in the outbox")


def test_sign_up_out_in_reset_and_sign_in_again(running_app, page) -> None:
    base = running_app.frontend_url
    email = "marketer@example.com"

    page.goto(f"{base}/signup", wait_until="networkidle")
    page.fill("#email", email)
    page.fill("#password", "first-password")
    page.fill("#name", "Mara Marketer")
    page.click("#signup-submit")
    expect(page.locator("#dashboard-heading")).to_contain_text("Mara Marketer", timeout=30_000)
    page.screenshot(path=str(OUTPUT_DIR / "accounts-dashboard.png"), full_page=True)

    page.click("#user-menu")
    page.click("#sign-out")
    expect(page).to_have_url(re.compile(r"/login"), timeout=30_000)

    # Wrong password: a clear message, and still signed out.
    page.fill("#email", email)
    page.fill("#password", "not-the-password")
    page.click("#login-submit")
    expect(page.locator("#form-error")).to_contain_text("Wrong email or password", timeout=30_000)

    page.fill("#password", "first-password")
    page.click("#login-submit")
    expect(page.locator("#dashboard-heading")).to_be_visible(timeout=30_000)
    page.click("#user-menu")
    page.click("#sign-out")
    expect(page).to_have_url(re.compile(r"/login"), timeout=30_000)

    page.get_by_role("link", name="Forgot your password?").click()
    expect(page).to_have_url(re.compile(r"/forgot-password"), timeout=30_000)
    # The dev server builds this route's chunk on its first visit and the form mounts after the
    # URL changes: a fill before that is lost, so wait for the page to settle first.
    page.wait_for_load_state("networkidle")
    expect(page.locator("#forgot-submit")).to_be_enabled(timeout=30_000)
    page.fill("#email", email)
    expect(page.locator("#email")).to_have_value(email)
    page.click("#forgot-submit")
    expect(page.locator("#reset-sent")).to_be_visible(timeout=60_000)

    link = _reset_link(running_app.data_dir, email)
    assert link.startswith(base)
    page.goto(link, wait_until="networkidle")
    page.fill("#password", "second-password")
    page.fill("#confirm", "second-password")
    page.click("#reset-submit")
    expect(page.locator("#reset-done-sign-in")).to_be_visible(timeout=30_000)
    page.screenshot(path=str(OUTPUT_DIR / "accounts-reset-done.png"), full_page=True)

    # The link works once.
    page.goto(link, wait_until="networkidle")
    page.fill("#password", "third-password")
    page.fill("#confirm", "third-password")
    page.click("#reset-submit")
    expect(page.locator("#form-error")).to_contain_text("already used", timeout=30_000)

    page.goto(f"{base}/login", wait_until="networkidle")
    page.fill("#email", email)
    page.fill("#password", "first-password")
    page.click("#login-submit")
    expect(page.locator("#form-error")).to_be_visible(timeout=30_000)
    page.fill("#password", "second-password")
    page.click("#login-submit")
    expect(page.locator("#dashboard-heading")).to_contain_text("Mara Marketer", timeout=30_000)


def test_private_pages_send_visitors_to_sign_in(running_app, page) -> None:
    page.goto(f"{running_app.frontend_url}/profile", wait_until="networkidle")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fprofile|/login\?next=/profile"), timeout=30_000)


def test_profile_api_keys_and_admin_refusal(running_app, page) -> None:
    base = running_app.frontend_url
    page.goto(f"{base}/signup", wait_until="networkidle")
    page.fill("#email", "keys@example.com")
    page.fill("#password", "keys-password")
    page.click("#signup-submit")
    expect(page.locator("#dashboard-heading")).to_be_visible(timeout=30_000)

    page.goto(f"{base}/profile", wait_until="networkidle")
    page.fill("#key_name", "Shopify sync")
    page.click("#create-key")
    expect(page.locator("#new-key-secret")).to_contain_text("cs_k_", timeout=30_000)
    expect(page.locator("#api-keys-table")).to_contain_text("Shopify sync")
    page.screenshot(path=str(OUTPUT_DIR / "accounts-profile.png"), full_page=True)
    page.get_by_role("button", name="Revoke").click()
    page.click("#confirm-revoke")
    expect(page.get_by_text("No API keys yet.")).to_be_visible(timeout=30_000)

    # Not an admin: the admin page refuses and sends the user back.
    page.goto(f"{base}/admin/users", wait_until="networkidle")
    expect(page).to_have_url(re.compile(r"/dashboard"), timeout=30_000)
    expect(page.locator("#admin-users-table")).to_have_count(0)


def test_admin_sees_every_user(running_app, page) -> None:
    base = running_app.frontend_url
    page.goto(f"{base}/signup", wait_until="networkidle")
    page.fill("#email", "admin@example.com")  # listed in ADMIN_EMAILS by the fixture
    page.fill("#password", "admin-password")
    page.click("#signup-submit")
    expect(page.locator("#dashboard-heading")).to_be_visible(timeout=30_000)
    page.goto(f"{base}/admin/users", wait_until="networkidle")
    expect(page.locator("#admin-users-table")).to_contain_text("admin@example.com", timeout=30_000)
    page.screenshot(path=str(OUTPUT_DIR / "admin-users.png"), full_page=True)
