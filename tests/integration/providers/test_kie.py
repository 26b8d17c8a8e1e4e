"""kie.ai Market API adapters (nano banana, sora-2), Flux Kontext, upload, credits."""

from __future__ import annotations

import json

import pytest

from app.providers.base import ImageRequest, VideoRequest
from app.providers.errors import ProviderError, ProviderErrorCode
from app.providers.http import ProviderCancelled, download_result
from app.providers.kie import FluxKontextModel, NanoBananaModel, Sora2Model, kie_credits
from tests.fakes.context import RecordingContext
from tests.fakes.kie import FakeKie, Reply, Step
from tests.fakes.server import tiny_png
from tests.integration.providers.conftest import set_env

Code = ProviderErrorCode


def run_image(request: ImageRequest | None = None, ctx: RecordingContext | None = None):
    ctx = ctx or RecordingContext()
    return NanoBananaModel().run(request or ImageRequest(prompt="a red sneaker on marble"), ctx), ctx


def expect_error(code: ProviderErrorCode, fn, *args) -> ProviderError:
    with pytest.raises(ProviderError) as info:
        fn(*args)
    assert info.value.code == code, info.value
    return info.value


def test_nano_banana_t2i_polls_through_states_and_returns_url(kie: FakeKie) -> None:
    kie.script("waiting", "queuing", "generating", "generating", "success")
    media, ctx = run_image(ImageRequest(prompt="a red sneaker", aspect_ratio="9:16", output_format="jpeg"))

    assert len(media) == 1 and media[0].data is None
    assert media[0].content_type == "image/jpeg"
    task = next(iter(kie.tasks.values()))
    assert media[0].url == task.result_urls[0]
    assert task.polls == 5
    assert task.body == {
        "model": "google/nano-banana",
        "input": {"prompt": "a red sneaker", "output_format": "jpeg", "image_size": "9:16"},
    }
    assert ctx.remembered == [task.task_id]
    assert "queued" in ctx.steps and "generating" in ctx.steps and ctx.steps[-1] == "finished"
    progress = [p for p, _ in ctx.reports]
    assert progress == sorted(progress)
    assert ctx.sleeps and all(s == pytest.approx(0.001) for s in ctx.sleeps)
    # The request carried the Bearer key and a browser-like User-Agent (§1.0).
    create = next(r for r in kie.requests if r["path"] == "/api/v1/jobs/createTask")
    assert create["headers"]["authorization"] == f"Bearer {kie.api_key}"
    assert create["headers"]["user-agent"].startswith("Mozilla/5.0")
    # The result is downloadable as a real PNG.
    assert download_result(media[0].url).data.startswith(b"\x89PNG")


def test_nano_banana_i2i_uploads_bytes_then_uses_edit_model(kie: FakeKie) -> None:
    photo = tiny_png(7)
    media, _ = run_image(ImageRequest(prompt="put it on a beach", mode="i2i", source_image=photo))

    assert len(kie.uploads) == 1
    assert next(iter(kie.uploads.values())) == photo
    task = next(iter(kie.tasks.values()))
    assert task.model == "google/nano-banana-edit"
    (url,) = task.body["input"]["image_urls"]
    assert url.startswith(kie.url + "/uploads/")
    assert media[0].url == task.result_urls[0]


def test_i2i_with_public_url_skips_upload(kie: FakeKie) -> None:
    run_image(ImageRequest(prompt="x", mode="i2i", source_image_url="https://cdn.example.com/p.png"))
    assert kie.uploads == {}
    assert next(iter(kie.tasks.values())).body["input"]["image_urls"] == ["https://cdn.example.com/p.png"]


def test_n_images_are_n_tasks_remembered_cumulatively(kie: FakeKie) -> None:
    media, ctx = run_image(ImageRequest(prompt="x", n=3))
    assert kie.create_count == 3 and len(media) == 3
    ids = list(kie.tasks)
    assert ctx.remembered == [ids[0], f"{ids[0]},{ids[1]}", ",".join(ids)]


def test_resume_from_previous_task_id_does_not_create_again(kie: FakeKie) -> None:
    kie.script("generating", "generating", "success")
    first_ctx = RecordingContext(cancel_after_sleeps=1)
    with pytest.raises(ProviderCancelled):
        run_image(ctx=first_ctx)
    assert kie.create_count == 1
    (task_id,) = first_ctx.remembered

    media, ctx = run_image(
        ImageRequest(prompt="x", mode="i2i", source_image=tiny_png()),
        RecordingContext(previous_task_id=task_id),
    )
    assert kie.create_count == 1  # no second paid submit
    assert kie.uploads == {}  # nor a second upload
    assert media[0].url == kie.tasks[task_id].result_urls[0]
    assert ctx.remembered == [] and ctx.steps[0] == "resuming"


def test_resume_partial_batch_submits_only_missing_tasks(kie: FakeKie) -> None:
    run_image(ImageRequest(prompt="x", n=1))
    (first,) = kie.tasks
    media, ctx = run_image(ImageRequest(prompt="x", n=2), RecordingContext(previous_task_id=first))
    assert kie.create_count == 2 and len(media) == 2
    assert ctx.remembered == [",".join(kie.tasks)]


def test_resume_unknown_task_is_an_error_not_a_new_submit(kie: FakeKie) -> None:
    err = expect_error(Code.INVALID_INPUT, run_image, None, RecordingContext(previous_task_id="task_gone"))
    assert "recordInfo is null" in err.detail
    assert kie.create_count == 0


def test_sora2_t2v_and_i2v_fields(kie: FakeKie) -> None:
    kie.script(Step("generating", progress=20), Step("generating", progress=80), "success")
    ctx = RecordingContext()
    (clip,) = Sora2Model().run(VideoRequest(prompt="a sneaker ad", aspect_ratio="16:9", duration=12), ctx)
    task = next(iter(kie.tasks.values()))
    assert task.body == {
        "model": "sora-2-text-to-video",
        "input": {
            "prompt": "a sneaker ad",
            "aspect_ratio": "landscape",
            "n_frames": "15",
            "remove_watermark": True,
        },
    }
    assert clip.content_type == "video/mp4" and clip.url == task.result_urls[0] and clip.duration == 15
    assert clip.extra["watermarked_urls"]
    # sora2 carries ``progress``: the bar moves with it.
    generating = [p for p, s in ctx.reports if s == "generating"]
    assert generating[0] < generating[1]

    Sora2Model().run(VideoRequest(prompt="spin", mode="i2v", source_image_url="https://x.test/a.png"), ctx)
    task = list(kie.tasks.values())[1]
    assert task.model == "sora-2-image-to-video"
    assert task.body["input"]["image_urls"] == ["https://x.test/a.png"]
    assert task.body["input"]["aspect_ratio"] == "portrait" and task.body["input"]["n_frames"] == "10"


def test_flux_kontext_successflag_style(kie: FakeKie) -> None:
    kie.script("generating", "generating", "success")
    model = FluxKontextModel(model_id="flux-ultra", vendor_model="flux-kontext-max")
    ctx = RecordingContext()
    (img,) = model.run(
        ImageRequest(prompt="studio shot", aspect_ratio="3:2", mode="i2i", source_image=tiny_png()), ctx
    )
    task = next(iter(kie.tasks.values()))
    assert task.kind == "flux" and task.body["model"] == "flux-kontext-max"
    assert task.body["aspectRatio"] == "4:3" and task.body["inputImage"].startswith(kie.url)
    assert img.url == task.result_urls[0] and task.polls == 3


def test_flux_generation_failed_flag_safety(kie: FakeKie) -> None:
    kie.script(Step("fail", fail_code="400", fail_msg="Image flagged as sensitive content", fail_flag=3))
    expect_error(Code.SAFETY_BLOCKED, FluxKontextModel().run, ImageRequest(prompt="x"), RecordingContext())


# --- errors ---------------------------------------------------------------------------------------


def test_http_429_on_create_is_rate_limited_with_retry_after(kie: FakeKie) -> None:
    kie.fail_next_create(
        Reply(http_status=429, code=429, msg="Too many requests", headers={"Retry-After": "7"})
    )
    err = expect_error(Code.RATE_LIMITED, run_image)
    assert err.retry_after == 7 and err.retryable
    assert kie.create_count == 0


def test_fake_enforces_20_new_tasks_per_10_seconds(kie: FakeKie) -> None:
    now = [0.0]
    kie.clock = lambda: now[0]
    for _ in range(20):
        run_image()
    expect_error(Code.RATE_LIMITED, run_image)
    assert kie.create_count == 20 and kie.rate_limited == 1
    now[0] = 10.0
    run_image()
    assert kie.create_count == 21


@pytest.mark.parametrize(
    ("code", "msg", "expected"),
    [
        (402, "Credits insufficient", Code.VENDOR_BALANCE),
        (401, "Unauthorized - Authentication failed", Code.AUTH_FAILED),
        (429, "Rate limited", Code.RATE_LIMITED),
        (455, "Service unavailable (maintenance)", Code.UNAVAILABLE),
        (500, "This field is required", Code.INVALID_INPUT),
        (500, "Server error", Code.UNAVAILABLE),
        (422, "Your prompt violates our content policy", Code.SAFETY_BLOCKED),
        (501, "Generation failed", Code.FAILED),
    ],
)
def test_http_200_with_error_code_in_envelope(kie: FakeKie, code: int, msg: str, expected: Code) -> None:
    kie.fail_next_create(Reply(http_status=200, code=code, msg=msg))
    err = expect_error(expected, run_image)
    assert msg in err.detail
    assert msg not in err.message  # vendor wording stays out of the user message


def test_5xx_on_create_is_unavailable_and_not_resubmitted(kie: FakeKie) -> None:
    kie.fail_next_create(Reply(http_status=502, code=500, msg="Bad gateway"))
    err = expect_error(Code.UNAVAILABLE, run_image)
    assert err.retryable
    creates = [r for r in kie.requests if r["path"] == "/api/v1/jobs/createTask"]
    assert len(creates) == 1  # a paid submit is never retried inside the adapter


def test_transient_poll_errors_are_retried_within_the_poll(kie: FakeKie) -> None:
    kie.fail_next_poll(Reply(http_status=503, code=500, msg="overloaded"))
    kie.fail_next_poll(Reply(http_status=200, code=455, msg="maintenance"))
    media, _ = run_image()
    assert media[0].url


def test_persistent_poll_5xx_gives_unavailable(kie: FakeKie) -> None:
    for _ in range(3):
        kie.fail_next_poll(Reply(http_status=500, code=500, msg="boom"))
    expect_error(Code.UNAVAILABLE, run_image)


def test_market_fail_state_with_safety_message(kie: FakeKie) -> None:
    kie.script("generating", Step("fail", fail_code="400", fail_msg="The content violates our safety policy"))
    err = expect_error(Code.SAFETY_BLOCKED, run_image)
    assert "safety policy" in err.detail and not err.retryable


def test_market_fail_state_generic_is_failed(kie: FakeKie) -> None:
    kie.script(Step("fail", fail_code="500", fail_msg="Internal server error"))
    expect_error(Code.FAILED, run_image)


def test_insufficient_balance_on_create(kie: FakeKie) -> None:
    kie.fail_next_create(Reply(http_status=200, code=402, msg="The current credits are insufficient."))
    err = expect_error(Code.VENDOR_BALANCE, run_image)
    assert err.message and "credits" not in err.message.lower()


def test_wrong_key_gets_401_auth_failed(kie: FakeKie, monkeypatch: pytest.MonkeyPatch) -> None:
    set_env(monkeypatch, KIE_API_KEY="wrong")
    expect_error(Code.AUTH_FAILED, run_image)
    kie.auth_http_status = 200  # the live API answers HTTP 200 {"code":401} (§1.0)
    expect_error(Code.AUTH_FAILED, run_image)


def test_request_validation_like_kie(kie: FakeKie) -> None:
    expect_error(Code.INVALID_INPUT, run_image, ImageRequest(prompt="   "))


def test_timeout_while_polling(kie: FakeKie, monkeypatch: pytest.MonkeyPatch) -> None:
    set_env(monkeypatch, PROVIDER_TIMEOUT_SECONDS="0.2")
    kie.script("generating")  # never finishes
    err = expect_error(Code.TIMEOUT, run_image)
    assert err.retryable and "no result after" in err.detail


def test_cancel_stops_polling(kie: FakeKie) -> None:
    kie.script("generating")
    ctx = RecordingContext(cancel_after_sleeps=2)
    with pytest.raises(ProviderCancelled) as info:
        run_image(ctx=ctx)
    assert not info.value.retryable
    assert kie.polls_of(ctx.remembered[0]) == 2


def test_connection_refused_is_unavailable(kie: FakeKie, monkeypatch: pytest.MonkeyPatch) -> None:
    kie.stop()
    expect_error(Code.UNAVAILABLE, run_image)


def test_expired_result_url(kie: FakeKie) -> None:
    media, _ = run_image()
    kie.expire(media[0].url, status=410)
    err = expect_error(Code.RESULT_EXPIRED, download_result, media[0].url)
    assert "410" in err.detail
    name = media[0].url.rsplit("/", 1)[-1]
    assert kie.file_fetches[name] == 1  # expiry is final: no retry


def test_credits_and_upload_auth(kie: FakeKie) -> None:
    kie.credits = 321.5
    assert kie_credits() == 321.5


def test_param_field_is_json_string(kie: FakeKie) -> None:
    """The fake mirrors §1.1: ``param``/``resultJson`` are JSON-encoded strings."""
    import httpx

    run_image()
    task_id = next(iter(kie.tasks))
    r = httpx.get(
        f"{kie.url}/api/v1/jobs/recordInfo",
        params={"taskId": task_id},
        headers={"Authorization": f"Bearer {kie.api_key}", "User-Agent": "Mozilla/5.0"},
    )
    data = r.json()["data"]
    assert json.loads(data["param"])["model"] == "google/nano-banana"
    assert json.loads(data["resultJson"])["resultUrls"]
    # Cloudflare refuses clients without a browser User-Agent (§1.0).
    assert httpx.get(f"{kie.url}/api/v1/chat/credit").status_code == 403


def test_download_result_retries_5xx_three_times(kie: FakeKie) -> None:
    media, _ = run_image()
    kie.expire(media[0].url, status=503)
    waits: list[float] = []
    err = expect_error(Code.UNAVAILABLE, lambda: download_result(media[0].url, sleep=waits.append))
    assert kie.file_fetches[media[0].url.rsplit("/", 1)[-1]] == 3 and len(waits) == 2
    assert err.retryable
