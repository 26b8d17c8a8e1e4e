"""The quality dashboard (/pro/quality): score distributions, iterations per final, agreement.

Admins may widen it to every account; everyone else sees their own groups only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import reflex as rx

from app.services import iteration
from app.services.platform import ServiceError
from app.state.auth import AuthState
from app.state.inputs import one

ROUTE = "/pro/quality"
SCOPES = ("mine", "all")
MAX_VIDEOS = 20
TREND_SERIES = 6  # per-video trend lines drawn (the newest videos)


def _parse_day(value: str, end: bool = False) -> dt.datetime | None:
    """A date input's "2026-12-03" as the start (or the end) of that day in UTC."""
    try:
        day = dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
    if day is None:
        return None
    return dt.datetime.combine(day, dt.time(23, 59, 59) if end else dt.time(0, 0), tzinfo=dt.UTC)


def _pct(value: Any) -> str:
    return f"{float(value) * 100:.0f}%" if isinstance(value, (int, float)) else "–"


def _num(value: Any, digits: int = 2) -> str:
    return f"{float(value):.{digits}f}" if isinstance(value, (int, float)) else "–"


def _round(value: Any) -> float | None:
    return round(float(value), 3) if isinstance(value, (int, float)) else None


def histogram_rows(hist: dict[str, Any]) -> list[dict[str, Any]]:
    """``{bins (lower edges), attempts, finals}`` -> one bar group per score bin ("0.6-0.7")."""
    bins = [float(b) for b in hist.get("bins") or []]
    attempts, finals = list(hist.get("attempts") or []), list(hist.get("finals") or [])
    width = bins[1] - bins[0] if len(bins) > 1 else 0.1
    rows = []
    for i, count in enumerate(attempts):
        low = bins[i] if i < len(bins) else i * width
        rows.append(
            {
                "bucket": f"{low:.1f}–{low + width:.1f}",
                "attempts": int(count),
                "finals": int(finals[i]) if i < len(finals) else 0,
            }
        )
    return rows


def video_bars(per_video: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for v in per_video[-MAX_VIDEOS:]:
        trend = list(v.get("trend") or [])
        rows.append(
            {
                "video": str(v.get("label") or "")[:18],
                "first": _round(trend[0]) if trend else None,
                "final": _round(v.get("final_overall")),
            }
        )
    return rows


def trend_rows(per_video: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """One row per iteration number, a column v1..v6 per video (recharts draws one line per column)."""
    shown = per_video[-TREND_SERIES:]
    longest = max((len(v.get("trend") or []) for v in shown), default=0)
    rows = []
    for k in range(longest):
        row: dict[str, Any] = {"iteration": f"#{k + 1}"}
        for i, v in enumerate(shown):
            trend = list(v.get("trend") or [])
            row[f"v{i + 1}"] = _round(trend[k]) if k < len(trend) else None
        rows.append(row)
    names = [str(v.get("label") or f"video {i + 1}")[:24] for i, v in enumerate(shown)]
    return rows, names + [""] * (TREND_SERIES - len(names))


class QualityState(AuthState):
    loaded: bool = False
    error: str = ""
    date_from: str = ""
    date_to: str = ""
    model: str = "all"
    scope: str = "mine"
    models: list[str] = []

    histogram: list[dict[str, Any]] = []
    per_video: list[dict[str, Any]] = []
    trend: list[dict[str, Any]] = []
    series_names: list[str] = [""] * TREND_SERIES
    per_model: list[dict[str, str]] = []
    attempts_total: str = "0"
    finals_total: str = "0"
    mean_iterations: str = "–"
    agreement: str = "–"
    agreement_detail: str = ""

    @rx.var
    def is_empty(self) -> bool:
        return self.attempts_total == "0"

    def _refresh(self):
        user = self._require_user()
        if user is None:
            return self._login_redirect()
        if self.scope == "all" and not user.is_admin:
            self.scope = "mine"
        start, end = _parse_day(self.date_from), _parse_day(self.date_to, end=True)
        if start and end and start > end:
            self.error = "The start date is after the end date."
            return None
        try:
            summary = iteration.quality_summary(
                None if self.scope == "all" else user.id,
                date_from=start,
                date_to=end,
                model=None if self.model == "all" else self.model,
            )
        except ServiceError as exc:
            self.error = exc.message
            return None
        self.error = ""
        hist = dict(summary.score_histogram or {})
        self.histogram = histogram_rows(hist)
        per_video = list(summary.per_video or [])
        self.per_video = video_bars(per_video)
        self.trend, self.series_names = trend_rows(per_video)
        self.models = [str(m) for m in summary.models][:30]
        self.per_model = [
            {
                "model": str(name),
                "attempts": str(row.get("attempts", 0)),
                "finals": str(row.get("finals", 0)),
                "mean": _num(row.get("mean_overall")),
            }
            for name, row in list((summary.per_model or {}).items())[:20]
        ]
        self.attempts_total = str(summary.attempt_count)
        self.finals_total = str(summary.final_count)
        self.mean_iterations = _num(summary.mean_iterations_per_final, 1)
        self.agreement = _pct(summary.agreement_rate)
        decided = int(summary.agreement_count or 0)
        self.agreement_detail = (
            f"over {decided} pick{'' if decided == 1 else 's'}" if decided else "no picks yet"
        )
        return None

    @rx.event
    def load(self):
        self.loaded = True
        return self._refresh()

    @rx.event
    def set_date_from(self, value: str):
        self.date_from = str(value)[:10]
        return self._refresh()

    @rx.event
    def set_date_to(self, value: str):
        self.date_to = str(value)[:10]
        return self._refresh()

    @rx.event
    def set_model(self, value: str):
        value = str(value)
        if value == "all" or value in self.models:
            self.model = value
            return self._refresh()
        return None

    @rx.event
    def set_scope(self, value: str | list[str]):
        value = one(value)
        if value in SCOPES:
            self.scope = value
            return self._refresh()
        return None

    @rx.event
    def clear_filters(self):
        self.date_from = self.date_to = ""
        self.model = "all"
        return self._refresh()
