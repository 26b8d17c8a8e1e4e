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


class AuthSession(SQLModel, table=True):
    """A server-side session. Only the SHA-256 of the token is stored."""

    __tablename__ = "auth_sessions"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    user_id: str = Field(foreign_key="users.id", index=True, max_length=36, ondelete="CASCADE")
    token_hash: str = Field(unique=True, index=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    last_seen_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
    user_agent: str = Field(default="", max_length=256)


class ApiKey(SQLModel, table=True):
    """A named API key; shown once, stored as a SHA-256 hash."""

    __tablename__ = "api_keys"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    user_id: str = Field(foreign_key="users.id", index=True, max_length=36, ondelete="CASCADE")
    name: str = Field(max_length=256)
    prefix: str = Field(max_length=16)  # first characters, to tell keys apart in lists
    key_hash: str = Field(unique=True, index=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


class PasswordResetToken(SQLModel, table=True):
    __tablename__ = "password_reset_tokens"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    user_id: str = Field(foreign_key="users.id", index=True, max_length=36, ondelete="CASCADE")
    token_hash: str = Field(unique=True, index=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class LoginCode(SQLModel, table=True):
    """A one-time code handing a Google sign-in from the API callback to the UI."""

    __tablename__ = "login_codes"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    user_id: str = Field(foreign_key="users.id", index=True, max_length=36, ondelete="CASCADE")
    code_hash: str = Field(unique=True, index=True, max_length=64)
    expires_at: datetime
    used_at: datetime | None = None


class LoginAttempt(SQLModel, table=True):
    """Failed sign-ins, for the brute-force guard (per account and per client IP)."""

    __tablename__ = "login_attempts"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    email: str = Field(index=True, max_length=320)
    ip: str = Field(index=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, index=True)
