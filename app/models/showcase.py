"""The public homepage showcase: curated copies of generated media, and likes.

A showcase item never points at a user's private file: featuring an asset
copies its bytes to a public key (``showcase/<item id>.<ext>``), and built-in
items point at files shipped in ``assets/showcase/`` (``builtin/<file>``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import new_id, utcnow


class ShowcaseItem(SQLModel, table=True):
    __tablename__ = "showcase_items"
    __table_args__ = (Index("ix_showcase_items_active_order", "active", "kind", "sort_order"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    kind: str = Field(max_length=16)  # image | video
    title: str = Field(default="", max_length=200)
    prompt: str = Field(default="", sa_type=Text)
    model: str = Field(default="", max_length=64)
    # Public copy (never the user's key): "showcase/..." in storage or "builtin/..." in assets.
    storage_key: str = Field(max_length=512)
    poster_key: str | None = Field(default=None, max_length=512)
    content_type: str = Field(max_length=64)
    width: int | None = None
    height: int | None = None
    duration: float | None = None
    # Featured order: lower comes first (the hero carousel takes the first videos).
    sort_order: int = 0
    # Unfeatured built-ins stay as inactive rows so start-up seeding does not bring them back.
    active: bool = True
    source_asset_id: str | None = Field(
        default=None, foreign_key="assets.id", index=True, max_length=36, ondelete="SET NULL"
    )
    builtin: bool = False
    builtin_key: str | None = Field(default=None, unique=True, max_length=64)
    featured_by: str | None = Field(default=None, max_length=36)
    created_at: datetime = Field(default_factory=utcnow)


class ShowcaseLike(SQLModel, table=True):
    __tablename__ = "showcase_likes"
    __table_args__ = (UniqueConstraint("item_id", "user_id", name="uq_showcase_likes_item_user"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    item_id: str = Field(foreign_key="showcase_items.id", index=True, max_length=36, ondelete="CASCADE")
    user_id: str = Field(foreign_key="users.id", index=True, max_length=36, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
