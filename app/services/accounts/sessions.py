"""Signing up and in: accounts, sessions, the brute-force guard, Google sign-in and login codes.

Tokens (sessions, API keys, reset links, login codes) are 256-bit random
strings; the database keeps only their SHA-256, so a leaked table grants
nothing. ``authenticate`` is the one door every UI handler and REST route uses
to turn a token into a user.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, delete, func, select, update

from app.db import session_scope, write_session
from app.models.accounts import ApiKey, AuthSession, LoginAttempt, LoginCode, User
from app.models.base import as_utc, utcnow
from app.services import billing, brand
from app.services.accounts.credentials import (
    API_KEY_PREFIX,
    MAX_NAME,
    SESSION_PREFIX,
    check_name,
    check_password,
    hash_password,
    new_token,
    normalize_email,
    token_digest,
    verify_password,
)
from app.services.platform import Conflict, InvalidInput, RateLimited, Unauthorized
from app.settings import get_settings

log = logging.getLogger(__name__)


LOGIN_CODE_TTL = timedelta(minutes=2)
# Brute-force guard: per account and per client IP within one window.
FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_IP = 50
# Sliding sessions are extended at most this often, to keep reads cheap.
SESSION_TOUCH_EVERY = timedelta(minutes=5)
BAD_CREDENTIALS = "Wrong email or password."


@dataclass
class SignedIn:
    user: User
    token: str


def _role_for(email: str) -> str:
    return "admin" if email in get_settings().admin_emails else "user"


def _after_user_created(user: User) -> None:
    """What every new account gets: its credit account and the signup bonus."""
    billing.grant_signup_bonus(user.id)


def register(
    email: str, password: str, name: str = "", website_url: str = "", user_agent: str = ""
) -> SignedIn:
    email = normalize_email(email)
    check_password(password)
    name = check_name(name)
    website_url = brand.check_website(website_url)
    password_hash = hash_password(password)  # slow: outside the write transaction
    with write_session() as session:
        if session.exec(select(User).where(User.email == email)).first():
            raise Conflict("An account with this email already exists. Sign in instead.")
        user = User(
            email=email,
            name=name,
            website_url=website_url,
            password_hash=password_hash,
            role=_role_for(email),
            last_login=utcnow(),
        )
        session.add(user)
        session.flush()  # the user row must exist before its session row (foreign key)
        token = _create_session(session, user.id, user_agent)
    _after_user_created(user)
    if website_url:
        try:  # the brand profile is a bonus: sign-up never fails because of it
            brand.start_analysis(user.id, website_url)
        except Exception:
            log.warning("could not start the brand analysis for a new account", exc_info=True)
    return SignedIn(user, token)


def _create_session(session: Session, user_id: str, user_agent: str = "") -> str:
    token = new_token(SESSION_PREFIX)
    session.add(
        AuthSession(
            user_id=user_id,
            token_hash=token_digest(token),
            user_agent=user_agent[:256],
            expires_at=utcnow() + timedelta(days=get_settings().session_days),
        )
    )
    return token


def _failures_since(
    session: Session, since: datetime, *, email: str | None = None, ip: str | None = None
) -> int:
    query = select(func.count()).select_from(LoginAttempt).where(LoginAttempt.created_at >= since)
    if email is not None:
        query = query.where(LoginAttempt.email == email)
    if ip is not None:
        query = query.where(LoginAttempt.ip == ip)
    return session.exec(query).one()


def _check_not_locked(session: Session, email: str, ip: str) -> None:
    since = utcnow() - FAILURE_WINDOW
    if _failures_since(session, since, email=email) >= MAX_FAILURES_PER_ACCOUNT:
        raise RateLimited(
            "Too many failed sign-ins for this account. Wait 15 minutes or reset your password.",
            retry_after=int(FAILURE_WINDOW.total_seconds()),
        )
    if ip and _failures_since(session, since, ip=ip) >= MAX_FAILURES_PER_IP:
        raise RateLimited(
            "Too many failed sign-ins from your network. Try again later.",
            retry_after=int(FAILURE_WINDOW.total_seconds()),
        )


def login(email: str, password: str, ip: str = "", user_agent: str = "") -> SignedIn:
    try:
        email = normalize_email(email)
    except InvalidInput:
        raise Unauthorized(BAD_CREDENTIALS) from None
    with session_scope() as session:
        _check_not_locked(session, email, ip)
        user = session.exec(select(User).where(User.email == email)).first()
    ok = verify_password(password or "", user.password_hash if user else None)
    if not ok or user is None or user.disabled:
        with write_session() as session:
            session.add(LoginAttempt(email=email, ip=ip[:64]))
        if ok and user is not None and user.disabled:
            raise Unauthorized("This account is disabled. Contact support.")
        raise Unauthorized(BAD_CREDENTIALS)
    with write_session() as session:
        session.exec(delete(LoginAttempt).where(LoginAttempt.email == email))
        user = session.get(User, user.id)
        user.last_login = utcnow()
        session.add(user)
        token = _create_session(session, user.id, user_agent)
    return SignedIn(user, token)


def authenticate(token: str | None) -> User | None:
    """The user behind a session token or API key, or None. Slides session expiry."""
    if not token or not isinstance(token, str) or len(token) > 200:
        return None
    digest = token_digest(token)
    now = utcnow()
    if token.startswith(API_KEY_PREFIX):
        with session_scope() as session:
            key = session.exec(select(ApiKey).where(ApiKey.key_hash == digest)).first()
            if key is None or key.revoked_at is not None:
                return None
            user = session.get(User, key.user_id)
            stale = key.last_used_at is None or now - as_utc(key.last_used_at) > SESSION_TOUCH_EVERY
        if user is None or user.disabled:
            return None
        if stale:
            _touch(update(ApiKey).where(col(ApiKey.id) == key.id).values(last_used_at=now))
        return user
    if not token.startswith(SESSION_PREFIX):
        return None
    with session_scope() as session:
        auth = session.exec(select(AuthSession).where(AuthSession.token_hash == digest)).first()
        if auth is None or auth.revoked_at is not None or as_utc(auth.expires_at) <= now:
            return None
        user = session.get(User, auth.user_id)
        if user is None or user.disabled:
            return None
        stale = now - as_utc(auth.last_seen_at) > SESSION_TOUCH_EVERY
    if stale:
        _touch(
            update(AuthSession)
            .where(col(AuthSession.id) == auth.id)
            .values(last_seen_at=now, expires_at=now + timedelta(days=get_settings().session_days))
        )
    return user


def _touch(statement) -> None:
    """Slide a session or key's last-seen time: a write of its own (BEGIN IMMEDIATE).

    Done inside the read above, the first request after ``SESSION_TOUCH_EVERY`` upgraded a read
    transaction to a write, and concurrent requests doing the same failed with "database is
    locked" (SQLite does not wait on an upgrade; benchmarks/load.py saw 500s). Best effort: a
    missed touch is retried by the next request.
    """
    try:
        with write_session() as session:
            session.exec(statement)
    except Exception:
        log.warning("could not record the token's last use", exc_info=True)


def logout(token: str | None) -> None:
    if not token:
        return
    with write_session() as session:
        session.exec(
            update(AuthSession)
            .where(AuthSession.token_hash == token_digest(token), col(AuthSession.revoked_at).is_(None))
            .values(revoked_at=utcnow())
        )


def revoke_sessions(session: Session, user_id: str, keep_token: str | None = None) -> None:
    query = update(AuthSession).where(AuthSession.user_id == user_id, col(AuthSession.revoked_at).is_(None))
    if keep_token:
        query = query.where(AuthSession.token_hash != token_digest(keep_token))
    session.exec(query.values(revoked_at=utcnow()))


def google_sign_in(sub: str, email: str, email_verified: bool, name: str = "") -> User:
    """Find, link (by verified email) or create the account of a Google identity."""
    if not sub:
        raise Unauthorized("Google did not identify the account.")
    created = None
    with write_session() as session:
        user = session.exec(select(User).where(User.google_sub == sub)).first()
        if user is None:
            if not email_verified:
                raise Unauthorized("Your Google email address is not verified.")
            email = normalize_email(email)
            user = session.exec(select(User).where(User.email == email)).first()
            if user is None:
                user = created = User(
                    email=email, name=check_name(name)[:MAX_NAME], google_sub=sub, role=_role_for(email)
                )
            else:
                user.google_sub = sub
        if user.disabled:
            raise Unauthorized("This account is disabled. Contact support.")
        user.last_login = utcnow()
        session.add(user)
    if created is not None:
        _after_user_created(created)
    return user


def create_login_code(user_id: str) -> str:
    code = new_token()
    with write_session() as session:
        session.add(
            LoginCode(user_id=user_id, code_hash=token_digest(code), expires_at=utcnow() + LOGIN_CODE_TTL)
        )
    return code


def exchange_login_code(code: str, user_agent: str = "") -> SignedIn:
    """Trade a one-time code from the Google callback for a session."""
    if not code or len(code) > 200:
        raise Unauthorized("This sign-in link is not valid. Sign in again.")
    with write_session() as session:
        login_code = session.exec(select(LoginCode).where(LoginCode.code_hash == token_digest(code))).first()
        if login_code is None or login_code.used_at is not None or as_utc(login_code.expires_at) <= utcnow():
            raise Unauthorized("This sign-in link is not valid any more. Sign in again.")
        login_code.used_at = utcnow()
        session.add(login_code)
        user = session.get(User, login_code.user_id)
        token = _create_session(session, user.id, user_agent)
    return SignedIn(user, token)
