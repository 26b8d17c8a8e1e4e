"""Vendor rate limits shared by every worker: a token bucket in Redis, per vendor account.

kie.ai allows 20 new tasks per 10 s per account and answers 429 (not queued)
beyond that (providers.md §1.0). Its window slides, so a classic bucket
(burst B, refill r per second) would have to keep B + r * window <= 20 and
could use only about 95 % of the allowance. Here every spent token comes back
exactly ``refill_seconds`` after it was spent: the bucket admits at most
``capacity`` tokens in any window of that length, which is the vendor's own
rule, so a batch can run at the vendor's full rate without tripping a 429.
``refill_seconds`` is the vendor's window plus a small margin for the time
between taking a token and the request reaching the vendor.

One Lua script takes the tokens atomically against Redis' clock (workers on
several machines need no synchronized clocks) and, when the bucket is empty,
answers how long until enough tokens return, so waiters sleep instead of
polling Redis. The bucket's key is a hash of the account's API key: two
deployments sharing an account share a bucket, and the key never reaches Redis.
"""

from __future__ import annotations

import hashlib
import logging
import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from app import queue as task_queue
from app.providers import registry
from app.settings import Settings, get_settings

log = logging.getLogger(__name__)

KEY_PREFIX = "cs:ratelimit:"
# Added to the vendor's window: request latency and clock skew between Redis and the vendor.
WINDOW_MARGIN_SECONDS = 0.25

_SCRIPT = """
local key = KEYS[1]
local capacity = tonumber(ARGV[1])
local refill_us = tonumber(ARGV[2])
local tokens = tonumber(ARGV[3])
local member = ARGV[4]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - refill_us)
local used = redis.call('ZCARD', key)
if used + tokens <= capacity then
  for i = 1, tokens do
    redis.call('ZADD', key, now, member .. ':' .. i)
  end
  redis.call('PEXPIRE', key, math.floor(refill_us / 1000) + 1000)
  return 0
end
local index = used + tokens - capacity - 1
local entry = redis.call('ZRANGE', key, index, index, 'WITHSCORES')
local wait = tonumber(entry[2]) + refill_us - now
if wait < 1000 then wait = 1000 end
return wait
"""


@dataclass(frozen=True)
class Bucket:
    """``capacity`` tokens; each spent token returns ``refill_seconds`` later."""

    name: str
    capacity: int
    refill_seconds: float

    @property
    def key(self) -> str:
        return KEY_PREFIX + self.name

    @property
    def rate(self) -> float:
        """Sustained tokens per second."""
        return self.capacity / self.refill_seconds


def _account(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()[:16]


def _kie(settings: Settings) -> Bucket | None:
    if not settings.kie_api_key or settings.kie_rate_limit_tasks < 1:
        return None
    return Bucket(
        name=f"kie.ai:{_account(settings.kie_api_key)}",
        capacity=settings.kie_rate_limit_tasks,
        refill_seconds=settings.kie_rate_limit_window_seconds + WINDOW_MARGIN_SECONDS,
    )


# Vendor (ModelInfo.vendor) -> its account's bucket; vendors not listed are not throttled here.
VENDOR_BUCKETS: dict[str, Callable[[Settings], Bucket | None]] = {"kie.ai": _kie}


def bucket_for_vendor(vendor: str, settings: Settings | None = None) -> Bucket | None:
    factory = VENDOR_BUCKETS.get(vendor)
    return factory(settings or get_settings()) if factory else None


def bucket_for_model(kind: str, model_id: str) -> Bucket | None:
    """The bucket a model's provider calls draw from (None: local engines, unthrottled vendors)."""
    infos = registry.image_models() if kind == "image" else registry.video_models()
    info = next((m for m in infos if m.id == model_id), None)
    if info is None or info.is_local:
        return None
    return bucket_for_vendor(info.vendor)


def _redis():
    return task_queue.get_redis()  # read at call time, so tests can point it elsewhere


def try_acquire(bucket: Bucket, tokens: int = 1) -> float:
    """Take ``tokens`` now and return 0, or return the seconds until they could be taken."""
    if not 1 <= tokens <= bucket.capacity:
        raise ValueError(f"cannot take {tokens} tokens from a bucket of {bucket.capacity}")
    wait_us = _redis().eval(
        _SCRIPT,
        1,
        bucket.key,
        bucket.capacity,
        int(bucket.refill_seconds * 1_000_000),
        tokens,
        secrets.token_hex(8),
    )
    return int(wait_us) / 1_000_000


def acquire(
    bucket: Bucket,
    tokens: int = 1,
    *,
    sleep: Callable[[float], None] = time.sleep,
    is_cancelled: Callable[[], bool] | None = None,
    on_wait: Callable[[float], None] | None = None,
) -> bool:
    """Wait until ``tokens`` are taken; False when ``is_cancelled`` turned true meanwhile.

    Sleeps as long as Redis says (plus a little jitter so waiters do not wake
    in lockstep). If Redis cannot be asked the call lets the request through:
    the vendor's 429 is retried by the job runner, while a hard failure here
    would fail jobs that could have run.
    """
    notified = False
    while True:
        try:
            wait = try_acquire(bucket, tokens)
        except ValueError:
            raise
        except Exception:
            log.warning("rate limiter unavailable for %s; proceeding", bucket.name, exc_info=True)
            return True
        if wait <= 0:
            return True
        if on_wait is not None and not notified:
            notified = True
            on_wait(wait)
        sleep(wait + random.uniform(0.0, 0.05))
        if is_cancelled is not None and is_cancelled():
            return False


def reset(bucket: Bucket) -> None:
    """Forget every spent token (tests and benchmarks)."""
    _redis().delete(bucket.key)
