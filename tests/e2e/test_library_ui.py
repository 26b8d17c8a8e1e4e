"""The library in Chromium: real assets from the local engines, filter, detail, share, ZIP and delete."""

from __future__ import annotations

import re
import time
import zipfile

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import OUTPUT_DIR

pytestmark = pytest.mark.e2e

EMAIL, PASSWORD = "librarian@example.com", "library-pass-1"


def _register(api: str) -> dict:
    token = httpx.post(f"{api}/api/auth/register", json={"email": EMAIL, "password": PASSWORD}, timeout=30)
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


def _seed(api: str, headers: dict) -> None:
    """Pro plan, then three images and one video made by the local engines through the queue."""
    with httpx.Client(base_url=api, timeout=30) as client:
        assert (
            client.post("/api/billing/checkout", json={"plan_id": "pro"}, headers=headers).status_code == 200
        )
        jobs = [
            client.post(
                "/api/v1/images",
                json={"prompt": "red ceramic mug on an oak table", "n": 3, "style": "studio"},
                headers=headers,
            ),
            client.post(
                "/api/v1/videos",
                json={"prompt": "a red mug turning slowly", "duration": 4, "resolution": "720p"},
                headers=headers,
            ),
        ]
        ids = []
        for answer in jobs:
            assert answer.status_code == 202, answer.text
            ids.append(answer.json()["job_id"])
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            states = [client.get(f"/api/v1/jobs/{i}", headers=headers).json()["status"] for i in ids]
            if all(s == "completed" for s in states):
                break
            assert not {"failed", "cancelled"} & set(states), states
            time.sleep(1)
        else:
            raise AssertionError(f"jobs did not finish: {states}")


def test_library_filter_detail_share_zip_and_delete(running_app, page) -> None:
    headers = _register(running_app.api_url)
    page.goto(f"{running_app.frontend_url}/login?next=/library", wait_until="networkidle")
    expect(page.locator("#login-submit")).to_be_enabled(timeout=60_000)
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    expect(page).to_have_url(re.compile(r"/library"), timeout=60_000)
    expect(page.locator("#library-empty")).to_contain_text("Your library is empty", timeout=30_000)
    expect(page.get_by_role("link", name="Create images")).to_have_attribute("href", "/studio/image")
    page.screenshot(path=str(OUTPUT_DIR / "library-empty.png"), full_page=True)

    _seed(running_app.api_url, headers)
    page.reload(wait_until="networkidle")
    cards = page.locator(".asset-card")
    expect(cards).to_have_count(4, timeout=30_000)
    expect(page.locator("#library-range")).to_have_text("1–4 of 4 assets")
    expect(page.locator(".asset-expiry").first).to_have_text("Expires in 90 days")
    page.wait_for_timeout(1500)  # thumbnails
    page.screenshot(path=str(OUTPUT_DIR / "library-grid.png"), full_page=True)

    # Filter: videos only, then a search that matches nothing, then back.
    page.locator("#library-kind").get_by_role("radio", name="Videos").click()
    expect(cards).to_have_count(1, timeout=15_000)
    expect(page.locator(".asset-duration")).to_have_text("0:04")
    page.locator(".asset-card[data-kind='video'] img").hover()  # plays on hover
    expect(page.locator(".asset-card[data-kind='video'] video")).to_have_count(1, timeout=15_000)
    page.locator("#library-kind").get_by_role("radio", name="Images").click()
    expect(cards).to_have_count(3, timeout=15_000)
    page.fill("#library-search", "zeppelin")
    expect(page.locator("#library-empty")).to_contain_text("Nothing matches", timeout=15_000)
    page.screenshot(path=str(OUTPUT_DIR / "library-no-match.png"), full_page=True)
    page.click("#library-clear-filters")
    expect(cards).to_have_count(4, timeout=15_000)

    # Select two images and download them as one ZIP.
    images = page.locator(".asset-card[data-kind='image']")
    images.nth(0).locator(".asset-select").click()
    images.nth(1).locator(".asset-select").click()
    expect(page.locator("#library-zip")).to_have_text("Download ZIP (2)")
    with page.expect_download(timeout=60_000) as download_info:
        page.click("#library-zip")
    archive = download_info.value.path()
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        assert len(names) == 2 and all(n.endswith(".png") for n in names) and z.testzip() is None

    # Detail: metadata, a share link, then delete with confirmation.
    victim = images.nth(0).get_attribute("data-asset-id")
    images.nth(0).locator("img").click()
    dialog = page.locator("#asset-detail")
    expect(dialog).to_be_visible(timeout=15_000)
    expect(page.locator("#detail-prompt")).to_have_text("red ceramic mug on an oak table")
    expect(page.locator("#detail-credits")).to_contain_text("credits")
    # The dialog slides in and re-renders once its facts arrive; on a loaded CI machine that can
    # outlast one click's patience, so wait for the button to settle before clicking it.
    share = page.locator("#detail-share")
    expect(share).to_be_enabled(timeout=30_000)
    page.wait_for_timeout(800)
    share.click(timeout=60_000)
    expect(page.locator("#detail-shares")).to_contain_text("0 views", timeout=15_000)
    page.screenshot(path=str(OUTPUT_DIR / "library-detail.png"))
    page.click("#detail-delete")
    page.click("#confirm-delete")
    expect(dialog).to_be_hidden(timeout=15_000)
    expect(cards).to_have_count(3, timeout=15_000)
    assert httpx.get(f"{running_app.api_url}/api/v1/assets/{victim}", headers=headers).status_code == 404
    assert not list((running_app.data_dir / "storage").rglob(f"{victim}*"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(OUTPUT_DIR / "library-phone.png"), full_page=True)
