"""Veo 3 / Veo 3 Fast through kie.ai's Veo API.

Wire protocol: /work/shared/reference/providers.md §1.2 (kie.ai Veo 3 / 3.1),
which is a separate product from the Market API (§1.1): it is created with
``POST /api/v1/veo/generate``, read with ``GET /api/v1/veo/record-info`` and
reports ``successFlag`` 0/1/2/3 instead of ``state`` strings. Auth, envelope and
codes are shared with the rest of kie (§1.0), so the client comes from the kie package.

``GeminiVeoModel`` speaks the Gemini Developer API's Veo protocol (§4:
``:predictLongRunning``, operation polling, key-authenticated download) as
documented while the models were live. kie's Veo stays the default because
§4 reports the Gemini preview models shut down and the current SDK refuses
them outside Vertex; the Gemini model is registered only with a key.
"""

from __future__ import annotations

import base64
from typing import Any

import httpx

from app.providers.base import GeneratedMedia, RunContext, VideoModel, VideoRequest
from app.providers.errors import ProviderError, ProviderErrorCode
from app.providers.http import (
    Deadline,
    PollStatus,
    ProviderCancelled,
    download_result,
    json_body,
    looks_like_safety,
    make_client,
    poll_until_done,
    send,
    sniff_image_type,
)
from app.providers.kie import (
    PROMPT_LIMIT_VIDEO,
    VENDOR,
    KieClient,
    KieModelBase,
    TaskApi,
    compose_video_prompt,
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
                "prompt": compose_video_prompt(request, PROMPT_LIMIT_VIDEO),
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
                # One image = first frame (two would be first and last frame): pro mode's hero frame.
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


# --- Google Gemini Developer API (§4) ----------------------------------------------------------------

GEMINI_VENDOR = "Google Gemini API"
GEMINI_BASE_URL = "https://generativelanguage.googleapis.com"
GEMINI_VEO_MODEL = "veo-3.1-generate-preview"
GEMINI_DURATIONS = (4, 6, 8)


def gemini_parameters(request: VideoRequest) -> dict[str, Any]:
    """§4 ``parameters``: 16:9 or 9:16; 1080p only at 8 s; i2v allows ``allow_adult`` only."""
    duration = min(GEMINI_DURATIONS, key=lambda d: (abs(d - request.duration), -d))
    params: dict[str, Any] = {
        "aspectRatio": "16:9" if request.aspect_ratio == "16:9" else "9:16",
        "durationSeconds": duration,
        "resolution": "1080p" if request.resolution == "1080p" and duration == 8 else "720p",
        "sampleCount": 1,
        "personGeneration": "allow_adult" if request.mode == "i2v" else "allow_all",
    }
    if request.negative_prompt:
        params["negativePrompt"] = request.negative_prompt
    return params


def gemini_error(payload: dict[str, Any], where: str) -> ProviderError:
    """An operation's ``error`` (google.rpc.Status) as our error."""
    error = payload.get("error") or {}
    code, status = error.get("code"), str(error.get("status") or "")
    message = str(error.get("message") or "")
    detail = f"{GEMINI_VENDOR} {where}: {code} {status}: {message}"
    if looks_like_safety(message):
        return ProviderError(ProviderErrorCode.SAFETY_BLOCKED, detail=detail)
    if code == 429 or status == "RESOURCE_EXHAUSTED":
        return ProviderError(ProviderErrorCode.RATE_LIMITED, detail=detail)
    if code in (401, 403) or status in ("UNAUTHENTICATED", "PERMISSION_DENIED"):
        return ProviderError(ProviderErrorCode.AUTH_FAILED, detail=detail)
    if code == 400 or status in ("INVALID_ARGUMENT", "FAILED_PRECONDITION"):
        return ProviderError(ProviderErrorCode.INVALID_INPUT, detail=detail)
    if code in (500, 503, 504) or status in ("UNAVAILABLE", "INTERNAL", "DEADLINE_EXCEEDED"):
        return ProviderError(ProviderErrorCode.UNAVAILABLE, detail=detail)
    return ProviderError(ProviderErrorCode.FAILED, detail=detail)


def operation_status(payload: Any) -> PollStatus:
    """§4: ``done`` absent/false while running; then ``response`` or ``error``."""
    if not isinstance(payload, dict) or not payload.get("name"):
        raise ProviderError(
            ProviderErrorCode.UNAVAILABLE, detail=f"{GEMINI_VENDOR}: odd operation {payload!r:.300}"
        )
    if not payload.get("done"):
        return PollStatus(False, 40, "generating")
    if payload.get("error"):
        raise gemini_error(payload, "operation")
    answer = (payload.get("response") or {}).get("generateVideoResponse") or {}
    samples = answer.get("generatedSamples") or []
    uris = [str((s.get("video") or {}).get("uri") or "") for s in samples if isinstance(s, dict)]
    uris = [u for u in uris if u]
    if not uris:
        reasons = answer.get("raiMediaFilteredReasons") or []
        if answer.get("raiMediaFilteredCount") or reasons:
            raise ProviderError(
                ProviderErrorCode.SAFETY_BLOCKED, detail=f"{GEMINI_VENDOR}: filtered: {reasons!r:.300}"
            )
        raise ProviderError(ProviderErrorCode.FAILED, detail=f"{GEMINI_VENDOR}: done without a video")
    return PollStatus(True, 95, "finished", uris)


class GeminiVeoModel(VideoModel):
    """Veo through the Gemini Developer API (§4); the hero frame is ``instances[0].image``."""

    supports_i2v = True

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str = GEMINI_BASE_URL,
        vendor_model: str = GEMINI_VEO_MODEL,
        model_id: str = "gemini-veo-3.1",
        label: str = "Veo 3.1 (Gemini API)",
        poll_interval: float = 10.0,
        timeout: float = 600.0,
    ) -> None:
        if not api_key:
            raise ProviderError(ProviderErrorCode.AUTH_FAILED, detail="Gemini API key is not set")
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.vendor_model = vendor_model
        self.model_id = model_id
        self.label = label
        self.poll_interval = poll_interval
        self.timeout = timeout

    def request_body(self, request: VideoRequest) -> dict[str, Any]:
        instance: dict[str, Any] = {"prompt": request.prompt.strip()}
        if request.mode == "i2v":
            if not request.source_image:
                raise ProviderError(ProviderErrorCode.INVALID_INPUT, "Image-to-video needs a hero frame.")
            # §4: the SDK's encoding; the REST examples' ``inlineData`` is the same bytes.
            instance["image"] = {
                "bytesBase64Encoded": base64.b64encode(request.source_image).decode(),
                "mimeType": sniff_image_type(request.source_image),
            }
        return {"instances": [instance], "parameters": gemini_parameters(request)}

    def run(self, request: VideoRequest, ctx: RunContext) -> list[GeneratedMedia]:
        deadline = Deadline(self.timeout)
        headers = {"x-goog-api-key": self.api_key, "Content-Type": "application/json"}
        with make_client(self.base_url, headers=headers, timeout=60.0) as client:
            name = ctx.previous_task_id
            if not name:
                if ctx.is_cancelled():
                    raise ProviderCancelled(f"{self.model_id}: cancelled before submit")
                ctx.report(2, "submitting")
                body = self.request_body(request)
                path = f"/v1beta/models/{self.vendor_model}:predictLongRunning"
                created = json_body(self._send(client, "POST", path, json=body), GEMINI_VENDOR)
                name = str(created.get("name") or "") if isinstance(created, dict) else ""
                if not name:
                    raise ProviderError(
                        ProviderErrorCode.UNAVAILABLE,
                        detail=f"{GEMINI_VENDOR}: no operation name in {created!r:.200}",
                    )
                ctx.remember_task_id(name)

            def fetch() -> PollStatus:
                return operation_status(
                    json_body(self._send(client, "GET", f"/v1beta/{name}"), GEMINI_VENDOR)
                )

            uris = poll_until_done(
                ctx,
                fetch=fetch,
                interval=self.poll_interval,
                deadline=deadline,
                what=f"{self.model_id} {name}",
            )
        # §4: stored for 2 days and fetched with the same key: download now, never hand the URL on.
        video = download_result(uris[0], headers={"x-goog-api-key": self.api_key}, sleep=ctx.sleep)
        params = gemini_parameters(request)
        return [
            GeneratedMedia(
                content_type="video/mp4",
                data=video.data,
                duration=float(params["durationSeconds"]),
                extra={"task_id": name, "vendor": GEMINI_VENDOR, "model": self.vendor_model},
            )
        ]

    @staticmethod
    def _send(client: httpx.Client, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            return send(client, method, path, vendor=GEMINI_VENDOR, **kwargs)
        except ProviderError as exc:
            # §4: shut-down models answer 404 "... is no longer available": the model, not the input.
            if exc.code == ProviderErrorCode.INVALID_INPUT and "no longer available" in exc.detail:
                raise ProviderError(ProviderErrorCode.UNAVAILABLE, detail=exc.detail) from exc
            raise
