"""Fake kie.ai: Market API, Veo API, Flux Kontext API, file upload, credits.

Protocol per /work/shared/reference/providers.md §1:

- §1.0 Bearer auth (wrong key -> ``{"code":401,...}``), the ``{code,msg,data}``
  envelope, errors with HTTP 200 and a non-200 ``code``, 403 "error code: 1010"
  to clients without a browser User-Agent, 20 new tasks per 10 s per key
  (over the limit: 429, not queued).
- §1.1 ``/api/v1/jobs/createTask`` + ``/api/v1/jobs/recordInfo`` (``state``
  strings, JSON-encoded ``param``/``resultJson``, ``progress`` for sora).
- §1.2 ``/api/v1/veo/generate`` + ``/api/v1/veo/record-info`` (``successFlag``).
- §1.3 ``/api/v1/flux/kontext/generate`` + ``/api/v1/flux/kontext/record-info``.
- §1.4 ``/api/file-base64-upload`` (``data.downloadUrl``), §1.5 ``/api/v1/chat/credit``.

Scripting: ``script(...)`` queues the poll sequence of the next created task
(each poll returns the next step; the last one repeats); ``fail_next_create``
and ``fail_next_poll`` queue one-off error answers.
"""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.server import FAKE_MP4, FakeVendor, b64_payload, bearer_ok, tiny_png

MARKET_MODELS = {
    "google/nano-banana",
    "google/nano-banana-edit",
    "sora-2-text-to-video",
    "sora-2-image-to-video",
}
IMAGE_SIZES = {"1:1", "9:16", "16:9", "3:4", "4:3", "3:2", "2:3", "5:4", "4:5", "21:9", "auto"}
VEO_MODELS = {"veo3", "veo3_fast"}
VEO_TYPES = {"TEXT_2_VIDEO", "FIRST_AND_LAST_FRAMES_2_VIDEO", "REFERENCE_2_VIDEO"}
FLUX_MODELS = {"flux-kontext-pro", "flux-kontext-max"}
FLUX_RATIOS = {"21:9", "16:9", "4:3", "1:1", "3:4", "9:16"}


@dataclass
class Step:
    """One poll answer. ``state`` is the Market state; Veo/Flux map it to successFlag."""

    state: str = "generating"  # waiting | queuing | generating | success | fail
    progress: float | None = None
    fail_code: str = ""
    fail_msg: str = ""
    fail_flag: int = 3  # successFlag for "fail" on Veo/Flux: 2 create failed, 3 generation failed


@dataclass
class Reply:
    """A one-off error answer: HTTP status, envelope code and message."""

    http_status: int = 200
    code: int = 500
    msg: str = "Server error"
    headers: dict[str, str] = field(default_factory=dict)
    raw: str | None = None  # a non-JSON body (for example Cloudflare's HTML)


@dataclass
class Task:
    task_id: str
    kind: str  # market | veo | flux
    model: str
    body: dict[str, Any]
    steps: list[Step]
    polls: int = 0
    created: float = 0.0
    result_urls: list[str] = field(default_factory=list)
    # The uploaded bytes an i2v task's first image URL points at (None: not one of our uploads).
    first_frame: bytes | None = None


def _step(value: str | Step) -> Step:
    return value if isinstance(value, Step) else Step(state=value)


class FakeKie(FakeVendor):
    def __init__(
        self,
        api_key: str = "kie-test-key",
        *,
        rate_limit: tuple[int, float] | None = (20, 10.0),
        clock: Callable[[], float] = time.monotonic,
        auth_http_status: int = 401,
        require_browser_ua: bool = True,
        credits: float = 1000.0,
        veo_urls_as_string: bool = False,
    ) -> None:
        self.api_key = api_key
        self.rate_limit = rate_limit
        self.clock = clock
        self.auth_http_status = auth_http_status
        self.require_browser_ua = require_browser_ua
        self.credits = credits
        self.veo_urls_as_string = veo_urls_as_string
        self.tasks: dict[str, Task] = {}
        self.scripts: deque[list[Step]] = deque()
        self.default_steps: list[Step] = [Step("generating"), Step("success")]
        self.uploads: dict[str, bytes] = {}
        self.create_times: deque[float] = deque()
        self.rate_limited = 0
        super().__init__()

    # -- scripting --------------------------------------------------------------------------------

    def script(self, *steps: str | Step) -> None:
        """Poll answers for the next created task, in order (the last repeats)."""
        with self.lock:
            self.scripts.append([_step(s) for s in steps])

    @property
    def create_count(self) -> int:
        with self.lock:
            return len(self.tasks)

    def polls_of(self, task_id: str) -> int:
        with self.lock:
            return self.tasks[task_id].polls

    # -- app --------------------------------------------------------------------------------------

    def build_app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/api/v1/jobs/createTask", self.create_market, methods=["POST"]),
                Route("/api/v1/jobs/recordInfo", self.record_market, methods=["GET"]),
                Route("/api/v1/veo/generate", self.create_veo, methods=["POST"]),
                Route("/api/v1/veo/record-info", self.record_veo, methods=["GET"]),
                Route("/api/v1/flux/kontext/generate", self.create_flux, methods=["POST"]),
                Route("/api/v1/flux/kontext/record-info", self.record_flux, methods=["GET"]),
                Route("/api/file-base64-upload", self.upload_base64, methods=["POST"]),
                Route("/api/v1/chat/credit", self.credit, methods=["GET"]),
                Route("/files/{name}", self.serve_file, methods=["GET"]),
                Route("/uploads/{name}", self.serve_upload, methods=["GET"]),
            ]
        )

    @staticmethod
    def envelope(
        code: int, msg: str, data: Any = None, *, http_status: int = 200, headers: Any = None
    ) -> Response:
        return JSONResponse(
            {"code": code, "msg": msg, "data": data}, status_code=http_status, headers=headers
        )

    def reply(self, r: Reply) -> Response:
        if r.raw is not None:
            return Response(r.raw, status_code=r.http_status, headers=r.headers, media_type="text/html")
        return self.envelope(r.code, r.msg, http_status=r.http_status, headers=r.headers)

    async def guard(self, request: Request) -> tuple[Response | None, Any]:
        """Cloudflare UA check, auth and JSON parsing shared by every route (§1.0)."""
        body: Any = None
        if request.method == "POST":
            try:
                body = json.loads(await request.body() or b"null")
            except ValueError:
                return self.envelope(400, "Invalid JSON"), None
        self.log(request, body)
        ua = request.headers.get("user-agent", "")
        if self.require_browser_ua and (not ua or ua.startswith("python-")):
            return Response("error code: 1010", status_code=403), None
        if not bearer_ok(request, self.api_key):
            return self.envelope(
                401, "You do not have access permissions", http_status=self.auth_http_status
            ), None
        return None, body

    def admit_create(self) -> Response | None:
        """Injected create errors, then the 20-per-10-s new-task limit (§1.0)."""
        with self.lock:
            if self.create_errors:
                return self.reply(self.create_errors.popleft())
            if self.rate_limit:
                limit, window = self.rate_limit
                now = self.clock()
                while self.create_times and now - self.create_times[0] >= window:
                    self.create_times.popleft()
                if len(self.create_times) >= limit:
                    self.rate_limited += 1
                    return self.envelope(
                        429, "Rate limit exceeded: 20 requests per 10 seconds", http_status=429
                    )
                self.create_times.append(now)
        return None

    def new_task(self, kind: str, model: str, body: dict[str, Any], prefix: str) -> Task:
        with self.lock:
            steps = self.scripts.popleft() if self.scripts else list(self.default_steps)
            task_id = f"{prefix}{len(self.tasks) + 1:04d}{int(time.time() * 1000) % 100000:05d}"
            task = Task(task_id, kind, model, body, steps, created=time.time())
            video = kind == "veo" or model.startswith("sora")
            count = 1
            for i in range(count):
                name = f"{task_id}-{i}.{'mp4' if video else 'png'}"
                data = FAKE_MP4 if video else tiny_png(len(self.tasks) + i)
                task.result_urls.append(self.add_file(name, data, "video/mp4" if video else "image/png"))
            task.first_frame = self.uploaded_image(_first_image_url(body))
            self.tasks[task_id] = task
            return task

    def uploaded_image(self, url: str | None) -> bytes | None:
        """The bytes behind a URL this fake handed out from an upload (§1.4), if it is one."""
        prefix = f"{self.url}/uploads/"
        if not url or not url.startswith(prefix):
            return None
        with self.lock:
            return self.uploads.get(url[len(prefix) :])

    def next_poll(self, task_id: str | None, kind: str) -> tuple[Response | None, Task | None, Step | None]:
        with self.lock:
            if self.poll_errors:
                return self.reply(self.poll_errors.popleft()), None, None
            task = self.tasks.get(task_id or "")
            if task is None or task.kind != kind:
                msg = "recordInfo is null" if kind == "market" else "record is null"
                return self.envelope(422, msg), None, None
            step = task.steps[min(task.polls, len(task.steps) - 1)]
            task.polls += 1
            return None, task, step

    # -- Market API (§1.1) ------------------------------------------------------------------------

    async def create_market(self, request: Request) -> Response:
        error, body = await self.guard(request)
        if error:
            return error
        invalid = validate_market(body)
        if invalid:
            return self.envelope(*invalid)
        limited = self.admit_create()
        if limited:
            return limited
        task = self.new_task("market", body["model"], body, "task_")
        return self.envelope(200, "success", {"taskId": task.task_id})

    async def record_market(self, request: Request) -> Response:
        error, _ = await self.guard(request)
        if error:
            return error
        error, task, step = self.next_poll(request.query_params.get("taskId"), "market")
        if error:
            return error
        assert task and step
        now = int(time.time() * 1000)
        data: dict[str, Any] = {
            "taskId": task.task_id,
            "model": task.model,
            "state": step.state,
            "param": json.dumps(task.body),
            "resultJson": "",
            "failCode": "",
            "failMsg": "",
            "costTime": 0,
            "completeTime": None,
            "createTime": int(task.created * 1000),
            "updateTime": now,
        }
        if step.progress is not None:
            data["progress"] = step.progress
        if step.state == "success":
            result: dict[str, Any] = {"resultUrls": task.result_urls}
            if task.model.startswith("sora"):
                result["resultWaterMarkUrls"] = [u + "?wm=1" for u in task.result_urls]
            data.update(resultJson=json.dumps(result), completeTime=now, costTime=15000)
        elif step.state == "fail":
            data.update(failCode=step.fail_code or "500", failMsg=step.fail_msg or "Internal server error")
        return self.envelope(200, "success", data)

    # -- Veo API (§1.2) ---------------------------------------------------------------------------

    async def create_veo(self, request: Request) -> Response:
        error, body = await self.guard(request)
        if error:
            return error
        invalid = validate_veo(body)
        if invalid:
            return self.envelope(*invalid)
        limited = self.admit_create()
        if limited:
            return limited
        task = self.new_task("veo", body.get("model", "veo3_fast"), body, "veo_task_")
        return self.envelope(200, "success", {"taskId": task.task_id})

    async def record_veo(self, request: Request) -> Response:
        return await self._record_flag(request, "veo")

    # -- Flux Kontext API (§1.3) ------------------------------------------------------------------

    async def create_flux(self, request: Request) -> Response:
        error, body = await self.guard(request)
        if error:
            return error
        invalid = validate_flux(body)
        if invalid:
            return self.envelope(*invalid)
        limited = self.admit_create()
        if limited:
            return limited
        task = self.new_task("flux", body.get("model", "flux-kontext-pro"), body, "fluxkontext_")
        return self.envelope(200, "success", {"taskId": task.task_id})

    async def record_flux(self, request: Request) -> Response:
        return await self._record_flag(request, "flux")

    async def _record_flag(self, request: Request, kind: str) -> Response:
        error, _ = await self.guard(request)
        if error:
            return error
        error, task, step = self.next_poll(request.query_params.get("taskId"), kind)
        if error:
            return error
        assert task and step
        flag = {"success": 1, "fail": step.fail_flag}.get(step.state, 0)
        data: dict[str, Any] = {
            "taskId": task.task_id,
            "paramJson": json.dumps(task.body),
            "completeTime": None,
            "createTime": int(task.created * 1000),
            "successFlag": flag,
            "errorCode": None,
            "errorMessage": None,
            "response": None,
        }
        if flag == 1:
            data["completeTime"] = int(time.time() * 1000)
            if kind == "veo":
                urls: Any = task.result_urls
                if self.veo_urls_as_string:
                    urls = json.dumps(task.result_urls)
                data["response"] = {
                    "taskId": task.task_id,
                    "resultUrls": urls,
                    "originUrls": [],
                    "resolution": "720p",
                }
            else:
                data["response"] = {"originImageUrl": None, "resultImageUrl": task.result_urls[0]}
        elif flag in (2, 3):
            data["errorCode"] = int(step.fail_code or 500)
            data["errorMessage"] = step.fail_msg or "Internal server error"
        return self.envelope(200, "success", data)

    # -- upload (§1.4) and credits (§1.5) ---------------------------------------------------------

    async def upload_base64(self, request: Request) -> Response:
        error, body = await self.guard(request)
        if error:
            return error
        if not isinstance(body, dict) or not body.get("base64Data") or not body.get("uploadPath"):
            return self.envelope(400, "base64Data and uploadPath are required", http_status=400)
        path = str(body["uploadPath"])
        if path.startswith("/") or path.endswith("/"):
            return self.envelope(400, "uploadPath must not start or end with /", http_status=400)
        try:
            data = b64_payload(str(body["base64Data"]))
        except ValueError:
            return self.envelope(400, "invalid base64Data", http_status=400)
        name = str(body.get("fileName") or f"upload-{len(self.uploads)}.bin")
        with self.lock:
            self.uploads[name] = data
        return JSONResponse(
            {
                "success": True,
                "code": 200,
                "msg": "File uploaded successfully",
                "data": {
                    "fileName": name,
                    "filePath": f"{path}/{name}",
                    "downloadUrl": f"{self.url}/uploads/{name}",
                    "fileSize": len(data),
                    "mimeType": "image/png",
                    "uploadedAt": "2026-01-01T00:00:00Z",
                },
            }
        )

    async def serve_upload(self, request: Request) -> Response:
        data = self.uploads.get(request.path_params["name"])
        if data is None:
            return Response("not found", status_code=404)
        return Response(data, media_type="image/png")

    async def credit(self, request: Request) -> Response:
        error, _ = await self.guard(request)
        if error:
            return error
        return self.envelope(200, "success", self.credits)


# -- request validation, as kie answers it (§1.0: HTTP 200, envelope code) -------------------------


def _first_image_url(body: dict[str, Any]) -> str | None:
    """Market ``input.image_urls[0]`` (§1.1) or Veo ``imageUrls[0]`` (§1.2)."""
    urls = (body.get("input") or {}).get("image_urls") if isinstance(body.get("input"), dict) else None
    urls = urls or body.get("imageUrls")
    return str(urls[0]) if isinstance(urls, list) and urls else None


def _is_url_list(value: Any, max_items: int) -> bool:
    return (
        isinstance(value, list)
        and 1 <= len(value) <= max_items
        and all(isinstance(v, str) and v.startswith(("http://", "https://")) for v in value)
    )


def validate_market(body: Any) -> tuple[int, str] | None:
    if not isinstance(body, dict) or not isinstance(body.get("input"), dict):
        return 500, "This field is required"
    model = body.get("model")
    if model not in MARKET_MODELS:
        return 422, f"model {model!r} is not supported"
    inputs = body["input"]
    prompt = inputs.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        return 500, "This field is required"
    if model.startswith("google/"):
        if len(prompt) > 5000:
            return 422, "prompt must be at most 5000 characters"
        if inputs.get("output_format", "png") not in ("png", "jpeg"):
            return 422, "output_format must be png or jpeg"
        if inputs.get("image_size", "1:1") not in IMAGE_SIZES:
            return 422, "image_size is invalid"
        if model == "google/nano-banana-edit" and not _is_url_list(inputs.get("image_urls"), 10):
            return 422, "image_urls is required"
    else:
        if len(prompt) > 10000:
            return 422, "prompt must be at most 10000 characters"
        if inputs.get("aspect_ratio", "landscape") not in ("portrait", "landscape"):
            return 422, "aspect_ratio must be portrait or landscape"
        if inputs.get("n_frames", "10") not in ("10", "15"):  # a string, not a number
            return 422, "n_frames must be '10' or '15'"
        if model == "sora-2-image-to-video" and not _is_url_list(inputs.get("image_urls"), 1):
            return 422, "image_urls is required"
    return None


def validate_veo(body: Any) -> tuple[int, str] | None:
    if not isinstance(body, dict) or not isinstance(body.get("prompt"), str) or not body["prompt"].strip():
        return 422, "prompt is required"
    if body.get("model", "veo3_fast") not in VEO_MODELS:
        return 422, "model must be veo3 or veo3_fast"
    if body.get("generationType", "TEXT_2_VIDEO") not in VEO_TYPES:
        return 422, "generationType is invalid"
    for key in ("aspect_ratio", "aspectRatio"):  # spec versions disagree (§1.2): accept both
        if key in body and body[key] not in ("16:9", "9:16", "Auto"):
            return 422, f"{key} is invalid"
    if "seeds" in body and not (isinstance(body["seeds"], int) and 10000 <= body["seeds"] <= 99999):
        return 422, "seeds must be 10000-99999"
    if body.get("generationType") == "FIRST_AND_LAST_FRAMES_2_VIDEO" and not _is_url_list(
        body.get("imageUrls"), 2
    ):
        return 422, "imageUrls is required"
    return None


def validate_flux(body: Any) -> tuple[int, str] | None:
    if not isinstance(body, dict) or not isinstance(body.get("prompt"), str) or not body["prompt"].strip():
        return 422, "prompt is required"
    if body.get("model", "flux-kontext-pro") not in FLUX_MODELS:
        return 422, "model is invalid"
    if body.get("aspectRatio", "16:9") not in FLUX_RATIOS:
        return 422, "aspectRatio is invalid"
    if body.get("outputFormat", "jpeg") not in ("jpeg", "png"):
        return 422, "outputFormat is invalid"
    if "inputImage" in body and not _is_url_list([body["inputImage"]], 1):
        return 422, "inputImage must be a URL"
    return None
