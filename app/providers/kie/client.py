"""kie.ai's HTTP client: the envelope, the error codes, file uploads and the credit balance.

Wire protocol: /work/shared/reference/providers.md §1.0 (Bearer auth, the
``{code, msg|message, data}`` envelope whose ``code`` carries the real outcome
even when HTTP says 200, and the code table), §1.4 (file upload on another
host, ``data.downloadUrl``) and §1.5 (``GET /api/v1/chat/credit``).
"""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import httpx

from app.providers.errors import ProviderError, ProviderErrorCode
from app.providers.http import (
    json_body,
    looks_like_balance,
    looks_like_safety,
    make_client,
    send,
    sniff_image_type,
)
from app.settings import Settings, get_settings

VENDOR = "kie.ai"
UPLOAD_PATH = "content-studio/inputs"  # §1.4: no leading or trailing slash


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
