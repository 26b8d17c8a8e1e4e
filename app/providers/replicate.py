"""Replicate predictions as image and video models.

Wire protocol: /work/shared/reference/providers.md §3 (Replicate).

- ``POST /v1/models/{owner}/{name}/predictions`` for official models (or
  ``POST /v1/predictions`` with ``version``), ``Authorization: Bearer``.
- ``Prefer: wait=n`` (1..60) holds the create open until the prediction ends
  or n seconds pass; on timeout it comes back ``starting`` and we poll.
- ``Cancel-After: <n>s`` makes Replicate stop a prediction we abandoned
  (status ``aborted`` if it never started, else ``canceled``).
- ``GET /v1/predictions/{id}`` to poll, ``POST /v1/predictions/{id}/cancel``.
- ``status``: starting | processing | succeeded | failed | canceled | aborted;
  ``output`` is a URL or a list of URLs on replicate.delivery, deleted after
  about an hour (``data_removed``).
- 429 body ``{"detail": "Request was throttled..."}``; 402 means no credit.
- Input files: HTTP URLs, or data URLs for files ≤256 KB.

Per-model ``input`` names (``aspect_ratio``, ``num_outputs``, ``input_image``,
``first_frame_image``, Kling's ``start_image``/``negative_prompt``/``duration``)
come from the models' pages, not from providers.md: UNCONFIRMED there, so
each model spec names them explicitly.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from typing import Any

import httpx
from PIL import Image

from app.media.hero.motion_prompt import vendor_motion_prompt
from app.providers.base import GeneratedMedia, ImageModel, ImageRequest, RunContext, VideoModel, VideoRequest
from app.providers.errors import ProviderError, ProviderErrorCode
from app.providers.http import (
    Deadline,
    PollStatus,
    ProviderCancelled,
    json_body,
    looks_like_balance,
    looks_like_safety,
    make_client,
    poll_until_done,
    send,
    sniff_image_type,
)
from app.settings import Settings, get_settings

VENDOR = "Replicate"
DATA_URL_LIMIT = 256 * 1024  # §3: data URLs only for files ≤256 KB
_STEPS = {"starting": (10, "queued"), "processing": (50, "generating")}


@dataclass(frozen=True)
class ReplicateSpec:
    """Which Replicate model backs one of our model ids and how to fill its input."""

    model_id: str
    label: str
    replicate_model: str  # "owner/name"
    image_field: str | None = None  # input name for an i2i/i2v source image
    supports_text: bool = True
    num_outputs_field: str | None = None
    aspect_ratios: tuple[str, ...] = ("1:1", "16:9", "9:16", "4:3", "3:2")
    output_format_field: str | None = "output_format"
    extra_input: dict[str, Any] = field(default_factory=dict)
    prefer_wait: int | None = None  # seconds for ``Prefer: wait=n``
    negative_prompt_field: str | None = None  # models with a negative prompt input
    duration_field: str | None = None
    durations: tuple[int, ...] = ()  # the clip lengths the model accepts (seconds)


class ReplicateClient:
    def __init__(self, settings: Settings) -> None:
        if not settings.replicate_api_token:
            raise ProviderError(ProviderErrorCode.AUTH_FAILED, detail="REPLICATE_API_TOKEN is not set")
        self.client = make_client(
            settings.replicate_base_url,
            headers={
                "Authorization": f"Bearer {settings.replicate_api_token}",
                "Content-Type": "application/json",
            },
        )

    def __enter__(self) -> ReplicateClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    def create(
        self, model: str, inputs: dict[str, Any], *, wait: int | None, cancel_after: float
    ) -> dict[str, Any]:
        headers = {"Cancel-After": f"{max(1, int(cancel_after))}s"}
        timeout: float | httpx.Timeout = self.client.timeout
        if wait:
            wait = max(1, min(60, int(wait)))
            headers["Prefer"] = f"wait={wait}"
            timeout = httpx.Timeout(wait + 15.0, connect=10.0)
        response = send(
            self.client,
            "POST",
            f"/v1/models/{model}/predictions",
            vendor=VENDOR,
            json={"input": inputs},
            headers=headers,
            timeout=timeout,
        )
        return prediction(json_body(response, VENDOR))

    def get(self, prediction_id: str) -> dict[str, Any]:
        return prediction(
            json_body(send(self.client, "GET", f"/v1/predictions/{prediction_id}", vendor=VENDOR), VENDOR)
        )

    def cancel(self, prediction_id: str) -> None:
        send(self.client, "POST", f"/v1/predictions/{prediction_id}/cancel", vendor=VENDOR)


def prediction(payload: Any) -> dict[str, Any]:
    if not isinstance(payload, dict) or not payload.get("id"):
        raise ProviderError(
            ProviderErrorCode.UNAVAILABLE, detail=f"{VENDOR}: odd prediction {payload!r:.300}"
        )
    return payload


def output_urls(pred: dict[str, Any]) -> list[str]:
    output = pred.get("output")
    if isinstance(output, str):
        return [output]
    if isinstance(output, list):
        return [str(o) for o in output if isinstance(o, str) and o]
    return []


def prediction_status(pred: dict[str, Any]) -> PollStatus:
    """Map a prediction to a PollStatus, raising on terminal failures."""
    status = str(pred.get("status") or "")
    pid = pred.get("id")
    if status == "succeeded":
        urls = output_urls(pred)
        if not urls:
            code = ProviderErrorCode.RESULT_EXPIRED if pred.get("data_removed") else ProviderErrorCode.FAILED
            raise ProviderError(code, detail=f"{VENDOR} {pid}: succeeded without output")
        return PollStatus(True, 95, "finished", urls)
    if status == "failed":
        error = str(pred.get("error") or "")
        detail = f"{VENDOR} {pid}: failed: {error}"
        if looks_like_safety(error):
            raise ProviderError(ProviderErrorCode.SAFETY_BLOCKED, detail=detail)
        if looks_like_balance(error):
            raise ProviderError(ProviderErrorCode.VENDOR_BALANCE, detail=detail)
        raise ProviderError(ProviderErrorCode.FAILED, detail=detail)
    if status == "aborted":
        # §3: Cancel-After fired before the prediction started.
        raise ProviderError(ProviderErrorCode.TIMEOUT, detail=f"{VENDOR} {pid}: aborted by Cancel-After")
    if status == "canceled":
        raise ProviderCancelled(f"{VENDOR} {pid}: canceled")
    progress, step = _STEPS.get(status, (20, status or "queued"))
    return PollStatus(False, progress, step)


def shrink_to_data_url_limit(data: bytes, limit: int = DATA_URL_LIMIT) -> bytes:
    """A JPEG of the image small enough for a data URL (§3: ≤256 KB), or the bytes as they are.

    A 1080p hero frame as PNG is several MB; as a JPEG at 1280 px and
    quality 85 it is ~200 KB, which keeps first-frame i2v working without a
    public URL (our embedded storage's signed URLs are not reachable from
    Replicate). Sizes step down until it fits.
    """
    if len(data) <= limit:
        return data
    try:
        img = Image.open(io.BytesIO(data), formats=["JPEG", "PNG", "WEBP"]).convert("RGB")
    except Exception:  # not an image we can read: let the size check report it
        return data
    for side, quality in ((1280, 85), (1280, 75), (1024, 75), (768, 70), (512, 65)):
        copy = img.copy()
        copy.thumbnail((side, side))
        buf = io.BytesIO()
        copy.save(buf, "JPEG", quality=quality, optimize=True)
        if buf.tell() <= limit - 1024:  # headroom for the data URL prefix
            return buf.getvalue()
    return data


def image_input(data: bytes | None, url: str | None) -> str:
    """§3: an input file as an HTTP URL, or a data URL when ≤256 KB (shrunk to fit if need be)."""
    if url:
        return url
    if not data:
        raise ProviderError(
            ProviderErrorCode.INVALID_INPUT, detail="image-to-X request without a source image"
        )
    data = shrink_to_data_url_limit(data)
    if len(data) > DATA_URL_LIMIT:
        raise ProviderError(
            ProviderErrorCode.INVALID_INPUT,
            detail=f"{VENDOR}: source image of {len(data)} bytes needs a public URL (data URLs ≤256 KB)",
        )
    return f"data:{sniff_image_type(data)};base64,{base64.b64encode(data).decode()}"


def run_prediction(
    settings: Settings, ctx: RunContext, spec: ReplicateSpec, inputs: dict[str, Any]
) -> list[str]:
    """Create (or resume) one prediction and poll it to its end; returns output URLs."""
    deadline = Deadline(settings.provider_timeout_seconds)
    with ReplicateClient(settings) as client:
        if ctx.previous_task_id:
            ctx.report(5, "resuming")
            pred_id = ctx.previous_task_id
            first: dict[str, Any] | None = None
        else:
            if ctx.is_cancelled():
                raise ProviderCancelled(f"{spec.model_id}: cancelled before submit")
            ctx.report(2, "submitting")
            first = client.create(
                spec.replicate_model,
                inputs,
                wait=spec.prefer_wait,
                cancel_after=settings.provider_timeout_seconds,
            )
            pred_id = str(first["id"])
            ctx.remember_task_id(pred_id)
        pending = [first] if first is not None else []

        def fetch() -> PollStatus:
            # The create answer (possibly already finished under Prefer: wait)
            # counts as the first look, saving one GET.
            return prediction_status(pending.pop() if pending else client.get(pred_id))

        return poll_until_done(
            ctx,
            fetch=fetch,
            interval=settings.provider_poll_interval_seconds,
            deadline=deadline,
            what=f"{spec.model_id} {pred_id}",
            cancel=lambda: client.cancel(pred_id),
        )


def _common_input(spec: ReplicateSpec, prompt: str, aspect_ratio: str, seed: int | None) -> dict[str, Any]:
    inputs: dict[str, Any] = {"prompt": prompt, **spec.extra_input}
    if spec.aspect_ratios:
        inputs["aspect_ratio"] = aspect_ratio if aspect_ratio in spec.aspect_ratios else spec.aspect_ratios[0]
    if seed is not None:
        inputs["seed"] = seed
    return inputs


class ReplicateImageModel(ImageModel):
    def __init__(self, spec: ReplicateSpec, settings: Settings | None = None) -> None:
        self.spec = spec
        self.model_id = spec.model_id
        self.label = spec.label
        self.supports_i2i = spec.image_field is not None
        self._settings = settings

    def run(self, request: ImageRequest, ctx: RunContext) -> list[GeneratedMedia]:
        spec = self.spec
        settings = self._settings or get_settings()
        prompt = request.prompt if not request.style else f"{request.prompt}\nStyle: {request.style}"
        inputs = _common_input(spec, prompt, request.aspect_ratio, request.seed)
        if request.mode == "i2i":
            if not spec.image_field:
                raise ProviderError(ProviderErrorCode.INVALID_INPUT, detail=f"{spec.model_id} has no i2i")
            if not ctx.previous_task_id:
                inputs[spec.image_field] = image_input(request.source_image, request.source_image_url)
        elif not spec.supports_text:
            raise ProviderError(
                ProviderErrorCode.INVALID_INPUT, detail=f"{spec.model_id} needs an input image"
            )
        if spec.num_outputs_field:
            inputs[spec.num_outputs_field] = max(1, request.n)
        fmt = "jpg" if request.output_format == "jpeg" else "png"
        if spec.output_format_field:
            inputs[spec.output_format_field] = fmt
        urls = run_prediction(settings, ctx, spec, inputs)
        return [
            GeneratedMedia(content_type=f"image/{request.output_format}", url=url, extra={"vendor": VENDOR})
            for url in urls[: max(1, request.n)]
        ]


def video_prompt(spec: ReplicateSpec, request: VideoRequest) -> str:
    """The prompt with pro mode's motion controls as camera language; the negative prompt is
    folded into the text only when the model has no field for it."""
    motion = request.motion
    if motion is None and not request.negative_prompt:
        return request.prompt
    return vendor_motion_prompt(
        request.prompt,
        camera=motion.camera if motion else "",
        speed=motion.speed if motion else None,
        intensity=motion.intensity if motion else None,
        direction=motion.direction if motion else "",
        negative_prompt=request.negative_prompt or "",
        fold_negative=spec.negative_prompt_field is None,
    )


class ReplicateVideoModel(VideoModel):
    def __init__(self, spec: ReplicateSpec, settings: Settings | None = None) -> None:
        self.spec = spec
        self.model_id = spec.model_id
        self.label = spec.label
        self.supports_i2v = spec.image_field is not None
        self._settings = settings

    def run(self, request: VideoRequest, ctx: RunContext) -> list[GeneratedMedia]:
        spec = self.spec
        settings = self._settings or get_settings()
        inputs = _common_input(spec, video_prompt(spec, request), request.aspect_ratio, request.seed)
        if request.mode == "i2v":
            if not spec.image_field:
                raise ProviderError(ProviderErrorCode.INVALID_INPUT, detail=f"{spec.model_id} has no i2v")
            if not ctx.previous_task_id:
                # The image is the clip's first frame (pro mode: the hero frame).
                inputs[spec.image_field] = image_input(request.source_image, request.source_image_url)
        elif not spec.supports_text:
            raise ProviderError(
                ProviderErrorCode.INVALID_INPUT, detail=f"{spec.model_id} needs a first frame"
            )
        if spec.negative_prompt_field and request.negative_prompt:
            inputs[spec.negative_prompt_field] = request.negative_prompt
        if spec.duration_field and spec.durations:
            inputs[spec.duration_field] = min(spec.durations, key=lambda d: (abs(d - request.duration), d))
        urls = run_prediction(settings, ctx, spec, inputs)
        return [GeneratedMedia(content_type="video/mp4", url=urls[0], extra={"vendor": VENDOR})]


# Models we offer through Replicate. Input names are from the model pages (UNCONFIRMED).
IMAGE_SPECS = (
    ReplicateSpec(
        model_id="replicate-flux-schnell",
        label="Flux Schnell (Replicate)",
        replicate_model="black-forest-labs/flux-schnell",
        num_outputs_field="num_outputs",
        prefer_wait=60,
    ),
    ReplicateSpec(
        model_id="replicate-flux-kontext-pro",
        label="Flux Kontext Pro (Replicate)",
        replicate_model="black-forest-labs/flux-kontext-pro",
        image_field="input_image",
        prefer_wait=60,
    ),
)
VIDEO_SPECS = (
    ReplicateSpec(
        model_id="replicate-minimax-video-01",
        label="MiniMax Video-01 (Replicate)",
        replicate_model="minimax/video-01",
        image_field="first_frame_image",
        aspect_ratios=(),
        output_format_field=None,
        extra_input={"prompt_optimizer": True},
    ),
)
# Image-to-video-only models (pro mode's vendor attempts start on the hero frame).
I2V_SPECS = (
    # Kling 2.1 on Replicate: ``start_image`` is the first frame; it has a negative prompt input.
    ReplicateSpec(
        model_id="replicate-kling-v2.1",
        label="Kling 2.1 (Replicate)",
        replicate_model="kwaivgi/kling-v2.1",
        image_field="start_image",
        supports_text=False,
        aspect_ratios=(),  # the model follows the start image's aspect
        output_format_field=None,
        extra_input={"mode": "standard"},
        negative_prompt_field="negative_prompt",
        duration_field="duration",
        durations=(5, 10),
    ),
)
