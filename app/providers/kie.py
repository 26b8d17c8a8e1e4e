"""kie.ai adapters: Market API (nano banana, sora-2), Flux Kontext, uploads, credits.

Wire protocol: /work/shared/reference/providers.md §1 (kie.ai).

- §1.0: Bearer auth, the ``{code, msg|message, data}`` envelope whose ``code``
  carries the real outcome even when HTTP says 200, and the code table
  (401/402/404/422/429/455/500/501/505).
- §1.1: Market ``POST /api/v1/jobs/createTask`` + ``GET /api/v1/jobs/recordInfo``
  with ``state`` strings and JSON-encoded ``resultJson``.
- §1.3: Flux Kontext ``/api/v1/flux/kontext/generate`` + ``record-info`` with
  ``successFlag`` 0/1/2/3 (the Veo-style status; Veo itself lives in veo.py).
- §1.4: file upload on a different host, ``data.downloadUrl``.
- §1.5: ``GET /api/v1/chat/credit``.

One kie task makes one image; ``n`` images are ``n`` tasks. Their ids are
remembered comma-joined after each submit, so a retried attempt resumes the
tasks already paid for and only submits the missing ones.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

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

VENDOR = "kie.ai"
UPLOAD_PATH = "content-studio/inputs"  # §1.4: no leading or trailing slash
PROMPT_LIMIT_IMAGE = 5000  # §1.1 nano banana: prompt ≤5000 chars
PROMPT_LIMIT_VIDEO = 10000  # §1.1 sora-2: prompt ≤10000 chars


# --- envelope and error mapping (§1.0) ---------------------------------------------------------


def error_for_kie_code(code: Any, msg: str, *, where: str) -> ProviderError:
    """Map a kie envelope ``code`` (§1.0 table) to our error code."""
    detail = f"{VENDOR} {where}: code {code}: {msg}"
    try:
        num = int(code)
    except (TypeError, ValueError):
        num = -1
    if num == 401:
        return ProviderError(ProviderErrorCode.AUTH_FAILED, detail=detail)
    if num == 402 or looks_like_balance(msg):
        return ProviderError(ProviderErrorCode.VENDOR_BALANCE, detail=detail)
    if num == 429:
        return ProviderError(ProviderErrorCode.RATE_LIMITED, detail=detail)
    if looks_like_safety(msg):
        return ProviderError(ProviderErrorCode.SAFETY_BLOCKED, detail=detail)
    if num == 455:  # maintenance
        return ProviderError(ProviderErrorCode.UNAVAILABLE, detail=detail)
    if num == 500:
        # §1.0: some validation errors arrive as code 500 "This field is required".
        if "required" in msg.lower() or "invalid" in msg.lower():
            return ProviderError(ProviderErrorCode.INVALID_INPUT, detail=detail)
        return ProviderError(ProviderErrorCode.UNAVAILABLE, detail=detail)
    if num in (400, 404, 422, 451):
        return ProviderError(ProviderErrorCode.INVALID_INPUT, detail=detail)
    # 501 generation failed, 505 feature disabled, anything unknown.
    return ProviderError(ProviderErrorCode.FAILED, detail=detail)


def envelope_data(response: httpx.Response, *, where: str) -> Any:
    """``data`` of a kie envelope, or the ProviderError its ``code`` means.

    §1.0: the HTTP status is usually 200 even on errors, so the envelope's
    ``code`` decides; the message may be in ``msg`` or ``message``.
    """
    payload = json_body(response, VENDOR)
    if not isinstance(payload, dict):
        raise ProviderError(
            ProviderErrorCode.UNAVAILABLE, detail=f"{VENDOR} {where}: odd body {payload!r:.200}"
        )
    code = payload.get("code")
    msg = str(payload.get("msg") or payload.get("message") or "")
    if code != 200:
        raise error_for_kie_code(code, msg, where=where)
    return payload.get("data")


def parse_json_field(value: Any) -> Any:
    """§1.1: ``resultJson``/``param`` are JSON-encoded strings; accept objects too."""
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def url_list(value: Any) -> list[str]:
    """A list of URLs from an array, a JSON-encoded array or a single string.

    §1.2: Veo's OpenAPI types ``resultUrls`` as a string ('[http://…]') while the
    docs show an array; accept both.
    """
    value = parse_json_field(value)
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list):
        return [str(v) for v in value if v]
    return []


def failure_error(fail_code: Any, fail_msg: Any, *, where: str) -> ProviderError:
    """A failed kie task (Market ``state: fail`` / ``successFlag`` 2 or 3)."""
    msg = str(fail_msg or "")
    code = str(fail_code or "")
    detail = f"{VENDOR} {where}: task failed: failCode={code!r} failMsg={msg!r}"
    if looks_like_safety(msg):
        return ProviderError(ProviderErrorCode.SAFETY_BLOCKED, detail=detail)
    if code == "402" or looks_like_balance(msg):
        return ProviderError(ProviderErrorCode.VENDOR_BALANCE, detail=detail)
    if code in ("422", "451"):
        return ProviderError(ProviderErrorCode.INVALID_INPUT, detail=detail)
    return ProviderError(ProviderErrorCode.FAILED, detail=detail)


# --- client --------------------------------------------------------------------------------------


class KieClient:
    """Thin synchronous client for the kie.ai hosts (§1.0, §1.4, §1.5)."""

    def __init__(self, settings: Settings, *, timeout: float = 30.0) -> None:
        if not settings.kie_api_key:
            raise ProviderError(ProviderErrorCode.AUTH_FAILED, detail="KIE_API_KEY is not set")
        auth = {"Authorization": f"Bearer {settings.kie_api_key}", "Content-Type": "application/json"}
        self.api = make_client(settings.kie_base_url, headers=auth, timeout=timeout)
        self.upload = make_client(settings.kie_upload_base_url, headers=auth, timeout=max(timeout, 60.0))

    def close(self) -> None:
        self.api.close()
        self.upload.close()

    def __enter__(self) -> KieClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def post(self, path: str, body: dict[str, Any], *, where: str) -> Any:
        return envelope_data(send(self.api, "POST", path, vendor=VENDOR, json=body), where=where)

    def get(self, path: str, params: dict[str, str], *, where: str) -> Any:
        return envelope_data(send(self.api, "GET", path, vendor=VENDOR, params=params), where=where)

    def credits(self) -> float:
        """§1.5: remaining kie credits (``data`` is a number)."""
        data = self.get("/api/v1/chat/credit", {}, where="credit")
        try:
            return float(data)
        except (TypeError, ValueError) as exc:
            raise ProviderError(ProviderErrorCode.UNAVAILABLE, detail=f"credit: odd data {data!r}") from exc

    def upload_image(self, data: bytes, *, file_name: str | None = None) -> str:
        """§1.4: base64 upload on the upload host; returns ``data.downloadUrl``.

        Only ``downloadUrl`` is used: a third party checked that the
        quickstart's ``fileUrl`` does not exist on the live service.
        """
        mime = sniff_image_type(data)
        if mime == "application/octet-stream":
            mime = "image/png"
        ext = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}[mime]
        body = {
            "base64Data": f"data:{mime};base64,{base64.b64encode(data).decode()}",
            "uploadPath": UPLOAD_PATH,
            "fileName": file_name or f"{uuid.uuid4().hex}.{ext}",
        }
        response = send(self.upload, "POST", "/api/file-base64-upload", vendor=VENDOR, json=body)
        payload = envelope_data(response, where="file upload")
        url = (payload or {}).get("downloadUrl") if isinstance(payload, dict) else None
        if not url:
            raise ProviderError(
                ProviderErrorCode.UNAVAILABLE, detail=f"file upload: no downloadUrl in {payload!r}"
            )
        return str(url)


def kie_credits(settings: Settings | None = None) -> float:
    """Remaining kie.ai credits, for the admin dashboard (§1.5)."""
    with KieClient(settings or get_settings()) as client:
        return client.credits()


# --- task protocols ------------------------------------------------------------------------------


class TaskApi:
    """How one kie product creates and reports a task."""

    where = "task"

    def create(self, client: KieClient, body: dict[str, Any]) -> str:
        raise NotImplementedError

    def status(self, client: KieClient, task_id: str) -> PollStatus:
        """PollStatus whose ``result`` is the list of result URLs once done."""
        raise NotImplementedError


def task_id_from(data: Any, where: str) -> str:
    task_id = data.get("taskId") if isinstance(data, dict) else None
    if not task_id:
        raise ProviderError(
            ProviderErrorCode.UNAVAILABLE, detail=f"{VENDOR} {where}: no taskId in {data!r:.200}"
        )
    return str(task_id)


# Rough progress for the states that carry no percentage.
_MARKET_STEPS = {"waiting": (10, "queued"), "queuing": (15, "queued"), "generating": (30, "generating")}


class MarketTaskApi(TaskApi):
    """§1.1 Market API: ``state`` = waiting|queuing|generating|success|fail."""

    where = "jobs"

    def create(self, client: KieClient, body: dict[str, Any]) -> str:
        return task_id_from(client.post("/api/v1/jobs/createTask", body, where="createTask"), "createTask")

    def status(self, client: KieClient, task_id: str) -> PollStatus:
        data = client.get("/api/v1/jobs/recordInfo", {"taskId": task_id}, where="recordInfo")
        if not isinstance(data, dict):
            raise ProviderError(ProviderErrorCode.UNAVAILABLE, detail=f"recordInfo: odd data {data!r:.200}")
        state = str(data.get("state") or "").lower()
        if state == "success":
            result = parse_json_field(data.get("resultJson")) or {}
            urls = url_list(result.get("resultUrls")) if isinstance(result, dict) else []
            if not urls:
                raise ProviderError(
                    ProviderErrorCode.FAILED,
                    detail=f"recordInfo: success without resultUrls: {result!r:.300}",
                )
            extra = {}
            if isinstance(result, dict) and result.get("resultWaterMarkUrls"):
                extra["watermarked_urls"] = url_list(result.get("resultWaterMarkUrls"))
            return PollStatus(True, 95, "finished", (urls, extra))
        if state == "fail":
            raise failure_error(data.get("failCode"), data.get("failMsg"), where="recordInfo")
        progress, step = _MARKET_STEPS.get(state, (20, state or "waiting"))
        # §1.1: ``progress`` is present for sora2 models; scale it into 30..90.
        if state == "generating" and isinstance(data.get("progress"), int | float):
            raw = float(data["progress"])
            pct = raw * 100 if raw <= 1 else raw
            progress = 30 + int(min(max(pct, 0), 100) * 0.6)
        return PollStatus(False, progress, step)


def successflag_status(data: Any, *, where: str, urls: Callable[[dict[str, Any]], list[str]]) -> PollStatus:
    """§1.2/§1.3: ``successFlag`` 0 generating, 1 success, 2/3 failed."""
    if not isinstance(data, dict):
        raise ProviderError(ProviderErrorCode.UNAVAILABLE, detail=f"{where}: odd data {data!r:.200}")
    flag = data.get("successFlag")
    try:
        flag = int(flag)
    except (TypeError, ValueError):
        flag = 0
    if flag == 1:
        found = urls(data.get("response") or {})
        if not found:
            raise ProviderError(ProviderErrorCode.FAILED, detail=f"{where}: success without result URLs")
        return PollStatus(True, 95, "finished", (found, {}))
    if flag in (2, 3):
        raise failure_error(data.get("errorCode"), data.get("errorMessage"), where=where)
    return PollStatus(False, 40, "generating")


class FluxKontextTaskApi(TaskApi):
    """§1.3 Flux Kontext dedicated API."""

    where = "flux/kontext"

    def create(self, client: KieClient, body: dict[str, Any]) -> str:
        data = client.post("/api/v1/flux/kontext/generate", body, where="flux generate")
        return task_id_from(data, "flux generate")

    def status(self, client: KieClient, task_id: str) -> PollStatus:
        data = client.get("/api/v1/flux/kontext/record-info", {"taskId": task_id}, where="flux record-info")

        def urls(response: dict[str, Any]) -> list[str]:
            return url_list(response.get("resultImageUrl"))

        return successflag_status(data, where="flux record-info", urls=urls)


# --- the shared run loop -------------------------------------------------------------------------


@dataclass
class TaskResult:
    task_id: str
    urls: list[str]
    extra: dict[str, Any]


def run_tasks(
    settings: Settings,
    ctx: RunContext,
    api: TaskApi,
    *,
    count: int,
    build_body: Callable[[KieClient], dict[str, Any]],
    what: str,
) -> list[TaskResult]:
    """Submit (or resume) ``count`` tasks of one product and poll them to the end.

    ``ctx.previous_task_id`` holds ids remembered by an earlier attempt
    (comma-joined); those are polled, never resubmitted. ``build_body`` runs
    only if something still has to be submitted, so a resumed run does not
    re-upload its input image either.
    """
    deadline = Deadline(settings.provider_timeout_seconds)
    interval = settings.provider_poll_interval_seconds
    task_ids = [t for t in (ctx.previous_task_id or "").split(",") if t.strip()]
    results: list[TaskResult] = []
    with KieClient(settings) as client:
        if len(task_ids) < count:
            ctx.report(2, "submitting")
            body = build_body(client)
            while len(task_ids) < count:
                if ctx.is_cancelled():
                    raise ProviderCancelled(f"{what}: cancelled before submit")
                task_ids.append(api.create(client, body))
                # Remember after every paid submit so a crash never loses one.
                ctx.remember_task_id(",".join(task_ids))
        else:
            ctx.report(5, "resuming")
        for index, task_id in enumerate(task_ids):

            def fetch(task_id: str = task_id, index: int = index) -> PollStatus:
                status = api.status(client, task_id)
                # Spread the bar over the tasks: task k of n fills its slice.
                share = 100 / len(task_ids)
                status.progress = int(index * share + status.progress * share / 100)
                return status

            urls, extra = poll_until_done(
                ctx, fetch=fetch, interval=interval, deadline=deadline, what=f"{what} {task_id}"
            )
            results.append(TaskResult(task_id, urls, extra))
    return results


def source_url(client: KieClient, image: bytes | None, url: str | None) -> str:
    """An input image as a URL kie can fetch: the given public URL or an upload."""
    if url:
        return url
    if image:
        return client.upload_image(image)
    raise ProviderError(ProviderErrorCode.INVALID_INPUT, detail="image-to-X request without a source image")


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
