"""Shared HTTP plumbing for the vendor adapters.

Every vendor adapter talks HTTP through ``httpx`` and normalizes failures into
``ProviderError`` with one of our codes, so this module holds the pieces they
share: client construction, status-code mapping, a bounded retry for single
idempotent calls (polls, downloads), the poll deadline, cancellation and
``download_result`` for fetching vendor result URLs.

Protocol facts used here come from /work/shared/reference/providers.md; each
helper names the section it relies on.
"""

from __future__ import annotations

import re
import ssl
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

import httpx
from tenacity import Retrying, retry_if_exception, stop_after_attempt

from app.providers.errors import ProviderError, ProviderErrorCode

T = TypeVar("T")

# providers.md §1.0: kie's hosts sit behind Cloudflare and answer a bare 403
# "error code: 1010" to clients without a browser-like User-Agent, so every
# vendor call carries one.
USER_AGENT = "Mozilla/5.0 (compatible; ContentStudio/1.0; +https://github.com/content-studio)"

# Vendor results are images and short clips; anything bigger is not ours.
MAX_RESULT_BYTES = 512 * 1024 * 1024

# Words vendors use when a safety or content-policy filter stopped a request
# (kie failMsg, Veo errorMessage, Replicate "NSFW content detected", ...).
_SAFETY_RE = re.compile(
    r"safety|content[ -]?polic|nsfw|sensitive|moderat|prohibited|flagged|inappropriate|"
    r"violat|public figure|rejected by flow|not allowed content|content exists risk",
    re.IGNORECASE,
)
_BALANCE_RE = re.compile(r"insufficient (credit|balance)|not enough credit|balance|credits? exhausted", re.I)


class ProviderCancelled(ProviderError):
    """The job was cancelled while we waited on the vendor (never worth a retry)."""

    def __init__(self, detail: str = "cancelled while waiting on the vendor") -> None:
        super().__init__(ProviderErrorCode.CANCELLED, detail=detail)


def looks_like_safety(text: str | None) -> bool:
    return bool(text and _SAFETY_RE.search(text))


def looks_like_balance(text: str | None) -> bool:
    return bool(text and _BALANCE_RE.search(text))


@lru_cache(maxsize=1)
def ssl_context() -> ssl.SSLContext:
    """One verified TLS context for every client: building one costs ~25 ms."""
    return httpx.create_ssl_context()


def make_client(
    base_url: str,
    *,
    headers: dict[str, str] | None = None,
    timeout: float = 30.0,
) -> httpx.Client:
    """A client for one vendor host with our User-Agent and sane timeouts."""
    all_headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    all_headers.update(headers or {})
    return httpx.Client(
        base_url=base_url.rstrip("/"),
        headers=all_headers,
        timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)),
        follow_redirects=False,
        verify=ssl_context(),
    )


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds form only)."""
    if not value:
        return None
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        # The HTTP-date form is rare on APIs; ignoring it only loses a hint.
        return None


def body_text(response: httpx.Response, limit: int = 500) -> str:
    try:
        return response.text[:limit]
    except Exception:  # undecodable bodies are still an error to report
        return f"<{len(response.content)} bytes>"


def error_for_status(response: httpx.Response, vendor: str, *, detail: str | None = None) -> ProviderError:
    """Map a non-2xx HTTP response to our code (the brief's table).

    429 -> RATE_LIMITED (with Retry-After), 401/403 -> AUTH_FAILED,
    402 -> VENDOR_BALANCE, 400/404/422 -> INVALID_INPUT unless the text names a
    safety filter, 408/504 -> TIMEOUT, other 5xx -> UNAVAILABLE.
    """
    status = response.status_code
    text = detail if detail is not None else body_text(response)
    full = f"{vendor} HTTP {status}: {text}"
    if status == 429:
        return ProviderError(
            ProviderErrorCode.RATE_LIMITED,
            detail=full,
            retry_after=parse_retry_after(response.headers.get("Retry-After")),
        )
    if status in (401, 403):
        return ProviderError(ProviderErrorCode.AUTH_FAILED, detail=full)
    if status == 402:
        return ProviderError(ProviderErrorCode.VENDOR_BALANCE, detail=full)
    if status in (408, 504):
        return ProviderError(ProviderErrorCode.TIMEOUT, detail=full)
    if status >= 500:
        return ProviderError(
            ProviderErrorCode.UNAVAILABLE,
            detail=full,
            retry_after=parse_retry_after(response.headers.get("Retry-After")),
        )
    if looks_like_safety(text):
        return ProviderError(ProviderErrorCode.SAFETY_BLOCKED, detail=full)
    if status in (400, 404, 409, 413, 415, 422):
        return ProviderError(ProviderErrorCode.INVALID_INPUT, detail=full)
    return ProviderError(ProviderErrorCode.FAILED, detail=full)


def error_for_transport(exc: httpx.HTTPError, vendor: str) -> ProviderError:
    """Connection failures are UNAVAILABLE; read/connect timeouts are TIMEOUT."""
    if isinstance(exc, httpx.TimeoutException):
        return ProviderError(ProviderErrorCode.TIMEOUT, detail=f"{vendor}: {type(exc).__name__}: {exc}")
    return ProviderError(ProviderErrorCode.UNAVAILABLE, detail=f"{vendor}: {type(exc).__name__}: {exc}")


def send(
    client: httpx.Client,
    method: str,
    url: str,
    *,
    vendor: str,
    **kwargs: Any,
) -> httpx.Response:
    """One request; transport errors and non-2xx statuses become ProviderError."""
    try:
        response = client.request(method, url, **kwargs)
    except httpx.HTTPError as exc:
        raise error_for_transport(exc, vendor) from exc
    if response.status_code >= 400:
        raise error_for_status(response, vendor)
    return response


def json_body(response: httpx.Response, vendor: str) -> Any:
    try:
        return response.json()
    except ValueError as exc:
        raise ProviderError(
            ProviderErrorCode.UNAVAILABLE,
            detail=f"{vendor}: non-JSON answer (HTTP {response.status_code}): {body_text(response, 200)}",
        ) from exc


TRANSIENT_CODES = frozenset(
    {ProviderErrorCode.UNAVAILABLE, ProviderErrorCode.RATE_LIMITED, ProviderErrorCode.TIMEOUT}
)


def retry_transient(
    call: Callable[[], T],
    *,
    sleep: Callable[[float], None],
    base_wait: float,
    attempts: int = 3,
    max_wait: float = 30.0,
    codes: frozenset[ProviderErrorCode] = TRANSIENT_CODES,
) -> T:
    """Run one idempotent call (a poll, a download) with a short bounded retry.

    Only for reads: a create is never retried here, because a lost answer to a
    paid submit must not turn into a second paid task. The job-level retry
    policy stays with the backbone; this only smooths over a blip inside one
    poll. Waits honor the vendor's Retry-After and go through ``sleep`` so
    tests (and the RunContext) control time.
    """

    def wait(state: Any) -> float:
        exc = state.outcome.exception() if state.outcome else None
        hinted = getattr(exc, "retry_after", None)
        if hinted is not None:
            return min(float(hinted), max_wait)
        return min(base_wait * (2 ** (state.attempt_number - 1)), max_wait)

    retrying = Retrying(
        stop=stop_after_attempt(attempts),
        retry=retry_if_exception(lambda exc: isinstance(exc, ProviderError) and exc.code in codes),
        wait=wait,
        sleep=sleep,
        reraise=True,
    )
    return retrying(call)


class Deadline:
    """The poll budget of one run (settings.provider_timeout_seconds)."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.seconds = seconds
        self._end = clock() + seconds

    @property
    def remaining(self) -> float:
        return self._end - self._clock()

    def check(self, what: str) -> None:
        if self.remaining <= 0:
            raise ProviderError(
                ProviderErrorCode.TIMEOUT,
                detail=f"{what}: no result after {self.seconds:g} s",
            )


@dataclass
class DownloadedResult:
    data: bytes
    content_type: str
    url: str


def download_result(
    url: str,
    *,
    headers: dict[str, str] | None = None,
    timeout: float = 120.0,
    attempts: int = 3,
    sleep: Callable[[float], None] = time.sleep,
    base_wait: float = 1.0,
    max_bytes: int = MAX_RESULT_BYTES,
    expired_statuses: Iterable[int] = (403, 404, 410),
) -> DownloadedResult:
    """Fetch a vendor result URL, with up to ``attempts`` tries.

    Vendor result links are short-lived (providers.md §1.0: kie URLs "typically
    expire after 24 hours"; §3: Replicate deletes outputs after about an hour;
    §4: Veo files after 2 days), so 403/404/410 on the result URL means the file
    is gone: RESULT_EXPIRED, at once, without retrying. 5xx, 429 and connection
    errors are retried; after the last attempt they surface as UNAVAILABLE /
    RATE_LIMITED / TIMEOUT.
    """
    expired = set(expired_statuses)

    def once() -> DownloadedResult:
        try:
            client = httpx.Client(
                headers={"User-Agent": USER_AGENT, **(headers or {})},
                timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)),
                follow_redirects=True,  # CDNs and Veo file URLs redirect (§4)
                verify=ssl_context(),
            )
            with client, client.stream("GET", url) as response:
                if response.status_code in expired:
                    response.read()
                    raise ProviderError(
                        ProviderErrorCode.RESULT_EXPIRED,
                        detail=f"result URL answered HTTP {response.status_code}: {url}",
                    )
                if response.status_code >= 400:
                    response.read()
                    raise error_for_status(response, "result download")
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise ProviderError(
                            ProviderErrorCode.FAILED,
                            detail=f"result larger than {max_bytes} bytes: {url}",
                        )
                    chunks.append(chunk)
                content_type = response.headers.get("Content-Type", "application/octet-stream")
                return DownloadedResult(
                    data=b"".join(chunks),
                    content_type=content_type.split(";")[0].strip(),
                    url=url,
                )
        except httpx.HTTPError as exc:
            raise error_for_transport(exc, "result download") from exc

    return retry_transient(once, sleep=sleep, base_wait=base_wait, attempts=attempts)


def sniff_image_type(data: bytes) -> str:
    """MIME type of image bytes from their magic number (PNG/JPEG/WEBP)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"


@dataclass
class PollStatus:
    """One look at a vendor task: finished or not, and how far along."""

    done: bool
    progress: int
    step: str
    result: Any = None


def poll_until_done(
    ctx: Any,
    *,
    fetch: Callable[[], PollStatus],
    interval: float,
    deadline: Deadline,
    what: str,
    cancel: Callable[[], None] | None = None,
) -> Any:
    """Poll ``fetch`` every ``interval`` seconds via ``ctx.sleep`` until done.

    Stops with ProviderCancelled when the job is cancelled and with TIMEOUT when
    the budget runs out; in both cases ``cancel`` (the vendor's cancel call, if
    it has one) is tried so an abandoned task stops costing money. A failing
    cancel call never hides the reason we stopped.
    """

    def stop(error: ProviderError) -> ProviderError:
        if cancel is not None:
            try:
                cancel()
            except ProviderError:
                pass
        return error

    while True:
        if ctx.is_cancelled():
            raise stop(ProviderCancelled(f"{what}: cancelled"))
        try:
            deadline.check(what)
        except ProviderError as exc:
            raise stop(exc) from None
        status = retry_transient(fetch, sleep=ctx.sleep, base_wait=max(interval, 0.01))
        ctx.report(status.progress, status.step)
        if status.done:
            return status.result
        ctx.sleep(interval)
