"""Every model we can run, by model id and capability.

DESIGN.md §4: "Every provider behind one interface per capability, chosen by
model id from a registry; the local engine is always registered." Vendor
adapters appear only when their key is set in settings; the local engines are
always listed and imported lazily by dotted path, so importing this module
never drags in OpenCV/ffmpeg code (or fails while those engines are missing).

The registry is rebuilt from ``get_settings()`` on every call: it is a handful
of small objects, and tests that flip env vars then need no cache reset here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Literal

from app.providers.base import ChatModel, ImageModel, VideoModel
from app.providers.errors import ProviderError, ProviderErrorCode
from app.settings import Settings, get_settings

Capability = Literal["image", "video", "chat"]

LOCAL_IMAGE_ID = "local-image"
LOCAL_VIDEO_ID = "local-video"
LOCAL_CHAT_ID = "local-planner"
LOCAL_IMAGE_PATH = "app.providers.local.image:LocalImageModel"
LOCAL_VIDEO_PATH = "app.providers.local.video:LocalVideoModel"
# The deterministic planner is still to be written; this is where it will live.
LOCAL_CHAT_PATH = "app.providers.local.chat:LocalChatModel"

KIE_DEFAULT_IMAGE_ID = "nano-banana"
KIE_DEFAULT_VIDEO_ID = "sora-2"


@dataclass(frozen=True)
class ModelInfo:
    """The public description of a model, for pickers, pricing and the API."""

    id: str
    label: str
    capability: Capability
    modes: tuple[str, ...]  # "t2i"/"i2i", "t2v"/"i2v", or "json" for chat
    vendor: str  # "local", "kie.ai", "Replicate", ...
    is_local: bool = False

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["modes"] = list(self.modes)
        return data


# A factory is either "module:attr" (called with no arguments; local engines)
# or a callable taking the settings (vendor adapters).
Factory = str | Callable[[Settings], Any]


@dataclass(frozen=True)
class ModelEntry:
    info: ModelInfo
    factory: Factory
    enabled: Callable[[Settings], bool] = lambda settings: True


def _kie(settings: Settings) -> bool:
    return bool(settings.kie_api_key)


def _replicate(settings: Settings) -> bool:
    return bool(settings.replicate_api_token)


def _hf(settings: Settings) -> bool:
    return bool(settings.hf_token)


def _deepseek(settings: Settings) -> bool:
    return bool(settings.deepseek_api_key)


def _gemini(settings: Settings) -> bool:
    # GEMINI_API_KEY is not a setting yet (the settings module belongs to another change):
    # until it is, the Gemini Veo model stays unregistered.
    return bool(getattr(settings, "gemini_api_key", ""))


def _gemini_veo(settings: Settings) -> VideoModel:
    from app.providers import veo

    return veo.GeminiVeoModel(
        api_key=getattr(settings, "gemini_api_key", ""),
        base_url=getattr(settings, "gemini_base_url", veo.GEMINI_BASE_URL),
        vendor_model=getattr(settings, "gemini_veo_model", veo.GEMINI_VEO_MODEL),
        poll_interval=max(settings.provider_poll_interval_seconds, 0.001),
        timeout=settings.provider_timeout_seconds,
    )


def _builtin_entries() -> list[ModelEntry]:
    # Imports stay inside: adapters import httpx/tenacity, which callers that
    # only list models (pricing pages) need not pay for at import time.
    from app.providers import hf, kie, replicate, veo

    image, video = "image", "video"
    entries = [
        ModelEntry(
            ModelInfo(LOCAL_IMAGE_ID, "Studio engine (local)", image, ("t2i", "i2i"), "local", True),
            LOCAL_IMAGE_PATH,
        ),
        ModelEntry(
            ModelInfo("nano-banana", "Nano Banana", image, ("t2i", "i2i"), kie.VENDOR),
            lambda s: kie.NanoBananaModel(s),
            _kie,
        ),
        ModelEntry(
            ModelInfo("nano-banana-edit", "Nano Banana Edit", image, ("i2i",), kie.VENDOR),
            lambda s: kie.NanoBananaModel(
                s, model_id="nano-banana-edit", label="Nano Banana Edit", t2i=False
            ),
            _kie,
        ),
        # providers.md §1.3 documents Flux on kie as Flux Kontext Pro/Max.
        ModelEntry(
            ModelInfo("flux-pro", "Flux Kontext Pro", image, ("t2i", "i2i"), kie.VENDOR),
            lambda s: kie.FluxKontextModel(s, model_id="flux-pro", vendor_model="flux-kontext-pro"),
            _kie,
        ),
        ModelEntry(
            ModelInfo("flux-ultra", "Flux Kontext Max", image, ("t2i", "i2i"), kie.VENDOR),
            lambda s: kie.FluxKontextModel(
                s, model_id="flux-ultra", label="Flux Kontext Max (kie.ai)", vendor_model="flux-kontext-max"
            ),
            _kie,
        ),
        ModelEntry(
            ModelInfo(LOCAL_VIDEO_ID, "Studio motion engine (local)", video, ("t2v", "i2v"), "local", True),
            LOCAL_VIDEO_PATH,
        ),
        ModelEntry(
            ModelInfo("sora-2", "Sora 2", video, ("t2v", "i2v"), kie.VENDOR),
            lambda s: kie.Sora2Model(s),
            _kie,
        ),
        ModelEntry(
            ModelInfo("veo3", "Veo 3", video, ("t2v", "i2v"), kie.VENDOR),
            lambda s: veo.VeoModel(s, model_id="veo3"),
            _kie,
        ),
        ModelEntry(
            ModelInfo("veo3_fast", "Veo 3 Fast", video, ("t2v", "i2v"), kie.VENDOR),
            lambda s: veo.VeoModel(s, model_id="veo3_fast"),
            _kie,
        ),
        ModelEntry(
            ModelInfo("gemini-veo-3.1", "Veo 3.1 (Gemini API)", video, ("t2v", "i2v"), "Google"),
            _gemini_veo,
            _gemini,
        ),
        ModelEntry(
            ModelInfo("hf-flux-schnell", "FLUX.1 schnell (Hugging Face)", image, ("t2i",), hf.VENDOR),
            lambda s: hf.HuggingFaceImageModel(s),
            _hf,
        ),
    ]
    for spec in replicate.IMAGE_SPECS:
        modes = (("t2i",) if spec.supports_text else ()) + (("i2i",) if spec.image_field else ())
        entries.append(
            ModelEntry(
                ModelInfo(spec.model_id, spec.label, image, modes, replicate.VENDOR),
                lambda s, spec=spec: replicate.ReplicateImageModel(spec, s),
                _replicate,
            )
        )
    for spec in (*replicate.VIDEO_SPECS, *replicate.I2V_SPECS):
        modes = (("t2v",) if spec.supports_text else ()) + (("i2v",) if spec.image_field else ())
        entries.append(
            ModelEntry(
                ModelInfo(spec.model_id, spec.label, video, modes, replicate.VENDOR),
                lambda s, spec=spec: replicate.ReplicateVideoModel(spec, s),
                _replicate,
            )
        )
    entries.append(_deepseek_entry())
    entries.append(
        ModelEntry(
            ModelInfo(LOCAL_CHAT_ID, "Local planner", "chat", ("json",), "local", True), LOCAL_CHAT_PATH
        )
    )
    return entries


def _deepseek_entry() -> ModelEntry:
    from app.providers import deepseek

    # The instance's model_id is the configured name, mapped off retired ones (§2).
    return ModelEntry(
        ModelInfo("deepseek", "DeepSeek", "chat", ("json",), deepseek.VENDOR),
        lambda s: deepseek.DeepSeekChatModel(s),
        _deepseek,
    )


# Models added at run time (tests, plug-ins); they win over built-ins by id.
_extra: dict[str, ModelEntry] = {}


def register(entry: ModelEntry) -> None:
    _extra[entry.info.id] = entry


def unregister(model_id: str) -> None:
    _extra.pop(model_id, None)


def _entries(capability: Capability, settings: Settings) -> list[ModelEntry]:
    by_id: dict[str, ModelEntry] = {}
    for entry in _builtin_entries():
        by_id[entry.info.id] = entry
    by_id.update(_extra)
    return [e for e in by_id.values() if e.info.capability == capability and e.enabled(settings)]


def _build(entry: ModelEntry, settings: Settings) -> Any:
    if callable(entry.factory):
        return entry.factory(settings)
    module_name, _, attr = entry.factory.partition(":")
    try:
        cls = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise ProviderError(
            ProviderErrorCode.UNAVAILABLE, detail=f"model {entry.info.id}: cannot load {entry.factory}: {exc}"
        ) from exc
    return cls()


def _get(capability: Capability, model_id: str) -> Any:
    settings = get_settings()
    for entry in _entries(capability, settings):
        if entry.info.id == model_id:
            return _build(entry, settings)
    raise ProviderError(
        ProviderErrorCode.INVALID_INPUT,
        "This model is not available. Pick another model.",
        detail=f"no {capability} model {model_id!r} is registered (missing key or unknown id)",
    )


def image_models() -> list[ModelInfo]:
    return [e.info for e in _entries("image", get_settings())]


def video_models() -> list[ModelInfo]:
    return [e.info for e in _entries("video", get_settings())]


def chat_models() -> list[ModelInfo]:
    return [e.info for e in _entries("chat", get_settings())]


def get_image_model(model_id: str) -> ImageModel:
    return _get("image", model_id)


def get_video_model(model_id: str) -> VideoModel:
    return _get("video", model_id)


def get_chat_model() -> ChatModel:
    """The configured vendor LLM, else the local planner.

    Raises ProviderError(UNAVAILABLE) while neither can be loaded (the local
    planner is not written yet); callers then use their own templates.
    """
    settings = get_settings()
    entries = _entries("chat", settings)
    # Vendors first: the local planner is the fallback, not the preference.
    entries.sort(key=lambda e: e.info.is_local)
    last_error: ProviderError | None = None
    for entry in entries:
        try:
            return _build(entry, settings)
        except ProviderError as exc:
            last_error = exc
    raise last_error or ProviderError(ProviderErrorCode.UNAVAILABLE, detail="no chat model registered")


def default_image_model_id() -> str:
    ids = {m.id for m in image_models()}
    return KIE_DEFAULT_IMAGE_ID if KIE_DEFAULT_IMAGE_ID in ids else LOCAL_IMAGE_ID


def default_video_model_id() -> str:
    ids = {m.id for m in video_models()}
    return KIE_DEFAULT_VIDEO_ID if KIE_DEFAULT_VIDEO_ID in ids else LOCAL_VIDEO_ID


def describe_models() -> list[dict[str, Any]]:
    """Public list (id, label, capability, modes, vendor) of every available model."""
    settings = get_settings()
    return [e.info.as_dict() for cap in ("image", "video", "chat") for e in _entries(cap, settings)]
