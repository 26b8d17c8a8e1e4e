"""Fake DeepSeek chat completions (providers.md §2).

- ``POST /chat/completions``: Bearer auth, current model names only
  (``deepseek-chat``/``deepseek-reasoner`` are retired: 400), JSON mode needs
  the word "json" in the prompt, OpenAI-style error bodies
  ``{"error": {"message", "type", "param", "code"}}``.
- ``GET /user/balance`` with string amounts.
- ``keepalive_lines`` prefixes bodies with empty lines, as DeepSeek does
  under load.

Scripting: ``reply(...)`` queues answers (content strings or errors).
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

from tests.fakes.server import FakeVendor, bearer_ok

CURRENT_MODELS = {"deepseek-flash", "deepseek-v4-flash", "deepseek-v4-pro"}


@dataclass
class ChatReply:
    content: str = '{"ok": true}'
    finish_reason: str = "stop"
    status: int = 200  # non-200: an error with ``message``
    message: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class FakeDeepSeek(FakeVendor):
    def __init__(self, api_key: str = "sk-test-deepseek", *, keepalive_lines: int = 0) -> None:
        self.api_key = api_key
        self.keepalive_lines = keepalive_lines
        self.replies: deque[ChatReply] = deque()
        self.bodies: list[dict[str, Any]] = []
        super().__init__()

    def reply(self, *replies: ChatReply | str) -> None:
        with self.lock:
            for r in replies:
                self.replies.append(r if isinstance(r, ChatReply) else ChatReply(content=r))

    def build_app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/chat/completions", self.chat, methods=["POST"]),
                Route("/user/balance", self.balance, methods=["GET"]),
            ]
        )

    @staticmethod
    def error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        body = {"error": {"message": message, "type": "invalid_request_error", "param": None, "code": None}}
        return JSONResponse(body, status_code=status, headers=headers)

    async def chat(self, request: Request) -> Response:
        try:
            body = json.loads(await request.body() or b"null")
        except ValueError:
            return self.error(400, "Failed to deserialize the JSON body")
        self.log(request, body)
        if not bearer_ok(request, self.api_key):
            return self.error(401, "Authentication Fails, Your api key is invalid")
        if not isinstance(body, dict) or not isinstance(body.get("messages"), list) or not body["messages"]:
            return self.error(422, "messages is required")
        if body.get("model") not in CURRENT_MODELS:
            return self.error(400, f"Model Not Exist: {body.get('model')}")
        if (body.get("response_format") or {}).get("type") == "json_object":
            text = " ".join(str(m.get("content", "")) for m in body["messages"]).lower()
            if "json" not in text:
                return self.error(
                    400, "Prompt must contain the word 'json' to use response_format json_object"
                )
        with self.lock:
            self.bodies.append(body)
            r = self.replies.popleft() if self.replies else ChatReply()
        if r.delay:
            await asyncio.sleep(r.delay)
        if r.status != 200:
            return self.error(r.status, r.message or "error", r.headers)
        payload = {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": 1767225600,
            "model": body["model"],
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": r.content},
                    "finish_reason": r.finish_reason,
                }
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
        }
        raw = "\n" * self.keepalive_lines + json.dumps(payload)
        return Response(raw, media_type="application/json")

    async def balance(self, request: Request) -> Response:
        if not bearer_ok(request, self.api_key):
            return self.error(401, "Authentication Fails")
        return JSONResponse(
            {
                "is_available": True,
                "balance_infos": [
                    {
                        "currency": "USD",
                        "total_balance": "110.00",
                        "granted_balance": "10.00",
                        "topped_up_balance": "100.00",
                    }
                ],
            }
        )
