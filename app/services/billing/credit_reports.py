"""What the ledger says: balances, history, spend per day and the consistency audit."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.db import session_scope
from app.models.base import as_utc, utcnow
from app.models.billing import CreditAccount, CreditEntry, CreditHold
from app.services.billing.ledger import ENTRY_TYPES, InvalidAmount, entry_view


def _sum(s: Session, user_id: str, column: Any, *types: str) -> int:
    stmt = select(func.coalesce(func.sum(column), 0)).where(CreditEntry.user_id == user_id)
    if types:
        stmt = stmt.where(col(CreditEntry.type).in_(types))
    return int(s.exec(stmt).one())


def spendable(user_id: str) -> int:
    """The balance alone, from the account row (kept equal to the sum of entries)."""
    with session_scope() as s:
        account = s.get(CreditAccount, user_id)
        return account.balance if account else 0


def balance(user_id: str) -> dict[str, int]:
    """``{balance, frozen, total_earned, total_spent}``.

    total_earned: credits added by earn and positive adjustments.
    total_spent: credits captured by spends minus refunds (net cost to the user).
    """
    with session_scope() as s:
        account = s.get(CreditAccount, user_id)
        earned = _sum(s, user_id, CreditEntry.amount, "earn")
        positive_adjust = int(
            s.exec(
                select(func.coalesce(func.sum(CreditEntry.amount), 0))
                .where(CreditEntry.user_id == user_id)
                .where(CreditEntry.type == "adjust")
                .where(col(CreditEntry.amount) > 0)
            ).one()
        )
        spent = -_sum(s, user_id, CreditEntry.amount, "spend") - _sum(
            s, user_id, CreditEntry.amount, "refund"
        )
        return {
            "balance": account.balance if account else 0,
            "frozen": account.frozen if account else 0,
            "total_earned": earned + positive_adjust,
            "total_spent": spent,
        }


def audit_credits(user_id: str) -> dict[str, Any]:
    """Compare the cached account with the entries and open holds (tests, admin checks)."""
    with session_scope() as s:
        account = s.get(CreditAccount, user_id)
        entries_balance = _sum(s, user_id, CreditEntry.amount)
        entries_frozen = _sum(s, user_id, CreditEntry.frozen_delta)
        open_holds = int(
            s.exec(
                select(func.coalesce(func.sum(CreditHold.amount), 0))
                .where(CreditHold.user_id == user_id)
                .where(CreditHold.status == "open")
            ).one()
        )
        cached_balance = account.balance if account else 0
        cached_frozen = account.frozen if account else 0
        return {
            "balance": cached_balance,
            "frozen": cached_frozen,
            "entries_balance": entries_balance,
            "entries_frozen": entries_frozen,
            "open_holds": open_holds,
            "ok": cached_balance == entries_balance
            and cached_frozen == entries_frozen == open_holds
            and cached_balance >= 0,
        }


def credit_history(
    user_id: str, type: str | None = None, limit: int = 20, offset: int = 0
) -> tuple[int, list[dict[str, Any]]]:
    """Newest first; items have the ``GET /api/credits/history`` shape."""
    if type is not None and type not in ENTRY_TYPES:
        raise InvalidAmount(f"unknown entry type {type!r}")
    limit = max(1, min(int(limit), 100))
    offset = max(0, int(offset))
    with session_scope() as s:
        base = select(CreditEntry).where(CreditEntry.user_id == user_id)
        count = select(func.count()).select_from(CreditEntry).where(CreditEntry.user_id == user_id)
        if type is not None:
            base = base.where(CreditEntry.type == type)
            count = count.where(CreditEntry.type == type)
        total = int(s.exec(count).one())
        rows = s.exec(base.order_by(col(CreditEntry.seq).desc()).offset(offset).limit(limit)).all()
        return total, [entry_view(r).to_api() for r in rows]


def spent_per_day(user_id: str, days: int = 30, now: datetime | None = None) -> list[dict[str, Any]]:
    """Credits spent (net of refunds) per UTC day, oldest first, zero-filled."""
    days = max(1, min(int(days), 366))
    today = (now or utcnow()).astimezone(UTC).date()
    first = today - timedelta(days=days - 1)
    start = datetime(first.year, first.month, first.day, tzinfo=UTC)
    totals: dict[date, int] = {first + timedelta(days=i): 0 for i in range(days)}
    with session_scope() as s:
        rows = s.exec(
            select(CreditEntry.created_at, CreditEntry.amount)
            .where(CreditEntry.user_id == user_id)
            .where(col(CreditEntry.type).in_(("spend", "refund")))
            .where(CreditEntry.created_at >= start)
        ).all()
    for created_at, amount in rows:
        d = as_utc(created_at).date()
        if d in totals:
            totals[d] -= amount
    return [{"date": d.isoformat(), "credits": v} for d, v in sorted(totals.items())]
