"""A fake OpenID Connect provider on loopback, speaking Google's protocol.

Discovery document, JWKS, an authorize endpoint that consents at once, a
token endpoint that checks the client credentials and issues an RS256-signed
ID token carrying the nonce, and userinfo. Authlib's real flow runs against it.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from joserfc import jwt
from joserfc.jwk import RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route

from tests.fakes.server import LiveServer


@dataclass
class FakeIdentity:
    sub: str = "google-user-1"
    email: str = "gina@example.com"
    email_verified: bool = True
    name: str = "Gina Google"


@dataclass
class FakeOIDC:
    client_id: str = "test-client-id"
    client_secret: str = "test-client-secret"
    identity: FakeIdentity = field(default_factory=FakeIdentity)
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"kid": "k1"}))
    codes: dict[str, dict] = field(default_factory=dict)
    token_requests: int = 0

    def __post_init__(self) -> None:
        self.server = LiveServer(self._app())

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def _app(self) -> Starlette:
        async def discovery(_: Request) -> JSONResponse:
            return JSONResponse(
                {
                    "issuer": self.url,
                    "authorization_endpoint": f"{self.url}/o/oauth2/v2/auth",
                    "token_endpoint": f"{self.url}/token",
                    "userinfo_endpoint": f"{self.url}/v1/userinfo",
                    "jwks_uri": f"{self.url}/oauth2/v3/certs",
                    "response_types_supported": ["code"],
                    "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "scopes_supported": ["openid", "email", "profile"],
                    "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
                }
            )

        async def jwks(_: Request) -> JSONResponse:
            return JSONResponse({"keys": [self.key.as_dict(private=False)]})

        async def authorize(request: Request):
            q = request.query_params
            if q.get("client_id") != self.client_id or q.get("response_type") != "code":
                return JSONResponse({"error": "invalid_request"}, status_code=400)
            code = secrets.token_urlsafe(16)
            self.codes[code] = {"nonce": q.get("nonce"), "redirect_uri": q.get("redirect_uri")}
            target = f"{q['redirect_uri']}?{urlencode({'code': code, 'state': q.get('state', '')})}"
            return RedirectResponse(target, status_code=302)

        async def token(request: Request) -> JSONResponse:
            self.token_requests += 1
            form = await request.form()
            client_id, client_secret = form.get("client_id"), form.get("client_secret")
            if request.headers.get("authorization", "").startswith("Basic "):
                import base64

                raw = base64.b64decode(request.headers["authorization"][6:]).decode()
                client_id, _, client_secret = raw.partition(":")
            if client_id != self.client_id or client_secret != self.client_secret:
                return JSONResponse({"error": "invalid_client"}, status_code=401)
            grant = self.codes.pop(str(form.get("code")), None)
            if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
                return JSONResponse({"error": "invalid_grant"}, status_code=400)
            now = int(time.time())
            claims = {
                "iss": self.url,
                "aud": self.client_id,
                "sub": self.identity.sub,
                "iat": now,
                "exp": now + 600,
                "email": self.identity.email,
                "email_verified": self.identity.email_verified,
                "name": self.identity.name,
                "nonce": grant["nonce"],
            }
            id_token = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, self.key)
            return JSONResponse(
                {
                    "access_token": secrets.token_urlsafe(16),
                    "token_type": "Bearer",
                    "expires_in": 3600,
                    "id_token": id_token,
                    "scope": "openid email profile",
                }
            )

        async def userinfo(_: Request) -> JSONResponse:
            return JSONResponse(
                {
                    "sub": self.identity.sub,
                    "email": self.identity.email,
                    "email_verified": self.identity.email_verified,
                    "name": self.identity.name,
                }
            )

        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", discovery),
                Route("/oauth2/v3/certs", jwks),
                Route("/o/oauth2/v2/auth", authorize),
                Route("/token", token, methods=["POST"]),
                Route("/v1/userinfo", userinfo),
            ]
        )
