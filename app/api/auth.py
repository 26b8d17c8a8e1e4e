"""Accounts routes: register, login, logout, me, password reset, API keys."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from app.api.deps import CurrentUser, bearer_token, client_ip
from app.api.schemas import (
    ApiKeyIn,
    ApiKeyOut,
    CodeExchangeIn,
    LoginIn,
    NewApiKeyOut,
    RegisterIn,
    ResetConfirmIn,
    ResetRequestIn,
    TokenOut,
    UserOut,
)
from app.services import accounts

router = APIRouter(tags=["accounts"])


def _token_out(signed_in: accounts.SignedIn) -> TokenOut:
    return TokenOut(access_token=signed_in.token, user=UserOut.of(signed_in.user))


@router.post("/api/auth/register", status_code=201, response_model=TokenOut)
async def register(body: RegisterIn, request: Request) -> TokenOut:
    signed_in = await run_in_threadpool(
        accounts.register,
        body.email,
        body.password,
        body.name or "",
        body.website_url or "",
        request.headers.get("user-agent", ""),
    )
    return _token_out(signed_in)


@router.post("/api/auth/login", response_model=TokenOut)
async def login(body: LoginIn, request: Request) -> TokenOut:
    signed_in = await run_in_threadpool(
        accounts.login, body.email, body.password, client_ip(request), request.headers.get("user-agent", "")
    )
    return _token_out(signed_in)


@router.post("/api/auth/logout", status_code=204)
async def logout(request: Request, _: CurrentUser) -> Response:
    await run_in_threadpool(accounts.logout, bearer_token(request))
    return Response(status_code=204)


@router.get("/api/auth/me", response_model=UserOut)
async def me(user: CurrentUser) -> UserOut:
    return UserOut.of(user)


@router.post("/api/auth/password-reset", status_code=202)
async def password_reset(body: ResetRequestIn) -> dict:
    await run_in_threadpool(accounts.request_password_reset, body.email)
    return {
        "status": "accepted",
        "message": "If an account exists for that email, a reset link is on its way.",
    }


@router.post("/api/auth/password-reset/confirm", status_code=204)
async def password_reset_confirm(body: ResetConfirmIn) -> Response:
    await run_in_threadpool(accounts.reset_password, body.token, body.new_password)
    return Response(status_code=204)


@router.post("/api/auth/google/exchange", response_model=TokenOut)
async def google_exchange(body: CodeExchangeIn, request: Request) -> TokenOut:
    """Trade the one-time code from the Google callback redirect for an access token."""
    signed_in = await run_in_threadpool(
        accounts.exchange_login_code, body.code, request.headers.get("user-agent", "")
    )
    return _token_out(signed_in)


@router.post("/api/keys", status_code=201, response_model=NewApiKeyOut)
async def create_key(body: ApiKeyIn, user: CurrentUser) -> NewApiKeyOut:
    new = await run_in_threadpool(accounts.create_api_key, user.id, body.name)
    return NewApiKeyOut(id=new.key.id, name=new.key.name, key=new.secret)


@router.get("/api/keys")
async def list_keys(user: CurrentUser) -> dict:
    keys = await run_in_threadpool(accounts.list_api_keys, user.id)
    items = [ApiKeyOut.of(k).model_dump(mode="json") for k in keys]
    return {"total": len(items), "limit": len(items), "offset": 0, "items": items}


@router.delete("/api/keys/{key_id}", status_code=204)
async def delete_key(key_id: str, user: CurrentUser) -> Response:
    await run_in_threadpool(accounts.revoke_api_key, user.id, key_id)
    return Response(status_code=204)
