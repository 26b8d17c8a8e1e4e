"""Operational tables: the queue probe that proves UI/API -> Redis -> worker -> DB."""

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
