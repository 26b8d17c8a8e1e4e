"""The command bar in Chromium: Ctrl+K on a signed-in page, /image, the progress and the result in place."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import OUTPUT_DIR

pytestmark = pytest.mark.e2e


def test_ctrl_k_image_command_runs_and_shows_the_result_in_place(running_app, page) -> None:
    base = running_app.frontend_url
    page.goto(f"{base}/signup", wait_until="networkidle")
    expect(page.locator("#signup-submit")).to_be_enabled(timeout=120_000)
    page.locator("#email").fill("commander@example.com")
    page.locator("#password").fill("password-1")
    page.locator("#signup-submit").click()
    expect(page).to_have_url(re.compile(r"/dashboard"), timeout=60_000)
    expect(page.locator("#command-open")).to_be_visible(timeout=30_000)

    page.goto(f"{base}/jobs", wait_until="networkidle")
    expect(page.locator("#command-open")).to_be_visible(timeout=30_000)
    page.keyboard.press("Control+k")
    expect(page.locator("#command-dialog")).to_be_visible(timeout=15_000)
    page.locator("#command-input").fill("make a mug")
    page.locator("#command-input").press("Enter")
    expect(page.locator("#command-error")).to_contain_text("Type /image or /video", timeout=15_000)
    page.locator("#command-input").fill("/image a red ceramic mug on an oak table")
    page.locator("#command-input").press("Enter")
    expect(page.locator("#command-job")).to_contain_text("a red ceramic mug", timeout=30_000)
    result = page.locator("#command-result-image")
    expect(result).to_be_visible(timeout=120_000)
    expect(result).to_have_js_property("complete", True)
    assert result.evaluate("img => img.naturalWidth") > 100
    page.screenshot(path=str(OUTPUT_DIR / "command-bar-result.png"))
    # The job is a real one: the library has it, and the bar closes with Escape.
    page.keyboard.press("Escape")
    expect(page.locator("#command-dialog")).to_have_count(0, timeout=15_000)
    page.goto(f"{base}/library", wait_until="networkidle")
    expect(page.locator(".asset-card")).to_have_count(1, timeout=30_000)
