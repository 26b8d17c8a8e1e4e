"""Fake Replicate predictions API (providers.md §3).

- ``POST /v1/models/{owner}/{name}/predictions`` (official models) with
  ``{"input": {...}}``; ``Prefer: wait[=n]`` and ``Cancel-After`` validated
  against the documented patterns.
- ``GET /v1/predictions/{id}``, ``POST /v1/predictions/{id}/cancel``.
- Bearer auth (wrong token: 401 problem JSON), 404 for unknown models,
  422 for missing required input, 429 ``{"detail": "Request was throttled..."}``.

Scripting: ``script(...)`` gives the statuses of the next prediction, one per
look (the create answer is the first look; the last status repeats).
``wait_completes=True`` makes a ``Prefer: wait`` create answer with the final
status at once, as when the model finishes inside the wait.
"""

from __future__ import annotations

import json
import re
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.server import FAKE_MP4, FakeVendor, b64_payload, bearer_ok, tiny_png

PREFER_RE = re.compile(r"^wait(=([1-9]|[1-9][0-9]|60))?$")
CANCEL_AFTER_RE = re.compile(r"^(\d+h)?(\d+m)?(\d+s)?$")

# Known models and their required input fields.
MODELS: dict[str, tuple[str, ...]] = {
    "black-forest-labs/flux-schnell": ("prompt",),
    "black-forest-labs/flux-kontext-pro": ("prompt",),
    "minimax/video-01": ("prompt",),
    # Kling 2.1 is image-to-video only: the start image (first frame) is required.
    "kwaivgi/kling-v2.1": ("prompt", "start_image"),
}
VIDEO_MODELS = {"minimax/video-01", "kwaivgi/kling-v2.1"}
# Input fields that carry a file: an HTTP URL or a data URL of at most 256 KB (§3).
FILE_INPUTS = ("start_image", "first_frame_image", "input_image")
DATA_URL_LIMIT = 256 * 1024


@dataclass
class PStep:
    status: str = "processing"  # starting | processing | succeeded | failed | canceled | aborted
    error: str | None = None


@dataclass
class Reply:
    status: int = 500
    body: dict[str, Any] = field(default_factory=lambda: {"detail": "Internal server error"})
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Prediction:
    id: str
    model: str
    input: dict[str, Any]
    steps: list[PStep]
    looks: int = 0
    canceled: bool = False
    output: list[str] = field(default_factory=list)
    data_removed: bool = False
    first_frame: bytes | None = None  # decoded data-URL start image, for assertions


def _pstep(value: str | PStep) -> PStep:
    return value if isinstance(value, PStep) else PStep(status=value)


class FakeReplicate(FakeVendor):
    def __init__(self, token: str = "r8_test_token", *, wait_completes: bool = False) -> None:
        self.token = token
        self.wait_completes = wait_completes
        self.predictions: dict[str, Prediction] = {}
        self.scripts: deque[list[PStep]] = deque()
        self.default_steps = [PStep("starting"), PStep("processing"), PStep("succeeded")]
        self.cancels: list[str] = []
        self.create_headers: list[dict[str, str]] = []
        super().__init__()

    def script(self, *steps: str | PStep) -> None:
        with self.lock:
            self.scripts.append([_pstep(s) for s in steps])

    def remove_data(self, prediction_id: str) -> None:
        """§3: after about an hour outputs are deleted and ``output`` is null."""
        with self.lock:
            self.predictions[prediction_id].data_removed = True

    @property
    def create_count(self) -> int:
        with self.lock:
            return len(self.predictions)

    def build_app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/v1/models/{owner}/{name}/predictions", self.create, methods=["POST"]),
                Route("/v1/predictions/{pid}", self.get, methods=["GET"]),
                Route("/v1/predictions/{pid}/cancel", self.cancel, methods=["POST"]),
                Route("/files/{name}", self.serve_file, methods=["GET"]),
            ]
        )

    def unauthorized(self) -> Response:
        return JSONResponse(
            {
                "title": "Unauthenticated",
                "detail": "You did not pass a valid authentication token",
                "status": 401,
            },
            status_code=401,
        )

    def render(self, pred: Prediction, step: PStep) -> dict[str, Any]:
        base = f"{self.url}/v1/predictions/{pred.id}"
        status = "canceled" if pred.canceled else step.status
        output: Any = None
        if status == "succeeded" and not pred.data_removed:
            output = pred.output if len(pred.output) > 1 or pred.model not in VIDEO_MODELS else pred.output[0]
        return {
            "id": pred.id,
            "model": pred.model,
            "version": "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa",
            "input": pred.input,
            "logs": "",
            "output": output,
            "error": step.error if status == "failed" else None,
            "status": status,
            "created_at": "2026-01-01T00:00:00.000Z",
            "data_removed": pred.data_removed,
            "urls": {"get": base, "cancel": f"{base}/cancel", "web": f"https://replicate.com/p/{pred.id}"},
        }

    async def create(self, request: Request) -> Response:
        try:
            body = json.loads(await request.body() or b"null")
        except ValueError:
            return JSONResponse({"detail": "Invalid JSON"}, status_code=400)
        self.log(request, body)
        if not bearer_ok(request, self.token):
            return self.unauthorized()
        model = f"{request.path_params['owner']}/{request.path_params['name']}"
        if model not in MODELS:
            return JSONResponse({"detail": "The requested resource could not be found.", "status": 404}, 404)
        prefer = request.headers.get("prefer")
        if prefer is not None and not PREFER_RE.match(prefer):
            return JSONResponse({"detail": f"Invalid Prefer header: {prefer}", "status": 400}, 400)
        cancel_after = request.headers.get("cancel-after")
        if cancel_after is not None and (not cancel_after or not CANCEL_AFTER_RE.match(cancel_after)):
            return JSONResponse(
                {"detail": f"Invalid Cancel-After header: {cancel_after}", "status": 400}, 400
            )
        inputs = body.get("input") if isinstance(body, dict) else None
        if not isinstance(inputs, dict):
            return JSONResponse({"detail": "input is required", "status": 422}, 422)
        missing = [f for f in MODELS[model] if not inputs.get(f)]
        if missing:
            return JSONResponse(
                {
                    "title": "Input validation failed",
                    "detail": f"- input: {missing[0]} is required",
                    "status": 422,
                    "invalid_fields": [{"type": "required", "field": f"input.{m}"} for m in missing],
                },
                422,
            )
        first_frame: bytes | None = None
        for name in FILE_INPUTS:
            value = inputs.get(name)
            if value is None:
                continue
            bad = not isinstance(value, str) or not value.startswith(("http://", "https://", "data:"))
            if not bad and value.startswith("data:"):
                try:
                    decoded = b64_payload(value)
                except ValueError:
                    decoded = b""
                bad = not decoded or len(decoded) > DATA_URL_LIMIT
                first_frame = decoded
            if bad:
                return JSONResponse(
                    {
                        "title": "Input validation failed",
                        "detail": f"- input: {name} must be a URI",
                        "status": 422,
                    },
                    422,
                )
        if "negative_prompt" in inputs and not isinstance(inputs["negative_prompt"], str):
            return JSONResponse({"detail": "- input: negative_prompt must be a string", "status": 422}, 422)
        if model == "kwaivgi/kling-v2.1" and inputs.get("duration", 5) not in (5, 10):
            return JSONResponse({"detail": "- input: duration must be one of 5, 10", "status": 422}, 422)
        with self.lock:
            self.create_headers.append(dict(request.headers))
            if self.create_errors:
                r = self.create_errors.popleft()
                return JSONResponse(r.body, status_code=r.status, headers=r.headers)
            steps = self.scripts.popleft() if self.scripts else list(self.default_steps)
            pid = f"p{len(self.predictions) + 1:04d}fake{id(steps) % 10000:04d}"
            pred = Prediction(pid, model, inputs, steps, first_frame=first_frame)
            video = model in VIDEO_MODELS
            for i in range(int(inputs.get("num_outputs", 1) or 1)):
                name = f"{pid}-{i}.{'mp4' if video else 'png'}"
                data = FAKE_MP4 if video else tiny_png(i)
                pred.output.append(self.add_file(name, data, "video/mp4" if video else "image/png"))
            self.predictions[pid] = pred
            if prefer and self.wait_completes:
                pred.looks = len(steps) - 1
            step = steps[min(pred.looks, len(steps) - 1)]
            pred.looks += 1
            return JSONResponse(self.render(pred, step), status_code=201)

    async def get(self, request: Request) -> Response:
        self.log(request, None)
        if not bearer_ok(request, self.token):
            return self.unauthorized()
        with self.lock:
            if self.poll_errors:
                r = self.poll_errors.popleft()
                return JSONResponse(r.body, status_code=r.status, headers=r.headers)
            pred = self.predictions.get(request.path_params["pid"])
            if pred is None:
                return JSONResponse({"detail": "Not found.", "status": 404}, 404)
            step = pred.steps[min(pred.looks, len(pred.steps) - 1)]
            pred.looks += 1
            return JSONResponse(self.render(pred, step))

    async def cancel(self, request: Request) -> Response:
        self.log(request, None)
        if not bearer_ok(request, self.token):
            return self.unauthorized()
        with self.lock:
            pred = self.predictions.get(request.path_params["pid"])
            if pred is None:
                return JSONResponse({"detail": "Not found.", "status": 404}, 404)
            pred.canceled = True
            self.cancels.append(pred.id)
            step = pred.steps[min(pred.looks, len(pred.steps) - 1)]
            return JSONResponse(self.render(pred, step))
