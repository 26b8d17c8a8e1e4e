"""Timestamps: ISO 8601 in UTC with a ``Z`` (the REST contract and the UI), and "now" defaults."""

from __future__ import annotations

from datetime import datetime

from app.models.base import as_utc, utcnow


def iso_utc(moment: datetime | None) -> str | None:
    """``2026-03-12T09:30:00Z``; None stays None. Naive datetimes from SQLite are taken as UTC."""
    value = as_utc(moment)
    return value.isoformat().replace("+00:00", "Z") if value else None


def utc_or_now(moment: datetime | None) -> datetime:
    """``moment`` as an aware UTC datetime, or now when it is None (the "now" arguments of sweeps)."""
    return as_utc(moment or utcnow())
