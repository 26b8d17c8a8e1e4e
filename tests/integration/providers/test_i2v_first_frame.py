"""Pro mode's vendor path: the hero frame is the first frame, the negative prompt travels.

Each vendor against its protocol fake on loopback (providers.md §1.1 sora-2,
§1.2 kie Veo, §3 Replicate Kling, §4 Gemini Veo).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import numpy as np
import pytest
from PIL import Image

from app.providers import registry
from app.providers.base import MotionControls, VideoRequest
from app.providers.errors import ProviderError, ProviderErrorCode
from app.providers.kie import Sora2Model
from app.providers.replicate import I2V_SPECS, ReplicateVideoModel
from app.providers.veo import GeminiVeoModel, VeoModel
from tests.fakes.context import RecordingContext
from tests.fakes.gemini import FakeGemini, Outcome
from tests.fakes.kie import FakeKie
from tests.fakes.replicate import FakeReplicate

NEGATIVE = "fast movements, distortion, low quality, flicker"


def hero_png(size: tuple[int, int] = (1080, 1920), seed: int = 0) -> bytes:
    """A hero frame as big as the real ones (a 1080x1920 PNG of several hundred KB)."""
    rng = np.random.default_rng(seed)
    small = (rng.random((size[1] // 40, size[0] // 40, 3)) * 255).astype(np.uint8)
    img = Image.fromarray(small).resize(size, Image.Resampling.BICUBIC)
    noisy = np.clip(np.asarray(img, np.int16) + rng.integers(-6, 7, (size[1], size[0], 3)), 0, 255)
    buf = io.BytesIO()
    Image.fromarray(noisy.astype(np.uint8)).save(buf, "PNG")
    return buf.getvalue()


def attempt_request(**changes) -> VideoRequest:
    base = {
        "prompt": "the perfume bottle on wet marble",
        "mode": "i2v",
        "source_image": hero_png(),
        "aspect_ratio": "9:16",
        "duration": 5.0,
        "motion": MotionControls(camera="orbit", speed=0.3, direction="left"),
        "negative_prompt": NEGATIVE,
    }
    return VideoRequest(**{**base, **changes})


def test_sora2_i2v_uploads_the_hero_frame_as_its_one_image(kie: FakeKie) -> None:
    request = attempt_request()
    (clip,), _ = Sora2Model().run(request, RecordingContext()), None
    task = next(iter(kie.tasks.values()))
    assert task.model == "sora-2-image-to-video"
    assert len(task.body["input"]["image_urls"]) == 1
    assert task.first_frame == request.source_image  # the uploaded bytes are the hero frame
    prompt = task.body["input"]["prompt"]
    assert prompt.startswith("the perfume bottle on wet marble.")
    assert "Camera: slow orbit around the subject left." in prompt
    # §1.1 has no negative-prompt field: it travels as text.
    assert prompt.endswith(f"Avoid: {NEGATIVE}.")
    assert clip.content_type == "video/mp4"


def test_sora2_with_a_public_hero_url_skips_the_upload(kie: FakeKie) -> None:
    url = "https://cdn.example.com/hero.png"
    Sora2Model().run(attempt_request(source_image=None, source_image_url=url), RecordingContext())
    task = next(iter(kie.tasks.values()))
    assert task.body["input"]["image_urls"] == [url] and not kie.uploads


def test_kie_veo_first_frame_and_negative_prompt(kie: FakeKie) -> None:
    request = attempt_request(motion=MotionControls(camera="push_in"))
    VeoModel(model_id="veo3").run(request, RecordingContext())
    task = next(iter(kie.tasks.values()))
    assert task.body["generationType"] == "FIRST_AND_LAST_FRAMES_2_VIDEO"
    assert len(task.body["imageUrls"]) == 1  # one image: the first frame, not first-and-last
    assert task.first_frame == request.source_image
    assert "push-in" in task.body["prompt"] and task.body["prompt"].endswith(f"Avoid: {NEGATIVE}.")


def test_plain_requests_keep_their_prompt_untouched(kie: FakeKie) -> None:
    Sora2Model().run(VideoRequest(prompt="sneaker ad", style="tech"), RecordingContext())
    task = next(iter(kie.tasks.values()))
    assert task.body["input"]["prompt"] == "sneaker ad\nStyle: tech"


KLING = next(s for s in I2V_SPECS if s.model_id == "replicate-kling-v2.1")


def test_replicate_kling_start_image_is_the_hero_frame_shrunk_to_a_data_url(replicate: FakeReplicate) -> None:
    request = attempt_request(duration=8.0)
    assert len(request.source_image or b"") > 256 * 1024  # too big for a data URL as it is
    (clip,) = ReplicateVideoModel(KLING).run(request, RecordingContext())
    pred = next(iter(replicate.predictions.values()))
    assert pred.model == "kwaivgi/kling-v2.1"
    assert pred.input["start_image"].startswith("data:image/jpeg;base64,")
    sent = np.asarray(Image.open(io.BytesIO(pred.first_frame or b"")).convert("RGB"), np.float32)
    hero = (
        Image.open(io.BytesIO(request.source_image or b""))
        .convert("RGB")
        .resize((sent.shape[1], sent.shape[0]))
    )
    assert np.abs(sent - np.asarray(hero, np.float32)).mean() < 6  # the same picture, re-encoded
    assert sent.shape[0] / sent.shape[1] == pytest.approx(1920 / 1080, rel=0.01)
    # Kling has a negative prompt field: it goes there, not into the text.
    assert pred.input["negative_prompt"] == NEGATIVE
    assert "Avoid:" not in pred.input["prompt"] and "orbit" in pred.input["prompt"]
    assert pred.input["duration"] == 10 and pred.input["mode"] == "standard"
    assert "aspect_ratio" not in pred.input
    assert clip.url and clip.url.endswith(".mp4")


def test_replicate_kling_refuses_text_to_video(replicate: FakeReplicate) -> None:
    with pytest.raises(ProviderError) as info:
        ReplicateVideoModel(KLING).run(VideoRequest(prompt="no image"), RecordingContext())
    assert info.value.code == ProviderErrorCode.INVALID_INPUT and replicate.create_count == 0


def test_replicate_kling_is_registered_with_a_token(replicate: FakeReplicate) -> None:
    ids = {m.id: m for m in registry.video_models()}
    assert ids["replicate-kling-v2.1"].modes == ("i2v",)


@pytest.fixture
def gemini() -> Iterator[FakeGemini]:
    with FakeGemini(retired={"veo-3.1-fast-generate-preview"}) as fake:
        yield fake


def gemini_model(fake: FakeGemini, **kwargs) -> GeminiVeoModel:
    return GeminiVeoModel(api_key=fake.api_key, base_url=fake.url, poll_interval=0.001, timeout=5, **kwargs)


def test_gemini_veo_sends_the_hero_frame_inline_and_the_negative_prompt(gemini: FakeGemini) -> None:
    gemini.script(Outcome(pending_looks=2))
    request = attempt_request(duration=8.0, resolution="1080p")
    ctx = RecordingContext()
    (clip,) = gemini_model(gemini).run(request, ctx)
    op = next(iter(gemini.operations.values()))
    assert op.first_frame == request.source_image
    assert op.body["instances"][0]["image"]["mimeType"] == "image/png"
    params = op.body["parameters"]
    assert params["negativePrompt"] == NEGATIVE
    assert (
        params["aspectRatio"] == "9:16" and params["durationSeconds"] == 8 and params["resolution"] == "1080p"
    )
    assert params["personGeneration"] == "allow_adult"
    assert "Avoid:" not in op.body["instances"][0]["prompt"]
    # Downloaded at once with the key (the file URI needs it and expires after 2 days).
    assert clip.data and clip.data.startswith(b"\x00\x00\x00\x18ftyp") and gemini.downloads == 1
    assert clip.url is None and ctx.remembered == [op.name]
    assert op.looks == 3


def test_gemini_veo_short_clips_are_720p(gemini: FakeGemini) -> None:
    gemini_model(gemini).run(attempt_request(duration=5.0, resolution="1080p"), RecordingContext())
    params = next(iter(gemini.operations.values())).body["parameters"]
    assert params["durationSeconds"] == 6 and params["resolution"] == "720p"


def test_gemini_veo_resumes_a_remembered_operation(gemini: FakeGemini) -> None:
    gemini_model(gemini).run(attempt_request(), RecordingContext())
    name = next(iter(gemini.operations))
    gemini_model(gemini).run(attempt_request(), RecordingContext(previous_task_id=name))
    assert len(gemini.operations) == 1


@pytest.mark.parametrize(
    ("outcome", "code"),
    [
        (Outcome(filtered=True), ProviderErrorCode.SAFETY_BLOCKED),
        (
            Outcome(error={"code": 429, "message": "quota", "status": "RESOURCE_EXHAUSTED"}),
            ProviderErrorCode.RATE_LIMITED,
        ),
        (
            Outcome(error={"code": 500, "message": "oops", "status": "INTERNAL"}),
            ProviderErrorCode.UNAVAILABLE,
        ),
    ],
)
def test_gemini_veo_operation_failures(gemini: FakeGemini, outcome: Outcome, code: ProviderErrorCode) -> None:
    gemini.script(outcome)
    with pytest.raises(ProviderError) as info:
        gemini_model(gemini).run(attempt_request(), RecordingContext())
    assert info.value.code == code


def test_gemini_veo_wrong_key_and_retired_model(gemini: FakeGemini) -> None:
    with pytest.raises(ProviderError) as info:
        GeminiVeoModel(api_key="nope", base_url=gemini.url, poll_interval=0.001).run(
            attempt_request(), RecordingContext()
        )
    assert info.value.code == ProviderErrorCode.AUTH_FAILED
    with pytest.raises(ProviderError) as info:
        gemini_model(gemini, vendor_model="veo-3.1-fast-generate-preview").run(
            attempt_request(), RecordingContext()
        )
    assert info.value.code == ProviderErrorCode.UNAVAILABLE
