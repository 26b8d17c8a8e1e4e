"""Reading and editing accounts: a user's own profile, and what an admin may change on one."""

from __future__ import annotations

from sqlmodel import select

from app.db import session_scope, write_session
from app.models.accounts import User
from app.services import brand
from app.services.accounts.credentials import check_name, normalize_email
from app.services.accounts.sessions import revoke_sessions
from app.services.platform import InvalidInput, NotFound


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
                revoke_sessions(session, user.id)
        session.add(user)
        return user
