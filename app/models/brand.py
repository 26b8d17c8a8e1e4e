"""The brand tone profile: one row per user, read from their website or edited by hand."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from app.models.base import new_id, utcnow

BRAND_SOURCES = ("local", "deepseek", "manual")


class BrandProfile(SQLModel, table=True):
    __tablename__ = "brand_profiles"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    user_id: str = Field(foreign_key="users.id", unique=True, max_length=36, ondelete="CASCADE")
    website_url: str = Field(default="", max_length=2048)
    name: str = Field(default="", max_length=200)  # the brand's own name, from the site
    tone_keywords: list[str] = Field(default_factory=list, sa_type=JSON)
    product_features: list[str] = Field(default_factory=list, sa_type=JSON)
    target_audience: str = Field(default="", max_length=500)
    color_palette: list[str] = Field(default_factory=list, sa_type=JSON)  # "#RRGGBB"
    style_keywords: list[str] = Field(default_factory=list, sa_type=JSON)
    # Used as a hidden input to prompt enhancement and ad planning only when on.
    enabled: bool = False
    source: str = Field(default="manual", max_length=16)  # local | deepseek | manual
    pages_analyzed: int = 0
    analyzed_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
