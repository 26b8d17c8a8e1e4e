"""Accounts: users, server-side sessions, API keys, reset tokens, login attempts."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from app.models.base import new_id, utcnow


class User(SQLModel, table=True):
    __tablename__ = "users"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    # Stored lower-cased, so uniqueness is case-insensitive.
    email: str = Field(index=True, unique=True, max_length=320)
    name: str = Field(default="", max_length=256)
    website_url: str = Field(default="", max_length=2048)
    # None for accounts that only ever signed in with Google.
    password_hash: str | None = Field(default=None, max_length=512)
    google_sub: str | None = Field(default=None, index=True, unique=True, max_length=255)
    role: str = Field(default="user", max_length=16)  # "user" | "admin"
    plan: str = Field(default="free", max_length=32)  # plan id, see billing
    disabled: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    last_login: datetime | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"
