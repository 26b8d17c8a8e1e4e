"""Templates: a project's design with named parameters, saved in versions; children inherit.

A root template keeps a whole timeline; a child keeps only what it changes on its parent
(``overrides``, pointer -> value) and the parameters it adds or replaces, so a new version of
the parent reaches every child where the child does not override it. ``spec`` is the current
version's content (``app.media.editing.templates.Template`` without id, name and version);
every saved version stays in ``template_versions``. The preview (a short low-resolution
video and its thumbnail) is rendered on the queue; ``preview_lineage`` says which versions of
the chain it shows, so a parent's new version makes the child's preview stale.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import new_id, utcnow


class Template(SQLModel, table=True):
    __tablename__ = "templates"
    __table_args__ = (Index("ix_templates_user_updated", "user_id", "updated_at"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    user_id: str = Field(foreign_key="users.id", index=True, max_length=36, ondelete="CASCADE")
    name: str = Field(max_length=120)
    parent_id: str | None = Field(
        default=None, foreign_key="templates.id", index=True, max_length=36, ondelete="CASCADE"
    )
    version: int = 1
    # The project it was last saved from (a plain id: the project may go, the template stays).
    project_id: str | None = Field(default=None, max_length=36)
    spec: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    preview_key: str | None = Field(default=None, max_length=512)
    thumbnail_key: str | None = Field(default=None, max_length=512)
    # "<template id>:<version>/..." root to this template: what the preview shows.
    preview_lineage: str | None = Field(default=None, max_length=1000)
    preview_job_id: str | None = Field(default=None, max_length=36)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class TemplateVersion(SQLModel, table=True):
    """One saved version of a template, as it was saved (the parent's version at that moment too)."""

    __tablename__ = "template_versions"
    __table_args__ = (UniqueConstraint("template_id", "version", name="uq_template_versions_version"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    template_id: str = Field(foreign_key="templates.id", index=True, max_length=36, ondelete="CASCADE")
    version: int
    name: str = Field(max_length=120)
    spec: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    parent_version: int | None = None
    project_id: str | None = Field(default=None, max_length=36)
    created_at: datetime = Field(default_factory=utcnow)
