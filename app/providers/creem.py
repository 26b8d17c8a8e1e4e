"""Creem (creem.io) HTTP adapter: checkouts, customer portal, subscriptions, webhook signatures.

Wire protocol (reference/providers.md section 5): JSON over HTTPS, ``x-api-key``
header, test base ``https://test-api.creem.io``. Webhooks are signed with
``creem-signature`` = hex(HMAC-SHA256(secret, raw body)), no timestamp.

A leaf module: it knows Creem, not users or credits.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

UpdateBehavior = Literal["proration-charge-immediately", "proration-charge", "proration-none"]
CancelMode = Literal["immediate", "scheduled"]


class CreemError(Exception):
    """A failed Creem call. ``status`` is the HTTP status (0 for network errors)."""

    def __init__(self, message: str, status: int = 0, body: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body

    @property
    def retryable(self) -> bool:
        return self.status in (0, 429) or self.status >= 500


class InvalidSignature(Exception):
    code = "INVALID_SIGNATURE"


@dataclass(frozen=True)
class CreemCheckout:
    id: str
    checkout_url: str
    status: str = ""
    mode: str = ""
    raw: dict[str, Any] = field(default_factory=dict)


def sign(raw_body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()


def verify_signature(raw_body: bytes, signature_header: str | None, secret: str) -> None:
    """Raise ``InvalidSignature`` unless the header is the HMAC of exactly these bytes.

    The body must be the raw bytes as received: re-serialized JSON would not match.
    """
    if not secret:
        raise InvalidSignature("webhook secret is not configured")
    if not signature_header:
        raise InvalidSignature("missing creem-signature header")
    expected = sign(raw_body, secret)
    if not hmac.compare_digest(expected, signature_header.strip().lower()):
        raise InvalidSignature("signature does not match")


class CreemClient:
    def __init__(
        self,
        api_key: str,
        base_url: str = "https://test-api.creem.io",
        *,
        timeout: float = 20.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not api_key:
            raise CreemError("Creem API key is not configured")
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"x-api-key": api_key, "accept": "application/json"},
            timeout=timeout,
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> CreemClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            resp = self._client.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise CreemError(f"Creem unreachable: {exc.__class__.__name__}") from exc
        try:
            body = resp.json() if resp.content else {}
        except ValueError:
            body = {"text": resp.text[:500]}
        if resp.status_code >= 400:
            message = body.get("message") if isinstance(body, dict) else None
            if isinstance(message, list):
                message = "; ".join(str(m) for m in message)
            raise CreemError(
                f"Creem {method} {path} failed ({resp.status_code}): {message or 'error'}",
                status=resp.status_code,
                body=body,
            )
        if not isinstance(body, dict):
            raise CreemError(
                f"Creem {method} {path}: unexpected response", status=resp.status_code, body=body
            )
        return body

    def create_checkout(
        self,
        product_id: str,
        *,
        request_id: str | None = None,
        success_url: str | None = None,
        customer_email: str | None = None,
        customer_id: str | None = None,
        metadata: dict[str, Any] | None = None,
        units: int | None = None,
    ) -> CreemCheckout:
        payload: dict[str, Any] = {"product_id": product_id}
        if request_id:
            payload["request_id"] = request_id
        if success_url:
            payload["success_url"] = success_url
        if customer_id:
            payload["customer"] = {"id": customer_id}
        elif customer_email:
            payload["customer"] = {"email": customer_email}
        if metadata:
            payload["metadata"] = metadata
        if units:
            payload["units"] = units
        body = self._call("POST", "/v1/checkouts", json=payload)
        url = body.get("checkout_url")
        if not url:
            raise CreemError("Creem checkout has no checkout_url", body=body)
        return CreemCheckout(
            id=str(body.get("id", "")),
            checkout_url=str(url),
            status=str(body.get("status", "")),
            mode=str(body.get("mode", "")),
            raw=body,
        )

    def get_checkout(self, checkout_id: str) -> dict[str, Any]:
        return self._call("GET", "/v1/checkouts", params={"checkout_id": checkout_id})

    def customer_portal_link(self, customer_id: str) -> str:
        body = self._call("POST", "/v1/customers/billing", json={"customer_id": customer_id})
        link = body.get("customer_portal_link")
        if not link:
            raise CreemError("Creem returned no customer_portal_link", body=body)
        return str(link)

    def get_subscription(self, subscription_id: str) -> dict[str, Any]:
        return self._call("GET", "/v1/subscriptions", params={"subscription_id": subscription_id})

    def upgrade_subscription(
        self,
        subscription_id: str,
        product_id: str,
        update_behavior: UpdateBehavior = "proration-charge-immediately",
    ) -> dict[str, Any]:
        return self._call(
            "POST",
            f"/v1/subscriptions/{subscription_id}/upgrade",
            json={"product_id": product_id, "update_behavior": update_behavior},
        )

    def cancel_subscription(self, subscription_id: str, mode: CancelMode = "scheduled") -> dict[str, Any]:
        return self._call("POST", f"/v1/subscriptions/{subscription_id}/cancel", json={"mode": mode})
