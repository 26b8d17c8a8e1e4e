"""Changing a password, and resetting a forgotten one by an emailed, single-use link.

A new password signs out every other session; a reset also ends every outstanding reset link.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlmodel import col, delete, select, update

from app.db import write_session
from app.models.accounts import LoginAttempt, PasswordResetToken, User
from app.models.base import as_utc, utcnow
from app.services.accounts.credentials import (
    check_password,
    hash_password,
    new_token,
    normalize_email,
    token_digest,
    verify_password,
)
from app.services.accounts.sessions import revoke_sessions
from app.services.accounts.users import get_user
from app.services.platform import InvalidInput, NotFound, send_email
from app.settings import get_settings

log = logging.getLogger(__name__)


RESET_TTL = timedelta(hours=1)


def change_password(
    user_id: str, current_password: str, new_password: str, keep_token: str | None = None
) -> None:
    check_password(new_password)
    user = get_user(user_id)
    if user is None:
        raise NotFound("Account not found.")
    if user.password_hash and not verify_password(current_password or "", user.password_hash):
        raise InvalidInput("The current password is not right.")
    new_hash = hash_password(new_password)
    with write_session() as session:
        user = session.get(User, user_id)
        user.password_hash = new_hash
        session.add(user)
        revoke_sessions(session, user_id, keep_token=keep_token)


def request_password_reset(email: str) -> None:
    """Email a reset link if the account exists; the caller answers the same either way."""
    try:
        email = normalize_email(email)
    except InvalidInput:
        return
    token = new_token()
    with write_session() as session:
        user = session.exec(select(User).where(User.email == email)).first()
        if user is None or user.disabled:
            log.info("password reset requested for an unknown or disabled account")
            return
        session.add(
            PasswordResetToken(
                user_id=user.id, token_hash=token_digest(token), expires_at=utcnow() + RESET_TTL
            )
        )
    link = f"{get_settings().frontend_url}/reset-password?token={token}"
    send_email(
        email,
        "Reset your Content Studio password",
        f"Hello,\n\nSomeone asked to reset the password of your Content Studio account.\n"
        f"Set a new password with this link (valid for one hour, usable once):\n\n{link}\n\n"
        "If it was not you, ignore this email: your password stays as it is.\n",
    )


def reset_password(token: str, new_password: str) -> None:
    check_password(new_password)
    if not token or len(token) > 200:
        raise InvalidInput("This reset link is not valid. Request a new one.")
    new_hash = hash_password(new_password)
    with write_session() as session:
        reset = session.exec(
            select(PasswordResetToken).where(PasswordResetToken.token_hash == token_digest(token))
        ).first()
        if reset is None:
            raise InvalidInput("This reset link is not valid. Request a new one.")
        if reset.used_at is not None:
            raise InvalidInput("This reset link was already used. Request a new one.")
        if as_utc(reset.expires_at) <= utcnow():
            raise InvalidInput("This reset link has expired. Request a new one.")
        user = session.get(User, reset.user_id)
        user.password_hash = new_hash
        session.add(user)
        # Every outstanding link dies with this one; all sessions are signed out.
        session.exec(
            update(PasswordResetToken)
            .where(PasswordResetToken.user_id == user.id, col(PasswordResetToken.used_at).is_(None))
            .values(used_at=utcnow())
        )
        revoke_sessions(session, user.id)
        session.exec(delete(LoginAttempt).where(LoginAttempt.email == user.email))
