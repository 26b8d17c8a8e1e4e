"""The batch wizard in Chromium: a small sheet through the four steps, live progress, report and ZIP.

Local engine, images 1:1. The sheet has four products; row 4 has a broken image link, so it is
reported as invalid and skipped while the three others are generated and zipped.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import OUTPUT_DIR

pytestmark = pytest.mark.e2e

SHEET = (
    "Product name,Description,Base image URL,Style\n"
    "Ceramic Mug,A sturdy 350 ml stoneware mug,,studio\n"
    "Linen Tote,Washed linen tote with an inner pocket,,lifestyle\n"
    "Desk Lamp,Warm LED lamp with a brass finish,not a link,studio\n"
    "Wool Beanie,Soft merino beanie,,\n"
)
GOOD = ("Ceramic Mug", "Linen Tote", "Wool Beanie")


def _shot(page, name: str) -> None:
    page.screenshot(path=str(OUTPUT_DIR / f"batch-{name}.png"), full_page=True)


def test_batch_wizard_to_zip(running_app, page) -> None:
    base = running_app.frontend_url
    page.goto(f"{base}/signup", wait_until="networkidle")
    expect(page.locator("#signup-submit")).to_be_enabled(timeout=60_000)
    page.fill("#email", "batcher@example.com")
    page.fill("#password", "batch-password")
    page.fill("#name", "Bo Batcher")
    page.click("#signup-submit")
    expect(page.locator("#dashboard-heading")).to_be_visible(timeout=60_000)

    # Step 1: the template downloads, then the sheet is dropped in.
    page.goto(f"{base}/batches", wait_until="networkidle")
    expect(page.locator("#batch-heading")).to_be_visible(timeout=60_000)
    expect(page.locator("#batch-next")).to_be_disabled()
    with page.expect_download() as template:
        page.click("#batch-template-csv")
    header = template.value.path().read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("Product name,Description")
    page.locator(".batch-dropzone input[type=file]").set_input_files(
        files=[{"name": "products.csv", "mimeType": "text/csv", "buffer": SHEET.encode()}]
    )
    expect(page.locator("#batch-filename")).to_have_text("products.csv", timeout=30_000)
    expect(page.locator("#batch-row-count")).to_contain_text("4 product rows")
    _shot(page, "1-upload")

    # Step 2: headers were recognized; row 4 (as the sheet numbers it) is invalid.
    page.click("#batch-next")
    expect(page.locator("#batch-step-mapping")).to_be_visible(timeout=30_000)
    expect(page.locator("#map-product_name")).to_contain_text("Product name")
    expect(page.locator("#map-base_image_url")).to_contain_text("Base image URL")
    expect(page.locator("#batch-valid-count")).to_have_text("3")
    expect(page.locator("#batch-invalid-count")).to_have_text("1")
    expect(page.locator(".batch-invalid-row")).to_contain_text(["Row 4"])
    expect(page.locator("#batch-invalid-rows")).to_contain_text("Base image URL is not a valid")
    _shot(page, "2-mapping")

    # Step 3: the free plan's daily image quota is too small: the upgrade prompt shows.
    page.click("#batch-next")
    expect(page.locator("#batch-step-defaults")).to_be_visible(timeout=30_000)
    expect(page.locator("#batch-kind")).to_be_visible()
    expect(page.locator("#batch-estimate")).to_have_text("3 credits", timeout=30_000)
    expect(page.locator("#batch-quota")).to_be_visible()
    _shot(page, "3-defaults-free")
    page.locator("#batch-quota").get_by_role("button", name="See plans").click()
    expect(page.get_by_role("alertdialog")).to_contain_text("Pro", timeout=30_000)
    page.get_by_role("alertdialog").get_by_role("button", name=re.compile("^See ")).click()
    expect(page).to_have_url(re.compile(r"/pricing"), timeout=30_000)
    page.click("#choose-pro")
    expect(page).to_have_url(re.compile(r"/dashboard"), timeout=30_000)

    # Back on the wizard, nothing was lost and the quota now fits.
    page.get_by_role("link", name="Batch", exact=True).first.click()
    expect(page.locator("#batch-step-defaults")).to_be_visible(timeout=30_000)
    expect(page.locator("#batch-quota")).to_have_count(0, timeout=30_000)
    expect(page.locator("#batch-balance")).to_have_text("530 credits")
    expect(page.locator('.batch-style[data-style="studio"]')).to_have_attribute("aria-checked", "true")
    expect(page.locator("#batch-ratio")).to_contain_text("1:1")

    # Step 4: review, generate, follow.
    page.click("#batch-next")
    expect(page.locator("#batch-step-review")).to_be_visible(timeout=30_000)
    expect(page.locator("#review-valid")).to_contain_text("3")
    expect(page.locator("#review-invalid")).to_contain_text("1")
    expect(page.locator("#batch-generate")).to_contain_text("Generate 3 images")
    _shot(page, "4-review")
    page.click("#batch-generate")
    expect(page).to_have_url(re.compile(r"/batches/[0-9a-f-]{36}$"), timeout=30_000)
    expect(page.locator("#batch-progress-panel")).to_be_visible(timeout=30_000)
    expect(page.locator("#batch-total")).to_contain_text("4")
    expect(page.locator("#batch-status")).to_have_attribute("data-status", "completed", timeout=180_000)
    expect(page.locator("#batch-succeeded")).to_contain_text("3")
    expect(page.locator("#batch-failed")).to_contain_text("1")
    expect(page.locator("#batch-pending")).to_contain_text("0")
    expect(page.locator("#batch-progress-value")).to_have_text("100%")
    invalid = page.locator('.batch-row[data-row="4"]')
    expect(invalid).to_have_attribute("data-status", "failed")
    expect(invalid).to_contain_text("Base image URL is not a valid")
    expect(page.locator('.batch-row[data-status="completed"] img')).to_have_count(3, timeout=30_000)
    _shot(page, "5-done")

    # The ZIP: one folder per good product, and the report naming the invalid row.
    with page.expect_download() as download:
        page.click("#batch-download-zip")
    with zipfile.ZipFile(download.value.path()) as archive:
        names = archive.namelist()
        folders = {n.split("/")[0] for n in names if "/" in n}
        assert folders == set(GOOD), names
        for product in GOOD:
            assert any(n.startswith(f"{product}/") and n.endswith((".png", ".jpg")) for n in names), names
        (report_name,) = [n for n in names if "/" not in n]
        assert report_name.endswith("-report.csv")
        report = list(csv.DictReader(io.StringIO(archive.read(report_name).decode("utf-8-sig"))))
    by_row = {r["Row"]: r for r in report}
    assert set(by_row) == {"2", "3", "4", "5"}
    assert by_row["4"]["Status"] == "failed" and "Base image URL" in by_row["4"]["Error message"]
    assert all(by_row[n]["Status"] == "completed" and by_row[n]["Files"] for n in ("2", "3", "5"))

    # The batch is listed with its status and reopens.
    page.click("#batch-new")
    expect(page.locator("#batch-step-upload")).to_be_visible(timeout=30_000)
    past = page.locator(".batch-past-row").first
    expect(past).to_contain_text("products.csv")
    expect(past).to_contain_text("Completed")
    past.locator(".batch-open").click()
    expect(page.locator("#batch-status")).to_have_attribute("data-status", "completed", timeout=30_000)
    expect(page.locator("#batch-download-zip")).to_be_enabled()
