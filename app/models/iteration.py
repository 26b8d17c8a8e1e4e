"""Pro mode: hero-frame groups, attempt groups, their iterations, attempts and logged picks.

A hero group is one prompt's candidates over its rounds (each round one ``hero`` job whose
assets are the candidates). An attempt group sets one hero frame in motion: each iteration
(motion prompt -> attempts -> scores -> pick) has 1-5 attempts, each its own ``attempt`` job.
Asset and job ids are plain columns (no foreign keys): a deleted file leaves the history
readable, and the views skip what is gone. Every row carries its owner's ``user_id``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field, SQLModel

from app.models.base import new_id, utcnow


class HeroGroup(SQLModel, table=True):
    __tablename__ = "hero_groups"
    __table_args__ = (Index("ix_hero_groups_user_created", "user_id", "created_at"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    user_id: str = Field(foreign_key="users.id", index=True, max_length=36, ondelete="CASCADE")
    prompt: str = Field(default="", sa_type=Text)  # the latest round's prompt
    aspect_ratio: str = Field(default="16:9", max_length=8)
    model: str = Field(default="", max_length=64)
    primary_asset_id: str | None = Field(default=None, max_length=36)
    favorite_asset_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    idempotency_key: str | None = Field(default=None, unique=True, max_length=320)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class HeroRound(SQLModel, table=True):
    """One request for candidates in a hero group: its prompt, base seed and job."""

    __tablename__ = "hero_rounds"
    __table_args__ = (Index("ix_hero_rounds_group_n", "group_id", "n", unique=True),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    group_id: str = Field(foreign_key="hero_groups.id", max_length=36, ondelete="CASCADE")
    user_id: str = Field(foreign_key="users.id", index=True, max_length=36, ondelete="CASCADE")
    n: int = 1  # 1, 2, 3... within the group
    prompt: str = Field(default="", sa_type=Text)  # what the user asked for
    enhanced_prompt: str | None = Field(default=None, sa_type=Text)
    mutation: str | None = Field(default=None, max_length=16)
    seed: int | None = None  # the base seed; candidate i got seed + i
    candidates: int = 4
    job_id: str | None = Field(default=None, index=True, max_length=36)
    created_at: datetime = Field(default_factory=utcnow)


class AttemptGroup(SQLModel, table=True):
    __tablename__ = "attempt_groups"
    __table_args__ = (Index("ix_attempt_groups_user_created", "user_id", "created_at"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    user_id: str = Field(foreign_key="users.id", index=True, max_length=36, ondelete="CASCADE")
    hero_asset_id: str = Field(max_length=36)  # the first iteration's hero frame
    hero_group_id: str | None = Field(default=None, max_length=36)
    model: str = Field(default="", max_length=64)
    duration: float = 5.0
    aspect_ratio: str = Field(default="16:9", max_length=8)
    resolution: str = Field(default="720p", max_length=8)
    final_asset_id: str | None = Field(default=None, max_length=36)
    final_at: datetime | None = None
    idempotency_key: str | None = Field(default=None, unique=True, max_length=320)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class AttemptIteration(SQLModel, table=True):
    """One cycle: prompts -> attempts -> scores -> auto pick (and maybe the user's pick)."""

    __tablename__ = "attempt_iterations"
    __table_args__ = (Index("ix_attempt_iterations_group_n", "group_id", "n", unique=True),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    group_id: str = Field(foreign_key="attempt_groups.id", max_length=36, ondelete="CASCADE")
    user_id: str = Field(foreign_key="users.id", index=True, max_length=36, ondelete="CASCADE")
    n: int = 1
    hero_asset_id: str = Field(max_length=36)
    motion_prompt: str = Field(default="", sa_type=Text)
    negative_prompt: str = Field(default="", sa_type=Text)
    camera: str = Field(default="", max_length=16)
    speed: float | None = None
    intensity: float | None = None
    direction: str = Field(default="", max_length=8)
    feedback: str = Field(default="", sa_type=Text)
    model: str = Field(default="", max_length=64)
    auto_pick_asset_id: str | None = Field(default=None, max_length=36)
    auto_pick: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    user_pick_asset_id: str | None = Field(default=None, max_length=36)
    settled_at: datetime | None = None  # every attempt final and the auto pick made
    created_at: datetime = Field(default_factory=utcnow)


class Attempt(SQLModel, table=True):
    __tablename__ = "attempts"
    __table_args__ = (Index("ix_attempts_iteration_index", "iteration_id", "index", unique=True),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    iteration_id: str = Field(foreign_key="attempt_iterations.id", max_length=36, ondelete="CASCADE")
    group_id: str = Field(foreign_key="attempt_groups.id", index=True, max_length=36, ondelete="CASCADE")
    user_id: str = Field(foreign_key="users.id", index=True, max_length=36, ondelete="CASCADE")
    index: int = 0
    job_id: str = Field(unique=True, max_length=36)
    seed: int = 0
    model: str = Field(default="", max_length=64)
    asset_id: str | None = Field(default=None, max_length=36)
    scores: dict[str, float] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    overall: float | None = None
    score_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    scored_at: datetime | None = None


class PickLog(SQLModel, table=True):
    """Every user pick (override or agreement) with the auto pick it was made against."""

    __tablename__ = "attempt_pick_log"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    user_id: str = Field(foreign_key="users.id", index=True, max_length=36, ondelete="CASCADE")
    iteration_id: str = Field(
        foreign_key="attempt_iterations.id", index=True, max_length=36, ondelete="CASCADE"
    )
    asset_id: str = Field(max_length=36)
    auto_asset_id: str | None = Field(default=None, max_length=36)
    created_at: datetime = Field(default_factory=utcnow)
