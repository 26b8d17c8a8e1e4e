"""Hugging Face router text-to-image adapter (§8): raw image bytes back."""

from __future__ import annotations

import pytest

from app.providers.base import ImageRequest
from app.providers.errors import ProviderError, ProviderErrorCode
from app.providers.hf import HuggingFaceImageModel
from app.providers.http import ProviderCancelled
from tests.fakes.context import RecordingContext
from tests.fakes.hf import FakeHuggingFace, HFReply
from tests.integration.providers.conftest import set_env

Code = ProviderErrorCode


def run(request: ImageRequest | None = None, ctx: RecordingContext | None = None, **kwargs):
    return HuggingFaceImageModel(**kwargs).run(
        request or ImageRequest(prompt="a lamp"), ctx or RecordingContext()
    )


def expect(code: Code, *args, **kwargs) -> ProviderError:
    with pytest.raises(ProviderError) as info:
        run(*args, **kwargs)
    assert info.value.code == code, info.value
    return info.value


def test_returns_image_bytes(hf: FakeHuggingFace) -> None:
    ctx = RecordingContext()
    media = run(ImageRequest(prompt="a lamp", aspect_ratio="9:16", n=2, seed=4), ctx)
    assert len(media) == 2 and all(m.data and m.data.startswith(b"\x89PNG") for m in media)
    assert media[0].url is None and media[0].content_type == "image/png"
    first = hf.requests[0]
    assert first["path"] == "/hf-inference/models/black-forest-labs/FLUX.1-schnell"
    assert first["json"] == {"inputs": "a lamp", "parameters": {"width": 768, "height": 1344, "seed": 4}}
    assert first["headers"]["authorization"] == f"Bearer {hf.token}"
    assert ctx.steps[-1] == "finished"


def test_errors(hf: FakeHuggingFace) -> None:
    hf.reply(*[HFReply(status=429, error="Rate limit reached", headers={"Retry-After": "0"})] * 2)
    assert expect(Code.RATE_LIMITED).retry_after == 0
    hf.reply(HFReply(status=503, error="Model is loading", estimated_time=0.0), HFReply())
    assert run()[0].data  # one 503 blip is retried
    hf.reply(*[HFReply(status=500, error="boom")] * 2)
    expect(Code.UNAVAILABLE)
    hf.reply(
        HFReply(status=402, error="You have exceeded your monthly included credits for Inference Providers")
    )
    expect(Code.VENDOR_BALANCE)
    hf.reply(HFReply(status=400, error="Input flagged by the content safety filter (NSFW)"))
    expect(Code.SAFETY_BLOCKED)
    expect(Code.INVALID_INPUT, repo_id="someone/not-served")  # 404 from the router


def test_timeout_is_not_retried(hf: FakeHuggingFace, monkeypatch: pytest.MonkeyPatch) -> None:
    set_env(monkeypatch, PROVIDER_TIMEOUT_SECONDS="0.2")
    hf.reply(HFReply(delay=1.0), HFReply(delay=1.0))
    expect(Code.TIMEOUT)
    assert hf.calls == 1


def test_cancel_and_i2i_refused_and_wrong_token(hf: FakeHuggingFace, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ProviderCancelled):
        run(ctx=RecordingContext(cancel_after_sleeps=0))
    expect(Code.INVALID_INPUT, ImageRequest(prompt="x", mode="i2i"))
    assert hf.calls == 0
    set_env(monkeypatch, HF_TOKEN="hf_wrong")
    expect(Code.AUTH_FAILED)
