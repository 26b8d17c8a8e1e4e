"""Editor projects: a finished video opened for editing, its saved versions, clips and exports.

A project starts from a source asset (a generated ad, a vendor video, a pro-mode final) and
keeps its timeline spec in numbered versions (``current_version`` is the latest; a save names
the version it started from, and a stale one is refused). Regenerated clips are project files
(``project_clips``), not library videos; every export is a new library asset recorded in
``project_exports`` with the timeline it rendered (what a later cut-only edit stream-copies
from). Asset and job ids are plain columns (no foreign keys): a deleted file leaves the
history readable. Every row carries its owner's ``user_id``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import new_id, utcnow


class EditorProject(SQLModel, table=True):
    __tablename__ = "editor_projects"
    __table_args__ = (
        Index("ix_editor_projects_user_updated", "user_id", "updated_at"),
        Index("ix_editor_projects_user_source", "user_id", "source_asset_id"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    user_id: str = Field(foreign_key="users.id", index=True, max_length=36, ondelete="CASCADE")
    source_asset_id: str | None = Field(default=None, max_length=36)
    name: str = Field(default="", max_length=200)
    current_version: int = 1
    # The latest finished proxy preview (storage key), shown when the editor opens.
    preview_key: str | None = Field(default=None, max_length=512)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ProjectVersion(SQLModel, table=True):
    __tablename__ = "project_versions"
    __table_args__ = (UniqueConstraint("project_id", "version", name="uq_project_versions_project_version"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="editor_projects.id", index=True, max_length=36, ondelete="CASCADE")
    user_id: str = Field(foreign_key="users.id", index=True, max_length=36, ondelete="CASCADE")
    version: int
    timeline: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    saved_at: datetime = Field(default_factory=utcnow)
    # The latest export of this version (every export stays in project_exports).
    exported_asset_id: str | None = Field(default=None, max_length=36)


class ProjectClip(SQLModel, table=True):
    """A clip made for a project (a regenerated clip or a filled gap): a file of the project."""

    __tablename__ = "project_clips"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="editor_projects.id", index=True, max_length=36, ondelete="CASCADE")
    user_id: str = Field(foreign_key="users.id", index=True, max_length=36, ondelete="CASCADE")
    job_id: str = Field(unique=True, max_length=36)
    target_clip_id: str = Field(default="", max_length=64)  # the clip or gap it was made for
    storage_key: str = Field(max_length=512)
    thumbnail_key: str | None = Field(default=None, max_length=512)
    duration: float | None = None
    width: int | None = None
    height: int | None = None
    prompt: str = Field(default="", sa_type=Text)
    seed: int | None = None
    model: str = Field(default="", max_length=64)
    created_at: datetime = Field(default_factory=utcnow)


class ProjectExport(SQLModel, table=True):
    __tablename__ = "project_exports"
    __table_args__ = (Index("ix_project_exports_project_created", "project_id", "created_at"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    project_id: str = Field(foreign_key="editor_projects.id", index=True, max_length=36, ondelete="CASCADE")
    user_id: str = Field(foreign_key="users.id", index=True, max_length=36, ondelete="CASCADE")
    version: int
    job_id: str = Field(unique=True, max_length=36)
    asset_id: str = Field(index=True, max_length=36)
    format: str = Field(default="mp4", max_length=8)
    aspect_ratio: str = Field(default="9:16", max_length=8)
    stream_copied: bool = False
    # The timeline exactly as rendered (reframed, keyframed): a later cut-only edit copies from it.
    rendered: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
