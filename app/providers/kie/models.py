"""kie.ai models: nano banana and Flux Kontext images, sora-2 video.

One kie task makes one image; ``n`` images are ``n`` tasks. Their ids are
remembered comma-joined after each submit, so a retried attempt resumes the
tasks already paid for and only submits the missing ones.
"""

from __future__ import annotations

from typing import Any

from app.media.hero.motion_prompt import vendor_motion_prompt
from app.providers.base import GeneratedMedia, ImageModel, ImageRequest, RunContext, VideoModel, VideoRequest
from app.providers.errors import ProviderError, ProviderErrorCode
from app.providers.kie.client import VENDOR, KieClient
from app.providers.kie.tasks import FluxKontextTaskApi, MarketTaskApi, run_tasks, source_url
from app.settings import Settings, get_settings

PROMPT_LIMIT_IMAGE = 5000  # §1.1 nano banana: prompt ≤5000 chars
PROMPT_LIMIT_VIDEO = 10000  # §1.1 sora-2: prompt ≤10000 chars


def compose_prompt(prompt: str, style: str | None, limit: int) -> str:
    text = prompt.strip()
    if style:
        text = f"{text}\nStyle: {style.strip()}"
    return text[:limit]


def compose_video_prompt(request: VideoRequest, limit: int) -> str:
    """The prompt of a video task, with pro mode's motion controls and negative prompt as text.

    Neither Sora 2 (§1.1) nor kie's Veo API (§1.2) has a negative-prompt
    field, so the negative prompt travels as an "Avoid: ..." sentence.
    """
    motion = request.motion
    if motion is None and not request.negative_prompt:
        return compose_prompt(request.prompt, request.style, limit)
    text = vendor_motion_prompt(
        request.prompt,
        camera=motion.camera if motion else "",
        speed=motion.speed if motion else None,
        intensity=motion.intensity if motion else None,
        direction=motion.direction if motion else "",
        negative_prompt=request.negative_prompt or "",
        fold_negative=True,
    )
    return compose_prompt(text, request.style, limit)


class KieModelBase:
    def __init__(self, settings: Settings | None = None) -> None:
        self._settings = settings

    @property
    def settings(self) -> Settings:
        return self._settings or get_settings()


# --- image models ----------------------------------------------------------------------------------

# §1.1: nano banana ``image_size`` enum includes every AspectRatio we offer.
NANO_BANANA_SIZES = {"1:1", "9:16", "16:9", "3:4", "4:3", "3:2", "2:3", "5:4", "4:5", "21:9"}


class NanoBananaModel(KieModelBase, ImageModel):
    """Gemini 2.5 Flash Image on kie's Market API (§1.1).

    t2i uses ``google/nano-banana``; i2i uses ``google/nano-banana-edit`` with
    ``image_urls`` (a URL after upload, "not file content").
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        model_id: str = "nano-banana",
        label: str = "Nano Banana (kie.ai)",
        t2i: bool = True,
    ) -> None:
        super().__init__(settings)
        self.model_id = model_id
        self.label = label
        self.supports_t2i = t2i
        self.supports_i2i = True

    def run(self, request: ImageRequest, ctx: RunContext) -> list[GeneratedMedia]:
        i2i = request.mode == "i2i"
        if not i2i and not self.supports_t2i:
            raise ProviderError(ProviderErrorCode.INVALID_INPUT, detail=f"{self.model_id} supports i2i only")
        vendor_model = "google/nano-banana-edit" if i2i else "google/nano-banana"

        def build(client: KieClient) -> dict[str, Any]:
            size = request.aspect_ratio if request.aspect_ratio in NANO_BANANA_SIZES else "1:1"
            inputs: dict[str, Any] = {
                "prompt": compose_prompt(request.prompt, request.style, PROMPT_LIMIT_IMAGE),
                "output_format": request.output_format,
                "image_size": size,
            }
            if i2i:
                inputs["image_urls"] = [source_url(client, request.source_image, request.source_image_url)]
            return {"model": vendor_model, "input": inputs}

        results = run_tasks(
            self.settings, ctx, MarketTaskApi(), count=max(1, request.n), build_body=build, what=vendor_model
        )
        content_type = f"image/{request.output_format}"
        return [
            GeneratedMedia(content_type=content_type, url=url, extra={"task_id": r.task_id, "vendor": VENDOR})
            for r in results
            for url in r.urls[:1]
        ]


# §1.3: Flux Kontext aspect ratios; 3:2 has no exact match, 4:3 is closest.
FLUX_RATIOS = {"21:9", "16:9", "4:3", "1:1", "3:4", "9:16"}


class FluxKontextModel(KieModelBase, ImageModel):
    """Flux Kontext on kie's dedicated API (§1.3); ``inputImage`` makes it an edit."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        model_id: str = "flux-pro",
        label: str = "Flux Kontext Pro (kie.ai)",
        vendor_model: str = "flux-kontext-pro",
    ) -> None:
        super().__init__(settings)
        self.model_id = model_id
        self.label = label
        self.vendor_model = vendor_model
        self.supports_i2i = True

    def run(self, request: ImageRequest, ctx: RunContext) -> list[GeneratedMedia]:
        i2i = request.mode == "i2i"

        def build(client: KieClient) -> dict[str, Any]:
            ratio = request.aspect_ratio if request.aspect_ratio in FLUX_RATIOS else "4:3"
            body: dict[str, Any] = {
                "prompt": compose_prompt(request.prompt, request.style, PROMPT_LIMIT_IMAGE),
                # §1.3: prompts are English only; let kie translate others.
                "enableTranslation": True,
                "aspectRatio": ratio,
                "outputFormat": request.output_format,
                "model": self.vendor_model,
            }
            if i2i:
                body["inputImage"] = source_url(client, request.source_image, request.source_image_url)
            return body

        results = run_tasks(
            self.settings,
            ctx,
            FluxKontextTaskApi(),
            count=max(1, request.n),
            build_body=build,
            what=self.vendor_model,
        )
        return [
            GeneratedMedia(
                content_type=f"image/{request.output_format}",
                url=url,
                extra={"task_id": r.task_id, "vendor": VENDOR},
            )
            for r in results
            for url in r.urls[:1]
        ]


# --- video models ----------------------------------------------------------------------------------


class Sora2Model(KieModelBase, VideoModel):
    """OpenAI Sora 2 on kie's Market API (§1.1).

    ``aspect_ratio`` is ``portrait``|``landscape`` (``square`` is UNCONFIRMED,
    so 1:1 asks for portrait and the editor crops); ``n_frames`` is the string
    "10" or "15" (seconds).
    """

    model_id = "sora-2"
    label = "Sora 2 (kie.ai)"
    supports_i2v = True

    def run(self, request: VideoRequest, ctx: RunContext) -> list[GeneratedMedia]:
        i2v = request.mode == "i2v"
        vendor_model = "sora-2-image-to-video" if i2v else "sora-2-text-to-video"
        n_frames = "10" if request.duration <= 10 else "15"

        def build(client: KieClient) -> dict[str, Any]:
            inputs: dict[str, Any] = {
                "prompt": compose_video_prompt(request, PROMPT_LIMIT_VIDEO),
                "aspect_ratio": "landscape" if request.aspect_ratio == "16:9" else "portrait",
                "n_frames": n_frames,
                "remove_watermark": not request.watermark,
            }
            if i2v:
                # §1.1: the one image (maxItems 1) is the clip's first frame: pro mode's hero frame.
                inputs["image_urls"] = [source_url(client, request.source_image, request.source_image_url)]
            return {"model": vendor_model, "input": inputs}

        results = run_tasks(self.settings, ctx, MarketTaskApi(), count=1, build_body=build, what=vendor_model)
        result = results[0]
        return [
            GeneratedMedia(
                content_type="video/mp4",
                url=result.urls[0],
                duration=float(n_frames),
                extra={"task_id": result.task_id, "vendor": VENDOR, **result.extra},
            )
        ]
