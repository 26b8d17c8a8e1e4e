"""Accounts: sign-up, sign-in, sessions, API keys, passwords, Google sign-in, roles.

The public module of the accounts package: pages, state, the REST API and the CLI import these
names from ``app.services.accounts`` only. ``authenticate`` is the one door every UI handler
and REST route uses to turn a token into a user.
"""

from app.services.accounts.api_keys import NewApiKey, create_api_key, list_api_keys, revoke_api_key
from app.services.accounts.credentials import (
    API_KEY_PREFIX,
    SESSION_PREFIX,
    hash_password,
    normalize_email,
    token_digest,
    verify_password,
)
from app.services.accounts.passwords import change_password, request_password_reset, reset_password
from app.services.accounts.sessions import (
    MAX_FAILURES_PER_ACCOUNT,
    MAX_FAILURES_PER_IP,
    SignedIn,
    authenticate,
    create_login_code,
    exchange_login_code,
    google_sign_in,
    login,
    logout,
    register,
)
from app.services.accounts.users import admin_update_user, get_user, set_role, update_profile

__all__ = [
    "API_KEY_PREFIX",
    "MAX_FAILURES_PER_ACCOUNT",
    "MAX_FAILURES_PER_IP",
    "SESSION_PREFIX",
    "NewApiKey",
    "SignedIn",
    "admin_update_user",
    "authenticate",
    "change_password",
    "create_api_key",
    "create_login_code",
    "exchange_login_code",
    "get_user",
    "google_sign_in",
    "hash_password",
    "list_api_keys",
    "login",
    "logout",
    "normalize_email",
    "register",
    "request_password_reset",
    "reset_password",
    "revoke_api_key",
    "set_role",
    "token_digest",
    "update_profile",
    "verify_password",
]
