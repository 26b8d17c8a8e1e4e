"""The system switches (generation on/off, video on/off) and limits, on the ops and billing pages.

A state mixin: both admin pages edit the same runtime config through
``config.update_config``, so they read and save it the same way.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from app.services import platform
from app.services.platform import ServiceError


class SystemSwitchesMixin(rx.State, mixin=True):
    generation_enabled: bool = True
    video_enabled: bool = True
    concurrency: str = "3"
    # [plan id, days, label] per plan.
    retention: list[list[str]] = []

    def _load_config(self) -> None:
        cfg = platform.get_config()
        self.generation_enabled = bool(cfg.get("generation_enabled", True))
        self.video_enabled = bool(cfg.get("video_generation_enabled", True))
        self.concurrency = str(cfg.get("concurrent_jobs_per_user", ""))
        retention = cfg.get("retention_days") or {}
        self.retention = [[str(k), str(v), str(k).replace("_", " ").title()] for k, v in retention.items()]

    def _save_config(self, changes: dict[str, Any]):
        me = self._admin()
        if me is None:
            return rx.toast.error("Admins only.")
        try:
            platform.update_config(changes, admin_id=me.id)
        except (ValueError, ServiceError) as exc:
            self._load_config()
            return rx.toast.error(str(exc))
        self._load_config()
        return rx.toast.success("Saved. It applies to new jobs right away.")

    @rx.event
    def set_generation(self, value: bool):
        return self._save_config({"generation_enabled": bool(value)})

    @rx.event
    def set_video(self, value: bool):
        return self._save_config({"video_generation_enabled": bool(value)})

    @rx.event
    def save_limits(self, form: dict):
        try:
            changes: dict[str, Any] = {
                "concurrent_jobs_per_user": int(str(form.get("concurrency", "")).strip())
            }
            retention = {
                k.removeprefix("retention:"): int(str(v).strip())
                for k, v in form.items()
                if k.startswith("retention:") and str(v).strip()
            }
        except ValueError:
            return rx.toast.error("Limits must be whole numbers.")
        if retention:
            changes["retention_days"] = retention
        return self._save_config(changes)
