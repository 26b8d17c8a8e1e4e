"""Hugging Face text-to-image through the Inference Providers router.

Wire protocol: /work/shared/reference/providers.md §8 (Hugging Face).

- ``api-inference.huggingface.co`` answers 410 Gone now; the endpoint is
  ``POST https://router.huggingface.co/hf-inference/models/{model_id}``.
- ``Authorization: Bearer hf_…`` (token with the "Inference Providers" right).
- Body ``{"inputs": prompt, "parameters": {width, height, seed, negative_prompt,
  num_inference_steps, guidance_scale}}``.
- The answer is the image as raw bytes (Content-Type image/jpeg|png), errors
  are JSON ``{"error": "..."}``; 404 means hf-inference does not serve the
  model. A 503 with ``estimated_time`` (model loading) is UNCONFIRMED for the
  router but harmless to honor.

The call is synchronous (no task id), so there is nothing to resume; the
provider timeout bounds the single request.
"""

from __future__ import annotations

import httpx

from app.providers.base import GeneratedMedia, ImageModel, ImageRequest, RunContext
from app.providers.errors import ProviderError, ProviderErrorCode
from app.providers.http import (
    ProviderCancelled,
    error_for_status,
    error_for_transport,
    make_client,
    retry_transient,
    sniff_image_type,
)
from app.settings import Settings, get_settings

VENDOR = "Hugging Face"

# Sizes per aspect ratio, multiples of 64 around one megapixel (FLUX-friendly).
SIZES = {
    "1:1": (1024, 1024),
    "16:9": (1344, 768),
    "9:16": (768, 1344),
    "4:3": (1152, 896),
    "3:2": (1216, 832),
}


def hf_error(response: httpx.Response) -> ProviderError:
    """§8: errors are JSON ``{"error": ...}``; keep the vendor text in detail."""
    message = ""
    estimated: float | None = None
    try:
        payload = response.json()
        if isinstance(payload, dict):
            message = str(payload.get("error") or "")
            if isinstance(payload.get("estimated_time"), int | float):
                estimated = float(payload["estimated_time"])
    except ValueError:
        message = response.text[:300]
    error = error_for_status(response, VENDOR, detail=message)
    if error.retry_after is None and estimated is not None:
        error.retry_after = estimated
    return error


class HuggingFaceImageModel(ImageModel):
    supports_i2i = False

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        model_id: str = "hf-flux-schnell",
        label: str = "FLUX.1 schnell (Hugging Face)",
        repo_id: str = "black-forest-labs/FLUX.1-schnell",
    ) -> None:
        self._settings = settings
        self.model_id = model_id
        self.label = label
        self.repo_id = repo_id

    def run(self, request: ImageRequest, ctx: RunContext) -> list[GeneratedMedia]:
        settings = self._settings or get_settings()
        if request.mode != "t2i":
            raise ProviderError(
                ProviderErrorCode.INVALID_INPUT, detail=f"{self.model_id} is text-to-image only"
            )
        if not settings.hf_token:
            raise ProviderError(ProviderErrorCode.AUTH_FAILED, detail="HF_TOKEN is not set")
        width, height = SIZES.get(request.aspect_ratio, SIZES["1:1"])
        prompt = request.prompt if not request.style else f"{request.prompt}\nStyle: {request.style}"
        headers = {"Authorization": f"Bearer {settings.hf_token}", "Accept": "image/png, image/jpeg"}
        media: list[GeneratedMedia] = []
        with make_client(
            settings.hf_base_url, headers=headers, timeout=settings.provider_timeout_seconds
        ) as client:
            for index in range(max(1, request.n)):
                if ctx.is_cancelled():
                    raise ProviderCancelled(f"{self.model_id}: cancelled")
                ctx.report(int(100 * index / max(1, request.n)) + 5, "generating")
                parameters: dict[str, object] = {"width": width, "height": height}
                if request.seed is not None:
                    parameters["seed"] = request.seed + index  # distinct images for n > 1

                def call(parameters: dict[str, object] = parameters) -> httpx.Response:
                    try:
                        response = client.post(
                            f"/hf-inference/models/{self.repo_id}",
                            json={"inputs": prompt, "parameters": parameters},
                        )
                    except httpx.HTTPError as exc:
                        raise error_for_transport(exc, VENDOR) from exc
                    if response.status_code >= 400:
                        raise hf_error(response)
                    return response

                # Nothing is billed twice here (no task), so a bounded retry on
                # 429/5xx blips is safe; a TIMEOUT already used the whole budget
                # and goes straight to the backbone, which owns longer retries.
                response = retry_transient(
                    call,
                    sleep=ctx.sleep,
                    base_wait=max(settings.provider_poll_interval_seconds, 0.01),
                    attempts=2,
                    codes=frozenset({ProviderErrorCode.UNAVAILABLE, ProviderErrorCode.RATE_LIMITED}),
                )
                data = response.content
                content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
                if not content_type.startswith("image/"):
                    content_type = sniff_image_type(data)
                if not content_type.startswith("image/"):
                    raise ProviderError(
                        ProviderErrorCode.FAILED, detail=f"{VENDOR}: answer is not an image ({content_type})"
                    )
                media.append(
                    GeneratedMedia(
                        content_type=content_type,
                        data=data,
                        width=width,
                        height=height,
                        extra={"vendor": VENDOR, "model": self.repo_id},
                    )
                )
        ctx.report(95, "finished")
        return media
