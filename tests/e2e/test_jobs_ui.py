"""The jobs page in Chromium: live progress, results, cancel and retry on real workers."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import OUTPUT_DIR

pytestmark = pytest.mark.e2e


def _sign_up(page, base: str, email: str) -> str:
    page.goto(f"{base}/signup", wait_until="networkidle")
    expect(page.locator("#signup-submit")).to_be_enabled(timeout=120_000)
    page.locator("#email").fill(email)
    page.locator("#password").fill("password-1")
    page.locator("#name").fill("Jo Jobs")
    page.locator("#signup-submit").click()
    expect(page).to_have_url(re.compile(r"/dashboard"), timeout=60_000)
    token = page.evaluate("() => window.localStorage.getItem('cs_session')")
    assert token, "the session token is kept in LocalStorage"
    return token.strip('"')


def test_jobs_page_follows_cancels_and_retries(running_app, page) -> None:
    base, api = running_app.frontend_url, running_app.api_url
    token = _sign_up(page, base, "jobs@example.com")
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=api, headers=headers, timeout=30) as client:
        assert client.post("/api/billing/checkout", json={"plan_id": "pro"}).status_code == 200
        image = client.post(
            "/api/v1/images", json={"prompt": "A ceramic mug on oak", "mode": "t2i", "model": "local-image"}
        )
        assert image.status_code == 202, image.text
        video = client.post(
            "/api/v1/videos",
            json={
                "prompt": "A long slow film of a teapot",
                "mode": "t2v",
                "model": "local-video",
                "duration": 30,
            },
        )
        assert video.status_code == 202, video.text
    video_id = video.json()["job_id"]

    page.goto(f"{base}/jobs", wait_until="networkidle")
    cards = page.locator(".job-card")
    expect(cards).to_have_count(2, timeout=60_000)
    video_card = cards.filter(has_text="teapot")
    image_card = cards.filter(has_text="ceramic mug")

    # The image finishes on a real worker and its result links to a signed file URL.
    expect(image_card).to_have_attribute("data-status", "completed", timeout=120_000)
    result = image_card.locator(".job-result").first
    href = result.get_attribute("href")
    assert href and "/api/files/" in href
    assert httpx.get(href, timeout=30).status_code == 200

    # The long video is cancelled from the page: its credits come back.
    expect(video_card.locator(".job-cancel")).to_be_visible(timeout=30_000)
    page.screenshot(path=str(OUTPUT_DIR / "jobs-running.png"), full_page=True)
    video_card.locator(".job-cancel").click()
    expect(video_card).to_have_attribute("data-status", "cancelled", timeout=30_000)
    expect(video_card).to_contain_text("cancelled")
    with httpx.Client(base_url=api, headers=headers, timeout=30) as client:
        assert client.get(f"/api/v1/jobs/{video_id}").json()["status"] == "cancelled"
        assert client.get("/api/credits/balance").json()["frozen"] == 0

    # Retry submits the same request again as a new job at the top.
    video_card.locator(".job-retry").click()
    expect(cards).to_have_count(3, timeout=30_000)
    newest = cards.first
    expect(newest).to_contain_text("teapot")
    expect(newest.locator(".job-progress")).to_be_visible(timeout=30_000)
    page.screenshot(path=str(OUTPUT_DIR / "jobs-retried.png"), full_page=True)

    # Filters narrow the list on the server.
    page.locator("#jobs-kind-filter").get_by_role("radio", name="Images").click()
    expect(cards).to_have_count(1, timeout=30_000)

    with httpx.Client(base_url=api, headers=headers, timeout=30) as client:
        for job in client.get("/api/v1/jobs", params={"status": "processing"}).json()["items"]:
            client.post(f"/api/v1/jobs/{job['job_id']}/cancel")
        for job in client.get("/api/v1/jobs", params={"status": "pending"}).json()["items"]:
            client.post(f"/api/v1/jobs/{job['job_id']}/cancel")
