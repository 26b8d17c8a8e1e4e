"""Fake Gemini Developer API for Veo (providers.md §4).

- ``POST /v1beta/models/{model}:predictLongRunning`` with ``x-goog-api-key``
  (or ``?key=``); ``instances[0].image`` as ``bytesBase64Encoded`` or
  ``inlineData`` (both are accepted, as §4 advises); ``parameters`` checked
  against the documented values (1080p only at 8 s, ``allow_adult`` for i2v).
- ``GET /v1beta/{operation name}``: ``done`` false for the scripted number of
  looks, then a ``generateVideoResponse`` with a file URI, or a scripted
  ``error`` / RAI filter answer.
- ``GET /v1beta/files/{id}:download``: the video, only with the key header.
- Shut-down models (``retired``) answer 404 "... is no longer available".
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.server import FAKE_MP4, FakeVendor

MODELS = {"veo-3.1-generate-preview", "veo-3.1-fast-generate-preview", "veo-3.0-generate-001"}


@dataclass
class Operation:
    name: str
    model: str
    body: dict[str, Any]
    pending_looks: int
    looks: int = 0
    error: dict[str, Any] | None = None
    filtered: bool = False
    first_frame: bytes | None = None
    file_id: str = ""


@dataclass
class Outcome:
    pending_looks: int = 1
    error: dict[str, Any] | None = None  # {"code", "message", "status"}
    filtered: bool = False


@dataclass
class FakeGemini(FakeVendor):
    api_key: str = "gemini-test-key"
    retired: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.operations: dict[str, Operation] = {}
        self.outcomes: list[Outcome] = []
        self.downloads = 0
        super().__init__()

    def script(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)

    def build_app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/v1beta/models/{call:path}", self.create, methods=["POST"]),
                Route("/v1beta/files/{file}", self.download, methods=["GET"]),
                Route("/v1beta/models/{model}/operations/{op}", self.get_operation, methods=["GET"]),
            ]
        )

    def _authorized(self, request: Request) -> bool:
        return (request.headers.get("x-goog-api-key") or request.query_params.get("key")) == self.api_key

    @staticmethod
    def _error(code: int, status: str, message: str) -> Response:
        return JSONResponse({"error": {"code": code, "message": message, "status": status}}, status_code=code)

    async def create(self, request: Request) -> Response:
        try:
            body = json.loads(await request.body() or b"null")
        except ValueError:
            return self._error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.")
        self.log(request, body)
        if not self._authorized(request):
            return self._error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers.")
        model, _, verb = request.path_params["call"].partition(":")
        if verb != "predictLongRunning":
            return self._error(404, "NOT_FOUND", f"Unknown method {verb}")
        if model in self.retired:
            return self._error(404, "NOT_FOUND", f"models/{model} is no longer available.")
        if model not in MODELS:
            return self._error(404, "NOT_FOUND", f"models/{model} is not found for API version v1beta")
        problem, first_frame = _validate(body)
        if problem:
            return self._error(400, "INVALID_ARGUMENT", problem)
        with self.lock:
            outcome = self.outcomes.pop(0) if self.outcomes else Outcome()
            n = len(self.operations) + 1
            name = f"models/{model}/operations/op{n:04d}"
            op = Operation(
                name, model, body, outcome.pending_looks, error=outcome.error, filtered=outcome.filtered
            )
            op.first_frame = first_frame
            op.file_id = f"file{n:04d}"
            self.operations[name] = op
            self.files[op.file_id] = (FAKE_MP4, "video/mp4")
        return JSONResponse({"name": name})

    async def get_operation(self, request: Request) -> Response:
        self.log(request, None)
        if not self._authorized(request):
            return self._error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers.")
        name = f"models/{request.path_params['model']}/operations/{request.path_params['op']}"
        with self.lock:
            op = self.operations.get(name)
            if op is None:
                return self._error(404, "NOT_FOUND", "Operation not found")
            op.looks += 1
            if op.looks <= op.pending_looks:
                return JSONResponse({"name": name, "metadata": {}})
            if op.error:
                return JSONResponse({"name": name, "done": True, "error": op.error})
            if op.filtered:
                answer: dict[str, Any] = {
                    "raiMediaFilteredCount": 1,
                    "raiMediaFilteredReasons": ["The prompt could not be submitted: safety filter."],
                }
            else:
                uri = f"{self.url}/v1beta/files/{op.file_id}:download?alt=media"
                answer = {"generatedSamples": [{"video": {"uri": uri}}]}
        return JSONResponse({"name": name, "done": True, "response": {"generateVideoResponse": answer}})

    async def download(self, request: Request) -> Response:
        self.log(request, None)
        if not self._authorized(request):
            return self._error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers.")
        file_id = request.path_params["file"].split(":")[0]
        with self.lock:
            found = self.files.get(file_id)
            self.downloads += 1
        if found is None:
            return self._error(404, "NOT_FOUND", "File not found")
        return Response(found[0], media_type=found[1])


def _image_bytes(image: Any) -> bytes | None:
    """``{"bytesBase64Encoded", "mimeType"}`` or ``{"inlineData": {"mimeType", "data"}}`` (§4)."""
    if not isinstance(image, dict):
        return None
    payload = image.get("bytesBase64Encoded")
    if payload is None and isinstance(image.get("inlineData"), dict):
        payload = image["inlineData"].get("data")
    if not isinstance(payload, str):
        return None
    try:
        return base64.b64decode(payload, validate=True)
    except ValueError:
        return None


def _validate(body: Any) -> tuple[str | None, bytes | None]:
    if not isinstance(body, dict) or not isinstance(body.get("instances"), list) or not body["instances"]:
        return "instances is required", None
    instance = body["instances"][0]
    if not isinstance(instance, dict) or not str(instance.get("prompt") or "").strip():
        return "instances[0].prompt is required", None
    first_frame = None
    if "image" in instance:
        first_frame = _image_bytes(instance["image"])
        if not first_frame:
            return "instances[0].image must carry base64 image bytes", None
    params = body.get("parameters") or {}
    if params.get("aspectRatio", "16:9") not in ("16:9", "9:16"):
        return "aspectRatio must be 16:9 or 9:16", None
    duration = str(params.get("durationSeconds", "8"))  # strings in the docs, integers from SDKs
    if duration not in ("4", "6", "8"):
        return "durationSeconds must be 4, 6 or 8", None
    if params.get("resolution") in ("1080p", "4k") and duration != "8":
        return "1080p and 4k require durationSeconds 8", None
    if first_frame is not None and params.get("personGeneration", "allow_adult") != "allow_adult":
        return "image-to-video supports personGeneration allow_adult only", None
    for rejected in ("seed", "fps", "generateAudio"):
        if rejected in params:
            return f"{rejected} is not supported in the Gemini API", None
    if "negativePrompt" in params and not isinstance(params["negativePrompt"], str):
        return "negativePrompt must be a string", None
    return None, first_frame
