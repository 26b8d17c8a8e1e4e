"""API keys for shops that call the REST API: created (the secret shown once), listed, revoked."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from app.db import session_scope, write_session
from app.models.accounts import ApiKey
from app.models.base import utcnow
from app.services.accounts.credentials import API_KEY_PREFIX, MAX_NAME, new_token, token_digest
from app.services.platform import InvalidInput, NotFound


@dataclass
class NewApiKey:
    key: ApiKey
    secret: str


def create_api_key(user_id: str, name: str) -> NewApiKey:
    name = (name or "").strip()
    if not name:
        raise InvalidInput("Give the key a name, like 'Shopify sync'.")
    if len(name) > MAX_NAME:
        raise InvalidInput(f"Keep the key name under {MAX_NAME} characters.")
    secret = new_token(API_KEY_PREFIX)
    key = ApiKey(
        user_id=user_id, name=name, prefix=secret[: len(API_KEY_PREFIX) + 6], key_hash=token_digest(secret)
    )
    with write_session() as session:
        session.add(key)
    return NewApiKey(key, secret)


def list_api_keys(user_id: str) -> list[ApiKey]:
    with session_scope() as session:
        return list(
            session.exec(
                select(ApiKey)
                .where(ApiKey.user_id == user_id, col(ApiKey.revoked_at).is_(None))
                .order_by(col(ApiKey.created_at).desc())
            )
        )


def revoke_api_key(user_id: str, key_id: str) -> None:
    with write_session() as session:
        # Owner filter in the lookup itself: another user's key is simply "not found".
        key = session.exec(select(ApiKey).where(ApiKey.id == key_id, ApiKey.user_id == user_id)).first()
        if key is None or key.revoked_at is not None:
            raise NotFound("API key not found.")
        key.revoked_at = utcnow()
        session.add(key)
