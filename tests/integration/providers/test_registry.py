"""Model registry: vendors appear with their keys, local engines always, lazy imports."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.providers import registry
from app.providers.base import GeneratedMedia, ImageModel, ImageRequest, RunContext
from app.providers.errors import ProviderError, ProviderErrorCode
from app.providers.kie import NanoBananaModel, Sora2Model
from app.providers.registry import ModelEntry, ModelInfo
from tests.fakes.context import RecordingContext
from tests.fakes.kie import FakeKie
from tests.integration.providers.conftest import set_env


class TinyImageModel(ImageModel):
    model_id = "tiny-image"
    label = "Tiny"

    def run(self, request: ImageRequest, ctx: RunContext) -> list[GeneratedMedia]:
        return [GeneratedMedia(content_type="image/png", data=b"png")]


@pytest.fixture
def tiny() -> Iterator[None]:
    registry.register(
        ModelEntry(
            ModelInfo("tiny-image", "Tiny", "image", ("t2i",), "test"), lambda settings: TinyImageModel()
        )
    )
    yield
    registry.unregister("tiny-image")


def ids(infos: list[ModelInfo]) -> list[str]:
    return [i.id for i in infos]


def test_no_keys_only_local_engines(no_vendor_keys: None) -> None:
    assert ids(registry.image_models()) == ["local-image"]
    assert ids(registry.video_models()) == ["local-video"]
    assert registry.default_image_model_id() == "local-image"
    assert registry.default_video_model_id() == "local-video"
    with pytest.raises(ProviderError) as info:
        registry.get_image_model("nano-banana")
    assert info.value.code == ProviderErrorCode.INVALID_INPUT


def test_kie_key_registers_kie_models_and_defaults(kie: FakeKie) -> None:
    assert {"local-image", "nano-banana", "nano-banana-edit", "flux-pro", "flux-ultra"} <= set(
        ids(registry.image_models())
    )
    assert {"local-video", "sora-2", "veo3", "veo3_fast"} <= set(ids(registry.video_models()))
    assert registry.default_image_model_id() == "nano-banana"
    assert registry.default_video_model_id() == "sora-2"
    assert isinstance(registry.get_image_model("nano-banana"), NanoBananaModel)
    assert isinstance(registry.get_video_model("sora-2"), Sora2Model)
    # The adapter from the registry really talks to the (fake) vendor.
    media = registry.get_image_model("nano-banana").run(ImageRequest(prompt="x"), RecordingContext())
    assert media[0].url and kie.create_count == 1


def test_each_vendor_key_adds_its_models(no_vendor_keys: None, monkeypatch: pytest.MonkeyPatch) -> None:
    set_env(monkeypatch, REPLICATE_API_TOKEN="r8_x", HF_TOKEN="hf_x", DEEPSEEK_API_KEY="sk-x")
    image_ids = set(ids(registry.image_models()))
    assert {"replicate-flux-schnell", "replicate-flux-kontext-pro", "hf-flux-schnell"} <= image_ids
    assert "nano-banana" not in image_ids
    assert "replicate-minimax-video-01" in ids(registry.video_models())
    assert registry.get_chat_model().model_id == "deepseek-flash"


def test_description_list_is_public_and_complete(kie: FakeKie) -> None:
    described = registry.describe_models()
    nano = next(d for d in described if d["id"] == "nano-banana")
    assert nano == {
        "id": "nano-banana",
        "label": "Nano Banana",
        "capability": "image",
        "modes": ["t2i", "i2i"],
        "vendor": "kie.ai",
        "is_local": False,
    }
    assert {d["capability"] for d in described} == {"image", "video", "chat"}
    assert next(d for d in described if d["id"] == "nano-banana-edit")["modes"] == ["i2i"]


def test_local_engines_load_lazily_by_dotted_path(no_vendor_keys: None, tiny: None) -> None:
    assert "tiny-image" in ids(registry.image_models())
    assert isinstance(registry.get_image_model("tiny-image"), TinyImageModel)
    try:
        model = registry.get_image_model("local-image")
    except ProviderError as exc:  # the local engine is not written yet
        assert exc.code == ProviderErrorCode.UNAVAILABLE and "app.providers.local.image" in exc.detail
    else:
        assert model.model_id == "local-image"


def test_dotted_path_factory(no_vendor_keys: None) -> None:
    registry.register(
        ModelEntry(
            ModelInfo("dotted", "Dotted", "image", ("t2i",), "test"),
            "tests.integration.providers.test_registry:TinyImageModel",
        )
    )
    try:
        assert isinstance(registry.get_image_model("dotted"), TinyImageModel)
    finally:
        registry.unregister("dotted")


def test_chat_without_key_falls_back_to_local_planner(no_vendor_keys: None) -> None:
    assert ids(registry.chat_models()) == ["local-planner"]
    try:
        registry.get_chat_model()
    except ProviderError as exc:
        assert exc.code == ProviderErrorCode.UNAVAILABLE
