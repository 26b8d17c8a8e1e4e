"""Fake Hugging Face Inference Providers router, text to image (providers.md §8).

``POST /hf-inference/models/{owner}/{name}`` with ``{"inputs", "parameters"}``
answers raw image bytes; errors are JSON ``{"error": "..."}``; 404 for models
hf-inference does not serve; Bearer ``hf_…`` auth.

Scripting: ``reply(...)`` queues answers (an image, or an error with status,
message, headers, ``estimated_time``, and an optional delay).
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.server import FakeVendor, bearer_ok, tiny_png

SERVED = {"black-forest-labs/FLUX.1-schnell", "stabilityai/stable-diffusion-xl-base-1.0"}


@dataclass
class HFReply:
    status: int = 200
    error: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    estimated_time: float | None = None
    delay: float = 0.0
    content_type: str = "image/png"


class FakeHuggingFace(FakeVendor):
    def __init__(self, token: str = "hf_test_token") -> None:
        self.token = token
        self.replies: deque[HFReply] = deque()
        self.calls = 0
        super().__init__()

    def reply(self, *replies: HFReply) -> None:
        with self.lock:
            self.replies.extend(replies)

    def build_app(self) -> Starlette:
        return Starlette(routes=[Route("/hf-inference/models/{owner}/{name}", self.infer, methods=["POST"])])

    async def infer(self, request: Request) -> Response:
        try:
            body: Any = json.loads(await request.body() or b"null")
        except ValueError:
            return JSONResponse({"error": "Invalid JSON"}, status_code=400)
        self.log(request, body)
        if not bearer_ok(request, self.token):
            return JSONResponse({"error": "Invalid credentials in Authorization header"}, status_code=401)
        model = f"{request.path_params['owner']}/{request.path_params['name']}"
        if model not in SERVED:
            return JSONResponse({"error": f"Model {model} is not supported by provider hf-inference"}, 404)
        if (
            not isinstance(body, dict)
            or not isinstance(body.get("inputs"), str)
            or not body["inputs"].strip()
        ):
            return JSONResponse({"error": "Input should be a valid string: inputs"}, status_code=422)
        params = body.get("parameters") or {}
        if not isinstance(params, dict):
            return JSONResponse({"error": "parameters must be an object"}, status_code=422)
        with self.lock:
            self.calls += 1
            r = self.replies.popleft() if self.replies else HFReply()
            seed = self.calls
        if r.delay:
            await asyncio.sleep(r.delay)
        if r.status != 200:
            payload: dict[str, Any] = {"error": r.error or "error"}
            if r.estimated_time is not None:
                payload["estimated_time"] = r.estimated_time
            return JSONResponse(payload, status_code=r.status, headers=r.headers)
        return Response(tiny_png(seed), media_type=r.content_type)
