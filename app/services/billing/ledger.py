"""The credit ledger: holds, captures, releases, refunds, grants and admin adjustments.

Every paid action runs ``hold -> capture`` (on success) or ``hold -> release``
(on failure or cancel). Each call carries an idempotency key; the unique index
on ``credit_entries.idempotency_key`` (and on ``credit_holds.idempotency_key``)
is what makes a retry return the first result instead of charging again.

Balances: ``balance`` is spendable, ``frozen`` is reserved by open holds. Each
entry records its signed ``amount`` (change to balance) and ``frozen_delta``,
so ``balance == SUM(amount)`` and ``frozen == SUM(frozen_delta)``. A capture is
written as ``unfreeze`` (+a back to balance) followed by ``spend`` (-a), so the
spend line carries the real charge and sums stay exact.

Concurrency: writes go through ``write_session`` (``BEGIN IMMEDIATE`` on
SQLite) and change the cached balance with one conditional
``UPDATE ... WHERE balance + :delta >= 0 RETURNING``, which on PostgreSQL also
takes the row lock. ``seq`` (unique per user) catches any writer that slipped
past both.

This module holds the ledger's errors, its value objects and the one write path
(``append_entry``); holds, grants and reports are written on top of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.db import write_session
from app.models.base import as_utc, utcnow
from app.models.billing import CreditAccount, CreditEntry, CreditHold
from app.services.platform import ServiceError

ENTRY_TYPES = ("earn", "spend", "refund", "freeze", "unfreeze", "adjust")
DEFAULT_SIGNUP_BONUS = 30
MAX_KEY_LENGTH = 255

T = TypeVar("T")


# --- Errors -----------------------------------------------------------------


class CreditsError(ServiceError):
    code = "CREDITS_ERROR"
    status = 400


class InsufficientCredits(CreditsError):
    code = "INSUFFICIENT_CREDITS"
    status = 402

    def __init__(self, needed: int, available: int) -> None:
        super().__init__(f"This needs {needed} credits; you have {available}.")
        self.needed = needed
        self.available = available


class HoldNotFound(CreditsError):
    code = "NOT_FOUND"
    status = 404


class IdempotencyConflict(CreditsError):
    """The key was used before for a different operation or amount."""

    code = "CONFLICT"
    status = 409


class InvalidAmount(CreditsError, ValueError):
    code = "VALIDATION_ERROR"
    status = 422


# --- Value objects returned to callers ---------------------------------------


@dataclass(frozen=True)
class Hold:
    id: str
    user_id: str
    key: str
    amount: int
    captured: int
    released: int
    status: str  # open | captured | released
    source: str
    reference_id: str | None
    created_at: datetime
    settled_at: datetime | None

    @property
    def open_amount(self) -> int:
        return self.amount - self.captured - self.released if self.status == "open" else 0


@dataclass(frozen=True)
class Entry:
    id: str
    user_id: str
    type: str
    amount: int
    balance_after: int
    frozen_delta: int
    frozen_after: int
    source: str
    reference_id: str | None
    idempotency_key: str
    created_at: datetime

    def to_api(self) -> dict[str, Any]:
        """The ``GET /api/credits/history`` item shape."""
        return {
            "id": self.id,
            "type": self.type,
            "amount": self.amount,
            "balance_after": self.balance_after,
            "source": self.source,
            "reference_id": self.reference_id,
            "created_at": self.created_at.isoformat(),
        }

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def hold_view(row: CreditHold) -> Hold:
    return Hold(
        id=row.id,
        user_id=row.user_id,
        key=row.idempotency_key,
        amount=row.amount,
        captured=row.captured,
        released=row.released,
        status=row.status,
        source=row.source,
        reference_id=row.reference_id,
        created_at=as_utc(row.created_at),
        settled_at=as_utc(row.settled_at) if row.settled_at else None,
    )


def entry_view(row: CreditEntry) -> Entry:
    return Entry(
        id=row.id,
        user_id=row.user_id,
        type=row.type,
        amount=row.amount,
        balance_after=row.balance_after,
        frozen_delta=row.frozen_delta,
        frozen_after=row.frozen_after,
        source=row.source,
        reference_id=row.reference_id,
        idempotency_key=row.idempotency_key,
        created_at=as_utc(row.created_at),
    )


# --- Transaction plumbing ----------------------------------------------------


def write_ledger(fn: Callable[[Session], T], session: Session | None) -> T:
    """Run ``fn`` in the caller's session or in our own write transaction.

    A unique-key violation means a concurrent request with the same key (or
    refund reference) won; the whole transaction is rolled back and the rerun
    finds the winner's rows and returns them, so nothing is applied twice.
    """
    if session is not None:
        return fn(session)
    for attempt in range(3):
        try:
            with write_session() as s:
                return fn(s)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def check_key(key: str) -> str:
    if not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidAmount("idempotency key must be 1-255 characters")
    return key


def check_positive(amount: int) -> int:
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise InvalidAmount("amount must be a positive whole number of credits")
    return amount


def insert_ignore_account(session: Session, user_id: str) -> None:
    dialect = session.get_bind().dialect.name
    values = {"user_id": user_id, "balance": 0, "frozen": 0, "version": 0}
    values |= {"created_at": utcnow(), "updated_at": utcnow()}
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt = pg_insert(CreditAccount).values(**values).on_conflict_do_nothing()
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(CreditAccount).values(**values).on_conflict_do_nothing()
    session.execute(stmt)


def lock_account(session: Session, user_id: str) -> CreditAccount:
    """The account row, created when missing and locked on PostgreSQL."""
    insert_ignore_account(session, user_id)
    stmt = select(CreditAccount).where(CreditAccount.user_id == user_id).with_for_update()
    account = session.exec(stmt.execution_options(populate_existing=True)).one()
    return account


def entry_by_key(session: Session, key: str) -> CreditEntry | None:
    return session.exec(select(CreditEntry).where(CreditEntry.idempotency_key == key)).first()


def append_entry(
    session: Session,
    user_id: str,
    *,
    type: str,
    amount: int,
    frozen_delta: int = 0,
    key: str,
    source: str,
    reference_id: str | None = None,
    hold_id: str | None = None,
    refund_reference: str | None = None,
    actor_id: str | None = None,
    note: str = "",
) -> CreditEntry:
    """Move the cached balances and append the matching entry, atomically.

    The conditional UPDATE refuses to take balance or frozen below zero, so a
    racing spender can never overdraw even between our read and our write.
    """
    now = utcnow()
    stmt = (
        update(CreditAccount)
        .where(col(CreditAccount.user_id) == user_id)
        .where(col(CreditAccount.balance) + amount >= 0)
        .where(col(CreditAccount.frozen) + frozen_delta >= 0)
        .values(
            balance=col(CreditAccount.balance) + amount,
            frozen=col(CreditAccount.frozen) + frozen_delta,
            version=col(CreditAccount.version) + 1,
            updated_at=now,
        )
        .returning(col(CreditAccount.balance), col(CreditAccount.frozen), col(CreditAccount.version))
    )
    row = session.execute(stmt).first()
    if row is None:
        account = lock_account(session, user_id)
        if account.balance + amount < 0:
            raise InsufficientCredits(needed=-amount, available=account.balance)
        if account.frozen + frozen_delta < 0:  # a bug in a caller, never a user error
            raise CreditsError("frozen balance would go negative")
        row = session.execute(stmt).first()
        assert row is not None
    balance_after, frozen_after, version = row
    entry = CreditEntry(
        user_id=user_id,
        seq=version,
        type=type,
        amount=amount,
        frozen_delta=frozen_delta,
        balance_after=balance_after,
        frozen_after=frozen_after,
        source=source,
        reference_id=reference_id,
        idempotency_key=key,
        refund_reference=refund_reference,
        hold_id=hold_id,
        actor_id=actor_id,
        note=note[:500],
        created_at=now,
    )
    session.add(entry)
    session.flush()
    return entry


def same_or_conflict(entry: CreditEntry, user_id: str, type: str, amount: int | None) -> Entry:
    if entry.user_id != user_id or entry.type != type or (amount is not None and entry.amount != amount):
        raise IdempotencyConflict("this idempotency key was already used for a different operation")
    return entry_view(entry)


# --- Accounts ----------------------------------------------------------------


def ensure_credit_account(user_id: str, *, session: Session | None = None) -> None:
    """Create the user's (empty) credit account if it does not exist yet."""

    def run(s: Session) -> None:
        insert_ignore_account(s, user_id)

    write_ledger(run, session)
