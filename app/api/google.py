"""Google sign-in with Authlib (OpenID Connect discovery, state and nonce checked).

The callback never hands the session token to the browser in a URL: it
redirects to the UI with a one-time code (two minutes, single use) that the UI
trades for a session through ``POST /api/auth/google/exchange``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.starlette_client import OAuth
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from app.api.errors import ApiError
from app.services import accounts
from app.services.platform import ServiceError
from app.settings import get_settings

router = APIRouter(tags=["accounts"])
_oauth: OAuth | None = None
_oauth_key: tuple[str, str, str] | None = None


def google_client():
    global _oauth, _oauth_key
    s = get_settings()
    if not s.google_client_id:
        raise ApiError(404, "NOT_FOUND", "Google sign-in is not configured.")
    key = (s.google_client_id, s.google_client_secret, s.google_metadata_url)
    if _oauth is None or _oauth_key != key:
        _oauth = OAuth()
        _oauth.register(
            name="google",
            client_id=s.google_client_id,
            client_secret=s.google_client_secret,
            server_metadata_url=s.google_metadata_url,
            client_kwargs={"scope": "openid email profile"},
        )
        _oauth_key = key
    return _oauth.google


def _back_to_ui(**params: str) -> RedirectResponse:
    return RedirectResponse(f"{get_settings().frontend_url}/auth/google/complete?{urlencode(params)}", 302)


@router.get("/api/auth/google/login", summary="Start Google sign-in (redirects to Google)")
async def google_login(request: Request):
    client = google_client()
    redirect_uri = f"{get_settings().api_url}/api/auth/google/callback"
    return await client.authorize_redirect(request, redirect_uri)


@router.get("/api/auth/google/callback", summary="Google redirects here after consent")
async def google_callback(request: Request):
    client = google_client()
    try:
        token = await client.authorize_access_token(request)
    except OAuthError as exc:
        # Forged or replayed state, denied consent, bad token: same answer, nothing created.
        return _back_to_ui(error=f"Google sign-in failed ({exc.error}). Try again.")
    claims = token.get("userinfo") or {}
    try:
        user = await run_in_threadpool(
            accounts.google_sign_in,
            str(claims.get("sub", "")),
            str(claims.get("email", "")),
            bool(claims.get("email_verified")),
            str(claims.get("name", "")),
        )
    except ServiceError as exc:
        return _back_to_ui(error=exc.message)
    code = await run_in_threadpool(accounts.create_login_code, user.id)
    return _back_to_ui(code=code)
