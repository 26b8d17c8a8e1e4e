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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.db import session_scope, write_session
from app.models.base import as_utc, new_id, utcnow
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


def _hold_out(row: CreditHold) -> Hold:
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


def _entry_out(row: CreditEntry) -> Entry:
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


def _write(fn: Callable[[Session], T], session: Session | None) -> T:
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


def _check_key(key: str) -> str:
    if not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidAmount("idempotency key must be 1-255 characters")
    return key


def _check_positive(amount: int) -> int:
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise InvalidAmount("amount must be a positive whole number of credits")
    return amount


def _insert_ignore_account(session: Session, user_id: str) -> None:
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


def _lock_account(session: Session, user_id: str) -> CreditAccount:
    """The account row, created when missing and locked on PostgreSQL."""
    _insert_ignore_account(session, user_id)
    stmt = select(CreditAccount).where(CreditAccount.user_id == user_id).with_for_update()
    account = session.exec(stmt.execution_options(populate_existing=True)).one()
    return account


def _entry_by_key(session: Session, key: str) -> CreditEntry | None:
    return session.exec(select(CreditEntry).where(CreditEntry.idempotency_key == key)).first()


def _append(
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
        account = _lock_account(session, user_id)
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


def _same_or_conflict(entry: CreditEntry, user_id: str, type: str, amount: int | None) -> Entry:
    if entry.user_id != user_id or entry.type != type or (amount is not None and entry.amount != amount):
        raise IdempotencyConflict("this idempotency key was already used for a different operation")
    return _entry_out(entry)


# --- Accounts ----------------------------------------------------------------


def ensure_account(user_id: str, *, session: Session | None = None) -> None:
    """Create the user's (empty) credit account if it does not exist yet."""

    def run(s: Session) -> None:
        _insert_ignore_account(s, user_id)

    _write(run, session)


def grant_signup_bonus(user_id: str, amount: int | None = None, *, session: Session | None = None) -> Entry:
    """Open the account and grant the sign-up bonus once, whatever the retries.

    ``amount`` defaults to the free plan's ``signup_credits`` (admin-editable),
    falling back to 30 before plans are seeded.
    """
    if amount is None:
        from app.services import plans  # plans does not import credits: no cycle

        amount = plans.signup_credits()
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
    _check_positive(amount)
    _check_key(key)

    def run(s: Session) -> Entry:
        if (existing := _entry_by_key(s, key)) is not None:
            return _same_or_conflict(existing, user_id, "earn", amount)
        _lock_account(s, user_id)
        e = _append(
            s,
            user_id,
            type="earn",
            amount=amount,
            key=key,
            source=source,
            reference_id=reference_id,
            note=note,
        )
        return _entry_out(e)

    return _write(run, session)


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
    key = _check_key(key or f"adjust:{new_id()}")

    def run(s: Session) -> Entry:
        if (existing := _entry_by_key(s, key)) is not None:
            return _same_or_conflict(existing, user_id, "adjust", None)
        account = _lock_account(s, user_id)
        delta = amount if amount > 0 else -min(-amount, account.balance)
        e = _append(
            s,
            user_id,
            type="adjust",
            amount=delta,
            key=key,
            source=source,
            actor_id=admin_id,
            note=reason,
        )
        return _entry_out(e)

    return _write(run, session)


# --- Holds -------------------------------------------------------------------


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
    _check_key(key)

    def run(s: Session) -> Hold:
        existing = s.exec(select(CreditHold).where(CreditHold.idempotency_key == key)).first()
        if existing is not None:
            if existing.user_id != user_id or existing.amount != amount:
                raise IdempotencyConflict("this idempotency key was already used for a different hold")
            return _hold_out(existing)
        _lock_account(s, user_id)
        row = CreditHold(
            user_id=user_id, idempotency_key=key, amount=amount, source=source, reference_id=reference_id
        )
        if amount == 0:
            row.status, row.settled_at = "captured", utcnow()
        s.add(row)
        s.flush()
        if amount > 0:
            _append(
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
        return _hold_out(s.get(CreditHold, row.id) or row)

    return _write(run, session)


def _settle(s: Session, row: CreditHold, capture_amount: int) -> Hold:
    """Capture ``capture_amount`` and release the rest; the hold is then closed."""
    rest = row.amount - capture_amount
    ref, src, uid = row.reference_id, row.source, row.user_id
    if capture_amount > 0:
        _append(
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
        _append(
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
        _append(
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
    return _hold_out(fresh)


def capture(hold_ref: str, amount: int | None = None, *, session: Session | None = None) -> Hold:
    """Charge a hold (by id or key). ``amount`` below the hold captures part and
    releases the rest (cancelled multi-part work). A settled hold is returned as is."""
    if amount is not None and (not isinstance(amount, int) or isinstance(amount, bool) or amount < 0):
        raise InvalidAmount("capture amount must be a whole number, zero or more")

    def run(s: Session) -> Hold:
        row = _find_hold(s, hold_ref, lock=True)
        if row.status != "open":
            return _hold_out(row)
        take = row.amount if amount is None else amount
        if take > row.amount:
            raise InvalidAmount(f"cannot capture {take} from a hold of {row.amount}")
        return _settle(s, row, take)

    return _write(run, session)


def release(hold_ref: str, *, session: Session | None = None) -> Hold:
    """Give a hold's credits back (failure or cancel). Idempotent."""

    def run(s: Session) -> Hold:
        row = _find_hold(s, hold_ref, lock=True)
        if row.status != "open":
            return _hold_out(row)
        return _settle(s, row, 0)

    return _write(run, session)


def get_hold(hold_ref: str) -> Hold:
    with session_scope() as s:
        return _hold_out(_find_hold(s, hold_ref, lock=False))


def spend(user_id: str, amount: int, key: str, source: str, reference_id: str | None = None) -> Hold:
    """Hold and capture at once, for actions that complete inside the request."""
    h = hold(user_id, amount, key, source, reference_id)
    return capture(h.id)


# --- Refunds -----------------------------------------------------------------


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
    _check_positive(amount)
    _check_key(key)
    if not reference_id:
        raise InvalidAmount("a refund needs the reference it refunds")

    def run(s: Session) -> Entry:
        if (existing := _entry_by_key(s, key)) is not None:
            return _same_or_conflict(existing, user_id, "refund", amount)
        prior = s.exec(select(CreditEntry).where(CreditEntry.refund_reference == reference_id)).first()
        if prior is not None:
            if prior.user_id != user_id:
                raise IdempotencyConflict("reference belongs to another account")
            return _entry_out(prior)
        _lock_account(s, user_id)
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
        e = _append(
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
        return _entry_out(e)

    return _write(run, session)


# --- Reads -------------------------------------------------------------------


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


def audit(user_id: str) -> dict[str, Any]:
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


def history(
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
        return total, [_entry_out(r).to_api() for r in rows]


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
