"""How the local engines report a render that did not finish, in the providers' error codes."""

from __future__ import annotations

from app.media.ffmpeg import MediaError
from app.providers.errors import ProviderError, ProviderErrorCode


def cancelled() -> ProviderError:
    return ProviderError(ProviderErrorCode.FAILED, "Generation was cancelled.", detail="cancelled")


def render_failure(exc: MediaError) -> ProviderError:
    """A cancelled, timed-out or failed ffmpeg run; the tail of ffmpeg's log goes to admins only."""
    if exc.cancelled:
        return cancelled()
    code = ProviderErrorCode.TIMEOUT if exc.timed_out else ProviderErrorCode.FAILED
    return ProviderError(code, detail=f"{exc} {exc.detail[-500:]}")
