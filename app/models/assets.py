"""Generated files (assets) and user uploads; bytes live in storage, rows here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field, SQLModel

from app.models.base import new_id, utcnow


class Asset(SQLModel, table=True):
    __tablename__ = "assets"
    # The library lists newest first per user with optional filters; each index
    # ends in (created_at, id) so a page is an index range, and a deep offset
    # walks a covering index instead of table rows (benchmarks/library.py).
    __table_args__ = (
        Index("ix_assets_user_created_id", "user_id", "created_at", "id"),
        Index("ix_assets_user_kind_created", "user_id", "kind", "created_at", "id"),
        Index("ix_assets_user_style_created", "user_id", "style", "created_at", "id"),
        Index("ix_assets_user_model_created", "user_id", "model", "created_at", "id"),
        Index("ix_assets_user_batch_created", "user_id", "batch_id", "created_at", "id"),
        Index("ix_assets_user_expires", "user_id", "expires_at"),
        Index("ix_assets_expires", "expires_at"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    user_id: str = Field(foreign_key="users.id", index=True, max_length=36, ondelete="CASCADE")
    job_id: str | None = Field(
        default=None, foreign_key="jobs.id", index=True, max_length=36, ondelete="SET NULL"
    )
    kind: str = Field(max_length=16)  # image | video
    storage_key: str = Field(max_length=512)
    thumbnail_key: str | None = Field(default=None, max_length=512)
    content_type: str = Field(max_length=64)
    width: int | None = None
    height: int | None = None
    duration: float | None = None
    prompt: str = Field(default="", sa_type=Text)
    style: str | None = Field(default=None, max_length=64)
    model: str = Field(default="", max_length=64)
    batch_id: str | None = Field(default=None, index=True, max_length=36)
    size_bytes: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime | None = None
    # What made this file, for reuse: seed, prompt, model, aspect ratio, candidate index, engine
    # (a hero-frame candidate's regeneration, an editor clip that must match its neighbours).
    # The column is "metadata"; SQLAlchemy reserves that attribute name on a model.
    meta: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column("metadata", JSON, nullable=False, server_default="{}")
    )


class Upload(SQLModel, table=True):
    """A file a user sent us (product photo or spreadsheet), already validated."""

    __tablename__ = "uploads"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    user_id: str = Field(foreign_key="users.id", index=True, max_length=36, ondelete="CASCADE")
    kind: str = Field(max_length=16)  # image | sheet
    filename: str = Field(default="", max_length=255)
    storage_key: str = Field(max_length=512)
    content_type: str = Field(max_length=128)
    size_bytes: int = 0
    width: int | None = None
    height: int | None = None
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime | None = None
