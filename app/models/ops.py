"""Operational tables: the queue probe (UI/API -> Redis -> worker -> DB) and rate-limit overrides."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from app.models.base import new_id, utcnow


class QueueProbe(SQLModel, table=True):
    """One round trip through the queue; the worker fills ``completed_at``."""

    __tablename__ = "queue_probes"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    nonce: str = Field(max_length=64)
    result: str | None = Field(default=None, max_length=128)
    worker_name: str | None = Field(default=None, max_length=255)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    completed_at: datetime | None = None


class UserRateLimit(SQLModel, table=True):
    """An admin's per-user override of the rate limits in settings; None keeps the default.

    0 switches that limit off for the user.
    """

    __tablename__ = "user_rate_limits"

    user_id: str = Field(primary_key=True, foreign_key="users.id", max_length=36, ondelete="CASCADE")
    generations_per_hour: int | None = None
    api_requests_per_minute: int | None = None
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str | None = Field(default=None, max_length=36)
