"""Generation jobs: the row is the truth, RQ only carries the job id.

A job moves ``pending -> processing -> completed | failed | cancelled``. The
final transition is a conditional UPDATE (``WHERE status IN (pending,
processing)``), so whoever wins it settles credits and quota exactly once,
whether that is the worker, a cancel request or the stuck-job sweep.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel

from app.models.base import new_id, utcnow

JOB_KINDS = (
    "image",
    "video",
    "brand",
    "hero",
    "attempt",
    "template_render",
    "template_preview",
    "editor_preview",
    "editor_clip",
    "editor_export",
)
JOB_STATUSES = ("pending", "processing", "completed", "failed", "cancelled")
ACTIVE_STATUSES = ("pending", "processing")
FINAL_STATUSES = ("completed", "failed", "cancelled")


class Job(SQLModel, table=True):
    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_user_created", "user_id", "created_at"),
        Index("ix_jobs_status_heartbeat", "status", "heartbeat_at"),
        # Every submit counts the user's active jobs (the concurrent-jobs cap).
        Index("ix_jobs_user_status", "user_id", "status"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    user_id: str = Field(foreign_key="users.id", index=True, max_length=36, ondelete="CASCADE")
    kind: str = Field(max_length=16)  # image | video
    status: str = Field(default="pending", max_length=16)
    progress: int = 0
    step: str = Field(default="", max_length=255)
    attempts: int = 0
    error_code: str | None = Field(default=None, max_length=64)
    error_message: str | None = Field(default=None, max_length=1000)
    # Vendor wording for admins; never shown to users.
    error_detail: str | None = Field(default=None, sa_type=Text)
    cost: int = 0  # credits charged on success
    held_credits: int = 0
    hold_key: str | None = Field(default=None, max_length=255)
    quota_key: str | None = Field(default=None, max_length=255)
    # Scoped per user ("<user_id>:<client key>"); the same key returns the same job.
    idempotency_key: str | None = Field(default=None, unique=True, max_length=320)
    request_hash: str | None = Field(default=None, max_length=64)
    provider_task_id: str | None = Field(default=None, max_length=255)
    model: str = Field(default="", max_length=64)
    params_json: str = Field(default="{}", sa_type=Text)
    queue: str = Field(default="default", max_length=16)
    rq_job_id: str | None = Field(default=None, max_length=64)
    batch_id: str | None = Field(default=None, index=True, max_length=36)
    heartbeat_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    started_at: datetime | None = None
    completed_at: datetime | None = None
