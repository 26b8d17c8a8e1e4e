"""Timestamps as the REST contract and the UI show them: ISO 8601 in UTC with a ``Z``."""

from __future__ import annotations

from datetime import datetime

from app.models.base import as_utc


def iso_utc(moment: datetime | None) -> str | None:
    """``2026-03-12T09:30:00Z``; None stays None. Naive datetimes from SQLite are taken as UTC."""
    value = as_utc(moment)
    return value.isoformat().replace("+00:00", "Z") if value else None
