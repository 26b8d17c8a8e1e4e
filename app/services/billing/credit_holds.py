"""Credit holds: reserve credits for an action, then capture them on success or release them.

Every paid action runs ``hold -> capture`` (on success) or ``hold -> release`` (on failure or
cancel), each under an idempotency key, so a retry never charges twice.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, col, select

from app.db import session_scope
from app.models.base import utcnow
from app.models.billing import CreditHold
from app.services.billing.ledger import (
    CreditsError,
    Hold,
    HoldNotFound,
    IdempotencyConflict,
    InvalidAmount,
    append_entry,
    check_key,
    hold_view,
    lock_account,
    write_ledger,
)


def _find_hold(s: Session, hold_ref: str, *, lock: bool) -> CreditHold:
    stmt = select(CreditHold).where(
        (col(CreditHold.id) == hold_ref) | (col(CreditHold.idempotency_key) == hold_ref)
    )
    if lock:
        stmt = stmt.with_for_update()
    row = s.exec(stmt.execution_options(populate_existing=True)).first()
    if row is None:
        raise HoldNotFound(f"no credit hold {hold_ref!r}")
    return row


def hold(
    user_id: str,
    amount: int,
    key: str,
    source: str,
    reference_id: str | None = None,
    *,
    session: Session | None = None,
) -> Hold:
    """Reserve ``amount`` credits for an action; raises ``InsufficientCredits``.

    The same key returns the first hold. A zero hold is allowed (free extras)
    so callers can treat every action alike.
    """
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
        raise InvalidAmount("amount must be a whole number of credits, zero or more")
    check_key(key)

    def run(s: Session) -> Hold:
        existing = s.exec(select(CreditHold).where(CreditHold.idempotency_key == key)).first()
        if existing is not None:
            if existing.user_id != user_id or existing.amount != amount:
                raise IdempotencyConflict("this idempotency key was already used for a different hold")
            return hold_view(existing)
        lock_account(s, user_id)
        row = CreditHold(
            user_id=user_id, idempotency_key=key, amount=amount, source=source, reference_id=reference_id
        )
        if amount == 0:
            row.status, row.settled_at = "captured", utcnow()
        s.add(row)
        s.flush()
        if amount > 0:
            append_entry(
                s,
                user_id,
                type="freeze",
                amount=-amount,
                frozen_delta=amount,
                key=f"hold:{row.id}:freeze",
                source=source,
                reference_id=reference_id,
                hold_id=row.id,
            )
        return hold_view(s.get(CreditHold, row.id) or row)

    return write_ledger(run, session)


def _settle(s: Session, row: CreditHold, capture_amount: int) -> Hold:
    """Capture ``capture_amount`` and release the rest; the hold is then closed."""
    rest = row.amount - capture_amount
    ref, src, uid = row.reference_id, row.source, row.user_id
    if capture_amount > 0:
        append_entry(
            s,
            uid,
            type="unfreeze",
            amount=capture_amount,
            frozen_delta=-capture_amount,
            key=f"hold:{row.id}:capture-unfreeze",
            source=src,
            reference_id=ref,
            hold_id=row.id,
        )
        append_entry(
            s,
            uid,
            type="spend",
            amount=-capture_amount,
            key=f"hold:{row.id}:spend",
            source=src,
            reference_id=ref,
            hold_id=row.id,
        )
    if rest > 0:
        append_entry(
            s,
            uid,
            type="unfreeze",
            amount=rest,
            frozen_delta=-rest,
            key=f"hold:{row.id}:release",
            source=src,
            reference_id=ref,
            hold_id=row.id,
        )
    # Compare-and-set on status: a second settler (if any slipped through) changes nothing.
    result = s.execute(
        update(CreditHold)
        .where(col(CreditHold.id) == row.id)
        .where(col(CreditHold.status) == "open")
        .values(
            captured=capture_amount,
            released=rest,
            status="captured" if capture_amount > 0 else "released",
            settled_at=utcnow(),
        )
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise CreditsError("hold was settled concurrently")
    fresh = s.exec(
        select(CreditHold).where(CreditHold.id == row.id).execution_options(populate_existing=True)
    ).one()
    return hold_view(fresh)


def capture(hold_ref: str, amount: int | None = None, *, session: Session | None = None) -> Hold:
    """Charge a hold (by id or key). ``amount`` below the hold captures part and
    releases the rest (cancelled multi-part work). A settled hold is returned as is."""
    if amount is not None and (not isinstance(amount, int) or isinstance(amount, bool) or amount < 0):
        raise InvalidAmount("capture amount must be a whole number, zero or more")

    def run(s: Session) -> Hold:
        row = _find_hold(s, hold_ref, lock=True)
        if row.status != "open":
            return hold_view(row)
        take = row.amount if amount is None else amount
        if take > row.amount:
            raise InvalidAmount(f"cannot capture {take} from a hold of {row.amount}")
        return _settle(s, row, take)

    return write_ledger(run, session)


def release(hold_ref: str, *, session: Session | None = None) -> Hold:
    """Give a hold's credits back (failure or cancel). Idempotent."""

    def run(s: Session) -> Hold:
        row = _find_hold(s, hold_ref, lock=True)
        if row.status != "open":
            return hold_view(row)
        return _settle(s, row, 0)

    return write_ledger(run, session)


def get_hold(hold_ref: str) -> Hold:
    with session_scope() as s:
        return hold_view(_find_hold(s, hold_ref, lock=False))


def spend(user_id: str, amount: int, key: str, source: str, reference_id: str | None = None) -> Hold:
    """Hold and capture at once, for actions that complete inside the request."""
    h = hold(user_id, amount, key, source, reference_id)
    return capture(h.id)
