"""Spreadsheet batches: one uploaded sheet, a column mapping, one job per row (and style).

The jobs table is the truth for every row that reached the queue: a row's
status is its job's status once ``job_id`` is set. Before that the row's own
``status`` tells where it stands (``ready``/``invalid`` after mapping,
``pending`` while the starter has yet to submit it, ``failed``/``cancelled``
when it never got a job). A batch's counters are filled in when it finishes,
so lists stay cheap; while it runs they are computed from the rows and jobs.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import new_id, utcnow

BATCH_STATUSES = ("draft", "ready", "running", "completed", "cancelled", "failed")
BATCH_FINAL_STATUSES = ("completed", "cancelled", "failed")
# Row statuses of its own (before or without a job); with a job, the job's status counts.
ROW_STATUSES = ("ready", "invalid", "pending", "submitted", "failed", "cancelled")


class Batch(SQLModel, table=True):
    __tablename__ = "batches"
    __table_args__ = (
        Index("ix_batches_user_created", "user_id", "created_at"),
        Index("ix_batches_status_heartbeat", "status", "starter_heartbeat_at"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    user_id: str = Field(foreign_key="users.id", index=True, max_length=36, ondelete="CASCADE")
    filename: str = Field(default="", max_length=255)
    # The uploaded file and its parsed rows (JSON) in storage.
    source_key: str = Field(max_length=512)
    rows_key: str = Field(max_length=512)
    sheet_name: str | None = Field(default=None, max_length=255)
    source_format: str = Field(default="generic", max_length=32)  # generic | shopify | woocommerce
    status: str = Field(default="draft", max_length=16)
    kind: str | None = Field(default=None, max_length=16)  # image | video | mixed
    columns_json: str = Field(default="[]", sa_type=Text)
    mapping_json: str = Field(default="{}", sa_type=Text)
    defaults_json: str = Field(default="{}", sa_type=Text)
    row_count: int = 0  # product rows in the sheet
    total: int = 0  # work units (rows x styles) after mapping
    valid_rows: int = 0
    invalid_rows: int = 0
    succeeded: int = 0
    failed: int = 0
    cancelled: int = 0
    estimate_credits: int = 0
    credits_spent: int = 0
    error_code: str | None = Field(default=None, max_length=64)
    error_message: str | None = Field(default=None, max_length=1000)
    # The starter (RQ job submitting rows) holds a lease: a token and a heartbeat.
    starter_token: str | None = Field(default=None, max_length=64)
    starter_heartbeat_at: datetime | None = None
    starter_attempts: int = 0
    submitted_at: datetime | None = None  # every row has a job or a final status
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    started_at: datetime | None = None
    completed_at: datetime | None = None


class BatchRow(SQLModel, table=True):
    """One unit of work: a spreadsheet row (and, with several styles, one style of it)."""

    __tablename__ = "batch_rows"
    __table_args__ = (
        UniqueConstraint("batch_id", "row_number", "variant", name="uq_batch_rows_unit"),
        Index("ix_batch_rows_batch_status", "batch_id", "status"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    batch_id: str = Field(foreign_key="batches.id", max_length=36, ondelete="CASCADE")
    row_number: int  # as the spreadsheet shows it: header row 1, first product row 2
    variant: int = 0  # index of the style for this row (0 with one style)
    product_name: str = Field(default="", max_length=255)
    kind: str = Field(default="image", max_length=16)
    params_json: str = Field(default="{}", sa_type=Text)
    status: str = Field(default="ready", max_length=16)
    job_id: str | None = Field(default=None, index=True, max_length=36)
    upload_id: str | None = Field(default=None, max_length=36)  # fetched base image
    estimate: int = 0
    error_code: str | None = Field(default=None, max_length=64)
    error_message: str | None = Field(default=None, max_length=1000)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
