"""Admin-editable runtime switches (``GET|PUT /api/admin/config``).

Values live in the ``app_config`` table as JSON, one row per key; a key with no
row has its default, so a fresh database needs no seeding.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from sqlmodel import select

from app.db import session_scope, write_session
from app.models.base import utcnow
from app.models.billing import AppConfig
from app.settings import get_settings

DEFAULTS: dict[str, Any] = {
    "generation_enabled": True,
    "video_generation_enabled": True,
    "concurrent_jobs_per_user": 3,
    # Days a generated asset is kept, per plan id (the retention sweep reads this).
    # Defaults come from RETENTION_DAYS_FREE / RETENTION_DAYS_PAID (see ``config_defaults``);
    # an hour pass leaves the user on their plan, so its entry follows the free plan.
    "retention_days": {},
}
PAID_RETENTION_PLANS = ("pro", "pro_plus")
FREE_RETENTION_PLANS = ("free", "hour_flash_lite", "hour_flash", "hour_pro")


def config_defaults() -> dict[str, Any]:
    out = copy.deepcopy(DEFAULTS)
    settings = get_settings()
    out["retention_days"] = {
        **dict.fromkeys(FREE_RETENTION_PLANS, settings.retention_days_free),
        **dict.fromkeys(PAID_RETENTION_PLANS, settings.retention_days_paid),
    }
    return out


class ConfigError(ValueError):
    code = "VALIDATION_ERROR"


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _validate(key: str, value: Any) -> Any:
    if key in ("generation_enabled", "video_generation_enabled"):
        if not isinstance(value, bool):
            raise ConfigError(f"{key} must be true or false")
        return value
    if key == "concurrent_jobs_per_user":
        if not _is_int(value) or not 1 <= value <= 100:
            raise ConfigError("concurrent_jobs_per_user must be a whole number from 1 to 100")
        return value
    if key == "retention_days":
        if not isinstance(value, dict):
            raise ConfigError("retention_days must map plan ids to days")
        for plan_id, days in value.items():
            if not isinstance(plan_id, str) or not plan_id or len(plan_id) > 32:
                raise ConfigError("retention_days keys must be plan ids")
            if not _is_int(days) or not 1 <= days <= 3650:
                raise ConfigError(f"retention_days.{plan_id} must be 1-3650 days")
        return value
    raise ConfigError(f"unknown config key {key!r}")


def get_config() -> dict[str, Any]:
    out = config_defaults()
    with session_scope() as s:
        for row in s.exec(select(AppConfig)).all():
            if row.key in out:
                out[row.key] = json.loads(row.value_json)
    return out


def config_value(key: str) -> Any:
    return get_config()[key]


def update_config(changes: dict[str, Any], *, admin_id: str | None = None) -> dict[str, Any]:
    """Validate every change first, then write them in one transaction.

    ``retention_days`` is merged per plan so an admin can change one plan.
    """
    if not isinstance(changes, dict):
        raise ConfigError("expected an object")
    current = get_config()
    validated: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "retention_days" and isinstance(value, dict):
            value = {**current["retention_days"], **value}
        validated[key] = _validate(key, value)
    with write_session() as s:
        for key, value in validated.items():
            row = s.get(AppConfig, key) or AppConfig(key=key, value_json="null")
            row.value_json = json.dumps(value, sort_keys=True)
            row.updated_at, row.updated_by = utcnow(), admin_id
            s.add(row)
    return get_config()
