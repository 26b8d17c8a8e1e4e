"""Public shapes of the REST contract (../shared/API.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, BeforeValidator, Field

from app.models.accounts import ApiKey, User
from app.services.billing import spendable
from app.services.creative import selling_points_as_list

# Selling points as a JSON list or as one text ("Warm; Light | Safe"), as curl users and sheets send them.
SellingPoints = Annotated[list[str] | None, BeforeValidator(selling_points_as_list)]


class UserOut(BaseModel):
    id: str
    email: str
    name: str
    role: str
    plan: str
    credits_balance: int
    created_at: datetime
    last_login: datetime | None

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(
            id=user.id,
            email=user.email,
            name=user.name,
            role=user.role,
            plan=user.plan,
            credits_balance=spendable(user.id),
            created_at=user.created_at,
            last_login=user.last_login,
        )


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    user: UserOut


class RegisterIn(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=1024)
    name: str | None = Field(default=None, max_length=4096)
    website_url: str | None = Field(default=None, max_length=4096)


class LoginIn(BaseModel):
    email: str = Field(max_length=1024)
    password: str = Field(max_length=1024)


class ResetRequestIn(BaseModel):
    email: str = Field(max_length=1024)


class ResetConfirmIn(BaseModel):
    token: str = Field(max_length=512)
    new_password: str = Field(max_length=1024)


class CodeExchangeIn(BaseModel):
    code: str = Field(max_length=512)


class ApiKeyIn(BaseModel):
    name: str = Field(max_length=4096)


class ApiKeyOut(BaseModel):
    id: str
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None

    @classmethod
    def of(cls, key: ApiKey) -> ApiKeyOut:
        return cls(
            id=key.id,
            name=key.name,
            prefix=key.prefix,
            created_at=key.created_at,
            last_used_at=key.last_used_at,
        )


class NewApiKeyOut(BaseModel):
    id: str
    name: str
    key: str


T = TypeVar("T")

# A list's ?offset=: bounded, so a huge number is a 422 and never reaches the database as an
# integer it cannot hold (schemathesis found 500s on SQLite).
MAX_OFFSET = 1_000_000_000
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


class Page(BaseModel, Generic[T]):
    total: int
    limit: int
    offset: int
    items: list[T]
