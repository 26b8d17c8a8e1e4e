"""Accounts service: hashing, tokens, sessions, reset tokens, brute-force guard."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from app.db import session_scope
from app.models.accounts import AuthSession, PasswordResetToken, User
from app.models.base import utcnow
from app.services import accounts
from app.services.platform import Conflict, InvalidInput, NotFound, RateLimited, Unauthorized, read_outbox


def test_passwords_are_hashed_with_argon2id() -> None:
    digest = accounts.hash_password("correct horse")
    assert digest.startswith("$argon2id$")
    assert "correct horse" not in digest
    assert accounts.verify_password("correct horse", digest)
    assert not accounts.verify_password("wrong horse", digest)
    assert not accounts.verify_password("x", None)
    assert not accounts.verify_password("x", "not-a-hash")


def test_register_normalizes_email_and_stores_only_a_hash(db) -> None:
    signed = accounts.register("  Alice@Example.COM ", "s3cret-pass", "Alice", "shop.example.com")
    assert signed.user.email == "alice@example.com"
    assert signed.user.website_url == "https://shop.example.com"
    assert signed.token.startswith(accounts.SESSION_PREFIX)
    with session_scope() as s:
        stored = s.get(AuthSession, s.query(AuthSession).one().id)
        assert stored.token_hash == accounts.token_digest(signed.token)
        assert signed.token not in stored.token_hash
    assert accounts.authenticate(signed.token).id == signed.user.id


@pytest.mark.parametrize(
    ("email", "password", "name", "site", "error"),
    [
        ("not-an-email", "longenough", "", "", InvalidInput),
        ("a@b.co", "short", "", "", InvalidInput),
        ("a@b.co", "x" * 300, "", "", InvalidInput),
        ("a@b.co", "longenough", "n" * 257, "", InvalidInput),
        ("a@b.co", "longenough", "", "ftp://shop.example.com", InvalidInput),
        ("a" * 320 + "@b.co", "longenough", "", "", InvalidInput),
    ],
)
def test_bad_sign_up_input_creates_nothing(db, email, password, name, site, error) -> None:
    with pytest.raises(error):
        accounts.register(email, password, name, site)
    with session_scope() as s:
        assert s.query(User).count() == 0


def test_email_is_unique_case_insensitively(db) -> None:
    accounts.register("bob@example.com", "password-1")
    with pytest.raises(Conflict):
        accounts.register("BOB@example.com", "password-2")


def test_admin_emails_become_admins(db, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.settings import get_settings

    monkeypatch.setenv("ADMIN_EMAILS", "boss@example.com")
    get_settings.cache_clear()
    assert accounts.register("boss@example.com", "password-1").user.role == "admin"
    assert accounts.register("staff@example.com", "password-1").user.role == "user"
    assert accounts.set_role("staff@example.com", "admin").role == "admin"
    with pytest.raises(NotFound):
        accounts.set_role("ghost@example.com", "admin")


def test_login_logout_and_same_message_for_unknown_email(db) -> None:
    accounts.register("carol@example.com", "password-1")
    signed = accounts.login("carol@example.com", "password-1")
    assert accounts.authenticate(signed.token) is not None
    with pytest.raises(Unauthorized) as wrong:
        accounts.login("carol@example.com", "password-2")
    with pytest.raises(Unauthorized) as unknown:
        accounts.login("nobody@example.com", "password-2")
    assert wrong.value.message == unknown.value.message
    accounts.logout(signed.token)
    assert accounts.authenticate(signed.token) is None


def test_sessions_expire_and_slide(db) -> None:
    signed = accounts.register("dave@example.com", "password-1")
    start = utcnow()
    with time_machine.travel(start + timedelta(days=6), tick=False):
        assert accounts.authenticate(signed.token) is not None  # used: expiry slides to day 13
    with time_machine.travel(start + timedelta(days=12), tick=False):
        assert accounts.authenticate(signed.token) is not None
    with time_machine.travel(start + timedelta(days=20), tick=False):
        assert accounts.authenticate(signed.token) is None


def test_garbage_tokens_are_refused(db) -> None:
    for token in (None, "", "cs_s_nope", "cs_k_nope", "x" * 500, "Bearer abc"):
        assert accounts.authenticate(token) is None


def test_disabled_users_lose_access(db) -> None:
    signed = accounts.register("erin@example.com", "password-1")
    accounts.admin_update_user(signed.user.id, disabled=True)
    assert accounts.authenticate(signed.token) is None
    with pytest.raises(Unauthorized, match="disabled"):
        accounts.login("erin@example.com", "password-1")


def test_brute_force_guard_per_account(db) -> None:
    accounts.register("frank@example.com", "password-1")
    for _ in range(accounts.MAX_FAILURES_PER_ACCOUNT):
        with pytest.raises(Unauthorized):
            accounts.login("frank@example.com", "wrong-password", ip="10.0.0.1")
    with pytest.raises(RateLimited):
        accounts.login("frank@example.com", "password-1", ip="10.0.0.2")  # even the right password
    with time_machine.travel(utcnow() + timedelta(minutes=16), tick=False):
        assert accounts.login("frank@example.com", "password-1").user.email == "frank@example.com"


def test_brute_force_guard_per_ip_allows_offices(db) -> None:
    for i in range(accounts.MAX_FAILURES_PER_IP):
        with pytest.raises(Unauthorized):
            accounts.login(f"user{i}@example.com", "wrong-password", ip="203.0.113.9")
    accounts.register("grace@example.com", "password-1")
    with pytest.raises(RateLimited):
        accounts.login("grace@example.com", "password-1", ip="203.0.113.9")
    assert accounts.login("grace@example.com", "password-1", ip="203.0.113.10")


def _reset_link_token(email: str) -> str:
    body = read_outbox(email)[-1].get_content()
    return body.split("reset-password?token=")[1].split()[0]


def test_password_reset_is_single_use_and_revokes_sessions(db) -> None:
    signed = accounts.register("heidi@example.com", "password-1")
    accounts.request_password_reset("heidi@example.com")
    token = _reset_link_token("heidi@example.com")
    with session_scope() as s:
        assert s.query(PasswordResetToken).one().token_hash == accounts.token_digest(token)
    accounts.reset_password(token, "brand-new-pass")
    assert accounts.authenticate(signed.token) is None
    assert accounts.login("heidi@example.com", "brand-new-pass")
    with pytest.raises(InvalidInput, match="already used"):
        accounts.reset_password(token, "another-pass-1")


def test_password_reset_expires_after_an_hour(db) -> None:
    accounts.register("ivan@example.com", "password-1")
    accounts.request_password_reset("ivan@example.com")
    token = _reset_link_token("ivan@example.com")
    with (
        time_machine.travel(utcnow() + timedelta(minutes=61), tick=False),
        pytest.raises(InvalidInput, match="expired"),
    ):
        accounts.reset_password(token, "brand-new-pass")


def test_reset_for_unknown_email_sends_nothing(db) -> None:
    accounts.request_password_reset("nobody@example.com")
    accounts.request_password_reset("not an email")
    assert read_outbox() == []


def test_change_password_keeps_this_session_only(db) -> None:
    first = accounts.register("judy@example.com", "password-1")
    second = accounts.login("judy@example.com", "password-1")
    with pytest.raises(InvalidInput):
        accounts.change_password(first.user.id, "wrong", "password-2", keep_token=first.token)
    accounts.change_password(first.user.id, "password-1", "password-2", keep_token=first.token)
    assert accounts.authenticate(first.token) is not None
    assert accounts.authenticate(second.token) is None


def test_api_keys_are_hashed_listed_and_revocable_by_their_owner_only(db) -> None:
    alice = accounts.register("ka@example.com", "password-1").user
    bob = accounts.register("kb@example.com", "password-1").user
    new = accounts.create_api_key(alice.id, "Shopify sync")
    assert new.secret.startswith(accounts.API_KEY_PREFIX)
    assert new.key.key_hash == accounts.token_digest(new.secret)
    assert accounts.authenticate(new.secret).id == alice.id
    assert [k.name for k in accounts.list_api_keys(alice.id)] == ["Shopify sync"]
    assert accounts.list_api_keys(bob.id) == []
    with pytest.raises(NotFound):
        accounts.revoke_api_key(bob.id, new.key.id)
    accounts.revoke_api_key(alice.id, new.key.id)
    assert accounts.authenticate(new.secret) is None
    with pytest.raises(InvalidInput):
        accounts.create_api_key(alice.id, "  ")


def test_google_links_by_verified_email_and_refuses_unverified(db) -> None:
    existing = accounts.register("leo@example.com", "password-1").user
    linked = accounts.google_sign_in("google-sub-1", "Leo@Example.com", True, "Leo")
    assert linked.id == existing.id
    assert accounts.google_sign_in("google-sub-1", "other@example.com", False).id == existing.id
    with pytest.raises(Unauthorized):
        accounts.google_sign_in("google-sub-2", "mia@example.com", False)
    created = accounts.google_sign_in("google-sub-3", "nina@example.com", True, "Nina")
    assert created.password_hash is None and created.email == "nina@example.com"


def test_login_codes_are_single_use(db) -> None:
    user = accounts.register("oscar@example.com", "password-1").user
    code = accounts.create_login_code(user.id)
    assert accounts.authenticate(accounts.exchange_login_code(code).token).id == user.id
    with pytest.raises(Unauthorized):
        accounts.exchange_login_code(code)
    stale = accounts.create_login_code(user.id)
    with time_machine.travel(utcnow() + timedelta(minutes=5), tick=False), pytest.raises(Unauthorized):
        accounts.exchange_login_code(stale)
