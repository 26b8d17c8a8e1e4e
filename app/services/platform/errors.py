"""Domain errors with the codes of the REST contract.

Services raise these; the REST layer turns them into the documented error JSON
and the UI shows ``message`` as it is, so messages are short and actionable.
"""

from __future__ import annotations


class ServiceError(Exception):
    code = "ERROR"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.retry_after = retry_after


class InvalidInput(ServiceError):
    code = "VALIDATION_ERROR"
    status = 422


class Unauthorized(ServiceError):
    code = "UNAUTHORIZED"
    status = 401


class Forbidden(ServiceError):
    code = "FORBIDDEN"
    status = 403


class NotFound(ServiceError):
    code = "NOT_FOUND"
    status = 404


class Conflict(ServiceError):
    code = "CONFLICT"
    status = 409


class RateLimited(ServiceError):
    code = "RATE_LIMITED"
    status = 429


class PayloadTooLarge(ServiceError):
    """An upload (image or sheet) over its size or pixel limit."""

    code = "PAYLOAD_TOO_LARGE"
    status = 413


class UnsupportedFile(ServiceError):
    """An upload that is not one of the file types we accept."""

    code = "UNSUPPORTED_FILE"
    status = 415
