"""DeepSeek chat completions as our ChatModel (JSON mode).

Wire protocol: /work/shared/reference/providers.md §2 (DeepSeek).

- OpenAI-compatible ``POST /chat/completions`` on ``https://api.deepseek.com``
  (no ``/v1``), ``Authorization: Bearer``.
- Models: ``deepseek-chat``/``deepseek-reasoner`` were retired after
  2026-07-24; the current names are ``deepseek-flash`` and ``deepseek-v4-pro``.
  A retired name in settings is mapped to ``deepseek-flash`` here so an old
  .env keeps working.
- JSON mode: ``response_format: {"type": "json_object"}``; the prompt must
  contain the word "json"; the API may answer with blank ``content`` when it
  could not produce JSON, which we retry once.
- Thinking mode is on by default and ignores ``temperature``; we switch it off
  (``thinking: {"type": "disabled"}``) because planner prompts want fast,
  steerable JSON, not chains of thought.
- Under load the server sends empty lines before the body; ``json.loads``
  skips leading whitespace, so they are harmless.
- Errors: 400/422 invalid, 401 auth, 402 insufficient balance, 429 rate limit,
  500/503 server.
"""

from __future__ import annotations

import json
import time
from typing import Any

from app.providers.base import ChatModel
from app.providers.errors import ProviderError, ProviderErrorCode
from app.providers.http import json_body, make_client, retry_transient, send
from app.settings import Settings, get_settings

VENDOR = "DeepSeek"
RETIRED_MODELS = {"deepseek-chat": "deepseek-flash", "deepseek-reasoner": "deepseek-flash"}
CURRENT_MODELS = ("deepseek-flash", "deepseek-v4-flash", "deepseek-v4-pro")
JSON_HINT = "Answer with one JSON object only."


def current_model_name(name: str) -> str:
    return RETIRED_MODELS.get(name, name or "deepseek-flash")


class DeepSeekChatModel(ChatModel):
    """``complete_json`` over DeepSeek's OpenAI-compatible chat API (§2)."""

    def __init__(self, settings: Settings | None = None, *, max_tokens: int = 4096) -> None:
        self._settings = settings
        self.model_id = current_model_name(self.settings.deepseek_model)
        self.max_tokens = max_tokens

    @property
    def settings(self) -> Settings:
        return self._settings or get_settings()

    def _body(self, system: str, user: str, temperature: float) -> dict[str, Any]:
        # §2 JSON mode: the word "json" must appear in the prompt.
        if "json" not in (system + user).lower():
            system = f"{system.rstrip()}\n{JSON_HINT}".strip()
        return {
            "model": self.model_id,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
            "response_format": {"type": "json_object"},
            "thinking": {"type": "disabled"},
            "temperature": temperature,
            "max_tokens": self.max_tokens,
            "stream": False,
        }

    def complete_json(self, system: str, user: str, *, temperature: float = 0.7) -> dict[str, Any]:
        settings = self.settings
        if not settings.deepseek_api_key:
            raise ProviderError(ProviderErrorCode.AUTH_FAILED, detail="DEEPSEEK_API_KEY is not set")
        body = self._body(system, user, temperature)
        timeout = min(settings.provider_timeout_seconds, 600.0)
        headers = {"Authorization": f"Bearer {settings.deepseek_api_key}", "Content-Type": "application/json"}
        with make_client(settings.deepseek_base_url, headers=headers, timeout=timeout) as client:

            def call() -> dict[str, Any]:
                response = send(client, "POST", "/chat/completions", vendor=VENDOR, json=body)
                return self._parse(json_body(response, VENDOR))

            # A chat call is not billed per attempt beyond its tokens and has no
            # task id, so a short retry on blips (429/5xx/blank JSON) is safe.
            return retry_transient(
                call,
                sleep=time.sleep,
                base_wait=max(settings.provider_poll_interval_seconds, 0.01),
                attempts=2,
            )

    def _parse(self, payload: Any) -> dict[str, Any]:
        if isinstance(payload, dict) and "error" in payload and "choices" not in payload:
            raise ProviderError(ProviderErrorCode.FAILED, detail=f"{VENDOR}: {payload['error']!r:.300}")
        try:
            choice = payload["choices"][0]
            content = choice["message"].get("content") or ""
        except (KeyError, IndexError, TypeError, AttributeError) as exc:
            raise ProviderError(
                ProviderErrorCode.UNAVAILABLE, detail=f"{VENDOR}: odd body {payload!r:.300}"
            ) from exc
        finish = choice.get("finish_reason")
        if finish == "content_filter":
            raise ProviderError(
                ProviderErrorCode.SAFETY_BLOCKED, detail=f"{VENDOR}: finish_reason content_filter"
            )
        if not content.strip():
            # §2: "content may be only spaces even when finish_reason is stop".
            raise ProviderError(
                ProviderErrorCode.UNAVAILABLE, detail=f"{VENDOR}: blank JSON content ({finish})"
            )
        try:
            parsed = json.loads(content)
        except ValueError as exc:
            code = ProviderErrorCode.FAILED if finish != "length" else ProviderErrorCode.INVALID_INPUT
            raise ProviderError(code, detail=f"{VENDOR}: not JSON ({finish}): {content[:200]!r}") from exc
        if not isinstance(parsed, dict):
            raise ProviderError(
                ProviderErrorCode.FAILED, detail=f"{VENDOR}: JSON is not an object: {content[:200]!r}"
            )
        return parsed

    def balance(self) -> dict[str, Any]:
        """§2 ``GET /user/balance`` (amounts are strings), for the admin page."""
        settings = self.settings
        headers = {"Authorization": f"Bearer {settings.deepseek_api_key}"}
        with make_client(settings.deepseek_base_url, headers=headers) as client:
            response = send(client, "GET", "/user/balance", vendor=VENDOR)
            return json_body(response, VENDOR)
