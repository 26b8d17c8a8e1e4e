"""The studios in Chromium: enhance, make an image, plan and render a 15 s ad, play and download it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.e2e.conftest import OUTPUT_DIR

pytestmark = pytest.mark.e2e

PLAYER_STATE = """() => {
  const v = document.querySelector('#ad-player');
  if (!v) return null;
  return {ready: v.readyState, duration: v.duration, time: v.currentTime, error: v.error && v.error.code};
}"""


def _product_photo(path: Path) -> None:
    img = Image.new("RGB", (480, 640), "white")
    ImageDraw.Draw(img).rounded_rectangle((170, 120, 310, 560), radius=50, fill=(24, 119, 242))
    img.save(path)


def _sign_up_on_pro(page, base: str) -> None:
    page.goto(f"{base}/signup", wait_until="networkidle")
    expect(page.locator("#signup-submit")).to_be_enabled(timeout=120_000)
    page.locator("#email").fill("studio@example.com")
    page.locator("#password").fill("password-1")
    page.locator("#name").fill("Stella Studio")
    page.locator("#signup-submit").click()
    expect(page).to_have_url(re.compile(r"/dashboard"), timeout=60_000)
    # The free plan makes no videos: switch plans (test mode, no payment).
    page.goto(f"{base}/pricing", wait_until="networkidle")
    page.locator("#choose-pro").click()
    expect(page.locator("#credit-plan")).to_have_text("Pro", timeout=60_000)


def test_enhance_generate_image_and_video_ad(running_app, page, tmp_path: Path) -> None:
    base = running_app.frontend_url
    _sign_up_on_pro(page, base)

    # --- Image studio: a product photo, an enhanced prompt, an image from the local engine.
    page.goto(f"{base}/studio/image", wait_until="networkidle")
    expect(page.locator("#model-picker")).to_contain_text("1 credit / image", timeout=60_000)
    expect(page.locator("#results-empty")).to_be_visible()
    page.locator("#image-mode-i2i").click()
    photo = tmp_path / "bottle.png"
    _product_photo(photo)
    page.locator("#image-studio-upload input[type=file]").set_input_files(str(photo))
    expect(page.locator("#upload-preview")).to_be_visible(timeout=30_000)
    assert "/api/files/" in page.locator("#upload-preview").get_attribute("src")
    original = "Steel water bottle on a marble counter"
    page.locator("#prompt").fill(original)
    page.locator("#enhance-button").click()
    expect(page.locator("#enhance-panel")).to_be_visible(timeout=30_000)
    expect(page.locator("#enhance-original")).to_have_text(original)
    expect(page.locator("#enhance-diff mark").first).to_be_visible()
    enhanced = page.locator("#enhanced-prompt").input_value()
    assert len(enhanced) > len(original) and enhanced != original
    page.screenshot(path=str(OUTPUT_DIR / "studio-image-enhance.png"))
    page.locator("#accept-enhanced").click()
    expect(page.locator("#prompt")).to_have_value(enhanced)
    expect(page.locator("#revert-prompt")).to_be_visible()

    page.locator("#style-lifestyle").click()
    expect(page.locator("#total-cost")).to_have_text("1 credit")
    page.locator("#generate-button").click()
    tile = page.locator("#results-grid .result-tile")
    expect(tile).to_have_count(1, timeout=120_000)
    expect(tile.locator("img")).to_have_js_property("complete", True)
    assert tile.locator("img").evaluate("img => img.naturalWidth") > 100
    page.screenshot(path=str(OUTPUT_DIR / "studio-image-result.png"))

    # --- Video studio: plan a 15 s script, render it, watch it play, download it.
    page.goto(f"{base}/studio/video", wait_until="networkidle")
    expect(page.locator("#storyboard-empty")).to_be_visible(timeout=60_000)

    # The ad starts from the image just made: picked from history, not uploaded again.
    page.locator("#video-mode-i2v").click()
    page.locator("#history-open").click()
    history = page.locator("#history-grid .history-tile")
    expect(history).to_have_count(1, timeout=30_000)
    expect(page.locator("#history-range")).to_have_text("1–1 of 1 images")
    page.locator("#history-search").fill("zeppelin")
    expect(page.locator("#history-empty")).to_contain_text("No image matches", timeout=15_000)
    page.locator("#history-search").fill("bottle")
    expect(history).to_have_count(1, timeout=15_000)
    expect(history.first.locator("img")).to_have_js_property("complete", True)
    page.screenshot(path=str(OUTPUT_DIR / "studio-video-history.png"))
    history.first.click()
    expect(page.locator("#history-dialog")).to_have_count(0, timeout=30_000)
    expect(page.locator("#upload-preview")).to_be_visible(timeout=30_000)
    assert "/api/files/" in page.locator("#upload-preview").get_attribute("src")
    page.locator("#product-name").fill("AquaPeak Bottle")
    page.locator("#selling-points").fill("Cold for 24 hours\nLeak-proof lid")
    page.locator("#duration-15").click()
    page.locator("#resolution-720p").click()
    page.locator("#style-unboxing").click()
    expect(page.locator("#total-cost")).to_have_text("15 credits")
    page.locator("#generate-script").click()
    scenes = page.locator("#scene-list .scene-card")
    expect(scenes.first).to_be_visible(timeout=60_000)
    assert scenes.count() >= 2
    assert scenes.first.locator("textarea").first.input_value().strip()
    page.locator("#storyboard").scroll_into_view_if_needed()
    page.screenshot(path=str(OUTPUT_DIR / "studio-video-script.png"))

    page.locator("#render-button").click()
    expect(page.locator("#render-status")).to_be_visible(timeout=30_000)
    page.screenshot(path=str(OUTPUT_DIR / "studio-video-rendering.png"))
    expect(page.locator("#ad-player")).to_be_visible(timeout=300_000)
    page.wait_for_function(
        "() => { const v = document.querySelector('#ad-player'); return v && v.readyState >= 2; }",
        timeout=60_000,
    )
    state = page.evaluate(PLAYER_STATE)
    assert state["error"] is None and abs(state["duration"] - 15) < 1.0, state
    page.evaluate(
        "() => { const v = document.querySelector('#ad-player'); v.muted = true; return v.play(); }"
    )
    page.wait_for_function("() => document.querySelector('#ad-player').currentTime > 0.5", timeout=30_000)
    # Seeking: the player asks for a byte range of the (encrypted at rest) file and plays on from there.
    page.evaluate("() => { document.querySelector('#ad-player').currentTime = 11; }")
    page.wait_for_function(
        "() => { const v = document.querySelector('#ad-player');"
        " return !v.seeking && v.currentTime >= 11 && v.readyState >= 2 && !v.error; }",
        timeout=30_000,
    )
    page.screenshot(path=str(OUTPUT_DIR / "studio-video-result.png"))

    with page.expect_download(timeout=60_000) as info:
        page.locator("#download-video").click()
    download = info.value
    assert re.fullmatch(r"ad_[0-9a-f-]{36}\.mp4", download.suggested_filename), download.suggested_filename
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.stat().st_size > 100_000
    assert saved.read_bytes()[4:8] == b"ftyp"

    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(OUTPUT_DIR / "studio-video-mobile.png"))
