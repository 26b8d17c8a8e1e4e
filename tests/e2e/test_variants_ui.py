"""A/B variants in Chromium: an empty list, a hook variant set from the image studio, the three
variants side by side with their labels, the ZIP with its manifest, and the set in the list."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import OUTPUT_DIR

pytestmark = pytest.mark.e2e


def _sign_up_on_pro(page, base: str, email: str) -> None:
    page.goto(f"{base}/signup", wait_until="networkidle")
    expect(page.locator("#signup-submit")).to_be_enabled(timeout=120_000)
    page.locator("#email").fill(email)
    page.locator("#password").fill("password-1")
    page.locator("#name").fill("Vic Variants")
    page.locator("#signup-submit").click()
    expect(page).to_have_url(re.compile(r"/dashboard"), timeout=60_000)
    page.goto(f"{base}/pricing", wait_until="networkidle")
    page.locator("#choose-pro").click()
    expect(page.locator("#credit-plan")).to_have_text("Pro", timeout=60_000)


def test_hook_variants_side_by_side_and_zip(running_app, page, tmp_path: Path) -> None:
    base = running_app.frontend_url
    _sign_up_on_pro(page, base, "variants-ui@example.com")

    page.goto(f"{base}/variants", wait_until="networkidle")
    expect(page.locator("#variants-empty")).to_be_visible(timeout=60_000)

    page.goto(f"{base}/studio/image", wait_until="networkidle")
    expect(page.locator("#model-picker")).to_contain_text("1 credit / image", timeout=60_000)
    page.locator("#prompt").fill("A ceramic mug that keeps coffee hot, on an oak table")
    page.locator("#product-name").fill("Ceramic mug")
    expect(page.locator("#variants-panel")).to_be_visible()
    page.locator("#variant-count-2").click()
    expect(page.locator("#variant-price")).to_have_text("2 credits for 2 variants", timeout=30_000)
    page.locator("#variant-count-3").click()
    page.locator("#variant-quote").click()
    expect(page.locator("#variant-price")).to_have_text("3 credits for 3 variants", timeout=30_000)
    page.screenshot(path=str(OUTPUT_DIR / "variants-studio-control.png"), full_page=True)
    page.locator("#make-variants").click()
    expect(page).to_have_url(re.compile(r"/variants/[0-9a-f-]{36}$"), timeout=60_000)

    tiles = page.locator("#variant-grid .variant-tile")
    expect(tiles).to_have_count(3, timeout=60_000)
    images = page.locator("#variant-grid img.variant-image")
    expect(images).to_have_count(3, timeout=180_000)
    for i in range(3):
        expect(images.nth(i)).to_have_js_property("complete", True, timeout=30_000)
        assert images.nth(i).evaluate("img => img.naturalWidth") > 100
    labels = [t.strip() for t in page.locator(".variant-label").all_inner_texts()]
    assert len(labels) == 3 and len(set(labels)) == 3 and all(t.startswith("Hook: '") for t in labels), labels
    # Side by side: the three tiles share one row at this width.
    tops = {round(tiles.nth(i).bounding_box()["y"]) for i in range(3)}
    assert len(tops) == 1, tops
    expect(page.locator("#variants-progress")).to_have_count(0)
    page.screenshot(path=str(OUTPUT_DIR / "variants-side-by-side.png"), full_page=True)

    with page.expect_download(timeout=60_000) as download_info:
        page.locator("#variants-zip").click()
    saved = tmp_path / "variants.zip"
    download_info.value.save_as(saved)
    archive = zipfile.ZipFile(saved)
    rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode("utf-8-sig"))))
    assert [r["variant"] for r in rows] == ["1", "2", "3"]
    assert [f"Hook: '{r['value']}'" for r in rows] == labels
    assert all(r["dimension"] == "hook" and r["status"] == "completed" for r in rows)
    assert sorted(archive.namelist()) == sorted([*(r["file"] for r in rows), "manifest.csv"])

    page.goto(f"{base}/variants", wait_until="networkidle")
    expect(page.locator(".variant-set-row")).to_have_count(1, timeout=60_000)
    expect(page.locator(".variant-set-row")).to_contain_text("Ceramic mug")
    page.screenshot(path=str(OUTPUT_DIR / "variants-list.png"), full_page=True)
