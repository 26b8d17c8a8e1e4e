"""Veo 3 / Veo 3 Fast through kie.ai's Veo API.

Wire protocol: /work/shared/reference/providers.md §1.2 (kie.ai Veo 3 / 3.1),
which is a separate product from the Market API (§1.1): it is created with
``POST /api/v1/veo/generate``, read with ``GET /api/v1/veo/record-info`` and
reports ``successFlag`` 0/1/2/3 instead of ``state`` strings. Auth, envelope and
codes are shared with the rest of kie (§1.0), so the client comes from kie.py.

We use kie's Veo rather than the Gemini API because §4 reports the Gemini
preview models shut down and the current SDK refuses them outside Vertex.
"""

from __future__ import annotations

from typing import Any

from app.providers.base import GeneratedMedia, RunContext, VideoModel, VideoRequest
from app.providers.http import PollStatus
from app.providers.kie import (
    PROMPT_LIMIT_VIDEO,
    VENDOR,
    KieClient,
    KieModelBase,
    TaskApi,
    compose_prompt,
    run_tasks,
    source_url,
    successflag_status,
    task_id_from,
    url_list,
)

VEO_MODELS = ("veo3", "veo3_fast")


class VeoTaskApi(TaskApi):
    """§1.2: create + record-info with ``successFlag``."""

    where = "veo"

    def create(self, client: KieClient, body: dict[str, Any]) -> str:
        return task_id_from(client.post("/api/v1/veo/generate", body, where="veo generate"), "veo generate")

    def status(self, client: KieClient, task_id: str) -> PollStatus:
        data = client.get("/api/v1/veo/record-info", {"taskId": task_id}, where="veo record-info")

        def urls(response: dict[str, Any]) -> list[str]:
            return url_list(response.get("resultUrls"))

        return successflag_status(data, where="veo record-info", urls=urls)


def veo_seed(seed: int | None) -> int | None:
    """§1.2: ``seeds`` must be 10000-99999; fold any seed of ours into that range."""
    if seed is None:
        return None
    return 10000 + abs(int(seed)) % 90000


class VeoModel(KieModelBase, VideoModel):
    """Veo 3 (``veo3``) or Veo 3 Fast (``veo3_fast``) on kie.ai (§1.2)."""

    supports_i2v = True

    def __init__(
        self, settings: Any = None, *, model_id: str = "veo3_fast", label: str | None = None
    ) -> None:
        super().__init__(settings)
        if model_id not in VEO_MODELS:
            raise ValueError(f"unknown Veo model {model_id!r}")
        self.model_id = model_id
        self.label = label or ("Veo 3 Fast (kie.ai)" if model_id == "veo3_fast" else "Veo 3 (kie.ai)")

    def run(self, request: VideoRequest, ctx: RunContext) -> list[GeneratedMedia]:
        i2v = request.mode == "i2v"
        # §1.2: "16:9" (default) | "9:16" | "Auto"; Auto follows the input image.
        ratio = request.aspect_ratio if request.aspect_ratio in ("16:9", "9:16") else "Auto"

        def build(client: KieClient) -> dict[str, Any]:
            body: dict[str, Any] = {
                "prompt": compose_prompt(request.prompt, request.style, PROMPT_LIMIT_VIDEO),
                "model": self.model_id,
                "generationType": "FIRST_AND_LAST_FRAMES_2_VIDEO" if i2v else "TEXT_2_VIDEO",
                # §1.2: spec versions disagree on the field name (UNCONFIRMED);
                # unknown JSON fields are ignored, so send both spellings.
                "aspect_ratio": ratio,
                "aspectRatio": ratio,
                "enableTranslation": True,
            }
            seed = veo_seed(request.seed)
            if seed is not None:
                body["seeds"] = seed
            if i2v:
                # One image = first frame (two would be first and last frame).
                body["imageUrls"] = [source_url(client, request.source_image, request.source_image_url)]
            return body

        results = run_tasks(self.settings, ctx, VeoTaskApi(), count=1, build_body=build, what=self.model_id)
        result = results[0]
        return [
            GeneratedMedia(
                content_type="video/mp4",
                url=result.urls[0],
                # Veo clips are 8 s (§4: "1080p (and 4k) only at 8 s").
                duration=8.0,
                extra={"task_id": result.task_id, "vendor": VENDOR, "all_urls": result.urls},
            )
        ]
