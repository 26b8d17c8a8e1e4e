"""Provider errors normalized to our codes.

Every adapter (vendor or local engine) raises ``ProviderError`` with one of the
codes below, so the generation backbone can decide retry vs. fail without
knowing which vendor spoke.
"""

from __future__ import annotations

from enum import StrEnum


class ProviderErrorCode(StrEnum):
    RATE_LIMITED = "PROVIDER_RATE_LIMITED"
    SAFETY_BLOCKED = "PROVIDER_SAFETY_BLOCKED"
    VENDOR_BALANCE = "PROVIDER_BALANCE_EXHAUSTED"
    INVALID_INPUT = "PROVIDER_INVALID_INPUT"
    TIMEOUT = "PROVIDER_TIMEOUT"
    UNAVAILABLE = "PROVIDER_UNAVAILABLE"
    RESULT_EXPIRED = "PROVIDER_RESULT_EXPIRED"
    AUTH_FAILED = "PROVIDER_AUTH_FAILED"
    FAILED = "PROVIDER_FAILED"
    CANCELLED = "PROVIDER_CANCELLED"


# Transient codes are worth another attempt with backoff; the rest fail at once.
RETRYABLE_CODES = frozenset(
    {
        ProviderErrorCode.RATE_LIMITED,
        ProviderErrorCode.TIMEOUT,
        ProviderErrorCode.UNAVAILABLE,
    }
)

USER_MESSAGES = {
    ProviderErrorCode.RATE_LIMITED: "The model provider is busy right now. We will retry shortly.",
    ProviderErrorCode.SAFETY_BLOCKED: "The request was blocked by the model's safety filter. "
    "Rephrase the prompt or use another image.",
    ProviderErrorCode.VENDOR_BALANCE: "This model is temporarily unavailable. Try another model.",
    ProviderErrorCode.INVALID_INPUT: "The model rejected the input. Check the prompt and image.",
    ProviderErrorCode.TIMEOUT: "The model took too long to answer.",
    ProviderErrorCode.UNAVAILABLE: "The model provider is unavailable right now.",
    ProviderErrorCode.RESULT_EXPIRED: "The generated file expired before it could be saved.",
    ProviderErrorCode.AUTH_FAILED: "This model is not configured correctly. Contact support.",
    ProviderErrorCode.FAILED: "The model could not generate this asset.",
    ProviderErrorCode.CANCELLED: "The generation was cancelled.",
}


class ProviderError(Exception):
    """A provider failure with a normalized code and a user-facing message."""

    def __init__(
        self,
        code: ProviderErrorCode,
        message: str | None = None,
        *,
        detail: str = "",
        retry_after: float | None = None,
    ) -> None:
        self.code = ProviderErrorCode(code)
        self.message = message or USER_MESSAGES[self.code]
        # Vendor wording kept for logs and admins, never shown to users.
        self.detail = detail
        self.retry_after = retry_after
        super().__init__(f"{self.code}: {self.message} {detail}".strip())

    @property
    def retryable(self) -> bool:
        return self.code in RETRYABLE_CODES
