"""The brand tone profile: one ``BrandProfile`` row per user, read, edited and used as prompt context.

The profile feeds prompt enhancement and ad planning through ``prompt_context`` only while the
user keeps it enabled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import select

from app.db import session_scope, write_session
from app.models.accounts import User
from app.models.base import as_utc, utcnow
from app.models.brand import BrandProfile
from app.services.brand.context import BrandContext
from app.services.brand.profile_fields import validate_changes
from app.services.platform import (
    NotFound,
    iso_utc,
)


@dataclass(frozen=True)
class ProfileView:
    website_url: str = ""
    name: str = ""
    tone_keywords: list[str] = field(default_factory=list)
    product_features: list[str] = field(default_factory=list)
    target_audience: str = ""
    color_palette: list[str] = field(default_factory=list)
    style_keywords: list[str] = field(default_factory=list)
    enabled: bool = False
    source: str = ""
    pages_analyzed: int = 0
    analyzed_at: datetime | None = None
    updated_at: datetime | None = None
    exists: bool = False

    @property
    def is_empty(self) -> bool:
        return not (
            self.tone_keywords
            or self.product_features
            or self.target_audience
            or self.color_palette
            or self.style_keywords
        )

    def to_api(self) -> dict[str, Any]:
        """``GET /api/v1/brand/profile`` (the contract's fields plus name, source, analyzed_at)."""
        return {
            "website_url": self.website_url,
            "tone_keywords": list(self.tone_keywords),
            "product_features": list(self.product_features),
            "target_audience": self.target_audience,
            "color_palette": list(self.color_palette),
            "style_keywords": list(self.style_keywords),
            "enabled": self.enabled,
            "updated_at": iso_utc(self.updated_at),
            "name": self.name,
            "source": self.source or None,
            "pages_analyzed": self.pages_analyzed,
            "analyzed_at": iso_utc(self.analyzed_at),
        }


def _view(row: BrandProfile) -> ProfileView:
    return ProfileView(
        website_url=row.website_url,
        name=row.name,
        tone_keywords=list(row.tone_keywords or []),
        product_features=list(row.product_features or []),
        target_audience=row.target_audience,
        color_palette=list(row.color_palette or []),
        style_keywords=list(row.style_keywords or []),
        enabled=row.enabled,
        source=row.source,
        pages_analyzed=row.pages_analyzed,
        analyzed_at=as_utc(row.analyzed_at),
        updated_at=as_utc(row.updated_at),
        exists=True,
    )


def get_profile(user_id: str) -> ProfileView:
    """The user's profile, or the empty shape (enabled false) when there is none yet."""
    with session_scope() as s:
        row = s.exec(select(BrandProfile).where(BrandProfile.user_id == user_id)).first()
        if row is not None:
            return _view(row)
        user = s.get(User, user_id)
        return ProfileView(website_url=user.website_url if user else "")


def prompt_context(user_id: str) -> BrandContext | None:
    """The profile as prompts and plans use it; None when absent, disabled or empty."""
    profile = get_profile(user_id)
    if not profile.exists or not profile.enabled or profile.is_empty:
        return None
    return BrandContext(
        website_url=profile.website_url,
        name=profile.name,
        tone_keywords=list(profile.tone_keywords),
        product_features=list(profile.product_features),
        target_audience=profile.target_audience,
        color_palette=list(profile.color_palette),
        style_keywords=list(profile.style_keywords),
    )


def update_profile(user_id: str, changes: dict[str, Any]) -> ProfileView:
    """Edit some fields (the others stay); creates the profile on first save."""
    clean = validate_changes(changes)
    now = utcnow()
    with write_session() as s:
        if s.get(User, user_id) is None:
            raise NotFound("Account not found.")
        row = s.exec(select(BrandProfile).where(BrandProfile.user_id == user_id)).first()
        if row is None:
            user = s.get(User, user_id)
            row = BrandProfile(user_id=user_id, website_url=user.website_url if user else "", source="manual")
        content_changed = any(k not in ("enabled", "website_url") for k in clean)
        for key, value in clean.items():
            setattr(row, key, value)
        if content_changed:
            row.source = "manual"
        row.updated_at = now
        s.add(row)
        s.flush()
        return _view(row)
