"""Request dependencies: who is calling, and may they."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from app.api.errors import ApiError
from app.models.accounts import User
from app.services import accounts, ops


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


async def current_user(request: Request) -> User:
    user = await run_in_threadpool(accounts.authenticate, bearer_token(request))
    if user is None:
        raise ApiError(
            401,
            "UNAUTHORIZED",
            "Sign in first: send a valid access token or API key.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    ops.bind_log_context(user_id=user.id)
    # Per-user REST limit (100 a minute by default): 429 RATE_LIMITED with Retry-After.
    await run_in_threadpool(ops.check_api_request, user.id)
    return user


async def admin_user(user: Annotated[User, Depends(current_user)]) -> User:
    if not user.is_admin:
        raise ApiError(403, "FORBIDDEN", "This needs an admin account.")
    return user


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


CurrentUser = Annotated[User, Depends(current_user)]
AdminUser = Annotated[User, Depends(admin_user)]
