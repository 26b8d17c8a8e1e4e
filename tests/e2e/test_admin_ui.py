"""The admin console in Chromium: a user's video consumption tab, operations, overview, showcase."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from playwright.sync_api import expect
from sqlmodel import Session, create_engine

from tests.e2e.conftest import OUTPUT_DIR

pytestmark = pytest.mark.e2e

ADMIN_EMAIL, ADMIN_PASSWORD = "admin@example.com", "admin-password"  # ADMIN_EMAILS in the fixture
PARAMS = '{"prompt": "Aroma Cup 360 turntable ad", "duration": 4, "resolution": "720p"}'


def _account(api: str, email: str, password: str) -> dict:
    made = httpx.post(f"{api}/api/auth/register", json={"email": email, "password": password}, timeout=30)
    if made.status_code == 409:  # another test made it first
        made = httpx.post(f"{api}/api/auth/login", json={"email": email, "password": password}, timeout=30)
    assert made.status_code in (200, 201), made.text
    return made.json()


def _seed_video_jobs(data_dir, user_id: str) -> None:
    """Rows as the generation backbone leaves them: 2 completed, 3 failed (two codes), 1 running."""
    from app.models.jobs import Job

    now = datetime.now(UTC)
    rows = [
        ("completed", 20, None, 1),
        ("completed", 30, None, 2),
        ("failed", 20, "TIMEOUT", 3),
        ("failed", 20, "TIMEOUT", 4),
        ("failed", 20, "SAFETY_BLOCKED", 5),
        ("processing", 20, None, 0),
    ]
    engine = create_engine(f"sqlite:///{data_dir / 'content_studio.db'}", connect_args={"timeout": 30})
    with Session(engine) as s:
        for status, cost, code, hours in rows:
            created = now - timedelta(hours=hours)
            s.add(
                Job(
                    user_id=user_id,
                    kind="video",
                    status=status,
                    cost=cost,
                    held_credits=cost,
                    error_code=code,
                    error_message="The model took too long to answer." if code else None,
                    model="local-video",
                    params_json=PARAMS,
                    progress=100 if status == "completed" else 35,
                    step="Rendering motion" if status == "processing" else "Done",
                    created_at=created,
                    updated_at=created,
                    completed_at=created + timedelta(seconds=40) if status != "processing" else None,
                    # A worker that is still beating: the stuck-job sweep leaves the running row alone.
                    heartbeat_at=now + timedelta(minutes=30) if status == "processing" else None,
                )
            )
        s.commit()
    engine.dispose()


def _sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/login", wait_until="networkidle")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("#login-submit")
    expect(page.locator("#dashboard-heading")).to_be_visible(timeout=60_000)


def test_admin_video_consumption_tab(running_app, page, browser) -> None:
    base, api = running_app.frontend_url, running_app.api_url
    maker = _account(api, "videomaker@example.com", "password-1")
    _seed_video_jobs(running_app.data_dir, maker["user"]["id"])
    _account(api, ADMIN_EMAIL, ADMIN_PASSWORD)

    # A normal user who types an admin address is sent back to the dashboard.
    visitor = browser.new_context(viewport={"width": 1280, "height": 800})
    other = visitor.new_page()
    _sign_in(other, base, "videomaker@example.com", "password-1")
    other.goto(f"{base}/admin/ops", wait_until="networkidle")
    expect(other).to_have_url(re.compile(r"/dashboard"), timeout=30_000)
    expect(other.locator("#ops-queues")).to_have_count(0)
    visitor.close()

    _sign_in(page, base, ADMIN_EMAIL, ADMIN_PASSWORD)
    page.goto(f"{base}/admin/users", wait_until="networkidle")
    page.fill("#admin-users-search", "videomaker")
    page.keyboard.press("Enter")
    table = page.locator("#admin-users-table")
    expect(table).to_contain_text("videomaker@example.com", timeout=30_000)
    expect(table).to_contain_text("33%")  # 2 completed of 6
    page.screenshot(path=str(OUTPUT_DIR / "admin-users-stats.png"), full_page=True)

    table.get_by_role("link", name="Details").first.click()
    expect(page.locator("#detail-email")).to_have_text("videomaker@example.com", timeout=30_000)
    page.screenshot(path=str(OUTPUT_DIR / "admin-user-profile.png"), full_page=True)
    page.click("#tab-videos")
    expect(page.locator("#consumption-total")).to_have_text("6", timeout=30_000)
    expect(page.locator("#consumption-completed")).to_have_text("2")
    expect(page.locator("#consumption-failed")).to_have_text("3")
    expect(page.locator("#consumption-in-progress")).to_have_text("1")
    expect(page.locator("#consumption-credits")).to_have_text("50")
    expect(page.locator("#consumption-success-rate")).to_have_text("33%")
    reasons = page.locator("#failure-reasons")
    expect(reasons).to_contain_text("TIMEOUT")
    expect(reasons).to_contain_text("SAFETY_BLOCKED")
    expect(page.locator("#consumption-table tbody tr")).to_have_count(6)
    page.screenshot(path=str(OUTPUT_DIR / "admin-video-consumption.png"), full_page=True)

    # Filter to failures, then sort by error code.
    page.locator("#consumption-filter").get_by_role("radio", name="Failed").click()
    expect(page.locator("#consumption-table tbody tr")).to_have_count(3, timeout=30_000)
    page.click("#sort-error_code")
    expect(page.locator("#consumption-table tbody tr").first).to_contain_text("TIMEOUT", timeout=30_000)
    page.click("#sort-error_code")
    expect(page.locator("#consumption-table tbody tr").first).to_contain_text(
        "SAFETY_BLOCKED", timeout=30_000
    )

    page.click("#tab-credits")
    expect(page.locator("#detail-ledger")).to_contain_text("earn", timeout=30_000)
    page.screenshot(path=str(OUTPUT_DIR / "admin-user-credits.png"), full_page=True)

    page.click("#admin-nav-ops")
    expect(page.locator("#ops-queues")).to_contain_text("default", timeout=30_000)
    expect(page.locator("#ops-workers")).to_contain_text("idle", timeout=30_000)
    page.screenshot(path=str(OUTPUT_DIR / "admin-ops.png"), full_page=True)

    page.click("#admin-nav-overview")
    expect(page.locator("#overview-failures")).to_contain_text("TIMEOUT", timeout=30_000)
    expect(page.locator("#overview-jobs-chart .recharts-wrapper")).to_be_visible()
    page.screenshot(path=str(OUTPUT_DIR / "admin-overview.png"), full_page=True)

    page.click("#admin-nav-showcase")
    expect(page.locator("#admin-showcase-grid")).to_contain_text("Built-in", timeout=30_000)
    page.screenshot(path=str(OUTPUT_DIR / "admin-showcase.png"), full_page=True)
