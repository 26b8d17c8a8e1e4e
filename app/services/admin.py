"""Admin views over every account."""

from __future__ import annotations

from sqlmodel import col, func, or_, select

from app.db import session_scope
from app.models.accounts import User


def list_users(q: str = "", limit: int = 20, offset: int = 0) -> tuple[int, list[User]]:
    limit = max(1, min(100, limit))
    offset = max(0, offset)
    query = select(User)
    count = select(func.count()).select_from(User)
    if q.strip():
        pattern = f"%{q.strip().lower()}%"
        cond = or_(col(User.email).like(pattern), func.lower(User.name).like(pattern))
        query = query.where(cond)
        count = count.where(cond)
    with session_scope() as session:
        total = session.exec(count).one()
        users = list(session.exec(query.order_by(col(User.created_at).desc()).offset(offset).limit(limit)))
    return total, users
