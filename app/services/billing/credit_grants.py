"""Credits in and back out: plan grants and bonuses, refunds and admin adjustments.

Each is one ledger entry under an idempotency key (``_entry_once``): a replay of the key returns
the first entry, and the same key for a different operation or amount is a conflict.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func
from sqlmodel import Session, select

from app.models.base import new_id
from app.models.billing import CreditEntry
from app.services.billing.ledger import (
    Entry,
    IdempotencyConflict,
    InvalidAmount,
    append_entry,
    check_key,
    check_positive,
    entry_by_key,
    entry_view,
    lock_account,
    same_or_conflict,
    write_ledger,
)
from app.services.billing.plans import signup_credits


def grant_signup_bonus(user_id: str, amount: int | None = None, *, session: Session | None = None) -> Entry:
    """Open the account and grant the sign-up bonus once, whatever the retries.

    ``amount`` defaults to the free plan's ``signup_credits`` (admin-editable),
    falling back to 30 before plans are seeded.
    """
    if amount is None:
        amount = signup_credits()
    return earn(user_id, amount, source="signup_bonus", key=f"signup-bonus:{user_id}", session=session)


def earn(
    user_id: str,
    amount: int,
    *,
    source: str,
    key: str,
    reference_id: str | None = None,
    note: str = "",
    session: Session | None = None,
) -> Entry:
    """Add credits (plan grant, purchase, bonus)."""
    check_positive(amount)
    check_key(key)

    def add(s: Session) -> CreditEntry:
        lock_account(s, user_id)
        return append_entry(
            s,
            user_id,
            type="earn",
            amount=amount,
            key=key,
            source=source,
            reference_id=reference_id,
            note=note,
        )

    return _entry_once(user_id, "earn", key, amount, add, session)


MAX_ADJUSTMENT = 1_000_000


def parse_adjustment(amount_text: object, reason_text: object) -> tuple[int, str]:
    """An admin's adjustment form: a signed whole amount and a reason, both required."""
    try:
        amount = int(str(amount_text or "").strip())
    except ValueError:
        raise InvalidAmount("The amount must be a whole number, e.g. 50 or -20.") from None
    reason = str(reason_text or "").strip()[:500]
    if amount == 0 or not reason:
        raise InvalidAmount("Give a non-zero amount and a reason.")
    if abs(amount) > MAX_ADJUSTMENT:
        raise InvalidAmount(f"Adjust at most {MAX_ADJUSTMENT:,} credits at a time.")
    return amount, reason


def adjust(
    user_id: str,
    amount: int,
    reason: str,
    admin_id: str | None,
    *,
    key: str | None = None,
    source: str = "admin",
    session: Session | None = None,
) -> Entry:
    """Admin correction. Negative amounts take credits away, but never below zero:
    the deduction is clamped to the spendable balance (held credits stay held)."""
    if not isinstance(amount, int) or isinstance(amount, bool) or amount == 0:
        raise InvalidAmount("amount must be a non-zero whole number of credits")
    key = check_key(key or f"adjust:{new_id()}")

    def correct(s: Session) -> CreditEntry:
        account = lock_account(s, user_id)
        delta = amount if amount > 0 else -min(-amount, account.balance)
        return append_entry(
            s, user_id, type="adjust", amount=delta, key=key, source=source, actor_id=admin_id, note=reason
        )

    # The amount actually moved may be clamped, so a replay is matched by key and type alone.
    return _entry_once(user_id, "adjust", key, None, correct, session)


def refund(
    user_id: str,
    amount: int,
    reference_id: str,
    key: str,
    *,
    source: str = "refund",
    note: str = "",
    session: Session | None = None,
) -> Entry:
    """Give back credits spent on ``reference_id`` (e.g. a job), at most once.

    A second refund of the same reference, under any key, returns the first
    one: ``refund_reference`` is a unique column, so even two racing refunds
    cannot both commit. The amount may not exceed what was spent on the reference.
    """
    check_positive(amount)
    check_key(key)
    if not reference_id:
        raise InvalidAmount("a refund needs the reference it refunds")

    def give_back(s: Session) -> CreditEntry:
        prior = s.exec(select(CreditEntry).where(CreditEntry.refund_reference == reference_id)).first()
        if prior is not None:
            if prior.user_id != user_id:
                raise IdempotencyConflict("reference belongs to another account")
            return prior
        lock_account(s, user_id)
        spent = -(
            s.exec(
                select(func.coalesce(func.sum(CreditEntry.amount), 0))
                .where(CreditEntry.user_id == user_id)
                .where(CreditEntry.type == "spend")
                .where(CreditEntry.reference_id == reference_id)
            ).one()
        )
        if amount > spent:
            raise InvalidAmount(f"cannot refund {amount} credits; {spent} were spent on {reference_id}")
        return append_entry(
            s,
            user_id,
            type="refund",
            amount=amount,
            key=key,
            source=source,
            reference_id=reference_id,
            refund_reference=reference_id,
            note=note,
        )

    return _entry_once(user_id, "refund", key, amount, give_back, session)


def _entry_once(
    user_id: str,
    type: str,
    key: str,
    amount: int | None,
    write: Callable[[Session], CreditEntry],
    session: Session | None,
) -> Entry:
    """Run ``write`` unless ``key`` was used before, in the caller's session or our own.

    A replay of the key returns the first entry; the key used before for another user, type or
    ``amount`` (None: any amount) is an ``IdempotencyConflict``.
    """

    def run(s: Session) -> Entry:
        if (existing := entry_by_key(s, key)) is not None:
            return same_or_conflict(existing, user_id, type, amount)
        return entry_view(write(s))

    return write_ledger(run, session)
