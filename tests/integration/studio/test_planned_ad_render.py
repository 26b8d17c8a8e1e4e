"""Real planned ads through the worker and the local engine, checked with conformance.

No fakes: the job is submitted, the worker plans the scenes (or takes the
edited script), the local engine draws the stills, speaks the lines with
eSpeak NG, renders with ffmpeg and the asset is checked as a platform would.
"""

from __future__ import annotations

import io
import itertools
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest
import skimage.data
from PIL import Image
from sqlmodel import select

from app.db import session_scope
from app.media.conformance import Expectation, check_video
from app.models.accounts import User
from app.models.assets import Asset
from app.models.base import new_id
from app.services import billing, creative, generation, jobs, library
from app.services.platform import get_storage
from tests.integration.media.conftest import frame_at


@pytest.fixture
def user(db, monkeypatch: pytest.MonkeyPatch):
    from app.settings import get_settings

    for var in ("KIE_API_KEY", "REPLICATE_API_TOKEN", "HF_TOKEN", "DEEPSEEK_API_KEY"):
        monkeypatch.setenv(var, "")
    get_settings.cache_clear()
    monkeypatch.setattr("app.queue.enqueue", lambda *a, **k: None)
    row = User(id=new_id(), email=f"{new_id()}@example.com", plan="pro")
    with session_scope() as s:
        s.add(row)
    billing.earn(row.id, 2000, source="test", key=f"grant:{row.id}")
    return row


def _video(job_id: str, out: Path) -> Path:
    with session_scope() as s:
        [asset] = s.exec(select(Asset).where(Asset.job_id == job_id)).all()
    out.write_bytes(get_storage().get(asset.storage_key))
    return out


def _audio(video: Path, rate: int = 16000) -> np.ndarray:
    from app.services.generation import ffmpeg_exe

    wav = video.with_suffix(".wav")
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-y", "-i", str(video), "-ac", "1", "-ar", str(rate), str(wav)],
        check=True,
    )
    with wave.open(str(wav)) as fh:
        return np.frombuffer(fh.readframes(fh.getnframes()), "<i2").astype(np.float32) / 32768


def test_planned_15s_vertical_ad_from_a_product_photo(user, tmp_path: Path):
    photo = io.BytesIO()
    Image.fromarray(skimage.data.coffee()).save(photo, "JPEG")
    upload = library.save_upload(user.id, "cup.jpg", photo.getvalue())
    view = generation.submit_video(
        user,
        {
            "prompt": "Aroma Cup, double-walled porcelain. No more cold coffee.",
            "mode": "i2v",
            "source_upload_id": upload["upload_id"],
            "product_name": "Aroma Cup",
            "selling_points": ["Keeps coffee hot for 2 hours", "Dishwasher safe"],
            "style": "unboxing",
            "duration": 15,
            "voiceover": True,
        },
    )
    assert view.model == "local-video"
    assert generation.run_job(view.job_id) == "completed", jobs.get_job(user.id, view.job_id).error_message
    video = _video(view.job_id, tmp_path / "ad.mp4")
    report = check_video(video, Expectation(width=1080, height=1920, fps=30, duration=15.0))
    assert report.ok, str(report)

    # The planner's PAS beats (4, 3, 4, 4 s) are four different shots, then the CTA end card.
    frames = [frame_at(video, t, tmp_path / f"f{t}.png") for t in (1.5, 5.6, 9.0, 11.8, 14.6)]
    for a, b in itertools.pairwise(frames):
        assert np.abs(a - b).mean() > 6, "consecutive scenes look the same"
    # Captions: the first scene's caption box darkens the upper third once it has faded in.
    early, captioned = frame_at(video, 0.05, tmp_path / "e.png"), frames[0]
    band = slice(int(0.22 * 1920), int(0.34 * 1920))
    assert np.abs(captioned[band] - early[band]).mean() > 3
    # The voiceover is there: eSpeak lines start 0.25 s into each scene, over a ducked music bed.
    audio = _audio(video)
    assert np.sqrt(np.mean(audio**2)) > 0.02


def test_edited_offer_script_with_fast_cuts_and_voice_only(user, tmp_path: Path):
    script = creative.plan_script(
        "Trail Bottle", selling_points=["Keeps drinks cold for 24 hours", "30% off"], style="limited_offer",
        framework="AIDA", duration=8,
    )  # fmt: skip
    scenes = [s.model_dump() for s in script.scenes]
    scenes[1]["text_overlay"] = "Now 30% off"
    view = generation.submit_video(
        user,
        {
            "prompt": "Trail Bottle flash sale",
            "style": "limited_offer",
            "scenes": scenes,
            "cta": "Shop the sale",
            "resolution": "720p",
            "aspect_ratio": "1:1",
            "voiceover": True,
            "music": False,
        },
    )
    assert generation.run_job(view.job_id) == "completed", jobs.get_job(user.id, view.job_id).error_message
    video = _video(view.job_id, tmp_path / "offer.mp4")
    report = check_video(video, Expectation(width=720, height=720, fps=30, duration=8.0))
    assert report.ok, str(report)
    # Scene 1 (fast cuts, 1.6 s) shows more than one still.
    a, b = frame_at(video, 0.3, tmp_path / "a.png"), frame_at(video, 1.3, tmp_path / "b.png")
    assert np.abs(a - b).mean() > 8
    # Voice only: silence before the first line starts at 0.25 s, speech after it.
    audio = _audio(video)
    rate = 16000
    assert np.abs(audio[: int(0.15 * rate)]).max() < 0.01
    assert np.sqrt(np.mean(audio[int(0.3 * rate) : int(1.5 * rate)] ** 2)) > 0.02
