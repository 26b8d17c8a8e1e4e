"""Pro mode in Chromium: hero prompt -> 4 candidates -> primary -> 3 attempts -> synced compare ->
override the auto pick -> iterate -> versions -> a new hero frame -> final -> quality dashboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import OUTPUT_DIR

pytestmark = pytest.mark.e2e

RENDER_TIMEOUT = 600_000
TIMES = (
    "(g) => Array.from(document.querySelectorAll(`video[data-sync-group='${g}']`)).map(v => v.currentTime)"
)
READY = (
    "(g) => { const vs = document.querySelectorAll(`video[data-sync-group='${g}']`);"
    " return vs.length > 0 && Array.from(vs).every(v => v.readyState >= 2 && v.duration > 2); }"
)


def _shot(page, name: str) -> None:
    page.screenshot(path=str(OUTPUT_DIR / f"pro-{name}.png"), full_page=True)


def _sign_up_on_pro(page, base: str, email: str = "pro@example.com", name: str = "Petra Pro") -> None:
    page.goto(f"{base}/signup", wait_until="networkidle")
    expect(page.locator("#signup-submit")).to_be_enabled(timeout=120_000)
    page.locator("#email").fill(email)
    page.locator("#password").fill("password-1")
    page.locator("#name").fill(name)
    page.locator("#signup-submit").click()
    expect(page).to_have_url(re.compile(r"/dashboard"), timeout=60_000)
    page.goto(f"{base}/pricing", wait_until="networkidle")
    page.locator("#choose-pro").click()
    expect(page.locator("#credit-plan")).to_have_text("Pro", timeout=60_000)


def _seek(page, group: str, seconds: float) -> None:
    page.locator(f"#sync-seek-{group}").evaluate(
        "(r, t) => { r.value = String(t); r.dispatchEvent(new Event('input', {bubbles: true})); }", seconds
    )


def _assert_in_step(page, group: str, near: float | None = None, tolerance: float = 0.15) -> list[float]:
    times = page.evaluate(TIMES, group)
    assert len(times) >= 2, times
    assert max(times) - min(times) < tolerance, times
    if near is not None:
        assert all(abs(t - near) < tolerance for t in times), times
    return times


def _check_synced(page, group: str) -> None:
    page.wait_for_function(READY, arg=group, timeout=120_000)
    _seek(page, group, 1.5)
    page.wait_for_timeout(400)
    _assert_in_step(page, group, near=1.5)
    page.locator(f"#sync-play-{group}").click()
    page.wait_for_timeout(1200)
    playing = _assert_in_step(page, group)
    assert min(playing) > 1.8, playing  # they really play, together
    page.locator(f"#sync-pause-{group}").click()
    page.wait_for_timeout(300)
    paused = _assert_in_step(page, group, tolerance=0.05)
    page.wait_for_timeout(500)
    assert page.evaluate(TIMES, group) == paused  # pausing stopped every player


def test_hero_to_final(running_app, page) -> None:
    base = running_app.frontend_url
    _sign_up_on_pro(page, base)

    # The video studio links to pro mode.
    page.goto(f"{base}/studio/video", wait_until="networkidle")
    page.locator("#pro-mode-link").click()
    expect(page).to_have_url(re.compile(r"/studio/hero$"), timeout=60_000)
    expect(page.locator("#hero-empty")).to_be_visible(timeout=60_000)

    # Hero prompt with the cinematographer's pass, side by side, each change with why.
    page.locator("#hero-subject").fill("a matte black coffee tumbler on a walnut table")
    page.locator("#hero-lighting").fill("soft window light from the left")
    page.locator("#hero-mood").fill("calm and premium")
    page.locator("#hero-lens").fill("85mm portrait")
    expect(page.locator("#hero-prompt")).to_have_value(
        re.compile("coffee tumbler.*soft window light.*calm and premium.*85mm portrait lens")
    )
    original = page.locator("#hero-prompt").input_value()
    page.locator("#hero-enhance").click()
    expect(page.locator("#hero-enhance-panel")).to_be_visible(timeout=60_000)
    expect(page.locator("#hero-original")).to_have_text(original)
    assert page.locator("#hero-changes .enhance-change").count() >= 2
    enhanced = page.locator("#hero-enhanced").input_value()
    assert enhanced != original and len(enhanced) > len(original)
    _shot(page, "1-enhance")
    page.locator("#hero-accept-enhanced").click()
    expect(page.locator("#hero-prompt")).to_have_value(enhanced)
    page.locator("#hero-revert").click()
    expect(page.locator("#hero-prompt")).to_have_value(original)

    # 4 candidates.
    # Offline, the picker offers the local engine with its price per candidate.
    expect(page.locator("#hero-model-picker")).to_contain_text("Offline engine")
    expect(page.locator("#hero-model-picker")).to_contain_text("per candidate")
    page.locator("#hero-count-4").click()
    expect(page.locator("#hero-cost")).not_to_have_text("")
    page.locator("#hero-generate").click()
    expect(page).to_have_url(re.compile(r"/studio/hero/[0-9a-f-]+$"), timeout=60_000)
    hero_page_url = page.url
    tiles = page.locator("#candidate-grid .candidate-tile")
    expect(tiles).to_have_count(4, timeout=RENDER_TIMEOUT)
    for i in range(4):
        expect(tiles.nth(i).locator("img")).to_have_js_property("complete", True)
        assert tiles.nth(i).locator("img").evaluate("img => img.naturalWidth") > 100
    seeds = {tiles.nth(i).locator(".candidate-seed").inner_text() for i in range(4)}
    assert len(seeds) == 4, seeds  # every candidate has its own seed
    expect(page.locator("#hero-history .history-row")).to_have_count(1)

    # Zoom, favorite, primary.
    tiles.nth(1).locator(".candidate-zoom").click()
    expect(page.locator("#zoom-image")).to_be_visible()
    page.locator("#zoom-primary").click()
    expect(page.locator("#zoom-image")).to_be_hidden()
    expect(tiles.nth(1).locator(".primary-badge")).to_be_visible()
    tiles.nth(2).locator(".candidate-favorite").click()
    expect(page.locator("#motion-panel")).to_be_visible()

    # A lighting mutation: a second round with new seeds; the primary and the favorite stay pinned.
    page.locator("#regen-lighting").click()
    history = page.locator("#hero-history .history-row")
    expect(history).to_have_count(2, timeout=60_000)
    expect(history.first).to_contain_text("lighting")
    expect(tiles).to_have_count(6, timeout=RENDER_TIMEOUT)
    expect(page.locator("#candidate-grid .primary-badge")).to_have_count(1)
    new_seeds = {tiles.nth(i).locator(".candidate-seed").inner_text() for i in range(4)}
    assert not new_seeds & seeds, (new_seeds, seeds)
    _shot(page, "2-candidates")

    # Motion prompt -> 3 attempts.
    expect(page.locator("#negative-prompt")).to_have_value(re.compile("distortion"))
    page.locator("#camera-push_in").click()
    page.locator("#motion-prompt").fill("slow push-in, steam rising from the cup")
    expect(page.locator("#attempts-3")).to_have_attribute("data-state", "on")
    expect(page.locator("#attempt-model-picker")).to_contain_text("per attempt")
    page.locator("#start-attempts").click()
    expect(page).to_have_url(re.compile(r"/studio/pro/[0-9a-f-]+$"), timeout=60_000)
    page_url_of_workspace = page.url
    cards = page.locator("#attempt-grid .attempt-card")
    expect(cards).to_have_count(3, timeout=60_000)
    _shot(page, "3-attempts-running")
    expect(page.locator("#attempt-grid video.sync-player")).to_have_count(3, timeout=RENDER_TIMEOUT)
    expect(page.locator("#attempt-grid .score-overall")).to_have_count(3)
    expect(page.locator(".auto-pick-badge")).to_have_count(1)
    expect(page.locator("#auto-reason")).not_to_be_empty()

    # One control drives all three players.
    _check_synced(page, "attempts")
    _shot(page, "4-synced")

    # Override the auto pick.
    other = cards.filter(has_not=page.locator(".auto-pick-badge")).first
    other.locator(".pick-attempt").click()
    expect(other.locator(".user-pick-badge")).to_be_visible(timeout=30_000)
    expect(page.locator(".user-pick-badge")).to_have_count(1)

    # Iterate with feedback words.
    page.locator("#feedback").fill("too chaotic")
    page.locator("#iterate").click()
    expect(page.locator("#iteration-badge")).to_contain_text("Iteration 2", timeout=60_000)
    expect(page.locator("#attempt-grid video.sync-player")).to_have_count(3, timeout=RENDER_TIMEOUT)

    # Versions: timeline, trend, two versions side by side.
    page.locator("#tab-versions").click()
    expect(page.locator("#version-timeline .version-row")).to_have_count(2, timeout=60_000)
    page.locator("#compare-button").click()
    expect(page.locator("#compare-view video.sync-player")).to_have_count(2, timeout=60_000)
    _check_synced(page, "compare")
    _shot(page, "5-versions")

    # Edit the hero-frame prompt inline: new hero frames, pick one, the next iteration starts from it.
    page.locator("#tab-attempts").click()
    page.locator("#edit-hero-prompt").fill("a matte black coffee tumbler on slate, hard side light, moody")
    page.locator("#iterate").click()
    expect(page.locator("#iterate-error")).to_contain_text("hero-frame prompt changed")
    page.locator("#remake-hero").click()
    expect(page).to_have_url(re.compile(r"/studio/hero/[0-9a-f-]+\?iterate=[0-9a-f-]+$"), timeout=60_000)
    expect(page.locator("#iterate-hint")).to_be_visible(timeout=60_000)
    tiles = page.locator("#candidate-grid .candidate-tile")
    expect(tiles).to_have_count(4, timeout=RENDER_TIMEOUT)
    tiles.nth(0).locator(".candidate-primary").click()
    expect(page.locator("#iterate-panel")).to_be_visible(timeout=30_000)
    page.locator("#iterate-with-hero").click()
    expect(page).to_have_url(re.compile(re.escape(page_url_of_workspace) + "$"), timeout=60_000)
    expect(page.locator("#iteration-badge")).to_contain_text("Iteration 3", timeout=60_000)
    expect(page.locator("#edit-hero-prompt")).to_have_value(re.compile("slate, hard side light"))
    expect(page.locator("#attempt-grid video.sync-player")).to_have_count(3, timeout=RENDER_TIMEOUT)
    expect(page.locator("#attempt-grid .score-overall")).to_have_count(3, timeout=60_000)

    # Set the final; the editor link points at it.
    page.locator("#attempt-grid .final-attempt").first.click()
    expect(page.locator("#final-badge")).to_be_visible(timeout=30_000)
    href = page.locator("#open-in-editor").get_attribute("href")
    assert re.fullmatch(r"/editor/open/[0-9a-f-]+", href or ""), href
    _shot(page, "6-final")
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.locator("#sync-controls-attempts")).to_be_visible()
    _shot(page, "6-final-mobile")
    page.set_viewport_size({"width": 1366, "height": 900})

    # The hero page lists the pro video, final marked, and leads back into its workspace.
    page.goto(f"{base}/studio/hero", wait_until="networkidle")
    recent = page.locator("#recent-videos .recent-group")
    expect(recent).to_have_count(1, timeout=60_000)
    expect(recent.first).to_contain_text("Final")
    assert recent.first.get_attribute("href") == page_url_of_workspace.removeprefix(base)

    # The quality dashboard counts the attempts, the final and the override.
    page.goto(f"{base}/pro/quality", wait_until="networkidle")
    expect(page.locator("#quality-attempts")).to_have_text("9", timeout=60_000)
    expect(page.locator("#quality-finals")).to_have_text("1")
    expect(page.locator("#quality-iterations")).to_have_text("3.0")
    expect(page.locator("#quality-histogram")).to_be_visible()
    expect(page.locator("#scope-all")).to_have_count(0)  # only admins may widen it to every account
    _shot(page, "7-quality")
    hero_url, workspace_url = hero_page_url, page_url_of_workspace

    # Someone else (an admin here) sees neither group, and widens the dashboard to every account.
    page.locator("#user-menu").click()
    page.locator("#sign-out").click()
    expect(page).to_have_url(re.compile(r"/login"), timeout=60_000)
    # Its own admin account: other e2e tests in the same app register admin@example.com.
    _sign_up_on_pro(page, base, email="pro-admin@example.com", name="Ada Admin")
    page.goto(workspace_url, wait_until="networkidle")
    expect(page.locator("#workspace-not-found")).to_be_visible(timeout=60_000)
    expect(page.locator("#attempt-grid video")).to_have_count(0)
    page.goto(hero_url, wait_until="networkidle")
    expect(page.locator("#hero-not-found")).to_be_visible(timeout=60_000)
    expect(page.locator("#candidate-grid")).to_have_count(0)
    page.goto(f"{base}/pro/quality", wait_until="networkidle")
    expect(page.locator("#quality-empty")).to_be_visible(timeout=60_000)
    page.locator("#scope-all").click()
    expect(page.locator("#quality-attempts")).to_have_text("9", timeout=30_000)
    _shot(page, "8-quality-admin")
