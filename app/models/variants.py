"""A/B variant sets: N jobs of one request that differ in one named dimension.

A set keeps the base request it was made from (what every variant shares) and one member per
variant: its index, the value of the dimension it got and the job that makes it. The job is the
truth for status, cost and assets (``assets.job_id``); the member only says what differs.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import new_id, utcnow

VARIANT_KINDS = ("image", "video")
VARIANT_DIMENSIONS = ("hook", "cta", "style", "seed", "music")


class VariantSet(SQLModel, table=True):
    __tablename__ = "variant_sets"
    __table_args__ = (Index("ix_variant_sets_user_created", "user_id", "created_at"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    user_id: str = Field(foreign_key="users.id", index=True, max_length=36, ondelete="CASCADE")
    kind: str = Field(max_length=16)  # image | video
    dimension: str = Field(max_length=16)  # hook | cta | style | seed | music
    count: int
    base_json: str = Field(default="{}", sa_type=Text)  # the request every variant starts from
    title: str = Field(default="", max_length=200)
    batch_id: str | None = Field(default=None, max_length=36)  # made from a batch row
    batch_row: int | None = None
    # Scoped per user ("<user_id>:<client key>"): the same key answers with the same set.
    idempotency_key: str | None = Field(default=None, unique=True, max_length=320)
    request_hash: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)


class VariantMember(SQLModel, table=True):
    __tablename__ = "variant_members"
    __table_args__ = (UniqueConstraint("set_id", "position", name="uq_variant_members_position"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    set_id: str = Field(foreign_key="variant_sets.id", index=True, max_length=36, ondelete="CASCADE")
    position: int  # 1..count, the variant's number
    value: str = Field(default="", max_length=500)  # the dimension's value for this variant
    label: str = Field(default="", max_length=600)  # e.g. "Hook: 'Tired of dull mugs?'"
    job_id: str | None = Field(default=None, index=True, max_length=36)
    error_code: str | None = Field(default=None, max_length=64)  # submit refused (no job)
    error_message: str | None = Field(default=None, max_length=1000)
