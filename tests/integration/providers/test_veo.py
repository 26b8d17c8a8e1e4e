"""kie.ai Veo 3 adapter: /api/v1/veo/generate + record-info with successFlag (§1.2)."""

from __future__ import annotations

import pytest

from app.providers.base import VideoRequest
from app.providers.errors import ProviderError, ProviderErrorCode
from app.providers.http import ProviderCancelled, download_result
from app.providers.veo import VeoModel
from tests.fakes.context import RecordingContext
from tests.fakes.kie import FakeKie, Reply, Step
from tests.fakes.server import tiny_png
from tests.integration.providers.conftest import set_env

Code = ProviderErrorCode


def run(
    request: VideoRequest | None = None, ctx: RecordingContext | None = None, model_id: str = "veo3_fast"
):
    ctx = ctx or RecordingContext()
    return VeoModel(model_id=model_id).run(request or VideoRequest(prompt="sneaker ad"), ctx), ctx


def expect(code: Code, *args) -> ProviderError:
    with pytest.raises(ProviderError) as info:
        run(*args)
    assert info.value.code == code, info.value
    return info.value


def test_t2v_polls_successflag_until_done(kie: FakeKie) -> None:
    kie.script("generating", "generating", "generating", "success")
    (clip,), ctx = run(VideoRequest(prompt="sneaker ad", aspect_ratio="9:16", seed=123), model_id="veo3")
    task = next(iter(kie.tasks.values()))
    assert task.kind == "veo" and task.polls == 4
    assert task.body["model"] == "veo3" and task.body["generationType"] == "TEXT_2_VIDEO"
    assert task.body["aspect_ratio"] == task.body["aspectRatio"] == "9:16"
    assert 10000 <= task.body["seeds"] <= 99999
    assert clip.url == task.result_urls[0] and clip.content_type == "video/mp4"
    assert ctx.remembered == [task.task_id] and ctx.steps[-1] == "finished"
    assert download_result(clip.url).content_type == "video/mp4"


def test_i2v_uploads_image_as_first_frame(kie: FakeKie) -> None:
    run(VideoRequest(prompt="spin", mode="i2v", source_image=tiny_png(3), aspect_ratio="1:1"))
    task = next(iter(kie.tasks.values()))
    assert task.body["generationType"] == "FIRST_AND_LAST_FRAMES_2_VIDEO"
    assert task.body["imageUrls"][0].startswith(kie.url + "/uploads/")
    assert task.body["aspect_ratio"] == "Auto"


def test_result_urls_as_json_string_are_accepted(kie: FakeKie) -> None:
    kie.veo_urls_as_string = True  # the OpenAPI callback schema types resultUrls as a string
    (clip,), _ = run()
    assert clip.url == next(iter(kie.tasks.values())).result_urls[0]


@pytest.mark.parametrize("flag", [2, 3])
def test_content_policy_failure_is_safety_blocked(kie: FakeKie, flag: int) -> None:
    kie.script(
        "generating",
        Step("fail", fail_code="400", fail_msg="Your prompt was flagged by content policy", fail_flag=flag),
    )
    err = expect(Code.SAFETY_BLOCKED)
    assert "flagged" in err.detail


def test_generation_failed_is_failed(kie: FakeKie) -> None:
    kie.script(Step("fail", fail_code="501", fail_msg="Generation failed", fail_flag=3))
    expect(Code.FAILED)


def test_insufficient_credits_and_rate_limit(kie: FakeKie) -> None:
    kie.fail_next_create(Reply(http_status=200, code=402, msg="insufficient credits"))
    expect(Code.VENDOR_BALANCE)
    kie.fail_next_create(Reply(http_status=429, code=429, msg="slow down", headers={"Retry-After": "3"}))
    assert expect(Code.RATE_LIMITED).retry_after == 3
    kie.fail_next_create(Reply(http_status=503, code=500, msg="down"))
    expect(Code.UNAVAILABLE)
    kie.fail_next_create(Reply(http_status=200, code=400, msg="1080P is processing"))
    expect(Code.INVALID_INPUT)


def test_resume_without_second_create(kie: FakeKie) -> None:
    kie.script("generating", "generating", "success")
    first = RecordingContext(cancel_after_sleeps=1)
    with pytest.raises(ProviderCancelled):
        run(ctx=first)
    (clip,), _ = run(ctx=RecordingContext(previous_task_id=first.remembered[0]))
    assert kie.create_count == 1 and clip.url


def test_timeout_and_wrong_key(kie: FakeKie, monkeypatch: pytest.MonkeyPatch) -> None:
    set_env(monkeypatch, PROVIDER_TIMEOUT_SECONDS="0.15")
    kie.script("generating")
    expect(Code.TIMEOUT)
    set_env(monkeypatch, KIE_API_KEY="nope")
    expect(Code.AUTH_FAILED)
