"""Versions of an attempt group: the timeline of iterations, the score trend, two compared side by side."""

from __future__ import annotations

from typing import Any

import reflex as rx

from app.services import iteration
from app.services.platform import ServiceError
from app.state.pro.views import compare_side, trend_point, version_row

MAX_VERSIONS = 30


class VersionsMixin(rx.State, mixin=True):
    versions: list[dict[str, str]] = []
    trend: list[dict[str, Any]] = []
    versions_loaded: bool = False
    compare_a: str = ""
    compare_b: str = ""
    compared: list[dict[str, str]] = []
    compare_error: str = ""

    def _reset_versions(self) -> None:
        self.versions, self.trend, self.compared = [], [], []
        self.versions_loaded = False
        self.compare_a = self.compare_b = self.compare_error = ""

    @rx.event
    def load_versions(self):
        user = self._require_user()  # type: ignore[attr-defined]
        if user is None:
            return self._login_redirect()  # type: ignore[attr-defined]
        group_id = self.attempt_group_id  # type: ignore[attr-defined]
        if not group_id:
            return None
        try:
            items = iteration.list_versions(user.id, group_id).versions
        except ServiceError as exc:
            self.versions, self.trend = [], []
            return rx.toast.error(exc.message)
        items = list(items)[-MAX_VERSIONS:]
        self.versions = [version_row(v) for v in items][::-1]
        self.trend = [trend_point(v) for v in items]
        self.versions_loaded = True
        ids = [r["id"] for r in self.versions]
        if len(ids) >= 2 and not (self.compare_a in ids and self.compare_b in ids):
            self.compare_a, self.compare_b = ids[1], ids[0]
        return None

    @rx.event
    def set_compare_a(self, value: str):
        if any(r["id"] == value for r in self.versions):
            self.compare_a = value

    @rx.event
    def set_compare_b(self, value: str):
        if any(r["id"] == value for r in self.versions):
            self.compare_b = value

    @rx.event
    def compare(self):
        user = self._require_user()  # type: ignore[attr-defined]
        if user is None:
            return self._login_redirect()  # type: ignore[attr-defined]
        if not self.compare_a or not self.compare_b:
            self.compare_error = "Choose two versions to compare."
            return None
        if self.compare_a == self.compare_b:
            self.compare_error = "Choose two different versions."
            return None
        try:
            result = iteration.compare_versions(user.id, self.compare_a, self.compare_b)
        except ServiceError as exc:
            self.compared = []
            self.compare_error = exc.message
            return None
        self.compare_error = ""
        self.compared = [compare_side(result.a), compare_side(result.b)]
        return None
