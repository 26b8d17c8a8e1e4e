"""Per-user rate limits (video PRD NFR-011): generations per hour and REST API requests per minute.

Each limit is a sliding-window log in Redis: a sorted set per user and limit holding one member
per counted event, scored by Redis' own clock. One Lua script drops members older than the window,
counts the rest and adds the new one only when there is room, so every process (each Reflex
backend worker, the API, every machine) shares one count without synchronized clocks. A refused
caller learns exactly when the oldest counted event leaves the window: that is ``Retry-After``.

What counts as a generation: one request that makes media counts one (an image request with
``n`` images, a video, a hero-frame round, a set of motion attempts, an editor clip). Spreadsheet
batch rows do not count: a batch is paced by its own starter, and counting its rows would make
any batch longer than the limit unusable. An idempotent replay of a request counts nothing, and a
submit refused later (credits, quota, concurrency) gives its count back.

The defaults live in settings (``RATE_LIMIT_GENERATIONS_PER_HOUR``, ``RATE_LIMIT_API_REQUESTS_PER_
MINUTE``); an admin's per-user override (a ``user_rate_limits`` row) replaces them for that user.
0 means no limit. When Redis cannot be asked, the request goes through (logged): credits, quotas
and the concurrency cap still hold in the database, and a limiter outage must not stop the app.
"""

from __future__ import annotations

import logging
import math
import secrets
from dataclasses import dataclass

from app import queue as task_queue
from app.db import session_scope, write_session
from app.models.accounts import User
from app.models.base import utcnow
from app.models.ops import UserRateLimit
from app.services.platform import InvalidInput, NotFound, RateLimited
from app.settings import get_settings

log = logging.getLogger(__name__)

KEY_PREFIX = "cs:userlimit:"
GENERATIONS = "generations"
API_REQUESTS = "api"
WINDOWS = {GENERATIONS: 3600, API_REQUESTS: 60}
MAX_LIMIT = 1_000_000

# KEYS[1] the user's set; ARGV: limit, window in microseconds, new member. Returns 0 when counted,
# else the microseconds until the oldest counted member leaves the window.
_SCRIPT = """
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window_us = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window_us)
local used = redis.call('ZCARD', key)
if used < limit then
  redis.call('ZADD', key, now, ARGV[3])
  redis.call('PEXPIRE', key, math.floor(window_us / 1000) + 1000)
  return 0
end
local oldest = redis.call('ZRANGE', key, used - limit, used - limit, 'WITHSCORES')
local wait = tonumber(oldest[2]) + window_us - now
if wait < 1 then wait = 1 end
return wait
"""


@dataclass(frozen=True)
class UserLimits:
    """The limits in force for one user; ``*_override`` is None when the default applies."""

    generations_per_hour: int
    api_requests_per_minute: int
    generations_override: int | None
    api_override: int | None
    default_generations_per_hour: int
    default_api_requests_per_minute: int

    def as_dict(self) -> dict[str, int | None]:
        return {
            "generations_per_hour": self.generations_per_hour,
            "api_requests_per_minute": self.api_requests_per_minute,
            "generations_per_hour_override": self.generations_override,
            "api_requests_per_minute_override": self.api_override,
            "default_generations_per_hour": self.default_generations_per_hour,
            "default_api_requests_per_minute": self.default_api_requests_per_minute,
        }


@dataclass(frozen=True)
class RateLimitTicket:
    """One counted event; ``give_back`` removes it again (a submit refused after counting)."""

    key: str
    member: str


def limits_for(user_id: str) -> UserLimits:
    settings = get_settings()
    with session_scope() as s:
        row = s.get(UserRateLimit, user_id)
        gen = row.generations_per_hour if row else None
        api = row.api_requests_per_minute if row else None
    return UserLimits(
        generations_per_hour=settings.rate_limit_generations_per_hour if gen is None else gen,
        api_requests_per_minute=settings.rate_limit_api_requests_per_minute if api is None else api,
        generations_override=gen,
        api_override=api,
        default_generations_per_hour=settings.rate_limit_generations_per_hour,
        default_api_requests_per_minute=settings.rate_limit_api_requests_per_minute,
    )


def _checked(value: int | None, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_LIMIT:
        raise InvalidInput(f"{name} must be a whole number from 0 (no limit) to {MAX_LIMIT}, or empty.")
    return value


def set_user_limits(
    user_id: str,
    *,
    generations_per_hour: int | None,
    api_requests_per_minute: int | None,
    admin_id: str | None = None,
) -> UserLimits:
    """Set (a number) or clear (None: back to the default) the user's overrides."""
    gen = _checked(generations_per_hour, "Generations per hour")
    api = _checked(api_requests_per_minute, "API requests per minute")
    with write_session() as s:
        if s.get(User, user_id) is None:
            raise NotFound("User not found.")
        row = s.get(UserRateLimit, user_id)
        if gen is None and api is None:
            if row is not None:
                s.delete(row)
        else:
            row = row or UserRateLimit(user_id=user_id)
            row.generations_per_hour = gen
            row.api_requests_per_minute = api
            row.updated_at = utcnow()
            row.updated_by = admin_id
            s.add(row)
    log.info("rate limits of user %s set by %s: generations=%s api=%s", user_id, admin_id, gen, api)
    return limits_for(user_id)


def _key(scope: str, user_id: str) -> str:
    return f"{KEY_PREFIX}{scope}:{user_id}"


def _take(scope: str, user_id: str, limit: int) -> tuple[RateLimitTicket | None, float]:
    """(ticket, 0) when counted, (None, seconds to wait) when full; (None, 0) when not limited."""
    if limit <= 0:
        return None, 0.0
    key = _key(scope, user_id)
    member = secrets.token_hex(8)
    try:
        wait_us = task_queue.get_redis().eval(_SCRIPT, 1, key, limit, WINDOWS[scope] * 1_000_000, member)
    except Exception:
        log.warning("rate limiter unavailable (%s); letting the request through", scope, exc_info=True)
        return None, 0.0
    wait = int(wait_us) / 1_000_000
    return (RateLimitTicket(key, member), 0.0) if wait <= 0 else (None, wait)


def _wait_words(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} seconds"
    return f"{math.ceil(seconds / 60)} minutes"


def take_generation(user_id: str, limit: int | None = None) -> RateLimitTicket | None:
    """Count one generation request, or raise ``RateLimited`` (429, ``Retry-After``)."""
    if limit is None:
        limit = limits_for(user_id).generations_per_hour
    ticket, wait = _take(GENERATIONS, user_id, limit)
    if ticket is None and wait > 0:
        retry_after = max(1, math.ceil(wait))
        raise RateLimited(
            f"You have reached your limit of {limit} generation{'' if limit == 1 else 's'} per hour. "
            f"Try again in {_wait_words(retry_after)}.",
            retry_after=retry_after,
        )
    return ticket


def check_api_request(user_id: str, limit: int | None = None) -> None:
    """Count one REST API request, or raise ``RateLimited`` (429, ``Retry-After``)."""
    if limit is None:
        limit = limits_for(user_id).api_requests_per_minute
    ticket, wait = _take(API_REQUESTS, user_id, limit)
    if ticket is None and wait > 0:
        retry_after = max(1, math.ceil(wait))
        raise RateLimited(
            f"Too many API requests: the limit is {limit} per minute. Retry in {retry_after} seconds.",
            retry_after=retry_after,
        )


def give_back_generation(ticket: RateLimitTicket | None) -> None:
    if ticket is None:
        return
    try:
        task_queue.get_redis().zrem(ticket.key, ticket.member)
    except Exception:
        log.warning("could not give back a rate-limit count", exc_info=True)


def used_generations(user_id: str, scope: str = GENERATIONS) -> int:
    """Events counted in the current window (admin view, tests)."""
    try:
        redis = task_queue.get_redis()
        now_s, now_us = redis.time()
        now = now_s * 1_000_000 + now_us
        return int(redis.zcount(_key(scope, user_id), now - WINDOWS[scope] * 1_000_000, "+inf"))
    except Exception:
        return 0


def reset_rate_limits(user_id: str) -> None:
    """Forget the user's counted events (admin "reset", tests and benchmarks)."""
    task_queue.get_redis().delete(_key(GENERATIONS, user_id), _key(API_REQUESTS, user_id))
