"""Replicate predictions adapter (§3): create, Prefer: wait, poll, cancel."""

from __future__ import annotations

import pytest

from app.providers.base import ImageRequest, VideoRequest
from app.providers.errors import ProviderError, ProviderErrorCode
from app.providers.http import ProviderCancelled, download_result
from app.providers.replicate import IMAGE_SPECS, VIDEO_SPECS, ReplicateImageModel, ReplicateVideoModel
from tests.fakes.context import RecordingContext
from tests.fakes.replicate import FakeReplicate, PStep, Reply
from tests.fakes.server import tiny_png
from tests.integration.providers.conftest import set_env

Code = ProviderErrorCode
SCHNELL, KONTEXT = IMAGE_SPECS
(VIDEO,) = VIDEO_SPECS


def run(request: ImageRequest | None = None, ctx: RecordingContext | None = None, spec=SCHNELL):
    ctx = ctx or RecordingContext()
    return ReplicateImageModel(spec).run(request or ImageRequest(prompt="a mug"), ctx), ctx


def expect(code: Code, *args, **kwargs) -> ProviderError:
    with pytest.raises(ProviderError) as info:
        run(*args, **kwargs)
    assert info.value.code == code, info.value
    return info.value


def test_polls_through_states_with_headers(replicate: FakeReplicate) -> None:
    replicate.script("starting", "starting", "processing", "succeeded")
    media, ctx = run(ImageRequest(prompt="a mug", n=2, aspect_ratio="16:9", output_format="jpeg", seed=5))
    (pred,) = replicate.predictions.values()
    assert pred.model == "black-forest-labs/flux-schnell"
    assert pred.input == {
        "prompt": "a mug",
        "aspect_ratio": "16:9",
        "seed": 5,
        "num_outputs": 2,
        "output_format": "jpg",
    }
    assert pred.looks == 4  # create answer + 3 GETs
    assert [m.url for m in media] == pred.output
    headers = replicate.create_headers[0]
    assert headers["authorization"] == f"Bearer {replicate.token}"
    assert headers["prefer"] == "wait=60" and headers["cancel-after"] == "5s"
    assert ctx.remembered == [pred.id] and {"queued", "generating", "finished"} <= set(ctx.steps)
    assert download_result(media[0].url).data.startswith(b"\x89PNG")


def test_prefer_wait_finishing_in_create_needs_no_poll(replicate: FakeReplicate) -> None:
    replicate.wait_completes = True
    media, _ = run()
    assert media and not [r for r in replicate.requests if r["method"] == "GET"]


def test_i2i_sends_small_image_as_data_url(replicate: FakeReplicate) -> None:
    run(ImageRequest(prompt="beach", mode="i2i", source_image=tiny_png()), spec=KONTEXT)
    (pred,) = replicate.predictions.values()
    assert pred.input["input_image"].startswith("data:image/png;base64,")
    big = ImageRequest(prompt="beach", mode="i2i", source_image=b"\x89PNG\r\n\x1a\n" + b"0" * 300_000)
    expect(Code.INVALID_INPUT, big, spec=KONTEXT)  # >256 KB needs a URL (§3)


def test_video_model(replicate: FakeReplicate) -> None:
    ctx = RecordingContext()
    (clip,) = ReplicateVideoModel(VIDEO).run(
        VideoRequest(prompt="ad", mode="i2v", source_image_url="https://x.test/a.png"), ctx
    )
    (pred,) = replicate.predictions.values()
    assert pred.model == "minimax/video-01" and pred.input["first_frame_image"] == "https://x.test/a.png"
    assert "prefer" not in replicate.create_headers[0]
    assert clip.content_type == "video/mp4" and clip.url == pred.output[0]


def test_429_with_retry_after(replicate: FakeReplicate) -> None:
    replicate.fail_next_create(
        Reply(
            429, {"detail": "Request was throttled. Your rate limit resets in ~30s."}, {"Retry-After": "30"}
        )
    )
    err = expect(Code.RATE_LIMITED)
    assert err.retry_after == 30 and "throttled" in err.detail and "throttled" not in err.message


def test_5xx_and_payment_and_validation(replicate: FakeReplicate) -> None:
    replicate.fail_next_create(Reply(503, {"detail": "Service unavailable"}))
    expect(Code.UNAVAILABLE)
    replicate.fail_next_create(
        Reply(402, {"title": "Insufficient credit", "detail": "You have insufficient credit"})
    )
    expect(Code.VENDOR_BALANCE)
    expect(Code.INVALID_INPUT, ImageRequest(prompt=""))  # the fake answers 422 like Replicate


def test_nsfw_failure_is_safety_blocked(replicate: FakeReplicate) -> None:
    replicate.script("processing", PStep("failed", error="NSFW content detected. Try running it again."))
    expect(Code.SAFETY_BLOCKED)
    replicate.script(PStep("failed", error="CUDA out of memory"))
    expect(Code.FAILED)


def test_cancel_calls_vendor_cancel(replicate: FakeReplicate) -> None:
    replicate.script("starting", "processing")
    ctx = RecordingContext(cancel_after_sleeps=2)
    with pytest.raises(ProviderCancelled):
        run(ctx=ctx)
    assert replicate.cancels == [ctx.remembered[0]]


def test_timeout_cancels_prediction(replicate: FakeReplicate, monkeypatch: pytest.MonkeyPatch) -> None:
    set_env(monkeypatch, PROVIDER_TIMEOUT_SECONDS="0.15")
    replicate.script("processing")
    expect(Code.TIMEOUT)
    assert len(replicate.cancels) == 1


def test_aborted_by_cancel_after_is_timeout(replicate: FakeReplicate) -> None:
    replicate.script("starting", "aborted")
    expect(Code.TIMEOUT)


def test_resume_polls_existing_prediction(replicate: FakeReplicate) -> None:
    replicate.script("starting", "processing", "processing", "succeeded")
    first = RecordingContext(cancel_after_sleeps=1)
    replicate.cancels.clear()
    with pytest.raises(ProviderCancelled):
        run(ctx=first)
    # the first attempt canceled its prediction; script a fresh one to resume instead
    replicate.predictions[first.remembered[0]].canceled = False
    media, ctx = run(ctx=RecordingContext(previous_task_id=first.remembered[0]))
    assert replicate.create_count == 1 and media[0].url
    assert ctx.remembered == []


def test_transient_poll_error_retried(replicate: FakeReplicate) -> None:
    replicate.fail_next_poll(Reply(502, {"detail": "bad gateway"}))
    media, _ = run()
    assert media


def test_removed_output_is_result_expired(replicate: FakeReplicate) -> None:
    media, ctx = run()
    pid = ctx.remembered[0]
    replicate.remove_data(pid)
    with pytest.raises(ProviderError) as info:
        run(ctx=RecordingContext(previous_task_id=pid))
    assert info.value.code == Code.RESULT_EXPIRED
    replicate.expire(media[0].url, status=404)
    with pytest.raises(ProviderError) as info:
        download_result(media[0].url)
    assert info.value.code == Code.RESULT_EXPIRED


def test_wrong_token(replicate: FakeReplicate, monkeypatch: pytest.MonkeyPatch) -> None:
    set_env(monkeypatch, REPLICATE_API_TOKEN="r8_wrong")
    expect(Code.AUTH_FAILED)
