"""Share links of the asset library.

A share link lets anyone holding its URL fetch one asset without signing in,
until it expires or its owner revokes it. The URL carries the row id and an
HMAC over the row's fields (``services.library``), so the row decides whether
the link still works and the owner can copy the same link again later.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from app.models.base import new_id, utcnow


class ShareLink(SQLModel, table=True):
    __tablename__ = "share_links"
    __table_args__ = (Index("ix_share_links_asset_expires", "asset_id", "expires_at"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    asset_id: str = Field(foreign_key="assets.id", max_length=36, ondelete="CASCADE")
    user_id: str = Field(foreign_key="users.id", index=True, max_length=36, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = None
    last_access_at: datetime | None = None
    access_count: int = 0
