"""Accounts: sign-up, sign-in, sessions, API keys, password reset, Google sign-in.

Tokens (sessions, API keys, reset links, login codes) are 256-bit random
strings; the database keeps only their SHA-256, so a leaked table grants
nothing. ``authenticate`` is the one door every UI handler and REST route uses
to turn a token into a user.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlmodel import Session, col, delete, func, select, update

from app.db import session_scope, write_session
from app.models.accounts import ApiKey, AuthSession, LoginAttempt, LoginCode, PasswordResetToken, User
from app.models.base import as_utc, utcnow
from app.services import billing, brand
from app.services.platform import Conflict, InvalidInput, NotFound, RateLimited, Unauthorized, send_email
from app.settings import get_settings

log = logging.getLogger(__name__)

SESSION_PREFIX = "cs_s_"
API_KEY_PREFIX = "cs_k_"
MIN_PASSWORD = 8
MAX_PASSWORD = 256
MAX_NAME = 256
RESET_TTL = timedelta(hours=1)
LOGIN_CODE_TTL = timedelta(minutes=2)
# Brute-force guard: per account and per client IP within one window.
FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_IP = 50
# Sliding sessions are extended at most this often, to keep reads cheap.
SESSION_TOUCH_EVERY = timedelta(minutes=5)
BAD_CREDENTIALS = "Wrong email or password."

# OWASP's argon2id floor is m=19 MiB, t=2, p=1; 2 cores serve many logins at once.
_hasher = PasswordHash((Argon2Hasher(time_cost=2, memory_cost=19 * 1024, parallelism=1),))
# Verified against when the email is unknown, so both paths cost the same time.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    if not password_hash:
        _hasher.verify(password, _DUMMY_HASH)
        return False
    try:
        return _hasher.verify(password, password_hash)
    except Exception:  # a malformed stored hash is a failed login, not a crash
        return False


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def normalize_email(email: str) -> str:
    email = (email or "").strip()
    if len(email) > 320:
        raise InvalidInput("That email address is too long.")
    try:
        return validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise InvalidInput(f"Enter a valid email address ({exc}).") from exc


def check_password(password: str) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise InvalidInput(f"Use a password of at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        raise InvalidInput(f"Use a password of at most {MAX_PASSWORD} characters.")
    return password


def check_name(name: str | None) -> str:
    name = (name or "").strip()
    if len(name) > MAX_NAME:
        raise InvalidInput(f"Keep the name under {MAX_NAME} characters.")
    return name


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
    token = _new_token(SESSION_PREFIX)
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
            if key.last_used_at is None or now - as_utc(key.last_used_at) > SESSION_TOUCH_EVERY:
                key.last_used_at = now
                session.add(key)
            return user if user and not user.disabled else None
    if not token.startswith(SESSION_PREFIX):
        return None
    with session_scope() as session:
        auth = session.exec(select(AuthSession).where(AuthSession.token_hash == digest)).first()
        if auth is None or auth.revoked_at is not None or as_utc(auth.expires_at) <= now:
            return None
        user = session.get(User, auth.user_id)
        if user is None or user.disabled:
            return None
        if now - as_utc(auth.last_seen_at) > SESSION_TOUCH_EVERY:
            auth.last_seen_at = now
            auth.expires_at = now + timedelta(days=get_settings().session_days)
            session.add(auth)
        return user


def logout(token: str | None) -> None:
    if not token:
        return
    with write_session() as session:
        session.exec(
            update(AuthSession)
            .where(AuthSession.token_hash == token_digest(token), col(AuthSession.revoked_at).is_(None))
            .values(revoked_at=utcnow())
        )


def _revoke_sessions(session: Session, user_id: str, keep_token: str | None = None) -> None:
    query = update(AuthSession).where(AuthSession.user_id == user_id, col(AuthSession.revoked_at).is_(None))
    if keep_token:
        query = query.where(AuthSession.token_hash != token_digest(keep_token))
    session.exec(query.values(revoked_at=utcnow()))


def get_user(user_id: str) -> User | None:
    with session_scope() as session:
        return session.get(User, user_id)


def update_profile(user_id: str, name: str | None = None, website_url: str | None = None) -> User:
    with write_session() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("Account not found.")
        if name is not None:
            user.name = check_name(name)
        if website_url is not None:
            user.website_url = brand.check_website(website_url)
        session.add(user)
        return user


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
        _revoke_sessions(session, user_id, keep_token=keep_token)


def request_password_reset(email: str) -> None:
    """Email a reset link if the account exists; the caller answers the same either way."""
    try:
        email = normalize_email(email)
    except InvalidInput:
        return
    token = _new_token()
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
        _revoke_sessions(session, user.id)
        session.exec(delete(LoginAttempt).where(LoginAttempt.email == user.email))


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
    code = _new_token()
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
    secret = _new_token(API_KEY_PREFIX)
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


def set_role(email: str, role: str) -> User:
    if role not in ("user", "admin"):
        raise InvalidInput("Role must be 'user' or 'admin'.")
    with write_session() as session:
        user = session.exec(select(User).where(User.email == normalize_email(email))).first()
        if user is None:
            raise NotFound(f"No account with the email {email}.")
        user.role = role
        session.add(user)
        return user


def admin_update_user(
    user_id: str, *, plan: str | None = None, role: str | None = None, disabled: bool | None = None
) -> User:
    with write_session() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("User not found.")
        if role is not None:
            if role not in ("user", "admin"):
                raise InvalidInput("Role must be 'user' or 'admin'.")
            user.role = role
        if plan is not None:
            user.plan = plan
        if disabled is not None:
            user.disabled = disabled
            if disabled:
                _revoke_sessions(session, user.id)
        session.add(user)
        return user
