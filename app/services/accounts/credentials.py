"""Passwords, tokens and the checks on what people type (email, password, name).

Tokens (sessions, API keys, reset links, login codes) are 256-bit random strings; the database
keeps only their SHA-256 (``token_digest``), so a leaked table grants nothing.
"""

from __future__ import annotations

import hashlib
import secrets

from email_validator import EmailNotValidError, validate_email
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from app.services.platform import InvalidInput

SESSION_PREFIX = "cs_s_"
API_KEY_PREFIX = "cs_k_"
MIN_PASSWORD = 8
MAX_PASSWORD = 256
MAX_NAME = 256

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


def new_token(prefix: str = "") -> str:
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
