"""Video jobs with scripts: scene validation at submit, enhancement kept beside the prompt,
the worker planning scenes for the local engine and enriching vendor prompts."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from app.db import session_scope
from app.models.base import new_id
from app.models.jobs import Job
from app.providers import registry
from app.providers.base import GeneratedMedia, ImageModel, ImageRequest, RunContext, VideoModel, VideoRequest
from app.services import creative, generation
from app.services.generation import runner as jobs_runner
from app.services.platform import InvalidInput

SEEN: list[VideoRequest | ImageRequest] = []


class _RecordingVideo(VideoModel):
    label = "recorder"

    def __init__(self, model_id: str) -> None:
        self.model_id = model_id

    def run(self, request: VideoRequest, ctx: RunContext) -> list[GeneratedMedia]:
        SEEN.append(request)
        return [GeneratedMedia("video/mp4", data=b"\x00\x00\x00\x18ftypmp42", duration=request.duration)]


class _RecordingImage(ImageModel):
    model_id = registry.LOCAL_IMAGE_ID
    label = "recorder"

    def run(self, request: ImageRequest, ctx: RunContext) -> list[GeneratedMedia]:
        SEEN.append(request)
        from tests.support.fake_engines import FakeImageModel

        return FakeImageModel().run(request, ctx)


@pytest.fixture(autouse=True)
def recorders(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from app.settings import get_settings

    monkeypatch.setenv("DEEPSEEK_API_KEY", "")
    get_settings.cache_clear()
    SEEN.clear()
    infos = {m.id: m for m in registry.video_models() + registry.image_models()}
    registry.register(
        registry.ModelEntry(
            infos[registry.LOCAL_VIDEO_ID], lambda s: _RecordingVideo(registry.LOCAL_VIDEO_ID)
        )
    )
    registry.register(registry.ModelEntry(infos[registry.LOCAL_IMAGE_ID], lambda s: _RecordingImage()))
    vendor = registry.ModelInfo("sora-2", "Sora 2 (test)", "video", ("t2v", "i2v"), "kie.ai")
    registry.register(registry.ModelEntry(vendor, lambda s: _RecordingVideo("sora-2")))
    # The stored video is not a real MP4: skip the ffmpeg thumbnail.
    monkeypatch.setattr(jobs_runner, "_video_thumbnail", lambda data: None)
    yield
    for model_id in (registry.LOCAL_VIDEO_ID, registry.LOCAL_IMAGE_ID, "sora-2"):
        registry.unregister(model_id)


@pytest.fixture
def user(db, monkeypatch: pytest.MonkeyPatch):
    from app.models.accounts import User
    from app.services import billing

    monkeypatch.setattr("app.queue.enqueue", lambda *a, **k: None)
    row = User(id=new_id(), email=f"{new_id()}@example.com", plan="pro")
    with session_scope() as s:
        s.add(row)
    billing.earn(row.id, 1000, source="test", key=f"grant:{row.id}")
    return row


def _params(job_id: str) -> dict:
    with session_scope() as s:
        job = s.get(Job, job_id)
        assert job is not None
        return json.loads(job.params_json)


def test_plain_local_video_job_is_planned_into_a_multi_scene_ad(user):
    view = generation.submit_video(
        user,
        {
            "prompt": "Aroma Cup, double-walled porcelain. No more cold coffee.",
            "model": "local-video",
            "product_name": "Aroma Cup",
            "selling_points": ["Keeps coffee hot for 2 hours"],
            "duration": 15,
            "style": "unboxing",
        },
    )
    params = _params(view.job_id)
    assert params["scenes"] == [] and params["music"] is True and params["voiceover"] is False
    assert jobs_runner.run_job(view.job_id) == "completed"
    [request] = SEEN
    assert isinstance(request, VideoRequest)
    assert [s.shot for s in request.scenes] == ["package", "reveal", "detail", "verdict"]
    assert request.framework == "PAS"  # "no more cold coffee": a problem to solve
    assert abs(sum(s.duration for s in request.scenes) - 15) <= 0.1
    assert all(s.text_overlay and s.voiceover and s.motion for s in request.scenes)
    assert request.cta == "Shop Aroma Cup today" and request.transition == "slide"
    assert request.music is True and request.voiceover is False


def test_edited_scenes_are_validated_and_sent_to_the_engine(user):
    script = creative.plan_script("Aroma Cup", style="limited_offer", framework="AIDA", duration=12)
    scenes = [s.model_dump() for s in script.scenes]
    scenes[0]["text_overlay"] = "My own caption"
    view = generation.submit_video(
        user,
        {
            "prompt": "Aroma Cup sale",
            "model": "local-video",
            "style": "limited_offer",
            "scenes": scenes,
            "cta": "Buy it",
            "voiceover": True,
        },
    )
    params = _params(view.job_id)
    assert params["duration"] == 12.0 and len(params["scenes"]) == 4 and params["cta"] == "Buy it"
    assert jobs_runner.run_job(view.job_id) == "completed"
    [request] = SEEN
    assert request.scenes[0].text_overlay == "My own caption" and request.scenes[0].shot == "fast_cuts"
    assert request.cta == "Buy it" and request.voiceover is True and request.duration == 12.0

    with pytest.raises(InvalidInput, match="add up to 12"):
        generation.submit_video(user, {"prompt": "x", "scenes": scenes, "duration": 15})
    with pytest.raises(InvalidInput, match="at most 8"):
        generation.submit_video(user, {"prompt": "x", "scenes": scenes * 3})
    with pytest.raises(InvalidInput, match="Scene 1"):
        generation.submit_video(user, {"prompt": "x", "scenes": [{"scene_type": "a", "duration": 5}]})


def test_vendor_models_get_the_script_as_one_prompt(user):
    script = creative.plan_script("Aroma Cup", framework="BAB", duration=15)
    view = generation.submit_video(
        user,
        {"prompt": "Aroma Cup ad", "model": "sora-2", "scenes": [s.model_dump() for s in script.scenes]},
    )
    assert jobs_runner.run_job(view.job_id) == "completed"
    [request] = SEEN
    assert request.scenes == [] and request.prompt.startswith("Aroma Cup ad\nScene 1 (5s, before):")
    assert 'End card: "Shop now"' in request.prompt


def test_enhance_keeps_both_prompts(user):
    view = generation.submit_video(
        user,
        {
            "prompt": "A red sneaker on wet asphalt",
            "model": "local-video",
            "enhance": True,
            "style": "brand_film",
        },
    )
    params = _params(view.job_id)
    assert params["prompt"] == "A red sneaker on wet asphalt"
    assert params["enhanced_prompt"].startswith("A red sneaker on wet asphalt. ")
    assert any(n.startswith("Camera motion:") for n in params["enhance_notes"])
    assert view.prompt == "A red sneaker on wet asphalt"
    assert jobs_runner.run_job(view.job_id) == "completed"
    [request] = SEEN
    assert request.prompt == params["enhanced_prompt"]

    image = generation.submit_image(user, {"prompt": "A red sneaker", "enhance": True, "style": "studio"})
    assert jobs_runner.run_job(image.job_id) == "completed"
    assert SEEN[-1].prompt.startswith("A red sneaker. ") and "rim light" in SEEN[-1].prompt.lower()
    # Without enhance the model gets the user's words.
    plain = generation.submit_image(user, {"prompt": "A red sneaker"})
    assert jobs_runner.run_job(plain.job_id) == "completed"
    assert SEEN[-1].prompt == "A red sneaker"


def test_idempotent_replay_with_enhancement(user, monkeypatch: pytest.MonkeyPatch):
    calls = iter(["first words", "second words"])
    real = creative.enhance_for_user

    def varying(*args, **kwargs):
        result = real(*args, **kwargs)
        result.enhanced = f"{result.original} {next(calls)}"
        return result

    monkeypatch.setattr(creative, "enhance_for_user", varying)
    body = {"prompt": "A mug", "enhance": True, "duration": 5}
    first = generation.submit_video(user, body, idempotency_key="k1")
    again = generation.submit_video(user, body, idempotency_key="k1")
    assert again.job_id == first.job_id


def test_brand_profile_reaches_the_engines(user, monkeypatch: pytest.MonkeyPatch):
    from app.services.brand import BrandContext

    brand = BrandContext(name="Aroma Co", color_palette=["#123456"], tone_keywords=["warm"])
    monkeypatch.setattr(creative, "brand_for_user", lambda user_id: brand)
    image = generation.submit_image(user, {"prompt": "A mug", "use_brand_profile": True})
    assert jobs_runner.run_job(image.job_id) == "completed"
    assert SEEN[-1].brand is not None and SEEN[-1].brand.color_palette == ["#123456"]
    video = generation.submit_video(
        user, {"prompt": "A mug", "model": "local-video", "use_brand_profile": True, "duration": 8}
    )
    assert jobs_runner.run_job(video.job_id) == "completed"
    assert SEEN[-1].brand.name == "Aroma Co" and "#123456" in SEEN[-1].scenes[0].visual_prompt
    no_brand = generation.submit_image(user, {"prompt": "A mug"})
    assert jobs_runner.run_job(no_brand.job_id) == "completed"
    assert SEEN[-1].brand is None


def test_short_clips_stay_single_clips(user):
    view = generation.submit_video(user, {"prompt": "A mug", "model": "local-video", "duration": 3})
    assert jobs_runner.run_job(view.job_id) == "completed"
    assert SEEN[-1].scenes == []
