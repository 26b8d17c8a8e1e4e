"""Captions in Chromium: a Spanish voiceover ad with word captions, its .srt link and a captioned frame."""

from __future__ import annotations

import itertools
import re
import subprocess
from pathlib import Path
from urllib.request import urlopen

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from app.media import caption_overlays
from app.media.ffmpeg import ffmpeg_exe
from tests.e2e.conftest import OUTPUT_DIR

pytestmark = pytest.mark.e2e


def _srt_cues(text: str) -> list[tuple[float, float, str]]:
    cues = []
    for block in text.strip().split("\n\n"):
        _, times, words = block.split("\n", 2)
        a, b = (
            sum(float(x) * m for x, m in zip(t.replace(",", ".").split(":"), (3600, 60, 1), strict=True))
            for t in times.split(" --> ")
        )
        cues.append((a, b, words))
    return cues


def test_spanish_ad_with_word_captions(running_app, page, tmp_path: Path) -> None:
    base = running_app.frontend_url
    page.goto(f"{base}/signup", wait_until="networkidle")
    expect(page.locator("#signup-submit")).to_be_enabled(timeout=120_000)
    page.locator("#email").fill("subtitulos@example.com")
    page.locator("#password").fill("password-1")
    page.locator("#name").fill("Sofía")
    page.locator("#signup-submit").click()
    expect(page).to_have_url(re.compile(r"/dashboard"), timeout=60_000)
    page.goto(f"{base}/pricing", wait_until="networkidle")
    page.locator("#choose-pro").click()
    expect(page.locator("#credit-plan")).to_have_text("Pro", timeout=60_000)

    page.goto(f"{base}/studio/video", wait_until="networkidle")
    expect(page.locator("#storyboard-empty")).to_be_visible(timeout=60_000)
    page.locator("#product-name").fill("Botella Aero")
    page.locator("#selling-points").fill("Mantiene el agua fría 24 horas")
    page.locator("#language").select_option("es")
    page.locator("#captions-word").click()
    page.locator("#duration-6").click()
    page.locator("#resolution-720p").click()
    page.locator("#generate-script").click()
    scenes = page.locator("#scene-list .scene-card")
    expect(scenes.first).to_be_visible(timeout=60_000)
    lines = " ".join(t.input_value() for t in page.locator("#scene-list textarea").all())
    assert "Botella Aero" in lines and "Shop" not in lines and "Meet" not in lines, lines
    page.screenshot(path=str(OUTPUT_DIR / "captions-script-es.png"))

    page.locator("#render-button").click()
    expect(page.locator("#ad-player")).to_be_visible(timeout=300_000)
    srt_link = page.locator("#captions-srt")
    expect(srt_link).to_be_visible(timeout=30_000)
    page.screenshot(path=str(OUTPUT_DIR / "captions-result.png"))

    # The .srt behind the link: Spanish cues in order.
    href = srt_link.get_attribute("href")
    url = href if href.startswith("http") else base.rstrip("/") + href
    if "/api/files/" in url:
        url = running_app.api_url.rstrip("/") + url[url.index("/api/files/") :]
    srt = urlopen(url, timeout=30).read().decode("utf-8")
    cues = _srt_cues(srt)
    assert cues and all(a < b for a, b, _ in cues)
    assert all(b1 <= a2 for (_, b1, _), (a2, _, _) in itertools.pairwise(cues))
    assert "Botella Aero" in " ".join(w for _, _, w in cues)

    # A frame while the first cue is on screen shows the caption band; save it and look.
    video_url = page.locator("#ad-player").get_attribute("src")
    if "/api/files/" in video_url:
        video_url = running_app.api_url.rstrip("/") + video_url[video_url.index("/api/files/") :]
    mp4 = tmp_path / "ad.mp4"
    mp4.write_bytes(urlopen(video_url, timeout=60).read())
    start, end, _ = cues[0]
    frame = OUTPUT_DIR / "captions-frame-es.png"
    subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-y",
            "-ss",
            f"{(start + end) / 2:.2f}",
            "-i",
            str(mp4),
            "-frames:v",
            "1",
            str(frame),
        ],
        check=True,
    )
    with Image.open(frame) as img:
        rgb = np.asarray(img.convert("RGB"), dtype=np.int16)
    layout = caption_overlays.caption_layout("9:16", rgb.shape[1], rgb.shape[0], "word")
    band = rgb[layout.band_top : layout.band_top + layout.band_height]
    white = (band.min(axis=2) > 235).sum()
    dark = (band.max(axis=2) < 30).sum()
    assert white > 200 and dark > 200  # white letters with their black outline
